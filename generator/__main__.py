"""``python -m generator`` works the same as the ``journey`` command."""

from generator.cli import main

main(prog_name="journey")
