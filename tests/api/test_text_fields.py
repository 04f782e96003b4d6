"""Every text field of every request body refuses control and invisible characters.

The route table is walked so that a body field added later without `Line`/`Paragraph` fails
here, and every text field is fuzzed through HTTP: arbitrary text is stored or refused with a
problem, never a 500 (a NUL on PostgreSQL was one); text holding a refused character is a 422
naming the field and the code point.
"""

from __future__ import annotations

import itertools
import json
import types
import typing
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from pydantic import AfterValidator, BaseModel

from app.core.text import check_line, check_paragraph, refused_character
from app.main import create_app
from tests.factories import Caller, Flow, Staff, proposal_body
from tests.support.routes import route_table

EXAMPLES = 40
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Secrets are compared, never shown: any character may be part of a password.
SECRET_FIELDS = {"password"}
CHECKS = {check_line, check_paragraph}


def _leaves(annotation: Any, metadata: list[Any], path: str) -> Iterator[tuple[str, bool]]:
    """(field path, checked) for every free-text string inside an annotation."""
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        inner, *extra = typing.get_args(annotation)
        yield from _leaves(inner, [*metadata, *extra], path)
    elif origin in (typing.Union, types.UnionType, list):
        for arg in typing.get_args(annotation):
            yield from _leaves(arg, metadata, f"{path}.0" if origin is list else path)
    elif isinstance(annotation, type) and issubclass(annotation, BaseModel):
        for name, info in annotation.model_fields.items():
            yield from _leaves(info.annotation, list(info.metadata), f"{path}.{name}".strip("."))
    elif annotation is str:
        checked = any(isinstance(m, AfterValidator) and m.func in CHECKS for m in metadata)
        patterned = any(getattr(m, "pattern", None) for m in metadata)
        if not patterned and path.rsplit(".", 1)[-1] not in SECRET_FIELDS:
            yield path, checked


def body_text_fields() -> dict[tuple[str, str], dict[str, bool]]:
    """{(method, path): {field: checked}} for every route of the app that takes a body."""
    found: dict[tuple[str, str], dict[str, bool]] = {}
    for row in route_table(create_app()):
        route = row.route
        if not isinstance(route, APIRoute) or row.path.startswith("/studio"):
            # The studio's forms are parsed into these same models (tests/api/studio fuzzes them).
            continue
        fields: dict[str, bool] = {}
        for param in route.dependant.body_params:
            info = param.field_info
            flat = route.dependant.body_params == [param] and not _is_form(info)
            prefix = "" if flat else param.name
            fields.update(_leaves(info.annotation, list(info.metadata), prefix))
        for method in row.methods:
            if fields:
                found[(method, row.path)] = fields
    return found


def _is_form(info: Any) -> bool:
    return type(info).__name__ == "Form"


FUZZED: dict[tuple[str, str], list[str]] = {
    ("POST", "/api/v1/auth/token"): ["username"],
    ("POST", "/api/v1/users"): ["display_name"],
    ("POST", "/api/v1/proposals"): [
        "title.ar",
        "title.en",
        "description.ar",
        "description.en",
        "format",
    ],
    ("PATCH", "/api/v1/proposals/{proposal_id}"): [
        "title.ar",
        "title.en",
        "description.ar",
        "description.en",
        "format",
    ],
    ("POST", "/api/v1/proposals/{proposal_id}/reviews"): ["comment"],
    ("POST", "/api/v1/proposals/{proposal_id}/comments"): ["body"],
    ("POST", "/api/v1/proposals/{proposal_id}/comments/{comment_id}/replies"): ["body"],
    ("POST", "/api/v1/proposals/{proposal_id}/issue"): [
        "first_day_place.ar",
        "first_day_place.en",
        "printer",
        "printing_process",
        "designer",
        "perforation",
        "products.0.title.ar",
        "products.0.title.en",
    ],
    ("POST", "/api/v1/catalogue/stamps/{number}/errata"): ["value", "reason.ar", "reason.en"],
    ("PUT", "/api/v1/catalogue/stamps/{number}/references"): ["michel", "scott", "sg", "yvert"],
}


def test_every_text_field_of_every_body_is_checked_and_fuzzed() -> None:
    found = body_text_fields()
    unchecked = [f"{r[0]} {r[1]} {f}" for r, fs in found.items() for f, ok in fs.items() if not ok]
    assert not unchecked, f"free text without app.core.text.Line/Paragraph: {unchecked}"
    listed = {(route, f) for route, fs in FUZZED.items() for f in fs}
    present = {(route, f) for route, fs in found.items() for f in fs}
    assert present == listed, f"not fuzzed: {present - listed}; gone: {listed - present}"


