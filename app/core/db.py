"""Engines and sessions: the one place that knows how each database must be driven.

SQLite needs foreign keys switched on per connection, WAL and a busy timeout, and pysqlite's own
transaction handling disabled so that SAVEPOINT works and writers can take the lock up front with
`BEGIN IMMEDIATE` (a deferred transaction that reads and then writes can lose a race with no
retry). Read-only requests use a deferred BEGIN so readers never queue behind writers.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Set
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Annotated, Any

from fastapi import Depends, Request
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.orm import Session, sessionmaker

SQLITE_BEGIN_OPTION = "sqlite_begin"
# `Session.info` key: what a transaction changed, for the listeners of its session factory.
CHANGES = "changes"


def _configure_sqlite(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA busy_timeout=30000")
        cursor.execute("PRAGMA synchronous=NORMAL")
        # Map the whole file, however large: SQLite lowers this to its own compile-time cap
        # (2 GB in Debian's build), and the search indexes sit at the end of a large file.
        cursor.execute("PRAGMA mmap_size=17179869184")
        cursor.execute("PRAGMA cache_size=-65536")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        mode = conn.get_execution_options().get(SQLITE_BEGIN_OPTION, "IMMEDIATE")
        conn.exec_driver_sql(f"BEGIN {mode}")


def make_engine(url: str, **kwargs: Any) -> Engine:
    """Create an engine with the per-backend settings the service relies on."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False}, **kwargs)
        _configure_sqlite(engine)
        return engine
    return create_engine(url, pool_pre_ping=True, **kwargs)


@dataclass(frozen=True)
class Database:
    """An engine with its two session factories: writers lock up front, readers do not.

    One listener on the writers' factory tells `on_change` subscribers what a committed
    transaction changed (`note_change`); on the factory, not on SQLAlchemy's `Session` class,
    so only this database's sessions reach the app that owns it.
    """

    engine: Engine
    writer: sessionmaker[Session]
    reader: sessionmaker[Session]
    _heard: list[Callable[[Set[str]], None]] = field(
        default_factory=list, init=False, repr=False, compare=False
    )

    def __post_init__(self) -> None:
        event.listen(self.writer, "after_commit", self._after_commit)
        event.listen(self.writer, "after_soft_rollback", _forget_changes)

    def on_change(self, heard: Callable[[Set[str]], None]) -> None:
        """Call ``heard`` with what a write session changed, once that has committed."""
        self._heard.append(heard)

    def _after_commit(self, session: Session) -> None:
        changes = session.info.pop(CHANGES, None)
        for heard in self._heard if changes else ():
            heard(changes)

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction of its own: committed when the block ends, rolled back when it
        raises. The request's session is one; a write that must outlive a failed request (a
        failed password check counting toward lock-out) is another, visibly."""
        with self.writer.begin() as session:
            yield session

    @classmethod
    def connect(cls, url: str) -> Database:
        engine = make_engine(url)
        read_bind = engine.execution_options(**{SQLITE_BEGIN_OPTION: "DEFERRED"})
        return cls(
            engine=engine,
            writer=sessionmaker(engine, expire_on_commit=False),
            reader=sessionmaker(read_bind, expire_on_commit=False),
        )


def note_change(session: Session, what: str) -> None:
    """Note that this transaction changed ``what``; `Database.on_change` hears it at commit."""
    session.info.setdefault(CHANGES, set()).add(what)


def _forget_changes(session: Session, _previous: Any) -> None:
    """A rolled-back transaction changed nothing (a savepoint's rollback leaves the notes of
    the transaction around it)."""
    if not session.in_transaction():
        session.info.pop(CHANGES, None)


def database_of(request: Request) -> Database:
    database = request.app.state.database
    assert isinstance(database, Database)  # noqa: S101 - set by create_app
    return database


async def get_database(request: Request) -> Database:
    """The app's database (async: a lookup is not worth a trip to the thread pool)."""
    return database_of(request)


def get_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """The request's unit of work: one transaction, committed once when the route returns and
    rolled back when anything raises. Routes and services flush, never commit."""
    with database.transaction() as session:
        yield session


def get_read_session(database: Annotated[Database, Depends(get_database)]) -> Iterator[Session]:
    """A read-only session for one request (never committed)."""
    with database.reader() as session:
        yield session


async def get_reader(database: Annotated[Database, Depends(get_database)]) -> sessionmaker[Session]:
    """The read-only session factory, for a route that opens its session where it needs one.

    A route on the hot path of the public catalogue runs its whole body, session included, in
    one trip to the thread pool; a session dependency would add a trip to open and one to close.
    """
    return database.reader


# scope="function": the commit runs when the route returns, before the response is sent, so a
# commit that fails answers as an error instead of after a success the client already has.
SessionDep = Annotated[Session, Depends(get_session, scope="function")]
ReadSessionDep = Annotated[Session, Depends(get_read_session)]
ReaderDep = Annotated[sessionmaker[Session], Depends(get_reader)]
DatabaseDep = Annotated[Database, Depends(get_database)]
