"""A proposal's audit events in plain words: who did what, when, in the page's language.

Each event kind names a sentence (a msgid of the `studio` domain, translated where the page
is rendered); decisions read by their decision, and unknown kinds still show, by name.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from app.audit.models import AuditEvent
from app.i18n import N_

SENTENCES = {
    "created": N_("%(actor)s opened the proposal"),
    "edited": N_("%(actor)s edited %(fields)s"),
    "artwork_uploaded": N_("%(actor)s uploaded artwork version %(version)s"),
    "submitted": N_("%(actor)s sent the proposal for review (round %(round)s)"),
    "withdrawn": N_("%(actor)s withdrew the proposal"),
    "issued": N_("%(actor)s issued the stamp into the catalogue (%(numbers)s)"),
    "approve": N_("%(actor)s approved for %(administration)s"),
    "request_changes": N_("%(actor)s requested changes for %(administration)s"),
    "reject": N_("%(actor)s rejected for %(administration)s"),
    "approval_lapsed": N_(
        "The approval by %(reviewer)s for %(administration)s no longer counts: they are no "
        "longer an active approver (changed by %(actor)s)"
    ),
}
OTHER = N_("%(actor)s: %(kind)s")


@dataclass(frozen=True)
class Line:
    kind: str
    sentence: str  # a msgid, with `params` to fill it
    params: dict[str, Any]
    at: dt.datetime
    comment: str
    hash: str


def _round_numbers(events: list[AuditEvent]) -> dict[int, int]:
    numbers: dict[int, int] = {}
    for event in events:
        if event.kind == "submitted":
            numbers[event.id] = len(numbers) + 1
    return numbers


def lines(events: Iterable[AuditEvent]) -> list[Line]:
    """Newest first, as a person reads a history."""
    ordered = list(events)
    rounds = _round_numbers(ordered)
    found: list[Line] = []
    for event in ordered:
        data = event.data or {}
        key = data.get("decision", event.kind) if event.kind == "reviewed" else event.kind
        params: dict[str, Any] = {
            "actor": event.actor,
            "kind": event.kind,
            "fields": ", ".join(data.get("fields", [])),
            "version": data.get("version", ""),
            "round": rounds.get(event.id, ""),
            "numbers": ", ".join(str(n) for n in data.get("numbers", [])),
            "administration": data.get("administration", ""),
            "reviewer": data.get("reviewer", ""),
        }
        found.append(
            Line(
                kind=key,
                sentence=SENTENCES.get(key, OTHER),
                params=params,
                at=event.at,
                comment=str(data.get("comment", "")),
                hash=event.hash,
            )
        )
    return found[::-1]
