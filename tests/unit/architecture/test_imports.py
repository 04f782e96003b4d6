"""Imports run one way: core ← domains ← flows ← routes / CLI, with no cycle between packages.

Read from the source (`imports.py`), so the check costs no imports and sees lazy ones too.
"""

from __future__ import annotations

from tests.unit.architecture.imports import HTTP, Graph, commits, cycles

GRAPH = Graph.read()
# What sits on top and may import anything: the routes, the app factory, the command line and
# the demo data.
ENTRY_POINTS = {"main", "cli", "demo", HTTP}


def test_no_cycle_between_packages() -> None:
    found = cycles(GRAPH.package_edges())
    detail = {
        f"{a} → {b}": GRAPH.importers(a, b)
        for component in found
        for a in component
        for b in component
        if a != b and GRAPH.importers(a, b)
    }
    assert found == [], detail


def test_domains_and_flows_never_import_routes_or_entry_points() -> None:
    edges = GRAPH.package_edges()
    wrong = {
        package: sorted(targets & ENTRY_POINTS)
        for package, targets in edges.items()
        if package not in ENTRY_POINTS and targets & ENTRY_POINTS
    }
    assert wrong == {}


def test_core_and_designs_import_no_domain() -> None:
    edges = GRAPH.package_edges()
    assert edges["core"] <= {"i18n"}
    assert edges["designs"] <= {"core"}


def test_flows_are_called_by_routes_and_entry_points_only() -> None:
    callers = {p for p, targets in GRAPH.package_edges().items() if "flows" in targets}
    assert callers <= ENTRY_POINTS


def test_routes_never_commit() -> None:
    found = {name: lines for name in GRAPH.routes if (lines := commits(GRAPH.trees[name]))}
    assert found == {}


def test_the_graph_is_read() -> None:
    """The checks above are only as good as the reading: it finds the known layers."""
    edges = GRAPH.package_edges()
    assert {"core", "proposals", "flows", HTTP} <= set(edges)
    assert "flows" in edges[HTTP]
    assert "proposals" in edges["flows"]
    assert len(GRAPH.routes) >= 10
