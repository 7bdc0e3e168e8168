"""journey: a static site generator for an NHS trust's CQC rating and Improvement Journey."""

from generator.build import BuildResult, build, render_site
from generator.errors import ContentError, ContentErrors, format_errors

__all__ = ["BuildResult", "ContentError", "ContentErrors", "build", "format_errors", "render_site"]
__version__ = "0.1.0"
