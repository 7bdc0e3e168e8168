"""Files in content/ that nothing reads, said as warnings: without a word, a rating.yml
or an update Notepad saved as x.md.txt would simply not be on the site."""

from __future__ import annotations

import os
from pathlib import Path

from generator.content.files import is_scratch
from generator.errors import ContentError, SourcePos

# Each folder read, with the files and folders in it that are read (None: any .md file).
READ: dict[str, tuple[str, ...] | None] = {
    "": ("site.yaml", "rating.yaml", "glossary.yaml", "board.yaml",
         "updates/", "pages/", "journey/", "earlier-journeys/", "assets/", "cqc/"),
    "journey": ("journey.yaml", "priorities.yaml", "actions.yaml", "metrics.yaml",
                "timeline.yaml", "warning-notices/"),
    "updates": None,
    "pages": None,
    "journey/warning-notices": None,
}
_PICTURES = (".jpg", ".jpeg", ".png", ".gif", ".svg", ".webp", ".heic", ".tif", ".tiff")
_TEXT_SUFFIXES = (".txt", ".markdown", ".mdown", ".yml", ".yaml", ".md")
_EXTENSIONS = ("In File Explorer, View > Show > File name extensions shows the whole name "
               "(Notepad may have added .txt).")


def unread_files(content: Path) -> list[ContentError]:
    """A warning for each file or folder in a folder of ``content`` that is read, that is
    not read itself (programs' scratch files aside: see is_scratch)."""
    found = []
    for folder, names in _read_here(content).items():
        try:
            entries = list(os.scandir(content / folder))
        except OSError:
            continue  # no such folder: nothing in it to miss
        for entry in entries:
            name = entry.name + ("/" if entry.is_dir() else "")
            if is_scratch(entry.name) or (name in names if names is not None
                                           else name.lower().endswith(".md")):
                continue
            found.append(ContentError(
                SourcePos(Path(entry.path)),
                f"this {'folder' if name.endswith('/') else 'file'} is not read, so nothing "
                "in it is on the site", _hint(name, folder, names, Path(entry.path)),
                rule="unread_file"))
    return sorted(found, key=lambda error: error.pos.path)


def _read_here(content: Path) -> dict[str, tuple[str, ...] | None]:
    """READ, with each earlier journey's folder read as content/journey/ is."""
    try:
        earlier = sorted(e.name for e in os.scandir(content / "earlier-journeys") if e.is_dir()
                         and not is_scratch(e.name))
    except OSError:
        return READ
    folders = dict(READ)
    folders["earlier-journeys"] = tuple(f"{name}/" for name in earlier)
    for name in earlier:
        folders[f"earlier-journeys/{name}"] = READ["journey"]
        folders[f"earlier-journeys/{name}/warning-notices"] = None
    return folders


def _hint(name: str, folder: str, names: tuple[str, ...] | None, path: Path) -> str:
    where = f"content/{folder}/" if folder else "content/"
    if folder == "earlier-journeys":
        return (f"{where} holds a folder for each earlier journey, with the files "
                "content/journey/ has; move it into one, or delete it if it is not needed.")
    if name.endswith("/"):
        if names is None:
            return f"put its files in {where} itself: folders inside it are not read."
        return f"{where} holds only {_listed(names)}; move it, or delete it if it is not needed."
    stem = _stem(name)
    if names is None:
        if name.lower().endswith(_TEXT_SUFFIXES):
            return f'rename it "{stem}.md": only .md files are read here. {_EXTENSIONS}'
        if not os.path.splitext(name)[1] or _has_front_matter(path):
            # No extension (a new file on GitHub's website named without one), or an
            # update's text under another name: not a file to download.
            return f'rename it "{name}.md": only .md files are read here.'
        if name.lower().endswith(_PICTURES):
            address = f"/assets/{name}" if " " not in name else f"</assets/{name}>"
            return ("pictures go in content/assets/: move it there, and show it in the text "
                    f"with ![what it shows]({address}).")
        return ("files for people to download go in content/assets/ (an update lists them "
                "under attachments:); move it there, or delete it.")
    meant = next((n for n in names if _stem(n) == stem.lower()), None)
    if meant is not None and name.lower() == meant:
        return (f'rename it "{meant}", in small letters: the computers that publish the site '
                "tell capitals apart.")
    if meant is not None:
        return f'rename it "{meant}". {_EXTENSIONS}'
    return f"{where} holds only {_listed(names)}; move it, or delete it if it is not needed."


def _has_front_matter(path: Path) -> bool:
    try:
        with open(path, "rb") as file:
            return file.read(6).removeprefix(b"\xef\xbb\xbf").startswith(b"---")
    except OSError:
        return False


def _stem(name: str) -> str:
    """The name without what editors' programs add: rating.yaml.txt, x.md.txt -> rating, x."""
    while True:
        base, suffix = os.path.splitext(name)
        if not suffix or suffix.lower() not in _TEXT_SUFFIXES:
            return name
        name = base


def _listed(names: tuple[str, ...]) -> str:
    return ", ".join(names[:-1]) + " and " + names[-1]
