"""The database handle shared by the web app, the worker and the CLI.

The concrete database is chosen at run time from a URL (``connect_database``), so the
models can be imported before any configuration exists.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import itertools
import re
import weakref
from decimal import Decimal

from peewee import DatabaseProxy, Model, PostgresqlDatabase, SqliteDatabase
from playhouse.db_url import connect
from playhouse.pool import PooledDatabase

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    # Several web processes and the worker share one file: wait instead of failing.
    "busy_timeout": 5000,
    "synchronous": "normal",
}


POOLED_SCHEMES = ("postgres", "postgresql")


def make_database(url: str, *, pool: dict | None = None):
    """Build (but do not open) a peewee database for ``url``.

    With ``pool`` (``max_connections``, ``stale_timeout``), the database keeps its
    connections open between requests (``playhouse.pool``): closing one hands it back,
    rolled back if a transaction was left open. For SQLite this saves opening the file,
    setting the pragmas (four statements) and, in WAL mode, the checkpoint that closing
    the last connection does: together about as long as a whole small page.
    """
    scheme, _, rest = url.partition("://")
    if url.startswith("sqlite"):
        if pool and scheme == "sqlite":
            # A pooled connection may serve another thread later (never two at once).
            return connect(
                f"sqlite+pool://{rest}",
                pragmas=SQLITE_PRAGMAS,
                timeout=5,
                check_same_thread=False,
                **pool,
            )
        return connect(url, pragmas=SQLITE_PRAGMAS, timeout=5)
    if pool and scheme in POOLED_SCHEMES:
        return connect(f"{scheme}+pool://{rest}", **pool)
    return connect(url)


def connect_database(url: str, *, pool: dict | None = None):
    """Point the shared proxy at the database for ``url`` and return it.

    A pool the proxy pointed at before gives its idle connections back to the server
    (a process that binds anew, as each test's app does, would otherwise keep them).
    """
    previous = database.obj
    db = make_database(url, pool=pool)
    database.initialize(db)
    if isinstance(previous, PooledDatabase) and previous is not db:
        previous.close_idle()
    return db


def is_postgres(db=None) -> bool:
    target = db or database.obj
    return isinstance(target, PostgresqlDatabase)


def is_sqlite(db=None) -> bool:
    target = db or database.obj
    return isinstance(target, SqliteDatabase)


def utcnow() -> dt.datetime:
    """Naive UTC timestamp: the only kind of datetime the database stores."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None)


def write_transaction():
    """A transaction suited to writing on the current backend."""
    if is_sqlite():
        # Take the write lock up front: a deferred transaction that later upgrades can
        # fail with "database is locked" when several processes write at once.
        return database.transaction(lock_type="IMMEDIATE")
    return database.transaction()


def writing():
    """A savepoint inside a running transaction; else a transaction that locks up front.

    SQLite cannot upgrade a deferred transaction that has read once another process has
    written ("database is locked"), so a read-then-write takes the write lock first.
    """
    return database.atomic() if database.in_transaction() else write_transaction()


def insert_rows(model, fields, rows) -> None:
    """Insert ``rows`` (tuples in the order of ``fields``) in bulk.

    For tens of thousands of rows, building each through the query builder costs more
    than the database's own work. On SQLite the rows go as parameters of one prepared
    statement (``executemany``); on PostgreSQL as data of one ``COPY ... FROM STDIN``
    (CSV: every value quoted, ``None`` unquoted and so NULL), twice as fast as a
    multi-row INSERT. Either way no value is ever part of the SQL text. A date or time
    the same on every row may be given as its ISO text (``str(value)``, what both backends
    store), so that it is converted once rather than per row.
    """
    if not rows:
        return
    columns = ", ".join(f'"{f.column_name}"' for f in fields)
    table = f'"{model._meta.table_name}"'
    cursor = database.cursor()
    if is_postgres():
        data = io.StringIO()
        # The csv module writes a row without NULLs the same way as _copy_line, in C.
        writer = csv.writer(data, quoting=csv.QUOTE_ALL, lineterminator="\n")
        for row in rows:
            if None in row:
                data.write(_copy_line(row))
            else:
                writer.writerow(row)
        data.seek(0)
        cursor.copy_expert(f"COPY {table} ({columns}) FROM STDIN WITH (FORMAT csv)", data)
    else:
        marks = ", ".join("?" * len(fields))
        cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", rows)


def _copy_line(row) -> str:
    """One CSV line of COPY: each value quoted (quotes doubled), None left empty (NULL)."""
    return ",".join("" if v is None else '"' + str(v).replace('"', '""') + '"' for v in row) + "\n"


class Prepared:
    """A peewee SELECT turned into SQL once per database, then run with new parameters.

    Building a peewee query and turning it into SQL costs more than running a small one;
    a statement asked on every request (the sign-in session, the student's name) is
    built once. ``build(**stand_ins)`` is called once per database with a stand-in value
    for each named parameter (``kinds``: name → ``str``, ``int`` or ``datetime``); their
    places in the SQL's parameters are noted, and ``rows(**values)`` runs the same SQL
    with the values in those places, read by the query itself (models, joins, types).
    Only values go in parameters: nothing of one call is kept for the next.
    """

    def __init__(self, build, **kinds: type):
        self._build = build
        self._kinds = kinds
        self._compiled: dict[int, tuple] = {}

    def _compile(self, db) -> tuple:
        stand_ins = {name: _stand_in(kind, i) for i, (name, kind) in enumerate(self._kinds.items())}
        query = self._build(**stand_ins)
        sql, params = query.sql()
        names = {(type(v), v): name for name, v in stand_ins.items()}
        slots = tuple(names.get((type(p), p)) if _hashable(p) else None for p in params)
        missing = set(stand_ins) - set(slots)
        if missing:
            raise ValueError(f"parameters {sorted(missing)} did not reach the SQL unchanged")
        if len(self._compiled) >= 4:
            self._compiled.clear()  # databases used before (tests bind a new one each time)
        compiled = self._compiled[id(db)] = (db, query, sql, tuple(params), slots)
        return compiled

    def rows(self, **values):
        """The query's rows (a peewee cursor wrapper) for these parameter values."""
        db = database.obj
        compiled = self._compiled.get(id(db))
        if compiled is None or compiled[0] is not db:
            compiled = self._compile(db)
        _, query, sql, params, slots = compiled
        bound = [p if s is None else values[s] for p, s in zip(params, slots, strict=True)]
        return query._get_cursor_wrapper(execute_built(sql, bound))

    def first(self, **values):
        """The first row for these parameter values, or None."""
        return next(iter(self.rows(**values)), None)


def execute_built(sql: str, params: list):
    """Run a statement that is built once per process (``Prepared`` and its kin).

    On PostgreSQL the statement is prepared on the server once per connection (``PREPARE``)
    and then only executed: planning the same statement on every request cost more than
    running it (My data's counts and next deletion date, twenty UNION ALL branches each:
    7 ms of planning against 1 ms of work). SQLite's driver keeps compiled statements
    itself. A statement with a parameter whose type cannot be told (None) runs unprepared.
    Connection poolers that share server sessions between clients (PgBouncer in
    transaction mode) do not keep prepared statements: see the README's production notes.
    """
    db = database.obj
    types = _parameter_types(params) if is_postgres(db) else None
    if types is None:
        return database.execute_sql(sql, params)
    name = "portal_" + hashlib.blake2b(f"{types}{sql}".encode(), digest_size=8).hexdigest()
    connection = db.connection()
    prepared = _prepared_on.setdefault(connection, set())
    if name not in prepared:
        with connection.cursor() as cursor:  # not counted as one of the page's statements
            declared = f" ({', '.join(types)})" if types else ""
            cursor.execute(f"PREPARE {name}{declared} AS {_numbered(sql)}")
        prepared.add(name)
    arguments = f" ({', '.join(['%s'] * len(params))})" if params else ""
    return database.execute_sql(f"EXECUTE {name}{arguments}", params)


_prepared_on: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_PG_TYPES = (
    (bool, "boolean"),
    (int, "bigint"),
    (float, "double precision"),
    (Decimal, "numeric"),
    (str, "text"),
    (dt.datetime, "timestamp"),
    (dt.date, "date"),
)


def _parameter_types(params) -> tuple[str, ...] | None:
    types = []
    for value in params:
        kind = next((name for t, name in _PG_TYPES if isinstance(value, t)), None)
        if kind is None:
            return None
        types.append(kind)
    return tuple(types)


def _numbered(sql: str) -> str:
    """psycopg2's ``%s`` placeholders as PostgreSQL's ``$1, $2, …`` (and ``%%`` as ``%``)."""
    number = itertools.count(1)
    return re.sub(r"%%|%s", lambda m: "%" if m.group() == "%%" else f"${next(number)}", sql)


def _stand_in(kind: type, i: int):
    if kind is str:
        return f"\x1fstand-in {i}\x1f"
    if kind is int:
        return -7_310_977_131 - i
    if kind is dt.datetime:
        return dt.datetime(1001, 2, 3, 4, 5, i)
    raise TypeError(f"no stand-in for {kind}")


def _hashable(value) -> bool:
    try:
        hash(value)
    except TypeError:
        return False
    return True


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
