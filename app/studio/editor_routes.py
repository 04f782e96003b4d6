"""The proposal editor: bilingual texts, theme, format (drawn to scale), kind, partners and one
variant per partner. The form becomes the API's `ProposalCreate`/`ProposalUpdate`, so the
same rules refuse the same things, and each refusal shows next to its field."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from app.administrations import service as administrations
from app.administrations.models import Administration
from app.auth.permissions import require
from app.auth.service import Actor
from app.core.db import Database, DatabaseDep, ReadSessionDep
from app.core.deps import SettingsDep
from app.core.problems import AppError
from app.core.settings import Settings
from app.core.types import DbId
from app.designs import themes
from app.designs.formats import formats
from app.flows import proposal_view
from app.proposals import service as proposals
from app.proposals.schemas import ProposalCreate, ProposalUpdate
from app.studio import forms, rendering
from app.studio.deps import Csrf, StudioActor
from app.studio.format_drawing import drawing

router = APIRouter(prefix="/studio/proposals", include_in_schema=False)
JOINT_KINDS = ("twin", "se-tenant", "concerted", "parallel")
TEXT_FIELDS = ("title_ar", "title_en", "description_ar", "description_en")


@dataclass(frozen=True)
class Row:
    """One administration's line of the partners table."""

    administration: Administration
    included: bool
    face_value_minor: str
    quantity: str
    issue_date: str


def _rows(all_admins: list[Administration], values: dict[str, Any]) -> list[Row]:
    return [
        Row(
            a,
            bool(values.get(f"partner.{a.code}")),
            str(values.get(f"variant.{a.code}.face_value_minor", "")),
            str(values.get(f"variant.{a.code}.quantity", "")),
            str(values.get(f"variant.{a.code}.issue_date", "")),
        )
        for a in all_admins
    ]


def _values_of(detail: Any) -> dict[str, Any]:
    """The form's values for an existing proposal."""
    values: dict[str, Any] = {
        "title_ar": detail.title.ar,
        "title_en": detail.title.en,
        "description_ar": detail.description.ar,
        "description_en": detail.description.en,
        "theme": detail.theme,
        "format": detail.format,
        "joint_kind": detail.joint_kind,
        "planned_issue_date": detail.planned_issue_date.isoformat(),
        "version": str(detail.version),
    }
    for v in detail.variants:
        values[f"partner.{v.administration}"] = "on"
        values[f"variant.{v.administration}.face_value_minor"] = str(v.face_value_minor)
        values[f"variant.{v.administration}.quantity"] = str(v.quantity)
        # Empty when it is the planned date: the field is for a partner issuing on another day.
        own_date = "" if v.issue_date == detail.planned_issue_date else v.issue_date.isoformat()
        values[f"variant.{v.administration}.issue_date"] = own_date
    return values


def _posted(form: FormData) -> dict[str, Any]:
    return {key: forms.text(form, key) for key in form if key != "csrf_token"}


def _body(values: dict[str, Any], codes: list[str]) -> dict[str, Any]:
    """The JSON body the API would get for these form values."""
    variants = []
    for code in codes:
        variant: dict[str, Any] = {
            "administration": code,
            "face_value_minor": values.get(f"variant.{code}.face_value_minor") or None,
            "quantity": values.get(f"variant.{code}.quantity") or None,
        }
        if values.get(f"variant.{code}.issue_date"):
            variant["issue_date"] = values[f"variant.{code}.issue_date"]
        variants.append(variant)
    return {
        "title": {"ar": values.get("title_ar", ""), "en": values.get("title_en", "")},
        "description": {
            "ar": values.get("description_ar", ""),
            "en": values.get("description_en", ""),
        },
        "theme": values.get("theme", ""),
        "format": values.get("format", ""),
        "joint_kind": values.get("joint_kind", ""),
        "planned_issue_date": values.get("planned_issue_date", ""),
        "variants": variants,
    }


def _form_errors(lang: str, invalid: ValidationError, codes: list[str]) -> dict[str, str]:
    """Errors keyed by the editor's field names (`title_ar`, `variant.OM.quantity`)."""
    found: dict[str, str] = {}
    for name, message in forms.errors_of(lang, invalid).items():
        parts = name.split(".")
        if parts[0] in ("title", "description") and len(parts) == 2:
            name = f"{parts[0]}_{parts[1]}"
        elif parts[0] == "variants" and len(parts) >= 2 and parts[1].isdigit():
            index = int(parts[1])
            code = codes[index] if index < len(codes) else ""
            name = f"variant.{code}.{parts[2]}" if len(parts) > 2 else "partners"
        elif parts[0] == "variants":
            name = "partners"
        found.setdefault(name, message)
    return found


