"""Autogenerate knows the search indexes exist on purpose.

The full-text indexes are built by the catalogue migrations per backend and are not in the ORM
metadata: FTS5 virtual tables with their shadow tables on SQLite, expression GIN indexes on
PostgreSQL. Without this hook `alembic check` would report them as drift to be dropped. The
hook removes exactly those drop operations and nothing else.
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate.compare import comparators
from alembic.operations import ops
from alembic.util import DispatchPriority, PriorityDispatchResult

FTS_TABLES = ("catalogue_fts", "catalogue_fts_groups")
SEARCH_INDEXES = {"ix_catalogue_entries_search", "ix_catalogue_entries_search_groups"}
_FTS_TABLES = {
    *FTS_TABLES,
    *(f"{t}_{s}" for t in FTS_TABLES for s in ("data", "idx", "docsize", "config")),
}


def _managed(op: ops.MigrateOperation) -> bool:
    if isinstance(op, ops.DropTableOp):
        return op.table_name in _FTS_TABLES
    if isinstance(op, ops.DropIndexOp):
        return op.index_name in SEARCH_INDEXES
    return False


@comparators.dispatch_for("schema", priority=DispatchPriority.LAST)
def _keep_search_index(
    _autogen_context: Any, upgrade_ops: ops.UpgradeOps, _schemas: Any
) -> PriorityDispatchResult:
    kept: list[ops.MigrateOperation] = []
    for op in upgrade_ops.ops:
        if isinstance(op, ops.ModifyTableOps):
            op.ops = [o for o in op.ops if not _managed(o)]
            if not op.ops:
                continue
        elif _managed(op):
            continue
        kept.append(op)
    upgrade_ops.ops = kept
    return PriorityDispatchResult.CONTINUE
