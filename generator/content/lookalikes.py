"""Characters that text pasted from Word, Outlook or a web page brings in, which look like
a space, or like nothing, but are not what YAML and Markdown read as one."""

from __future__ import annotations

# Non-breaking spaces (also typed with Option or AltGr and the space bar).
PASTED_SPACES = "\u00a0\u2007\u202f\u3000"
# Characters that show as nothing (not those joining the letters of some scripts).
INVISIBLE_NAMES = {"\u200b": "zero-width space", "\u2060": "word joiner",
                   "\ufeff": "zero-width no-break space", "\u00ad": "soft hyphen"}
