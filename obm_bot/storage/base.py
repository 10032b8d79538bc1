"""Shared plumbing of the store: the connection, one-hop statements and row conversion."""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Sequence
from typing import Any

import aiosqlite


class StorageError(Exception):
    """The database answered in a way the store cannot work with (a row missing right after
    it was written, an insert without a row id): a bug or a damaged file, never user input."""


def db_time(value: dt.datetime | None) -> str | None:
    return value.astimezone(dt.UTC).isoformat() if value else None


def py_time(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def row_dict(row: aiosqlite.Row) -> dict[str, Any]:
    return {key: row[key] for key in row.keys()}  # noqa: SIM118 (Row has no __iter__ of keys)


class StoreBase:
    def __init__(self, conn: aiosqlite.Connection) -> None:
        self._conn = conn
        self._lock = asyncio.Lock()

    # One worker-thread round trip per statement: aiosqlite's execute_fetchall/execute_insert
    # fetch and close in the same hop, which triples throughput over cursor loops.

    async def _one(self, sql: str, params: Sequence[Any] = ()) -> dict[str, Any] | None:
        rows = await self._conn.execute_fetchall(sql, params)
        return row_dict(next(iter(rows))) if rows else None

    async def _all(self, sql: str, params: Sequence[Any] = ()) -> list[dict[str, Any]]:
        return [row_dict(r) for r in await self._conn.execute_fetchall(sql, params)]

    async def _insert(self, sql: str, params: Sequence[Any]) -> int:
        row = await self._conn.execute_insert(sql, params)
        if row is None:
            table = sql.partition("(")[0].strip()  # "INSERT INTO handoffs": no values
            raise StorageError(f"{table}: the insert returned no row id")
        return int(row[0])
