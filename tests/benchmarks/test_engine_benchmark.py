"""Benchmark of the meeting engine on a large meeting (opt-in: pytest -m benchmark -s).

2,000 participants, 300 agenda items, 5,000 minutes blocks (about 1 M characters). Prints the
time to build, to open (document load and projection ready), the latency of a keystroke-sized
edit made durable, full-text query latency, and the database size. Figures, not asserts.
"""

from __future__ import annotations

import random
import statistics
import time
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest

from euromed_desktop.store import agenda, meetings, minutes, participants, queries
from euromed_desktop.store.store import Store

pytestmark = pytest.mark.benchmark

WORDS = {
    "en": "the meeting agreed that skills partnerships labour mobility recognition of "
    "qualifications fair recruitment diaspora remittances circular migration pilot project "
    "employers trade unions ministry agency training apprentices vacancies".split(),
    "fr": "la réunion a souligné que les partenariats pour les compétences la mobilité "
    "reconnaissance des qualifications recrutement équitable diaspora employeurs syndicats "
    "ministère formation apprentis".split(),
    "ar": "أكد المشاركون أهمية الشراكات في مجال المهارات وتنقل اليد العاملة والاعتراف "
    "بالمؤهلات والتوظيف العادل ودور الجاليات وأصحاب العمل والنقابات".split(),
}
COUNTRIES = ["TN", "MA", "DZ", "EG", "JO", "LB", "PS", "FR", "IT", "ES", "DE", "BE", "MT", "GR"]


def sentence(rng: random.Random, lang: str, length: int) -> str:
    words: list[str] = []
    while sum(len(w) + 1 for w in words) < length:
        words.append(rng.choice(WORDS[lang]))
    return " ".join(words)[:length]


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def build(store: Store, rng: random.Random) -> tuple[str, list[str]]:
    start = date(2026, 3, 9)
    meeting = meetings.create(
        store,
        title="Large benchmark meeting",
        start=start,
        end=start + timedelta(days=4),
        country="TN",
        languages=["en", "fr", "ar"],
    )
    with store.transaction():
        for n in range(2000):
            participants.add(
                store,
                meeting.id,
                family_name=f"Family{n}",
                given_name=f"Given{n}",
                organisation=sentence(rng, "en", 30),
                country=rng.choice(COUNTRIES),
                email=f"person{n}@example.org",
                attendance={(start + timedelta(days=d)).isoformat(): True for d in range(2)},
            )
    items: list[str] = []
    with store.transaction():
        for s in range(60):
            day = start + timedelta(days=s // 12)
            hour = 8 + (s % 12) // 1
            when = datetime(day.year, day.month, day.day, min(hour, 20))
            session = agenda.add(
                store, meeting.id, title=f"Session {s}", start=when, end=when + timedelta(hours=1)
            )
            items.append(session.id)
            for i in range(4):
                items.append(
                    agenda.add(store, meeting.id, title=f"Item {s}.{i}", parent_id=session.id).id
                )
    assert len(items) == 300
    for _batch in range(10):
        with store.transaction():
            for _ in range(500):
                lang = rng.choice(["en", "en", "fr", "ar"])
                minutes.add_block(
                    store,
                    meeting.id,
                    rng.choice(items),
                    text=sentence(rng, lang, 200),
                    lang=lang,
                )
    blocks = [b.id for b in queries.blocks(store, meeting.id)]
    return meeting.id, blocks


def test_large_meeting(tmp_path: Path) -> None:
    rng = random.Random(20260310)
    path = tmp_path / "large.sqlite"
    t0 = time.perf_counter()
    with Store(path) as store:
        meeting_id, blocks = build(store, rng)
        build_s = time.perf_counter() - t0
        characters = sum(len(b.text) for b in queries.blocks(store, meeting_id))

    t0 = time.perf_counter()
    with Store(path) as store:
        store.document(meeting_id)
        queries.meeting(store, meeting_id)
    first_open_s = time.perf_counter() - t0  # includes compacting the build's log

    opens = []
    for _ in range(5):
        t0 = time.perf_counter()
        store = Store(path)
        store.document(meeting_id)
        queries.meeting(store, meeting_id)
        opens.append(time.perf_counter() - t0)
        store.close()

    with Store(path) as store:
        store.document(meeting_id)
        edits = []
        for n in range(1000):
            block = blocks[n % 50]
            t0 = time.perf_counter()
            minutes.insert_text_at(store, meeting_id, block, n % 40, "k")
            edits.append(time.perf_counter() - t0)
        searches = []
        for query in ["skills partnerships", "recrutement", "الشراكات", "Family1234", "appr"] * 20:
            t0 = time.perf_counter()
            queries.search(store, query, meeting_id)
            searches.append(time.perf_counter() - t0)
        assert store.check().healthy

    size_mb = path.stat().st_size / 1e6
    print()
    print(
        f"large meeting: 2000 participants, 300 agenda items, {len(blocks)} blocks, "
        f"{characters:,} characters"
    )
    print(f"build:                      {build_s:8.1f} s")
    print(f"first open (with compaction): {first_open_s * 1000:6.0f} ms")
    print(f"open (median of 5):         {statistics.median(opens) * 1000:8.0f} ms")
    print(
        f"keystroke edit, durable:    p50 {percentile(edits, 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(edits, 0.99) * 1000:.2f} ms"
    )
    print(
        f"search:                     p50 {percentile(searches, 0.5) * 1000:.2f} ms, "
        f"p99 {percentile(searches, 0.99) * 1000:.2f} ms"
    )
    print(f"database size:              {size_mb:8.1f} MB")
