"""After the rush: is every acknowledged submission in the database exactly once, as it was sent?

Plain SQL through SQLAlchemy on response_versions and responses; the app is not imported, so
the check reads what is stored, not what the models make of it.
"""
from __future__ import annotations

import json
from collections import Counter, defaultdict

from sqlalchemy import create_engine, text

from tests.load.client import Ack

VERSIONS = text("""
    SELECT rv.submission_key, rv.number, rv.snapshot, rv.response_id, c.name
    FROM response_versions rv
    JOIN responses r ON r.id = rv.response_id
    JOIN consultees c ON c.id = r.consultee_id
""")
RESPONSES = text("SELECT c.name, r.status FROM responses r JOIN consultees c ON c.id = r.consultee_id")
IGNORED = {"version", "submitted_at", "is_late"}


def engine_url(url: str) -> str:
    """SQLAlchemy 2 wants the psycopg 3 driver named."""
    if url.startswith("postgres://"):
        url = "postgresql://" + url.removeprefix("postgres://")
    if url.startswith("postgresql://"):
        return "postgresql+psycopg://" + url.removeprefix("postgresql://")
    return url


def verify(url: str, acks: list[Ack]) -> dict:
    """lost, duplicated, mismatched and not_submitted counts, and what was stored without an ack."""
    engine = create_engine(engine_url(url))
    try:
        with engine.connect() as connection:
            versions = [_row(r) for r in connection.execute(VERSIONS)]
            statuses = dict(connection.execute(RESPONSES).all())
    finally:
        engine.dispose()
    stored = defaultdict(list)
    for version in versions:
        stored[version["key"]].append(version)
    acked = {}
    for ack in acks:
        acked.setdefault(ack.key, ack)
    lost = [key for key in acked if key not in stored]
    duplicated = sum(len(rows) - 1 for rows in stored.values() if len(rows) > 1) + _same_content_twice(versions)
    mismatched = sum(1 for key, ack in acked.items() if key in stored and not _matches(stored[key][0], ack))
    receipts = Counter((ack.key, ack.number) for ack in acks)
    split = len({key for key, _ in receipts}) != len(receipts)  # one key answered with two receipt numbers
    consultees = {ack.consultee for ack in acks}
    return {
        "acknowledged": len(acked),
        "acknowledged_responses": len(acks),
        "lost": len(lost),
        "duplicated": duplicated,
        "mismatched": mismatched + int(split),
        "not_submitted": sum(1 for name in consultees if statuses.get(name) != "submitted"),
        "stored_versions": len(versions),
        "stored_unacknowledged": sum(1 for key in stored if key not in acked),
        "gaps_in_numbering": _gaps(versions),
    }


def _row(row) -> dict:
    snapshot = row.snapshot if isinstance(row.snapshot, dict) else json.loads(row.snapshot)
    return {"key": row.submission_key, "number": row.number, "snapshot": snapshot,
            "response_id": row.response_id, "consultee": row.name}


def _content(snapshot: dict) -> str:
    return json.dumps({k: v for k, v in snapshot.items() if k not in IGNORED}, sort_keys=True)


def _same_content_twice(versions: list[dict]) -> int:
    """Versions of one response whose content equals another's: a submit stored twice under new keys."""
    seen = Counter((v["response_id"], _content(v["snapshot"])) for v in versions)
    return sum(n - 1 for n in seen.values() if n > 1)


def _gaps(versions: list[dict]) -> int:
    numbers = defaultdict(list)
    for version in versions:
        numbers[version["response_id"]].append(version["number"])
    return sum(1 for got in numbers.values() if sorted(got) != list(range(1, len(got) + 1)))


def _matches(version: dict, ack: Ack) -> bool:
    """The stored version is the acknowledged one: same consultee, receipt number and answers."""
    if version["consultee"] != ack.consultee or version["number"] != ack.number:
        return False
    for answer in version["snapshot"]["answers"]:
        area, question = answer["focus_area_id"], answer["question_id"]
        if answer["kind"] == "position":
            expected = (ack.sent.get(f"pos-{area}"), _clean(ack.sent.get(f"com-{area}", "")))
            got = (answer["position"], answer["text"])
        elif answer["kind"] == "ranking":
            expected, got = ack.sent.get(f"rank-{question}-{area}"), str(answer["rank"])
        else:
            expected, got = _clean(ack.sent.get(f"q-{question}", "")), answer["text"]
        if expected != got:
            return False
    return True


def _clean(value: str) -> str:
    return "\n".join(line.rstrip() for line in value.replace("\r\n", "\n").split("\n")).strip()
