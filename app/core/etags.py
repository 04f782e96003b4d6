"""Entity tags compared as RFC 9110 says: a list of tags, `*`, and weak tags for GET.

`If-None-Match` uses the weak comparison (`W/"x"` matches `"x"`), `If-Match` the strong one
(a weak tag never matches). A header is a comma-separated list, so `==` on the raw header
misses a client that sends several tags.
"""

from __future__ import annotations


def _tags(header: str) -> list[str]:
    return [tag.strip() for tag in header.split(",") if tag.strip()]


def none_match(header: str | None, etag: str) -> bool:
    """Whether `If-None-Match: header` names ``etag`` (weak comparison): answer 304."""
    if not header:
        return False
    wanted = {tag.removeprefix("W/") for tag in _tags(header)}
    return "*" in wanted or etag.removeprefix("W/") in wanted


def match(header: str, etag: str) -> bool:
    """Whether `If-Match: header` names ``etag`` (strong comparison; `*` matches any)."""
    tags = _tags(header)
    return "*" in tags or (not etag.startswith("W/") and etag in tags)
