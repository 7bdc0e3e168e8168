"""Links the public cannot open, though the editor can: to a file on the editor's computer
or network share ("C:\\Users\\jo\\plan.pdf", "file:///...", "\\\\server\\share\\..."), a
page of the preview ("http://localhost:8000/journey/md9/", copied from the browser) or of
the organisation's network ("http://intranet/policies"), or a service that asks for a
staff login (SharePoint, Teams). And links copied from an email, which an email
service's link checker wrapped (Outlook's Safe Links, Proofpoint, Mimecast), or from a
Google search result or a Facebook post, which go through Google or Facebook first."""

from __future__ import annotations

import ipaddress
import re
from collections.abc import Iterator
from urllib.parse import parse_qs, unquote, urlsplit

from generator.errors import NOWHERE, SourcePos
from generator.quality.findings import Finding, shorten

# A drive letter (C:\ or H:/), a network share (\\server, which Markdown gives as
# \server: the first backslash escapes the second), or a file: address.
_ON_A_DRIVE = re.compile(r"[A-Za-z]:[\\/]|\\|file:", re.IGNORECASE)
# The preview's own addresses, as the browser shows them (urlsplit's hostname).
_PREVIEW_HOSTS = frozenset({"localhost", "127.0.0.1", "0.0.0.0", "::1"})
# Names only an organisation's network gives (no public website ends so).
_NETWORK_ENDINGS = (".local", ".internal", ".lan", ".corp", ".intranet", ".localdomain")
# Services that ask whoever opens a link to sign in with a staff account, by the end of
# their address.
_STAFF_LOGIN = {"sharepoint.com": "SharePoint", "teams.microsoft.com": "Microsoft Teams",
                "teams.cloud.microsoft": "Microsoft Teams", "outlook.office.com": "Outlook",
                "outlook.office365.com": "Outlook", "login.microsoftonline.com":
                "a Microsoft sign-in page"}
# Such a link Markdown shows as typed: it refuses file: addresses, and an address with a
# space ("C:\My documents\plan.pdf") is not one.
_TYPED = re.compile(r"!?\[[^\]\n]*\]\(\s*<?((?:[A-Za-z]:[\\/]|\\|file:)[^)>\n]*)>?\)",
                    re.IGNORECASE)


def on_the_computer(address: str) -> bool:
    """Whether ``address``, as typed, is a file on the computer or its network."""
    return bool(_ON_A_DRIVE.match(address))


def not_public(link: str) -> bool:
    """Whether a page's ``link`` is one the public cannot open: private_link says so of
    what an editor wrote, so other checks leave it."""
    return private_link(link, NOWHERE) is not None


def private_link(address: str, pos: SourcePos, what: str = "link") -> Finding | None:
    """A finding if the ``what`` (link or image) to ``address`` (as Markdown gives it:
    "C:%5CUsers") is one the public cannot open, else None."""
    written = unquote(address) if "%" in address else address
    if _ON_A_DRIVE.match(written):
        return _on_a_drive(written, pos, what)
    if "//" not in written:
        return None
    parts = urlsplit(written)
    host = parts.hostname or ""
    if parts.scheme not in ("http", "https") or not host:
        return None
    if host in _PREVIEW_HOSTS:
        where = written[written.index(parts.netloc) + len(parts.netloc):] or "/"
        return Finding("computer_link", pos,
                       f"the {what} {shorten(written)} goes to the preview on your computer: "
                       "no one else can open it",
                       f"write the address from the / after the preview's: ({where}).")
    if _on_a_network(host):
        return Finding("computer_link", pos,
                       f"the {what} {shorten(written)} goes to your organisation's own "
                       "network: no one outside it can open it", _PUBLISH_IT)
    if wrapped := _wrapped(host, parts.path, parts.query, written):
        checker, real = wrapped
        said = (f"was copied from {checker}: it goes through {checker} first, which counts "
                "the click, and may stop working" if checker in _CLICK_COUNTERS else
                f"was copied from an email: it goes through {checker}, may stop working, "
                "and can carry the address of whoever the email was sent to")
        return Finding("wrapped_link", pos, f"the {what} {_cut(written)} {said}",
                       f"link to the address itself: ({real})." if real else
                       "open it in a browser and copy the address of the page it opens.")
    service = next((name for ending, name in _STAFF_LOGIN.items()
                    if _under(host, ending)), None)
    if service:
        return Finding("staff_link", pos,
                       f"the {what} {shorten(written)} goes to {service}, which asks for a "
                       "staff login: the public cannot open it", _PUBLISH_IT)
    return None


