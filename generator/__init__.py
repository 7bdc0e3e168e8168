"""journey: a static site generator for an NHS trust's CQC rating and Improvement Journey.

The build is ``generator.build.build``; ``generator.rendering.render_site`` loads and
renders a site in memory. Neither is imported here: every command starts by importing
this package, and a build that finds nothing changed needs no more than its cache.
"""

from generator.errors import ContentError, ContentErrors, format_errors

__all__ = ["ContentError", "ContentErrors", "format_errors"]
__version__ = "0.1.0"