# A character the service refuses, set between visible letters (the ends are stripped).
REFUSED = st.one_of(
    st.sampled_from(
        [
            chr(code)
            for code in (
                *(0x00, 0x07, 0x1B, 0x7F, 0x85, 0x9B, 0xAD, 0x061C, 0x200B, 0x200C, 0x200D),
                *(0x200E, 0x2028, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2060, 0x2066),
                *(0x2067, 0x2068, 0x2069, 0xFEFF, 0xD800, 0xE000),
            )
        ]
    ),
    st.characters(categories=["Cc", "Cf", "Cs", "Co"]).filter(lambda c: c not in "\n\t"),
)
TEXT = st.text(max_size=40)


def _refused_text(draw: st.DrawFn) -> tuple[str, str]:
    bad = draw(REFUSED)
    return f"{draw(st.text(min_size=0, max_size=8))}a{bad}b{draw(TEXT)}", bad


@st.composite
def field_values(draw: st.DrawFn, fields: list[str]) -> tuple[str, str, str | None]:
    """(field, value, the refused character it holds or None)."""
    field = draw(st.sampled_from(fields))
    if draw(st.booleans()):
        value, bad = _refused_text(draw)
        return field, value, bad
    return field, draw(TEXT), None


def _put(body: dict[str, Any], path: str, value: str) -> dict[str, Any]:
    target: Any = body
    *parents, last = path.split(".")
    for part in parents:
        target = target[int(part)] if part.isdigit() else target[part]
    target[last] = value
    return body


def _json(body: dict[str, Any]) -> bytes:
    return json.dumps(body).encode()  # ASCII escapes: a lone surrogate travels as \ud800


def _problem_names(response: Any, field: str, value: str) -> None:
    """A 422 problem whose errors name the field and a character the value holds."""
    assert response.status_code == 422, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    loc = ["body", *[int(p) if p.isdigit() else p for p in field.split(".")]]
    errors = [e for e in response.json()["errors"] if e["loc"] == loc]
    assert errors, response.text
    if errors[0]["type"] == "string_unicode":  # the JSON parser refuses a lone surrogate
        assert any("\ud800" <= c <= "\udfff" for c in value)
        return
    named = errors[0]["code_point"]
    char = chr(int(named.removeprefix("U+"), 16))
    assert char in value, (named, value)
    assert refused_character(char, multiline=False) == char
    assert named in response.json()["detail"] or len(response.json()["errors"]) > 1


@dataclass
class Target:
    """How to send one route's body: where, as whom, and what a valid body looks like."""

    method: str
    url: str
    who: Caller
    body: Callable[[], dict[str, Any]]
    form: bool = False


