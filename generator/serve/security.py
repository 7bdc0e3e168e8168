"""Which requests the preview answers: loopback hosts only, and paths of the build only.

A preview server is an attack surface (MkDocs CVE-2021-40978, DNS rebinding
against dev servers): requests naming another host get 403, and a path is only
ever looked up among the files of the build, never joined onto a folder.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import unquote, urlsplit

LOOPBACK_NAMES = frozenset({"localhost", "127.0.0.1", "::1"})
WILDCARDS = frozenset({"0.0.0.0", "::", ""})


def _is_ip(name: str) -> bool:
    try:
        ipaddress.ip_address(name)
    except ValueError:
        return False
    return True


def host_allowed(host_header: str | None, bound_host: str, port: int) -> bool:
    """True if ``Host`` (or an Origin's host) names this server, not some other domain.

    DNS rebinding points an attacker's domain at 127.0.0.1; its requests carry
    that domain in Host, so only loopback names, the bound address and (when
    bound to every interface) IP addresses are accepted.
    """
    if not host_header:
        return False
    try:
        parts = urlsplit("//" + host_header)
        name, given_port = parts.hostname, parts.port
    except ValueError:
        return False
    if name is None or (given_port is not None and given_port != port):
        return False
    if parts.netloc != host_header or parts.username is not None:
        return False  # a path, query or user name tacked on: not a plain host
    if name in LOOPBACK_NAMES or name == bound_host.strip("[]"):
        return True
    return bound_host in WILDCARDS and _is_ip(name)


def origin_allowed(origin: str | None, bound_host: str, port: int) -> bool:
    """No Origin (same-origin GET) is fine; otherwise it must be this server over http."""
    if origin is None:
        return True
    parts = urlsplit(origin)
    return parts.scheme == "http" and host_allowed(parts.netloc, bound_host, port)


def output_key(raw_path: str) -> str | None:
    """The build file a request path names ("updates/x/index.html"), or None if unsafe.

    Refuses NUL, backslashes, '.' and '..' segments, before and after decoding;
    anything still encoded after one decoding is taken literally, so double
    encoding cannot climb out either.
    """
    path = urlsplit(raw_path).path
    try:
        decoded = unquote(path, errors="strict") if "%" in path else path
    except UnicodeDecodeError:
        return None
    for candidate in (path, decoded):
        if "\x00" in candidate or "\\" in candidate:
            return None
        if any(segment in (".", "..") for segment in candidate.split("/")):
            return None
    if not decoded.startswith("/"):
        return None
    key = decoded.lstrip("/")
    if key == "" or key.endswith("/"):
        key += "index.html"
    return key
