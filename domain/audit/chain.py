"""The hash chain that makes the audit trail tamper-evident.

Every event has a position ``seq`` (1, 2, 3, … without gaps) and ``record_hash``: SHA-256
over a canonical serialisation of its fields and the previous event's hash. Changing,
removing or slipping in an event breaks the chain at that point, and ``verify`` names
the first event where it breaks.

- Appends are serialised, so two web processes never chain onto the same head: on
  PostgreSQL a transaction-level advisory lock, on SQLite the database's write lock
  (``writing()`` takes it up front). The lock is held until the caller's transaction ends.
- The person is hashed as ``subject_digest`` = SHA-256 of a random per-person salt and the
  person's id. The salt (``AuditSubject``) goes with the person, so after an erasure the
  events' digests link to nobody, yet the chain still verifies (the foreign key is then
  empty, which the database does by itself).
- Retention removes events oldest first (``remove_oldest``). Each run of removed events
  leaves an ``AuditCheckpoint`` with the hash of its last event, in the same transaction:
  verification continues from that hash. Events kept back in the middle (a person on
  hold) simply split the removed events into runs; adjacent checkpoints are merged so the
  table stays small.
"""

from __future__ import annotations

import bisect
import datetime as dt
import hashlib
import json
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from peewee import JOIN, SQL, Select, Value, chunked, fn

from domain.core.db import database, is_postgres, utcnow, writing
from domain.models import AuditCheckpoint, AuditEvent, AuditSubject

# Bumped if the serialisation ever changes; part of what is hashed.
VERSION = 1
GENESIS = "0" * 64
# An arbitrary, fixed 64-bit key naming "the audit chain" among advisory locks
# (next to domain.retention.lock's key for the retention run).
ADVISORY_KEY = 7_355_608_202
# Ids per IN list: well under SQLite's and PostgreSQL's limits on bound parameters.
_IDS_PER_QUERY = 10_000


# The hashed fields, by their name in the serialisation (sorted: the serialisation's order).
_HASHED = {
    "action": "action",
    "actor": "actor",
    "at": "occurred_at",
    "categories": "categories",
    "detail": "detail",
    "reason": "reason",
    "role": "actor_role",
    "seq": "seq",
    "subject": "subject_digest",
}
_ORDER = sorted([*_HASHED, "prev", "v"])


def _json(value) -> str:
    return json.dumps(value, ensure_ascii=False)


def _encoded(row: dict) -> dict[str, str]:
    """Each hashed field of ``row`` as JSON text; the time to the microsecond."""
    values = {key: row[name] for key, name in _HASHED.items()}
    values["at"] = values["at"].isoformat(timespec="microseconds")
    return {key: _json(value) for key, value in values.items()}


def _hash(encoded: dict[str, str], prev: str) -> str:
    """SHA-256 of the canonical serialisation: a JSON object with sorted keys, no spaces.

    The same text as ``json.dumps(fields, sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)``, which migration 0013 uses; written out so that a call for many
    persons encodes the fields they share only once.
    """
    fields = {**encoded, "prev": _json(prev), "v": _json(VERSION)}
    text = "{" + ",".join(f'"{key}":{fields[key]}' for key in _ORDER) + "}"
    return hashlib.sha256(text.encode()).hexdigest()


def link(row: dict, prev: str) -> str:
    """The hash of ``row`` chained to ``prev``."""
    return _hash(_encoded(row), prev)


def digest(salt: str, person_id: int) -> str:
    """The person as the chain holds them: their id, hashed with their own salt."""
    return hashlib.sha256(f"{salt}:{person_id}".encode()).hexdigest()


def lock() -> None:
    """Serialise appends and removals until the current transaction ends.

    On SQLite the write transaction the caller holds already does this.
    """
    if is_postgres():
        database.execute_sql("SELECT pg_advisory_xact_lock(%s)", (ADVISORY_KEY,))


def head() -> tuple[int, str]:
    """The last position and hash of the chain: its newest event or removed run."""
    found = [
        AuditEvent.select(AuditEvent.seq, AuditEvent.record_hash)
        .order_by(AuditEvent.seq.desc())
        .limit(1)
        .tuples()
        .first(),
        AuditCheckpoint.select(AuditCheckpoint.last_seq, AuditCheckpoint.last_hash)
        .order_by(AuditCheckpoint.last_seq.desc())
        .limit(1)
        .tuples()
        .first(),
    ]
    return max((f for f in found if f), default=(0, GENESIS))