def _targets(flow: Flow, staff: Staff) -> dict[tuple[str, str], Target]:
    pid = flow.create()
    number = flow.issued()[0]["number"]
    usernames = (f"user-{n}" for n in itertools.count())
    first = flow.client.post(
        f"/api/v1/proposals/{pid}/comments", json={"body": "Hue"}, headers=staff.ps_designer.headers
    )
    assert first.status_code == 201, first.text
    cid = first.json()["id"]
    return {
        ("POST", "/api/v1/auth/token"): Target(
            "POST",
            "/api/v1/auth/token",
            staff.ps_designer,
            lambda: {"username": "ps-designer", "password": "not the password"},
            form=True,
        ),
        ("POST", "/api/v1/users"): Target(
            "POST",
            "/api/v1/users",
            staff.ps_admin,
            lambda: {
                "username": next(usernames),
                "display_name": "A Name",
                "password": "long enough password",
                "roles": ["designer"],
            },
        ),
        ("POST", "/api/v1/proposals"): Target(
            "POST", "/api/v1/proposals", staff.ps_designer, proposal_body
        ),
        ("PATCH", "/api/v1/proposals/{proposal_id}"): Target(
            "PATCH",
            f"/api/v1/proposals/{pid}",
            staff.ps_designer,
            lambda: {
                "title": {"ar": "عنوان", "en": "Title"},
                "description": {"ar": "", "en": ""},
                "format": "standard-40x30",
            },
        ),
        ("POST", "/api/v1/proposals/{proposal_id}/reviews"): Target(
            "POST",
            f"/api/v1/proposals/{pid}/reviews",
            staff.ps_approver,
            lambda: {
                "decision": "approve",
                "proof_sha256": "0" * 64,
                "comment": "",
                "password": "not the password",
            },
        ),
        ("POST", "/api/v1/proposals/{proposal_id}/comments"): Target(
            "POST",
            f"/api/v1/proposals/{pid}/comments",
            staff.ps_designer,
            lambda: {"body": "The red is too dark"},
        ),
        ("POST", "/api/v1/proposals/{proposal_id}/comments/{comment_id}/replies"): Target(
            "POST",
            f"/api/v1/proposals/{pid}/comments/{cid}/replies",
            staff.om_designer,
            lambda: {"body": "Agreed"},
        ),
        ("POST", "/api/v1/proposals/{proposal_id}/issue"): Target(
            "POST",
            f"/api/v1/proposals/{pid}/issue",
            staff.ps_admin,
            lambda: {
                "first_day_place": {"ar": "رام الله", "en": "Ramallah"},
                "printer": "P",
                "printing_process": "offset",
                "designer": "D",
                "perforation": "13",
                "products": [{"kind": "sheet", "title": {"ar": "ورقة", "en": "Sheet"}}],
            },
        ),
        ("POST", "/api/v1/catalogue/stamps/{number}/errata"): Target(
            "POST",
            f"/api/v1/catalogue/stamps/{number}/errata",
            staff.ps_admin,
            lambda: {
                "field": "description_en",
                "value": "x",
                "reason": {"ar": "تصحيح", "en": "Correction"},
            },
        ),
        ("PUT", "/api/v1/catalogue/stamps/{number}/references"): Target(
            "PUT",
            f"/api/v1/catalogue/stamps/{number}/references",
            staff.ps_admin,
            lambda: {"michel": "1", "scott": "2", "sg": "3", "yvert": "4"},
        ),
    }


def _send(client: TestClient, target: Target, body: dict[str, Any]) -> Any:
    headers = dict(target.who.headers)
    if target.method == "PATCH":
        current = client.get(target.url, headers=headers)
        headers["If-Match"] = current.headers["etag"]
    if target.form:
        return client.request(target.method, target.url, data=body)
    headers["Content-Type"] = "application/json"
    return client.request(target.method, target.url, content=_json(body), headers=headers)


@pytest.mark.parametrize("route", list(FUZZED), ids=" ".join)
def test_text_fields_refuse_invisible_characters_and_never_fail(
    client: TestClient, flow: Flow, staff: Staff, route: tuple[str, str]
) -> None:
    target = _targets(flow, staff)[route]

    @given(data=field_values(FUZZED[route]))
    @FUZZ
    def fuzz(data: tuple[str, str, str | None]) -> None:
        field, value, bad = data
        if target.form and any("\ud800" <= c <= "\udfff" for c in value):
            value = value.encode("utf-8", "replace").decode()
            bad = refused_character(value.strip(), multiline=False)
        response = _send(client, target, _put(target.body(), field, value))
        assert response.status_code < 500, response.text
        if bad is not None:
            _problem_names(response, field, value)

    fuzz()


def _get_routes() -> list[tuple[str, list[str]]]:
    rows = []
    for row in route_table(create_app()):
        if "GET" in row.methods and isinstance(row.route, APIRoute):
            names = [p.alias for p in row.route.dependant.query_params]
            rows.append((row.path, names or ["q"]))
    return rows


def _fill(path: str, pid: int) -> str:
    return (
        path.replace("{proposal_id}", str(pid))
        .replace("{number}", "PS001.27")
        .replace("{version}", "1")
    )


@pytest.mark.parametrize(("path", "params"), _get_routes(), ids=lambda v: str(v))
def test_query_parameters_never_fail_and_refuse_controls(
    client: TestClient, flow: Flow, staff: Staff, path: str, params: list[str]
) -> None:
    url = _fill(path, flow.create())

    @given(name=st.sampled_from(params), value=st.text(max_size=20), control=st.booleans())
    @settings(max_examples=15, deadline=None)
    def fuzz(name: str, value: str, control: bool) -> None:
        if control:
            value = f"{value}\x00"
        response = client.get(url, params={name: value}, headers=staff.ps_designer.headers)
        assert response.status_code < 500, response.text
        if control:
            assert response.status_code == 422, response.text
            named = chr(int(response.json()["code_point"].removeprefix("U+"), 16))
            assert named in value
            assert named == "\x00" or named < " " or "\x7f" <= named <= "\x9f"

    fuzz()