def _page(
    request: Request,
    settings: Settings,
    session: Session,
    actor: Actor,
    values: dict[str, Any],
    *,
    proposal_id: int | None = None,
    errors: dict[str, str] | None = None,
    status_code: int = 200,
) -> Response:
    designs = settings.designs_dir
    known = formats(designs)
    chosen = known.get(str(values.get("format", ""))) or next(iter(known.values()))
    return rendering.render(
        request,
        settings,
        "editor.html",
        status_code=status_code,
        actor=actor,
        values=values,
        errors=errors or {},
        proposal_id=proposal_id,
        rows=_rows(administrations.list_all(session), values),
        themes=themes.load(designs / "themes.json"),
        formats=list(known.values()),
        drawings={key: drawing(fmt) for key, fmt in known.items()},
        chosen_format=chosen.key,
        joint_kinds=JOINT_KINDS,
    )


def _defaults(actor: Actor) -> dict[str, Any]:
    return {
        f"partner.{actor.administration_code}": "on",
        "joint_kind": "twin",
        "planned_issue_date": (dt.date.today() + dt.timedelta(days=180)).isoformat(),  # noqa: DTZ011 - a suggestion only
    }


@router.get("/new")
def new_form(
    request: Request, actor: StudioActor, session: ReadSessionDep, settings: SettingsDep
) -> Response:
    require(actor, "designer")
    return _page(request, settings, session, actor, _defaults(actor))


def _codes(values: dict[str, Any], session: Session) -> list[str]:
    return [a.code for a in administrations.list_all(session) if values.get(f"partner.{a.code}")]


@router.post("/new", dependencies=[Csrf])
async def create(
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    settings: SettingsDep,
) -> Response:
    values = _posted(await request.form())
    return await rendering.threaded(_create, request, actor, database, settings, values)


def _create(
    request: Request, actor: Actor, database: Database, settings: Settings, values: dict[str, Any]
) -> Response:
    require(actor, "designer")
    lang = rendering.language(request)
    with database.reader() as read:
        codes = _codes(values, read)
    errors: dict[str, str]
    status = 422
    try:
        body = ProposalCreate.model_validate(_body(values, codes))
        with database.transaction() as session:
            created = proposals.create(session, actor, body, settings.designs_dir)
            new_id = created.id
    except ValidationError as invalid:
        errors = _form_errors(lang, invalid, codes)
    except AppError as refused:
        errors, status = forms.problem_errors(lang, refused), refused.status
    else:
        return RedirectResponse(f"/studio/proposals/{new_id}?done=created", 303)
    with database.reader() as read:
        return _page(request, settings, read, actor, values, errors=errors, status_code=status)


@router.get("/{proposal_id}/edit")
def edit_form(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    session: ReadSessionDep,
    settings: SettingsDep,
) -> Response:
    found = proposals.get(session, actor, proposal_id)
    require(actor, "designer")
    proposals.require_editable(found)
    values = _values_of(proposal_view.detail(session, found))
    return _page(request, settings, session, actor, values, proposal_id=proposal_id)


@router.post("/{proposal_id}/edit", dependencies=[Csrf])
async def edit(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    settings: SettingsDep,
) -> Response:
    values = _posted(await request.form())
    return await rendering.threaded(_edit, request, actor, database, settings, proposal_id, values)


def _changes(body: dict[str, Any], current: dict[str, Any]) -> dict[str, Any]:
    """Only what the person changed: the audit trail names those fields, no others."""
    return {key: value for key, value in body.items() if current.get(key) != value}


def _edit(
    request: Request,
    actor: Actor,
    database: Database,
    settings: Settings,
    proposal_id: int,
    values: dict[str, Any],
) -> Response:
    lang = rendering.language(request)
    with database.reader() as read:
        codes = _codes(values, read)
        found = proposals.get(read, actor, proposal_id)
        require(actor, "designer")
        proposals.require_editable(found)
        existing = proposal_view.detail(read, found)
    before = _body(_values_of(existing), [v.administration for v in existing.variants])
    changed = _changes(_body(values, codes), before)
    done = RedirectResponse(f"/studio/proposals/{proposal_id}?done=saved", 303)
    if not changed:
        return done
    errors: dict[str, str]
    status = 422
    try:
        body = ProposalUpdate.model_validate(changed)
        with database.transaction() as session:
            proposal = proposals.get(session, actor, proposal_id, for_update=True)
            require(actor, "designer")
            proposals.check_if_match(proposal, f'"{proposal_id}.{values.get("version", "")}"')
            proposals.update(session, actor, proposal, body, settings.designs_dir)
    except ValidationError as invalid:
        errors = _form_errors(lang, invalid, codes)
    except AppError as refused:
        errors, status = forms.problem_errors(lang, refused), refused.status
    else:
        return done
    with database.reader() as read:
        return _page(
            request,
            settings,
            read,
            actor,
            values,
            proposal_id=proposal_id,
            errors=errors,
            status_code=status,
        )
