"""The class service's storage: every result every learner sent, kept with SQLAlchemy.

Default: SQLite in the service's data folder, in WAL mode (readers never wait for the writer)
with one writer: all writes go through one lock in this process, and ``busy_timeout`` covers a
second process such as ``wintut class status`` reading meanwhile. Any other SQLAlchemy URL (the
PostgreSQL a Kubernetes hub already has) works the same. Rows are only ever added, and each
commit is durable before the service answers, so a restart loses nothing. A record resent by a
learner (same ``id``) is stored once.
"""

from __future__ import annotations

import threading
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import (
    Boolean,
    Column,
    DateTime,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    UniqueConstraint,
    create_engine,
    event,
    insert,
    select,
)
from sqlalchemy.engine import Engine as SqlEngine
from sqlalchemy.exc import IntegrityError

metadata = MetaData()
results = Table(
    "results",
    metadata,
    Column("pk", Integer, primary_key=True, autoincrement=True),
    Column("user", String(255), nullable=False, index=True),
    Column("record_id", String(64), nullable=True),
    Column("step", String(64), nullable=False),
    Column("outcome", String(32), nullable=False),
    Column("reason", Text, nullable=False, default=""),
    Column("at", DateTime(timezone=True), nullable=False),
    Column("received", DateTime(timezone=True), nullable=False),
    Column("source", String(100), nullable=False),
    Column("solved", Boolean, nullable=False, default=False),
    UniqueConstraint("user", "record_id", name="one_copy_per_record"),
)

DB_FILE = "class.sqlite"


def default_url(folder: Path) -> str:
    return "sqlite:///" + str(folder / DB_FILE)


def _utc(value: datetime) -> datetime:
    # SQLite hands back naive datetimes: they were stored as UTC.
    return value if value.tzinfo else value.replace(tzinfo=timezone.utc)


class ResultStore:
    """All results, by learner.

    Args:
        url: a SQLAlchemy URL; ``sqlite:///PATH`` gets WAL and a busy timeout.
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self._write_lock = threading.Lock()
        self.engine: SqlEngine = create_engine(url, future=True)
        if self.engine.dialect.name == "sqlite":
            path = self.engine.url.database
            if path and path != ":memory:":
                Path(path).parent.mkdir(parents=True, exist_ok=True)
            event.listen(self.engine, "connect", _sqlite_pragmas)
        metadata.create_all(self.engine)

    def add(self, user: str, record: dict[str, Any]) -> bool:
        """Keep one validated record from ``user``; False when that record id was already kept."""
        row = {
            "user": user,
            "record_id": record.get("id"),
            "step": record["step"],
            "outcome": record["outcome"],
            "reason": record.get("reason", ""),
            "at": record["at"],
            "received": datetime.now(timezone.utc),
            "source": record["source"],
            "solved": bool(record.get("solved")),
        }
        with self._write_lock:
            try:
                with self.engine.begin() as connection:
                    connection.execute(insert(results), row)
            except IntegrityError:
                return False
        return True

    def rows(self, user: str | None = None) -> list[dict[str, Any]]:
        """Every kept record (of ``user`` only, if given), oldest first."""
        query = select(results).order_by(results.c.at, results.c.pk)
        if user is not None:
            query = query.where(results.c.user == user)
        with self.engine.connect() as connection:
            found = [dict(r._mapping) for r in connection.execute(query)]
        for row in found:
            row["at"] = _utc(row["at"])
            row["received"] = _utc(row["received"])
        return found

    def count(self) -> int:
        with self.engine.connect() as connection:
            return len(connection.execute(select(results.c.pk)).all())

    def close(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=FULL")  # durable before we answer 201
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()
