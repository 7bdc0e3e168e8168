"""``journey check``: links, accessibility, plain English, Regulation 20A and freshness.

The checks read the built pages (for links and what every page shows) and the
Markdown editors wrote (for prose), and report each finding at the content file
and line it comes from.
"""
