"""The ``journey`` command: a thin layer that hands each verb to its module."""

from __future__ import annotations

import importlib

import click

from generator import __version__

# Each verb's module is imported only when that verb runs: `journey build` need not load
# the checker, the preview server and the CQC importer, and `journey --help` lists the
# verbs with these lines, importing none of them.
COMMANDS = {
    "build": ("generator.commands.build:build_command",
              "Build the website into site/, ready to publish."),
    "check": ("generator.commands.check:check_command",
              "Check links, accessibility, plain English and the rest."),
    "import-cqc": ("generator.commands.import_cqc:import_cqc_command",
                   "Update rating.yaml from a file saved from CQC's API."),
    "new": ("generator.commands.new:new_group",
            "Make a new site, update, statement, page or translation."),
    "serve": ("generator.commands.serve:serve_command",
              "Preview the website in your browser as you edit it."),
}


class _LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in COMMANDS:
            return None
        module, name = COMMANDS[cmd_name][0].split(":")
        command = getattr(importlib.import_module(module), name)
        assert isinstance(command, click.Command)
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        with formatter.section("Commands"):
            formatter.write_dl([(name, COMMANDS[name][1]) for name in self.list_commands(ctx)])


@click.group(cls=_LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="journey")
def main() -> None:
    """Build the website for an NHS trust's CQC rating and Improvement Journey.

    Run it in your site's folder (the one that holds content/). Exit status: 0 when
    all is well, 1 when the content has errors, 2 when the command was mistyped.
    """
