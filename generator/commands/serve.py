"""``journey serve``: preview the site while you edit it."""

from __future__ import annotations

import datetime as dt
import errno
import signal
import sys
import webbrowser
from pathlib import Path

import click

from generator.build import build_date
from generator.commands.common import fail_with, now_option, site_dir_argument, to_date
from generator.content.folder import require_content
from generator.errors import NOT_PREVIEWED, ContentErrors
from generator.model.site import BuildSettings
from generator.serve import PreviewServer
from generator.serve.security import LOOPBACK_NAMES


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


@click.command("serve")
@site_dir_argument
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to serve on.")
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on. Only this computer can see the preview unless you "
                   "change it.")
@click.option("--drafts/--no-drafts", default=True, show_default=True,
              help="Show drafts and embargoed items, with a banner.")
@click.option("--open", "open_browser", is_flag=True,
              help="Open the preview in your web browser once it is ready.")
@now_option
def serve_command(site_dir: Path, port: int, host: str, drafts: bool, open_browser: bool,
                  now: dt.datetime | None) -> None:
    """Preview SITE_DIR (default: this folder) in your browser as you edit it."""
    try:
        require_content(site_dir)
    except ContentErrors as exc:
        fail_with(exc, site_dir, NOT_PREVIEWED)
    if host not in LOOPBACK_NAMES:
        click.echo(f"warning: serving on {host}: other computers on your network may be able "
                   "to see this preview, drafts included.", err=True)
    settings = BuildSettings(today=build_date(to_date(now)), drafts=drafts)
    # Without --now, the preview follows the calendar: left running past midnight, it
    # shows the new day's site.
    server = PreviewServer(site_dir, settings, host=host, port=port,
                           report=lambda text: click.echo(text, err=True),
                           today=None if now else build_date)
    # Ctrl+C and SIGTERM both stop cleanly, even when started by a program that ignores
    # Ctrl+C (its children inherit that, and Python then never raises KeyboardInterrupt).
    signal.signal(signal.SIGINT, _interrupt)
    signal.signal(signal.SIGTERM, _interrupt)
    try:
        server.start()
        click.echo(f"Previewing at {server.url} (press Ctrl+C to stop)")
        if open_browser and not webbrowser.open(server.url):
            click.echo(f"Could not open a web browser: open {server.url} in yours.", err=True)
        said = server.reminders()
        if said:
            click.echo(said, err=True)
        server.wait()
    except KeyboardInterrupt:
        pass
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            click.echo(f"error: port {port} is already in use, perhaps by another preview.\n"
                       f"  hint: stop the other program, or use another port: "
                       f"journey serve --port {port + 1}", err=True)
        else:
            click.echo(f"error: cannot serve on {host}:{port}: {exc.strerror or exc}", err=True)
        sys.exit(1)
    finally:
        server.stop()
    click.echo("Stopped.")
