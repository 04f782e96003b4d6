"""The application's route table, flattened: included routers are resolved to full paths."""

from __future__ import annotations

from dataclasses import dataclass

from fastapi import FastAPI, routing
from starlette.routing import BaseRoute


@dataclass(frozen=True)
class RouteRow:
    path: str
    methods: frozenset[str]
    route: BaseRoute


def route_table(app: FastAPI) -> list[RouteRow]:
    """Every route the application answers, with the path a client uses."""
    rows = []
    for context in routing.iter_route_contexts(app.routes):
        rows.append(
            RouteRow(str(context.path), frozenset(context.methods or ()), context.original_route)
        )
    return rows
