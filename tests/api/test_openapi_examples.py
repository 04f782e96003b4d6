"""Every JSON request body in the OpenAPI document carries an example that its own model
accepts, so "Try it out" in /docs starts from a body the service takes, not random text."""

from __future__ import annotations

from typing import Any

from fastapi.testclient import TestClient
from pydantic import BaseModel

from tests.factories import Staff


def _models() -> dict[str, type[BaseModel]]:
    found: dict[str, type[BaseModel]] = {}
    todo: list[type[BaseModel]] = [BaseModel]
    while todo:
        for sub in todo.pop().__subclasses__():
            found.setdefault(sub.__name__, sub)
            todo.append(sub)
    return found


def _json_bodies(document: dict[str, Any]) -> list[tuple[str, str, str]]:
    """(method, path, component name) of every JSON request body."""
    bodies = []
    for path, operations in document["paths"].items():
        for method, operation in operations.items():
            content = operation.get("requestBody", {}).get("content", {})
            schema = content.get("application/json", {}).get("schema")
            if schema is None:
                continue
            refs = [schema.get("$ref")] + [s.get("$ref") for s in schema.get("anyOf", [])]
            name = next(ref for ref in refs if ref).rsplit("/", 1)[-1]
            bodies.append((method.upper(), path, name))
    return bodies


def test_every_json_body_has_an_example_its_model_accepts(client: TestClient) -> None:
    document = client.get("/openapi.json").json()
    models = _models()
    bodies = _json_bodies(document)
    assert len(bodies) >= 10, bodies
    for method, path, name in bodies:
        examples = document["components"]["schemas"][name].get("examples")
        assert examples, f"{method} {path}: {name} has no example"
        for example in examples:
            models[name].model_validate(example)


def _example(client: TestClient, name: str) -> dict[str, Any]:
    example: dict[str, Any] = client.get("/openapi.json").json()["components"]["schemas"][name][
        "examples"
    ][0]
    return example


def test_proposal_and_user_examples_are_taken(client: TestClient, staff: Staff) -> None:
    created = client.post(
        "/api/v1/proposals",
        json=_example(client, "ProposalCreate"),
        headers=staff.ps_designer.headers,
    )
    assert created.status_code == 201, created.text
    pid = created.json()["id"]
    read = client.get(f"/api/v1/proposals/{pid}", headers=staff.ps_designer.headers)
    edited = client.patch(
        f"/api/v1/proposals/{pid}",
        json=_example(client, "ProposalUpdate"),
        headers={**staff.ps_designer.headers, "If-Match": read.headers["etag"]},
    )
    assert edited.status_code == 200, edited.text
    user = client.post(
        "/api/v1/users", json=_example(client, "UserCreate"), headers=staff.om_admin.headers
    )
    assert user.status_code == 201, user.text
