"""The studio's front page, "waiting for me": what each role of each administration finds there.

An approver finds the proposals in review where their own administration has not decided; a
designer the drafts, those sent back with changes requested first; an administrator the
approved proposals not yet issued. Nobody finds a proposal of which they are no partner.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from fastapi.testclient import TestClient

from tests.api.studio.pages import Person
from tests.factories import Caller, Flow, Staff


@dataclass(frozen=True)
class Board:
    to_review: list[int]
    to_design: list[int]
    to_issue: list[int]
    everything: list[int]
    text: str

    def section(self, name: str) -> str:
        found = re.search(rf'aria-labelledby="{name}">(.*?)</section>', self.text, re.S)
        assert found, name
        return found.group(1)


def _ids(html: str) -> list[int]:
    return [int(n) for n in re.findall(r'href="/studio/proposals/(\d+)"', html)]


def board_of(client: TestClient, who: Caller, lang: str = "en") -> Board:
    page = Person(client, who).get(f"/studio/?lang={lang}")
    assert page.status_code == 200, page.text[:300]

    def ids(name: str) -> list[int]:
        found = re.search(rf'aria-labelledby="{name}">(.*?)</section>', page.text, re.S)
        return _ids(found.group(1)) if found else []

    return Board(ids("to-review"), ids("to-design"), ids("to-issue"), ids("all"), page.text)


@dataclass(frozen=True)
class Cast:
    draft: int
    sent_back: int
    in_review: int
    half_decided: int  # in review, Oman has approved, Palestine has not
    approved: int
    foreign: int  # Egypt and Oman: Palestine is no partner


@pytest.fixture
def cast(flow: Flow, staff: Staff) -> Cast:
    draft = flow.create()
    sent_back = flow.in_review()
    r = flow.review(sent_back, staff.om_approver, "request_changes")
    assert r.status_code == 201, r.text
    in_review = flow.in_review()
    half = flow.in_review()
    assert flow.review(half, staff.om_approver).status_code == 201
    approved = flow.approved()
    flow.issued()  # issued: awaits nobody
    foreign = flow.create(
        by=staff.eg_designer,
        variants=[
            {"administration": "EG", "face_value_minor": 300, "quantity": 1000},
            {"administration": "OM", "face_value_minor": 100, "quantity": 1000},
        ],
    )
    return Cast(draft, sent_back, in_review, half, approved, foreign)


def test_a_designer_finds_drafts_with_those_sent_back_first(
    client: TestClient, staff: Staff, cast: Cast
) -> None:
    for designer in (staff.ps_designer, staff.om_designer):
        board = board_of(client, designer)
        assert board.to_design[0] == cast.sent_back, designer.username
        assert set(board.to_design) >= {cast.draft, cast.sent_back}
        assert not {cast.in_review, cast.half_decided, cast.approved} & set(board.to_design)
        assert board.to_review == []
        assert board.to_issue == []
        design = board.section("to-design")
        sent_back_line = design.split("</li>")[0]
        assert "Changes requested" in sent_back_line
    assert cast.foreign not in board_of(client, staff.ps_designer).to_design
    assert cast.foreign in board_of(client, staff.om_designer).to_design  # Oman is a partner


def test_an_approver_finds_what_their_administration_has_not_decided(
    client: TestClient, staff: Staff, cast: Cast
) -> None:
    ps = board_of(client, staff.ps_approver)
    om = board_of(client, staff.om_approver)
    assert sorted(ps.to_review) == sorted([cast.in_review, cast.half_decided])
    assert om.to_review == [cast.in_review]  # Oman decided the other one already
    assert ps.to_design == []
    assert ps.to_issue == []
    line = next(
        li for li in ps.section("to-review").split("</li>") if f'/{cast.half_decided}"' in li
    )
    assert re.search(r"Waiting on: <bdi>PS</bdi>", line), line  # only Palestine is awaited
    both = next(li for li in ps.section("to-review").split("</li>") if f'/{cast.in_review}"' in li)
    assert "Waiting on: <bdi>PS · OM</bdi>" in both
    assert re.search(r"To review for PS <span class=\"count\">2</span>", ps.text)
    eg = board_of(client, staff.eg_approver)
    assert eg.to_review == []  # the Egyptian proposal is a draft; the others are not theirs
    assert set(eg.everything) == {cast.foreign}


def test_an_admin_finds_approved_proposals_waiting_to_be_issued(
    client: TestClient, staff: Staff, cast: Cast
) -> None:
    for admin in (staff.ps_admin, staff.om_admin):
        board = board_of(client, admin)
        assert board.to_issue == [cast.approved], admin.username
        assert board.to_review == []
        assert board.to_design == []
    assert board_of(client, staff.eg_admin).to_issue == []


@pytest.mark.usefixtures("cast")
def test_the_count_and_the_words_follow_the_page_language(client: TestClient, staff: Staff) -> None:
    english = board_of(client, staff.ps_approver, "en")
    assert "2 proposals await you." in english.text
    arabic = board_of(client, staff.ps_approver, "ar")
    assert 'lang="ar" dir="rtl"' in arabic.text
    assert "2 proposals await you." not in arabic.text
    assert sorted(arabic.to_review) == sorted(english.to_review)
    nothing = board_of(client, staff.eg_admin, "en")
    assert "No approved proposal awaits issue." in nothing.text
