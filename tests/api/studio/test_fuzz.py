"""Arbitrary text in every field of the editor and of the comment forms, on a real proposal
with a real proof: the answer is a redirect (303) or a refusal page (4xx, HTML) that explains
itself in the page's language (Arabic here), never a 500.

Each field is either a good value or any text at all, so some examples get past validation
and reach the workflow and the database (NUL characters, lone marks, huge numbers...).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from fastapi.testclient import TestClient
from httpx import Response
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.api.studio.pages import Person
from tests.api.studio.test_pages import FORM
from tests.factories import Flow, Staff

ANY_TEXT = st.text(st.characters(codec="utf-8"), max_size=80)
NUMBERISH = st.one_of(
    ANY_TEXT,
    st.integers(min_value=-(10**30), max_value=10**30).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
)
BOUNDED = settings(
    max_examples=30,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def _field(good: str) -> st.SearchStrategy[str]:
    return st.one_of(st.just(good), ANY_TEXT, NUMBERISH)


EDITOR = st.fixed_dictionaries({name: _field(value) for name, value in FORM.items()})


def _fine(answer: Response) -> None:
    assert answer.status_code == 303 or 400 <= answer.status_code < 500, (
        answer.status_code,
        answer.text[:300],
    )
    if answer.status_code != 303:
        assert answer.headers["content-type"].startswith("text/html"), answer.headers
        said = re.findall(r'class="(?:field-)?error"[^>]*>([^<]*)<', answer.text)
        assert not [s for s in said if "Input should" in s], said  # the page is in Arabic


class Proposal:
    def __init__(self, pid: int, sha: str, cid: int) -> None:
        self.pid, self.sha, self.cid = pid, sha, cid


@pytest.fixture
def proposal(client: TestClient, staff: Staff, flow: Flow) -> Proposal:
    pid = flow.in_review()
    sha = flow.proof_sha(pid)
    r = client.post(
        f"/api/v1/proposals/{pid}/comments",
        json={"body": "Start"},
        headers=staff.ps_designer.headers,
    )
    assert r.status_code == 201, r.text
    return Proposal(pid, sha, int(r.json()["id"]))


@BOUNDED
@given(form=EDITOR)
def test_any_text_in_the_new_proposal_form(
    client: TestClient, staff: Staff, form: dict[str, str]
) -> None:
    _fine(Person(client, staff.ps_designer).post("/studio/proposals/new?lang=ar", form))


@BOUNDED
@given(form=EDITOR, version=_field("1"))
def test_any_text_in_the_edit_form(
    client: TestClient, staff: Staff, flow: Flow, form: dict[str, str], version: str
) -> None:
    pid = flow.create()
    person = Person(client, staff.ps_designer)
    found = re.search(
        r'name="version" value="(\d+)"', person.get(f"/studio/proposals/{pid}/edit").text
    )
    assert found
    real = found.group(1) if version == "1" else version
    _fine(person.post(f"/studio/proposals/{pid}/edit?lang=ar", {**form, "version": real}))


@BOUNDED
@given(
    body=_field("The dove, here"),
    pin=st.fixed_dictionaries(
        {
            "pin_sha256": st.one_of(st.just("real"), st.just(""), ANY_TEXT),
            "pin_page": _field("1"),
            "pin_x": _field("0.2"),
            "pin_y": _field("0.2"),
            "pin_w": _field("0.1"),
            "pin_h": _field("0.1"),
        }
    ),
    reply=_field("Done"),
)
def test_any_text_in_the_comment_forms(
    client: TestClient,
    staff: Staff,
    proposal: Proposal,
    body: str,
    pin: dict[str, Any],
    reply: str,
) -> None:
    person = Person(client, staff.om_approver)
    if pin["pin_sha256"] == "real":
        pin = {**pin, "pin_sha256": proposal.sha}
    base = f"/studio/proposals/{proposal.pid}/comments"
    _fine(person.post(base + "?lang=ar", {"body": body, **pin}))
    _fine(person.post(f"{base}/{proposal.cid}/replies", {"body": reply}))