def _json_rows(rows: list[list], types: tuple[str, ...]):
    """``rows`` as a FROM source read from one JSON parameter, and an expression per column.

    ``types`` are the columns' PostgreSQL types. However many rows, the statement has one
    parameter for them (PostgreSQL ``jsonb_array_elements``, SQLite ``json_each``), so it
    stays one statement under both databases' limits on bound parameters.
    """
    p, payload = database.param, json.dumps(rows)
    if is_postgres():
        source = SQL(f"jsonb_array_elements(CAST({p} AS jsonb)) AS r", [payload])
        return source, [SQL(f"CAST(r.value->>{i} AS {t})") for i, t in enumerate(types)]
    source = SQL(f"json_each({p}) AS r", [payload])
    return source, [fn.json_extract(SQL("r.value"), f"$[{i}]") for i in range(len(types))]


def _digests(person_ids: list[int]) -> dict[int, str]:
    """Each person's digest; a person seen for the first time gets a salt.

    Always the same two statements, whoever is new: offer a fresh salt for everyone and
    let the database keep those of persons without one (the chain's lock is held, so no
    one else adds salts meanwhile), then read them all back.
    """
    if not person_ids:
        return {}
    offered = [[pid, secrets.token_hex(16)] for pid in person_ids]
    source, (person, salt) = _json_rows(offered, ("integer", "text"))
    new = Select(from_list=[source], columns=[person, salt]).where(
        person.not_in(AuditSubject.select(AuditSubject.person))
    )
    AuditSubject.insert_from(new, [AuditSubject.person, AuditSubject.salt]).execute()
    source, (wanted,) = _json_rows([[pid] for pid in person_ids], ("integer",))
    salts = dict(
        AuditSubject.select(AuditSubject.person, AuditSubject.salt)
        .where(AuditSubject.person.in_(Select(from_list=[source], columns=[wanted])))
        .tuples()
    )
    return {pid: digest(salts[pid], pid) for pid in person_ids}


_SHARED = ("actor", "actor_role", "action", "categories", "reason", "detail", "occurred_at")
_PER_ROW = ("seq", "person", "subject_digest", "record_hash")


def append(shared: dict, person_ids: Iterable[int | None], at: dt.datetime | None = None) -> int:
    """Chain one event per person (``None``: an event about no person); return how many.

    ``shared`` holds the fields every event of the call has in common. The time is taken
    under the lock, so that ``seq`` order is time order, unless ``at`` gives it (an
    import of older events, tests). One INSERT writes them all, however many persons.
    """
    persons = list(dict.fromkeys(person_ids))
    if not persons:
        return 0
    with writing():
        lock()
        seq, prev = head()
        digests = _digests([p for p in persons if p is not None])
        common = {**shared, "occurred_at": at or utcnow()}
        same = _encoded({**common, "seq": None, "subject_digest": None})
        rows = []
        for pid in persons:
            seq += 1
            row = {"seq": seq, "person": pid, "subject_digest": digests.get(pid)}
            encoded = {**same, "seq": _json(seq), "subject": _json(row["subject_digest"])}
            row["record_hash"] = prev = _hash(encoded, prev)
            rows.append(row)
        _insert(common, rows)
    return len(rows)


def _insert(common: dict, rows: list[dict]) -> None:
    """One INSERT … SELECT: the shared values as parameters, the rows as one JSON array."""
    source, per_row = _json_rows(
        [[row[k] for k in _PER_ROW] for row in rows], ("bigint", "integer", "text", "text")
    )
    shared = [Value(common[k], converter=getattr(AuditEvent, k).db_value) for k in _SHARED]
    query = Select(from_list=[source], columns=[*shared, *per_row])
    fields = [getattr(AuditEvent, k) for k in (*_SHARED, *_PER_ROW)]
    AuditEvent.insert_from(query, fields).as_rowcount().execute()


# --- Retention: removing the oldest events ---------------------------------------------------


def remove_oldest(where, limit: int) -> int:
    """Delete up to ``limit`` of the oldest events matching ``where``; return how many.

    In the caller's transaction, under the chain's lock: the removed events and the
    checkpoints that bridge them commit or roll back together.
    """
    lock()
    chosen = list(
        AuditEvent.select(AuditEvent.id, AuditEvent.seq, AuditEvent.record_hash)
        .where(where)
        .order_by(AuditEvent.seq)
        .limit(limit)
        .tuples()
    )
    if not chosen:
        return 0
    low, high = chosen[0][1], chosen[-1][1]
    chosen_seqs = {seq for _, seq, _ in chosen}
    kept = sorted(
        seq
        for (seq,) in AuditEvent.select(AuditEvent.seq)
        .where(AuditEvent.seq.between(low, high))
        .tuples()
        if seq not in chosen_seqs
    )
    _checkpoint(_runs(chosen, kept))
    ids = [id_ for id_, _, _ in chosen]
    for chunk in chunked(ids, _IDS_PER_QUERY):
        AuditEvent.delete().where(AuditEvent.id.in_(chunk)).execute()
    return len(ids)


