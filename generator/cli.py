"""The ``journey`` command: a thin layer that hands each verb to its module."""

from __future__ import annotations

import click

from generator import __version__
from generator.commands.build import build_command
from generator.commands.check import check_command
from generator.commands.import_cqc import import_cqc_command
from generator.commands.new import new_group
from generator.commands.serve import serve_command


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journey")
def main() -> None:
    """Build the website for an NHS trust's CQC rating and Improvement Journey.

    Run it in your site's folder (the one that holds content/). Exit status: 0 when
    all is well, 1 when the content has errors, 2 when the command was mistyped.
    """


main.add_command(build_command)
main.add_command(check_command)
main.add_command(import_cqc_command)
main.add_command(new_group)
main.add_command(serve_command)
