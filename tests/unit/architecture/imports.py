"""The import graph of `app/`, read from the source with `ast` (nothing is imported).

Every `import` counts, also those inside functions and under `TYPE_CHECKING`: a lazy import
is still a dependency, and hiding one is how cycles come back.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

APP = Path(__file__).resolve().parents[3] / "app"


def module_name(path: Path, root: Path = APP) -> str:
    parts = path.relative_to(root.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


HTTP = "http"
STUDIO = "studio"
"""The layer of every module that defines routes (an `APIRouter`), whatever its package: it sits
above the flows, so a domain's routes may call a flow that calls the domain."""


def package_of(module: str) -> str:
    """`app.proofs.render.page` → `proofs`; `app.main` → `main`."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else parts[0]


def _defines_routes(tree: ast.AST) -> bool:
    return any(
        isinstance(node, ast.Call)
        and getattr(node.func, "id", getattr(node.func, "attr", None)) == "APIRouter"
        for node in ast.walk(tree)
    )


def commits(tree: ast.AST) -> list[int]:
    """Lines that call `.commit(` (the request's transaction commits in `get_session`)."""
    return [
        node.lineno
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr == "commit"
    ]


def _imported(tree: ast.AST, module: str, is_package: bool) -> Iterator[str]:
    base = module.split(".") if is_package else module.split(".")[:-1]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            yield from (alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                stem = base[: len(base) - node.level + 1]
                target = ".".join([*stem, node.module] if node.module else stem)
            else:
                target = node.module or ""
            yield target
            yield from (f"{target}.{alias.name}" for alias in node.names)


@dataclass(frozen=True)
class Graph:
    modules: dict[str, Path]
    edges: dict[str, set[str]]
    routes: frozenset[str]  # the modules that define routes
    trees: dict[str, ast.Module]

    @classmethod
    def read(cls, root: Path = APP) -> Graph:
        modules = {module_name(path, root): path for path in sorted(root.rglob("*.py"))}
        edges: dict[str, set[str]] = {}
        trees: dict[str, ast.Module] = {}
        for name, path in modules.items():
            trees[name] = tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
            targets = _imported(tree, name, path.name == "__init__.py")
            edges[name] = {t for t in targets if t in modules and t != name}
        routes = frozenset(name for name, tree in trees.items() if _defines_routes(tree))
        return cls(modules, edges, routes, trees)

    def layer_of(self, module: str) -> str:
        """Route modules are the `http` layer, and so is the whole studio: its pages, their
        session and form helpers sit where the JSON routes sit, above the flows."""
        if module in self.routes or package_of(module) == STUDIO:
            return HTTP
        return package_of(module)

    def package_edges(self) -> dict[str, set[str]]:
        """Package → the packages it imports; route modules count as the one `http` layer."""
        edges: dict[str, set[str]] = {self.layer_of(m): set() for m in self.modules}
        for source, targets in self.edges.items():
            for target in targets:
                if self.layer_of(source) != self.layer_of(target):
                    edges[self.layer_of(source)].add(self.layer_of(target))
        return edges

    def importers(self, source_layer: str, target_layer: str) -> list[tuple[str, str]]:
        """The module imports that make ``source_layer`` depend on ``target_layer``."""
        return sorted(
            (source, target)
            for source, targets in self.edges.items()
            for target in targets
            if self.layer_of(source) == source_layer and self.layer_of(target) == target_layer
        )


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one member (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in sorted(edges.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return sorted(found)


if __name__ == "__main__":
    graph = Graph.read()
    pairs = {
        tuple(sorted((a, b)))
        for a, targets in graph.package_edges().items()
        for b in targets
        if a in graph.package_edges().get(b, set())
    }
    print(f"modules: {len(graph.modules)}")  # noqa: T201
    print(f"package cycles: {cycles(graph.package_edges())}")  # noqa: T201
    print(f"two-way package pairs: {sorted(pairs)}")  # noqa: T201
