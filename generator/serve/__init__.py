"""The preview server: serves the latest good build from memory and reloads browsers.

It sits outside the build pipeline and only calls it (``generator.incremental``).
"""

from generator.serve.server import PreviewServer

__all__ = ["PreviewServer"]
