"""The words of every notification, in Arabic and English, kept in one place.

An inbox line and an e-mail say the same thing; the e-mail carries both languages in one
message (Arabic first, right to left in the HTML part) and links to the proposal's studio page.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any

KINDS = (
    "submitted",
    "changes_requested",
    "rejected",
    "approved_by_partner",
    "approved",
    "issued",
)

# (English, Arabic) per kind; {title}, {by} and {administration} are filled in.
_HEADLINES: dict[str, tuple[str, str]] = {
    "submitted": (
        "{title} awaits your review",
        "«{title}» بانتظار مراجعتك",
    ),
    "changes_requested": (
        "{administration} asked for changes to {title}",
        "طلبت {administration} تعديلات على «{title}»",
    ),
    "rejected": (
        "{administration} rejected {title}",
        "رفضت {administration} «{title}»",
    ),
    "approved_by_partner": (
        "{administration} approved {title}",
        "وافقت {administration} على «{title}»",
    ),
    "approved": (
        "Every partner approved {title}: it can be issued",
        "وافق جميع الشركاء على «{title}»: يمكن إصداره",
    ),
    "issued": (
        "{title} has been issued",
        "صدر «{title}»",
    ),
}
_REASON = ("Reason", "السبب")
_OPEN = ("Open it in the studio", "افتحه في الاستوديو")
_BY = ("by {by}", "بواسطة {by}")
_SIGNATURE = ("Joint Stamp Studio", "استوديو الطوابع المشتركة")


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
    en, ar = _HEADLINES[kind]
    values = {"by": data.get("by", ""), "administration": data.get("administration", "")}
    return (
        en.format(title=data.get("title_en", ""), **values),
        ar.format(title=data.get("title_ar", ""), **values),
    )


def render(kind: str, data: dict[str, Any], base_url: str) -> Rendered:
    """A bilingual message: the subject in both languages, text and HTML parts."""
    en, ar = headlines(kind, data)
    link = base_url.rstrip("/") + studio_path(data)
    reason = str(data.get("reason") or "")
    by_en, by_ar = (s.format(by=data.get("by", "")) for s in _BY)
    lines_ar = [ar, by_ar] + ([f"{_REASON[1]}: {reason}"] if reason else [])
    lines_en = [en, by_en] + ([f"{_REASON[0]}: {reason}"] if reason else [])
    text = "\n".join(
        [
            *lines_ar,
            f"{_OPEN[1]}: {link}",
            "",
            *lines_en,
            f"{_OPEN[0]}: {link}",
            "",
            "-- ",
            f"{_SIGNATURE[1]} · {_SIGNATURE[0]}",
            "",
        ]
    )

    def block(lang: str, direction: str, lines: list[str], cta: str) -> str:
        paragraphs = "".join(f"<p>{escape(line)}</p>" for line in lines)
        return (
            f'<div lang="{lang}" dir="{direction}">{paragraphs}'
            f'<p><a href="{escape(link)}">{escape(cta)}</a></p></div>'
        )

    html = (
        '<!doctype html><html><head><meta charset="utf-8">'
        f"<title>{escape(en)}</title></head><body>"
        + block("ar", "rtl", lines_ar, _OPEN[1])
        + "<hr>"
        + block("en", "ltr", lines_en, _OPEN[0])
        + f"<p>{escape(_SIGNATURE[1])} · {escape(_SIGNATURE[0])}</p></body></html>"
    )
    return Rendered(
        subject=f"{ar} · {en}", text=text, html=html, headline_en=en, headline_ar=ar, link=link
    )