_PUBLISH_IT = ("copy the document into content/assets/ and write its address there "
               "(/assets/...), or link to a public web page that has it.")


_CLICK_COUNTERS = ("Google", "Facebook")  # links copied from a search result or a post


def _under(host: str, domain: str) -> bool:
    return host == domain or host.endswith("." + domain)


def _wrapped(host: str, path: str, query: str, written: str) -> tuple[str, str] | None:
    """(the service, the address it wraps, '' if it cannot be read from the link) for a
    link an email service's link checker rewrote, or Google or Facebook did for a click;
    None for any other link."""
    if _under(host, "safelinks.protection.outlook.com"):
        return "Outlook's Safe Links", _asked(query, "url")
    if _under(host, "urldefense.com") and "/v3/__" in written:  # Proofpoint's newer form
        return "Proofpoint", written.split("/v3/__", 1)[1].split("__;", 1)[0]
    if _under(host, "urldefense.proofpoint.com"):  # its older form: "-3A" for ":", "_" for "/"
        real = _asked(query, "u").replace("_", "/")
        return "Proofpoint", re.sub(r"-([0-9A-F]{2})", lambda m: chr(int(m[1], 16)), real)
    if _under(host, "mimecast.com") and path.startswith("/s/"):
        return "Mimecast", ""
    if host.startswith(("www.google.", "google.")) and path == "/url":  # a search result
        return "Google", _asked(query, "q") or _asked(query, "url")
    if host in ("l.facebook.com", "lm.facebook.com") and path == "/l.php":
        return "Facebook", _asked(query, "u")
    return None


def _cut(address: str, most: int = 60) -> str:
    """A long address as a finding quotes it: its start, then "..."."""
    return address if len(address) <= most else address[:most] + "..."


def _asked(query: str, name: str) -> str:
    """The value of ``name`` in a link's query, decoded ('' if it has none)."""
    return parse_qs(query).get(name, [""])[0]


def _on_a_network(host: str) -> bool:
    """Whether ``host`` is a name or number only a private network has: one without a dot
    ("intranet"), a network's own ending, or a private address (not 127.x: the
    computer's own, said of the preview)."""
    if ("." not in host and ":" not in host) or host.endswith(_NETWORK_ENDINGS):
        return True
    try:
        number = ipaddress.ip_address(host)
    except ValueError:
        return False
    return number.is_private and not number.is_loopback


def typed_private_links(words: str, pos: SourcePos) -> Iterator[Finding]:
    """A finding for each link or image to a file on the computer in text Markdown left as
    typed."""
    for found in _TYPED.finditer(words):
        what = "image" if found.group().startswith("!") else "link"
        yield _on_a_drive(found.group(1).strip(), pos, what)


def _on_a_drive(written: str, pos: SourcePos, what: str) -> Finding:
    if written.startswith("\\") and not written.startswith("\\\\"):
        written = "\\" + written  # as typed: \\server
    name = re.split(r"[\\/]", written.rstrip("\\/"))[-1]
    return Finding("computer_link", pos,
                   f"the {what} {shorten(written)} is a file on your computer or your "
                   "organisation's network: no one else can open it",
                   "copy the file into content/assets/ and write its address there: "
                   f"(/assets/{'-'.join(name.split())})"
                   + (", its name without spaces." if " " in name else "."))
