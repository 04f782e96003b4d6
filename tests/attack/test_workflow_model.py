"""A Hypothesis state machine drives the workflow with random actors and random orders, and
after every step compares the service's answer with a small model of DESIGN.md's rules:
dual control, separation of duties, stale approvals, final states, partner scoping."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pytest
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    invariant,
    rule,
    run_state_machine_as_test,
)
from sqlalchemy.orm import Session

from tests.factories import PASSWORD, Caller, make_user, png_bytes, proposal_body

PARTNERS = {"PS", "OM"}


@dataclass
class Actor:
    caller: Caller
    roles: frozenset[str]

    @property
    def admin(self) -> str:
        return self.caller.administration


@dataclass
class Model:
    """What the rules say a proposal must be."""

    pid: int
    status: str = "draft"
    contributors: set[str] = field(default_factory=set)
    artworks: set[str] = field(default_factory=set)
    round_decided: set[str] = field(default_factory=set)
    approved_by: set[str] = field(default_factory=set)


class World:
    client: TestClient
    actors: dict[str, Actor]


WORLD = World()
COLOURS = ["teal", "navy", "maroon"]


class Workflow(RuleBasedStateMachine):
    proposals = Bundle("proposals")

    def __init__(self) -> None:
        super().__init__()
        self.models: dict[int, Model] = {}

    def _post(self, url: str, actor: Actor, **kwargs: Any) -> int:
        r = WORLD.client.post(url, headers=actor.caller.headers, **kwargs)
        assert r.status_code < 500, r.text
        status: int = r.status_code
        return status

    @staticmethod
    def _gate(actor: Actor, role: str) -> int | None:
        if actor.admin not in PARTNERS:
            return 404
        if role not in actor.roles:
            return 403
        return None

    @rule(
        target=proposals,
        who=st.sampled_from(
            ["ps_designer", "om_designer", "eg_designer", "ps_approver", "om_both"]
        ),
    )
    def create(self, who: str) -> int:
        return self._create(who)

    def _create(self, who: str) -> int:
        actor = WORLD.actors[who]
        r = WORLD.client.post(
            "/api/v1/proposals", json=proposal_body(), headers=actor.caller.headers
        )
        expected = 201 if "designer" in actor.roles and actor.admin in PARTNERS else 403
        assert r.status_code == expected, (who, r.text)
        if r.status_code != 201:
            return -1
        pid: int = r.json()["id"]
        self.models[pid] = Model(pid, contributors={who})
        return pid

    @rule(
        target=proposals,
        colour=st.sampled_from(COLOURS),
        uploader=st.sampled_from(["ps_designer", "om_both"]),
    )
    def ready_for_review(self, colour: str, uploader: str) -> int:
        """A shortcut through the common path, so reviews get explored in depth."""
        pid: int = self._create("ps_designer")
        self.upload(pid, uploader, colour)
        self.submit(pid, "ps_designer")
        return pid

    @rule(
        pid=proposals, who=st.sampled_from(["ps_designer", "om_both", "eg_designer", "ps_approver"])
    )
    def edit(self, pid: int, who: str) -> None:
        if pid < 0:
            return
        model, actor = self.models[pid], WORLD.actors[who]
        r = WORLD.client.patch(
            f"/api/v1/proposals/{pid}",
            json={"theme": "heritage"},
            headers={**actor.caller.headers, "If-Match": "*"},
        )
        expected = self._gate(actor, "designer") or (200 if model.status == "draft" else 409)
        assert r.status_code == expected, (who, model, r.text)
        if expected == 200:
            model.contributors.add(who)

    @rule(
        pid=proposals,
        who=st.sampled_from(["ps_designer", "om_both", "eg_designer"]),
        colour=st.sampled_from(COLOURS),
    )
    def upload(self, pid: int, who: str, colour: str) -> None:
        if pid < 0:
            return
        model, actor = self.models[pid], WORLD.actors[who]
        status = self._post(
            f"/api/v1/proposals/{pid}/artwork",
            actor,
            files={"file": ("a.png", png_bytes(colour=colour), "image/png")},
        )
        expected = self._gate(actor, "designer") or (
            (200 if colour in model.artworks else 201) if model.status == "draft" else 409
        )
        assert status == expected, (who, model)
        if expected == 201:
            model.artworks.add(colour)
            model.contributors.add(who)

    @rule(pid=proposals, who=st.sampled_from(["ps_designer", "om_both", "eg_designer"]))
    def submit(self, pid: int, who: str) -> None:
        if pid < 0:
            return
        model, actor = self.models[pid], WORLD.actors[who]
        status = self._post(f"/api/v1/proposals/{pid}/submit", actor)
        expected = self._gate(actor, "designer") or (
            409 if model.status != "draft" else 422 if not model.artworks else 200
        )
        assert status == expected, (who, model)
        if expected == 200:
            model.status, model.round_decided, model.approved_by = "in_review", set(), set()

    @rule(
        pid=proposals,
        who=st.sampled_from(
            ["ps_approver", "om_approver", "om_both", "eg_approver", "ps_designer"]
        ),
        decision=st.sampled_from(["approve", "approve", "request_changes", "reject"]),
        stale=st.sampled_from([False, False, False, True]),
    )
    def review(self, pid: int, who: str, decision: str, stale: bool) -> None:
        if pid < 0:
            return
        model, actor = self.models[pid], WORLD.actors[who]
        sha = "0" * 64
        if not stale and actor.admin in PARTNERS:
            proof = WORLD.client.get(
                f"/api/v1/proposals/{pid}/proof.pdf", headers=actor.caller.headers
            )
            sha = proof.headers["etag"].strip('"')
        status = self._post(
            f"/api/v1/proposals/{pid}/reviews",
            actor,
            json={"decision": decision, "proof_sha256": sha, "password": PASSWORD},
        )
        expected = self._gate(actor, "approver")
        if expected is None:
            if model.status != "in_review":
                expected = 409
            elif who in model.contributors:
                expected = 403
            elif stale or actor.admin in model.round_decided:
                expected = 409
            else:
                expected = 201
        assert status == expected, (who, decision, stale, model)
        if expected != 201:
            return
        model.round_decided.add(actor.admin)
        if decision == "approve":
            model.approved_by.add(actor.admin)
            if model.approved_by >= PARTNERS:
                model.status = "approved"
        else:
            model.status = "draft" if decision == "request_changes" else "rejected"

    @rule(pid=proposals, who=st.sampled_from(["ps_designer", "om_both", "ps_approver"]))
    def withdraw(self, pid: int, who: str) -> None:
        if pid < 0:
            return
        model, actor = self.models[pid], WORLD.actors[who]
        status = self._post(f"/api/v1/proposals/{pid}/withdraw", actor)
        expected = self._gate(actor, "designer") or (
            200 if model.status in ("draft", "in_review") else 409
        )
        assert status == expected, (who, model)
        if expected == 200:
            model.status = "withdrawn"

    @rule(pid=proposals, who=st.sampled_from(["ps_admin", "om_admin", "eg_admin", "om_approver"]))
    def issue(self, pid: int, who: str) -> None:
        if pid < 0:
            return
        model, actor = self.models[pid], WORLD.actors[who]
        status = self._post(f"/api/v1/proposals/{pid}/issue", actor, json={})
        expected = self._gate(actor, "admin") or (201 if model.status == "approved" else 409)
        assert status == expected, (who, model)
        if expected == 201:
            model.status = "issued"

    @invariant()
    def service_agrees_with_the_model(self) -> None:
        reader = WORLD.actors["ps_admin"].caller.headers
        for pid, model in self.models.items():
            body = WORLD.client.get(f"/api/v1/proposals/{pid}", headers=reader).json()
            assert body["status"] == model.status, (pid, model)


@pytest.fixture
def world(client: TestClient, db: Session) -> World:
    specs = {
        "ps_designer": ("PS", ("designer",)),
        "om_designer": ("OM", ("designer",)),
        "eg_designer": ("EG", ("designer",)),
        "ps_approver": ("PS", ("approver",)),
        "om_approver": ("OM", ("approver",)),
        "eg_approver": ("EG", ("approver",)),
        "om_both": ("OM", ("designer", "approver")),
        "ps_admin": ("PS", ("admin",)),
        "om_admin": ("OM", ("admin",)),
        "eg_admin": ("EG", ("admin",)),
    }
    WORLD.client = client
    WORLD.actors = {
        name: Actor(make_user(db, code, *roles, username=name.replace("_", "-")), frozenset(roles))
        for name, (code, roles) in specs.items()
    }
    return WORLD


def test_random_workflows_follow_the_rules(world: World) -> None:
    assert world.actors
    run_state_machine_as_test(
        Workflow,
        settings=settings(
            max_examples=12,
            stateful_step_count=20,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
        ),
    )
