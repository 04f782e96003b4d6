"""Forms to the API's models and back: a form is validated by the same pydantic model as the
JSON body, and each error is put next to its field in the page's language."""

from __future__ import annotations

from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from app.core.problems import PROBLEMS, AppError
from app.i18n import N_
from app.studio.rendering import STUDIO

MESSAGES = {
    "missing": N_("This is required."),
    "string_too_short": N_("This is required."),
    "too_short": N_("Add at least %(min)s."),
    "string_too_long": N_("Too long: at most %(max)s characters."),
    "too_long": N_("Too many: at most %(max)s."),
    "greater_than": N_("Give a whole number above zero."),
    "int_parsing": N_("Give a whole number above zero."),
    "int_type": N_("Give a whole number above zero."),
    "less_than_equal": N_("Too large: at most %(max)s."),
    "greater_than_equal": N_("Too small: at least %(min)s."),
    "float_parsing": N_("Give a number."),
    "float_type": N_("Give a number."),
    "date_from_datetime_parsing": N_("Give a date as YYYY-MM-DD."),
    "date_parsing": N_("Give a date as YYYY-MM-DD."),
    "literal_error": N_("Choose one of the offered values."),
    "string_pattern_mismatch": N_("Not in the expected form."),
    "invisible_character": N_(
        "This text holds a character that cannot be printed (%(character)s): remove it."
    ),
    "reason_required": N_("Say what must change: a reason is required."),
}
FALLBACK = N_("Not accepted: %(detail)s")


def text(form: FormData, name: str) -> str:
    value = form.get(name)
    return value if isinstance(value, str) else ""


def field_name(loc: tuple[int | str, ...]) -> str:
    """`("variants", 0, "quantity")` → `variants.0.quantity`, the name of the form's field."""
    return ".".join(str(p) for p in loc if p != "body")


def _plain(bound: Any) -> Any:
    """A bound as a person writes it: 0, not 0.0."""
    return int(bound) if isinstance(bound, float) and bound.is_integer() else bound


def _message(lang: str, error: Any) -> str:
    ctx = error.get("ctx") or {}
    kind = error.get("type", "")
    template = MESSAGES.get(kind)
    if kind == "value_error" and "YYYY-MM-DD" in str(error.get("msg", "")):
        template = MESSAGES["date_parsing"]
    if template is None:
        return STUDIO.tr(
            lang, FALLBACK, detail=str(error.get("msg", "")).removeprefix("Value error, ")
        )
    params = {
        "min": _plain(ctx.get("min_length", ctx.get("ge", ""))),
        "max": _plain(ctx.get("max_length", ctx.get("le", ""))),
        "character": ctx.get("character", ctx.get("code_point", "")),
    }
    return STUDIO.tr(lang, template, **params)


def errors_of(lang: str, failure: ValidationError) -> dict[str, str]:
    """Each failing field's first message, keyed by field name; `""` for the whole form."""
    found: dict[str, str] = {}
    for error in failure.errors():
        found.setdefault(field_name(tuple(error.get("loc", ()))), _message(lang, error))
    return found


def problem_text(lang: str, error: AppError) -> str:
    """A refusal of the service as a person reads it: title, then what happened."""
    title = PROBLEMS.tr(lang, error.title)
    detail = PROBLEMS.tr(lang, error.detail)
    return title if detail == title else f"{title}: {detail}"


def problem_errors(lang: str, error: AppError) -> dict[str, str]:
    """An `AppError` that names a field (`field=`) goes next to that field."""
    where = error.extensions.get("field")
    return {str(where) if where else "": problem_text(lang, error)}
