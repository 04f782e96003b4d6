"""Every notification as a person reads it, in Arabic and English (the `mail` domain).

An inbox line and an e-mail say the same thing; the e-mail carries both languages in one
message (Arabic first, right to left in the HTML part) and links to the proposal's studio page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

from app.i18n import N_, Domain

KINDS = (
    "submitted",
    "changes_requested",
    "rejected",
    "approved_by_partner",
    "approved",
    "issued",
)

MAIL = Domain("mail")
# The headline of each kind (English msgid; the Arabic is in the `mail` gettext domain);
# %(title)s, %(by)s and %(administration)s are filled in.
_HEADLINES: dict[str, str] = {
    "submitted": N_("%(title)s awaits your review"),
    "changes_requested": N_("%(administration)s asked for changes to %(title)s"),
    "rejected": N_("%(administration)s rejected %(title)s"),
    "approved_by_partner": N_("%(administration)s approved %(title)s"),
    "approved": N_("Every partner approved %(title)s: it can be issued"),
    "issued": N_("%(title)s has been issued"),
}


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str
    headline_en: str
    headline_ar: str
    link: str


def studio_path(data: dict[str, Any]) -> str:
    return f"/studio/proposals/{int(data['proposal_id'])}"


def headlines(kind: str, data: dict[str, Any]) -> tuple[str, str]:
    """The one-line English and Arabic sentences for an inbox line."""
    values = {"by": data.get("by", ""), "administration": data.get("administration", "")}
    message = _HEADLINES[kind]
    return (
        MAIL.tr("en", message, title=data.get("title_en", ""), **values),
        MAIL.tr("ar", message, title=data.get("title_ar", ""), **values),
    )


def render(kind: str, data: dict[str, Any], base_url: str) -> Rendered:
    """A bilingual message: the subject in both languages, text and HTML parts."""
    en, ar = headlines(kind, data)
    link = base_url.rstrip("/") + studio_path(data)
    reason = str(data.get("reason") or "")
    by = MAIL.both("by %(by)s", by=data.get("by", ""))
    because = MAIL.both("Reason: %(reason)s", reason=reason)
    cta = MAIL.both("Open it in the studio")
    signature = MAIL.both("Joint Stamp Studio")
    lines_ar = [ar, by["ar"]] + ([because["ar"]] if reason else [])
    lines_en = [en, by["en"]] + ([because["en"]] if reason else [])
    text = "\n".join(
        [
            *lines_ar,
            f"{cta['ar']}: {link}",
            "",
            *lines_en,
            f"{cta['en']}: {link}",
            "",
            "-- ",
            f"{signature['ar']} · {signature['en']}",
            "",
        ]
    )

    def block(lang: str, direction: str, lines: list[str], label: str) -> str:
        paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
        return (
            f'<div lang="{lang}" dir="{direction}">{paragraphs}'
            f'<p><a href="{escape(link)}">{escape(label)}</a></p></div>'
        )

    html = (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{escape(en)}</title></head><body>"
        + block("ar", "rtl", lines_ar, cta["ar"])
        + "<hr>"
        + block("en", "ltr", lines_en, cta["en"])
        + f"<p>{escape(signature['ar'])} · {escape(signature['en'])}</p></body></html>"
    )
    return Rendered(
        subject=f"{ar} · {en}", text=text, html=html, headline_en=en, headline_ar=ar, link=link
    )
