"""The proposal page and what a person does there: submit, withdraw, decide, issue, comment.

Every action is the JSON API's own step (`app.flows`, the domain services) in a write
transaction of its own: a refusal rolls it back whole, then the page is shown again with the
reason in the person's language, and a success sends the browser back to the page (303).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Literal

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import RedirectResponse, Response
from pydantic import ValidationError
from sqlalchemy.orm import Session

from app.auth.deps import ReviewAllowance
from app.auth.permissions import require
from app.auth.service import Actor
from app.catalogue.schemas import IssueIn
from app.comments import service as comments
from app.comments.schemas import CommentIn, ReplyIn
from app.core.db import Database, DatabaseDep
from app.core.deps import DesignsDirDep, SettingsDep
from app.core.http import client_address
from app.core.problems import AppError
from app.core.settings import Settings
from app.core.types import DbId
from app.flows import issue as issuing
from app.flows import review as reviewing
from app.flows.submit import submit
from app.i18n import N_
from app.notifications import service as notifications
from app.proofs import pages
from app.proposals import service as proposals
from app.reviews.schemas import ReviewIn
from app.signing.deps import SealerDep
from app.storage.base import Storage
from app.storage.deps import StorageDep
from app.studio import forms, proposal_page, rendering
from app.studio.deps import Csrf, StudioActor

router = APIRouter(prefix="/studio/proposals", include_in_schema=False)
NOTICES = {
    "created": N_("The proposal is open: upload its artwork next."),
    "saved": N_("Saved."),
    "uploaded": N_("The artwork version is uploaded."),
    "submitted": N_("Sent for review: every partner's approvers are told."),
    "withdrawn": N_("The proposal is withdrawn."),
    "decided": N_("Your decision is recorded."),
    "issued": N_("Issued: the stamp is in the catalogue."),
    "commented": N_("Your comment is posted."),
    "resolved": N_("The thread is resolved."),
    "reopened": N_("The thread is open again."),
}


def show(
    request: Request,
    settings: Settings,
    database: Database,
    actor: Actor,
    proposal_id: int,
    storage: Storage,
    *,
    status_code: int = 200,
    errors: dict[str, str] | None = None,
    form: dict[str, str] | None = None,
    shown_round: int | None = None,
) -> Response:
    with database.reader() as read:
        page = proposal_page.build(
            database, read, actor, proposal_id, storage, settings.designs_dir, shown_round
        )
        _, unread = notifications.inbox(read, actor.user_id, limit=1)
    notice_key = request.query_params.get("done", "")
    notice = rendering.tr(request, NOTICES[notice_key]) if notice_key in NOTICES else ""
    return rendering.render(
        request,
        settings,
        "proposal.html",
        status_code=status_code,
        actor=actor,
        page=page,
        p=page.proposal,
        unread=unread,
        notice=notice,
        errors=errors or {},
        form=form or {},
        resolutions=pages.RESOLUTIONS,
    )


def act(
    request: Request,
    settings: Settings,
    database: Database,
    actor: Actor,
    proposal_id: int,
    storage: Storage,
    step: Callable[[Session], object],
    done: str,
    form: dict[str, str] | None = None,
    anchor: str = "",
    first: Callable[[], None] | None = None,
) -> Response:
    """Run `step` in a write transaction (after `first`, which needs none open: an allowance
    spent in a transaction of its own); the page again with the refusal, or a redirect."""
    lang = rendering.language(request)
    try:
        if first is not None:
            first()
        with database.transaction() as session:
            step(session)
    except ValidationError as invalid:
        errors = forms.errors_of(lang, invalid)
        return show(
            request,
            settings,
            database,
            actor,
            proposal_id,
            storage,
            status_code=422,
            errors=errors,
            form=form,
        )
    except AppError as refused:
        response = show(
            request,
            settings,
            database,
            actor,
            proposal_id,
            storage,
            status_code=refused.status,
            errors=forms.problem_errors(lang, refused),
            form=form,
        )
        response.headers.update(refused.headers)
        return response
    return RedirectResponse(f"/studio/proposals/{proposal_id}?done={done}{anchor}", 303)


@router.get("/{proposal_id}")
def proposal(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
    shown_round: Annotated[int | None, Query(alias="round", ge=1, le=10_000)] = None,
) -> Response:
    return show(request, settings, database, actor, proposal_id, storage, shown_round=shown_round)


@router.post("/{proposal_id}/submit", dependencies=[Csrf])
def submit_proposal(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
    designs: DesignsDirDep,
) -> Response:
    def step(session: Session) -> object:
        return submit(session, actor, proposal_id, storage=storage, designs_dir=designs)

    return act(request, settings, database, actor, proposal_id, storage, step, "submitted")


@router.post("/{proposal_id}/withdraw", dependencies=[Csrf])
def withdraw_proposal(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
) -> Response:
    def step(session: Session) -> object:
        found = proposals.get(session, actor, proposal_id, for_update=True)
        require(actor, "designer")
        proposals.withdraw(session, actor, found)
        return found

    return act(request, settings, database, actor, proposal_id, storage, step, "withdrawn")


@router.post("/{proposal_id}/review", dependencies=[Csrf])
def review_proposal(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
    designs: DesignsDirDep,
    sealer: SealerDep,
    quota: ReviewAllowance,
    decision: Annotated[str, Form(max_length=20)] = "",
    proof_sha256: Annotated[str, Form(max_length=64)] = "",
    comment: Annotated[str, Form(max_length=5000)] = "",
    password: Annotated[str, Form(max_length=200)] = "",
) -> Response:
    """The sign-off dialog: the password again, bound to the proof hash the page showed."""

    def step(session: Session) -> object:
        # Who may decide, before what was filled in; read apart, so the write transaction
        # stays unopened while the password is checked and a failure is recorded (on SQLite
        # the request's write lock would hold that record back until the busy timeout).
        with database.reader() as read:
            proposals.get(read, actor, proposal_id)
        require(actor, "approver")
        body = ReviewIn.model_validate(
            {
                "decision": decision,
                "proof_sha256": proof_sha256,
                "comment": comment,
                "password": password,
            }
        )
        return reviewing.review(
            database,
            session,
            actor,
            proposal_id,
            reviewing.Decision(body.decision, body.proof_sha256, body.comment),
            password=body.password,
            client=client_address(request),
            storage=storage,
            designs_dir=designs,
            sealer=sealer,
        )

    form = {"decision": decision, "comment": comment}
    return act(
        request,
        settings,
        database,
        actor,
        proposal_id,
        storage,
        step,
        "decided",
        form,
        first=lambda: quota.spend(actor),  # the API's allowance: every attempt counts
    )


@router.post("/{proposal_id}/issue", dependencies=[Csrf])
def issue_proposal(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
    designs: DesignsDirDep,
) -> Response:
    def step(session: Session) -> object:
        return issuing.issue(
            session, actor, proposal_id, IssueIn(), designs_dir=designs, storage=storage
        )

    return act(request, settings, database, actor, proposal_id, storage, step, "issued")


Fraction = Annotated[str, Form(max_length=40)]


@router.post("/{proposal_id}/comments", dependencies=[Csrf])
def add_comment(
    proposal_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
    body: Annotated[str, Form(max_length=6000)] = "",
    pin_sha256: Annotated[str, Form(max_length=64)] = "",
    pin_page: Fraction = "",
    pin_x: Fraction = "",
    pin_y: Fraction = "",
    pin_w: Fraction = "",
    pin_h: Fraction = "",
) -> Response:
    """A comment on the proposal, or pinned to the rectangle drawn on a proof page."""

    def step(session: Session) -> object:
        pin = None
        if pin_sha256:
            pin = {
                "proof_sha256": pin_sha256,
                "page": pin_page,
                "x": pin_x,
                "y": pin_y,
                "w": pin_w,
                "h": pin_h,
            }
        # Validated as a whole, so a bad corner is named `pin.x` (…), where the form shows it.
        comment = CommentIn.model_validate({"body": body, "pin": pin})
        return comments.add(
            session, actor, proposal_id, comment, lambda sha: pages.page_count(storage, sha)
        )

    return act(
        request,
        settings,
        database,
        actor,
        proposal_id,
        storage,
        step,
        "commented",
        {"body": body},
        "#conversation",
    )


@router.post("/{proposal_id}/comments/{comment_id}/replies", dependencies=[Csrf])
def reply(
    proposal_id: DbId,
    comment_id: DbId,
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
    body: Annotated[str, Form(max_length=6000)] = "",
) -> Response:
    def step(session: Session) -> object:
        text = ReplyIn(body=body).body
        return comments.reply(session, actor, proposal_id, comment_id, text)

    return act(
        request,
        settings,
        database,
        actor,
        proposal_id,
        storage,
        step,
        "commented",
        {f"reply-{comment_id}": body},
        f"#c{comment_id}",
    )


@router.post("/{proposal_id}/comments/{comment_id}/{change}", dependencies=[Csrf])
def resolve(
    proposal_id: DbId,
    comment_id: DbId,
    change: Literal["resolve", "reopen"],
    request: Request,
    actor: StudioActor,
    database: DatabaseDep,
    storage: StorageDep,
    settings: SettingsDep,
) -> Response:
    def step(session: Session) -> object:
        comments.set_resolved(session, actor, proposal_id, comment_id, resolved=change == "resolve")
        return None

    done = "resolved" if change == "resolve" else "reopened"
    return act(
        request,
        settings,
        database,
        actor,
        proposal_id,
        storage,
        step,
        done,
        anchor=f"#c{comment_id}",
    )