def _runs(chosen, kept: list[int]) -> list[tuple[int, int, str, int]]:
    """Split the chosen events (by seq) where a kept event lies between two of them.

    Returns (first seq, last seq, hash of the last, count) per run.
    """
    runs: list[tuple[int, int, str, int]] = []
    for _, seq, record_hash in chosen:
        if runs:
            first, last, _, count = runs[-1]
            # A kept event between the run's last and this one starts a new run.
            if bisect.bisect_left(kept, last) == bisect.bisect_left(kept, seq):
                runs[-1] = (first, seq, record_hash, count + 1)
                continue
        runs.append((seq, seq, record_hash, 1))
    return runs


def _checkpoint(runs) -> None:
    """Store a checkpoint per run, merged with a checkpoint that directly adjoins it."""
    now = utcnow()
    for first, last, last_hash, count in runs:
        before = AuditCheckpoint.get_or_none(AuditCheckpoint.last_seq == first - 1)
        after = AuditCheckpoint.get_or_none(AuditCheckpoint.first_seq == last + 1)
        if before is not None:
            first, count = before.first_seq, count + before.removed_count
        if after is not None:
            last, last_hash, count = after.last_seq, after.last_hash, count + after.removed_count
        stale = [c.id for c in (before, after) if c is not None]
        if stale:
            AuditCheckpoint.delete().where(AuditCheckpoint.id.in_(stale)).execute()
        AuditCheckpoint.create(
            first_seq=first, last_seq=last, last_hash=last_hash, removed_count=count, removed_at=now
        )


# --- Verification ---------------------------------------------------------------------------


@dataclass
class Verdict:
    """The outcome of ``verify``: valid, or the first broken link and what is wrong there.

    ``broken_seq`` is the position where the chain breaks (for missing events: the first
    missing one); ``broken_id`` the id of the event at which the break shows.
    """

    checked: int
    head_seq: int
    head_hash: str
    broken_seq: int | None = None
    broken_id: int | None = None
    problem: str | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


MISSING = "missing"  # events removed without a retention checkpoint
ALTERED = "altered"  # the event's hash does not match its fields and its predecessor
SUBJECT = "subject"  # the event's person is not the person it was written about
UNLINKED = "unlinked"  # the event lost its person while that person still exists


def verify(batch_size: int = 5000) -> Verdict:
    """Walk the whole chain in ``seq`` order, in batches; stop at the first broken link."""
    checkpoints = {c.first_seq: c for c in AuditCheckpoint.select()}
    expected, prev, checked, after = 1, GENESIS, 0, 0
    orphaned: dict[str, tuple[int, int]] = {}  # digest -> (seq, id) of events without person
    while True:
        rows = list(
            AuditEvent.select(AuditEvent, AuditSubject.salt)
            .join(AuditSubject, JOIN.LEFT_OUTER, on=AuditSubject.person == AuditEvent.person)
            .where(AuditEvent.seq > after)
            .order_by(AuditEvent.seq)
            .limit(batch_size)
            .dicts()
        )
        for row in rows:
            while row["seq"] != expected:
                bridge = checkpoints.get(expected)
                if bridge is None or bridge.last_seq >= row["seq"]:
                    return Verdict(checked, expected - 1, prev, expected, row["id"], MISSING)
                expected, prev = bridge.last_seq + 1, bridge.last_hash
            if row["person"] is not None and (
                row["salt"] is None or digest(row["salt"], row["person"]) != row["subject_digest"]
            ):
                return Verdict(checked, expected - 1, prev, row["seq"], row["id"], SUBJECT)
            if link(row, prev) != row["record_hash"]:
                return Verdict(checked, expected - 1, prev, row["seq"], row["id"], ALTERED)
            if row["person"] is None and row["subject_digest"] is not None:
                orphaned.setdefault(row["subject_digest"], (row["seq"], row["id"]))
            expected, prev, checked = row["seq"] + 1, row["record_hash"], checked + 1
        if len(rows) < batch_size:
            break
        after = rows[-1]["seq"]
    while expected in checkpoints:  # the newest events may all have been removed
        bridge = checkpoints[expected]
        expected, prev = bridge.last_seq + 1, bridge.last_hash
    verdict = Verdict(checked, expected - 1, prev)
    if orphaned:
        _check_orphans(orphaned, verdict)
    return verdict


def _check_orphans(orphaned: dict[str, tuple[int, int]], verdict: Verdict) -> None:
    """An event whose person was emptied must not belong to a person who still exists."""
    first = None
    for person_id, salt in AuditSubject.select(AuditSubject.person, AuditSubject.salt).tuples():
        hit = orphaned.get(digest(salt, person_id))
        if hit and (first is None or hit < first):
            first = hit
    if first is not None:
        verdict.broken_seq, verdict.broken_id = first
        verdict.problem = UNLINKED
