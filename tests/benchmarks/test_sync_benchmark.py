"""Benchmark of exchange by file on the large meeting (opt-in: pytest -m benchmark -s).

Prints: export time, bundle size and its ratio to a plain JSON dump of the same records,
import time into an empty database and into one that already has the meeting, and the size of
a delta bundle after a 1,000-character edit. Figures, not asserts.
"""

from __future__ import annotations

import dataclasses
import json
import random
import time
from pathlib import Path

import pytest

from euromed_desktop.store import minutes, queries
from euromed_desktop.store.collections import COLLECTIONS
from euromed_desktop.store.store import Store
from euromed_desktop.sync import export_sync, import_bundle, read_receipt, write_receipt
from euromed_desktop.sync.device import rename
from tests.benchmarks.test_engine_benchmark import build, sentence

pytestmark = pytest.mark.benchmark


def plain_json(store: Store, meeting_id: str) -> bytes:
    document = store.document(meeting_id)
    data = {c.root: [dataclasses.asdict(e) for e in document.entities(c)] for c in COLLECTIONS}
    return json.dumps(data, ensure_ascii=False, default=str).encode("utf-8")


def timed(action):  # type: ignore[no-untyped-def]
    start = time.perf_counter()
    result = action()
    return result, time.perf_counter() - start


def test_sync_large_meeting(tmp_path: Path) -> None:
    rng = random.Random(20260310)
    amina = rename("Amina", "Amina", tmp_path / "keys-a")
    bruno = rename("Bruno", "Bruno", tmp_path / "keys-b")
    with Store(tmp_path / "a.sqlite") as source:
        meeting_id, blocks = build(source, rng)
    # Reopen, as after a restart: the log is compacted and the document loaded once.
    source = Store(tmp_path / "a.sqlite")
    source.document(meeting_id)
    bundle = tmp_path / "full.euromed"
    result, export_s = timed(lambda: export_sync(source, bundle, [meeting_id], key=amina))
    json_size = len(plain_json(source, meeting_id))
    _, encrypted_s = timed(
        lambda: export_sync(
            source, tmp_path / "enc.euromed", [meeting_id], passphrase="pw", key=amina
        )
    )

    with Store(tmp_path / "b.sqlite") as target:
        _, empty_s = timed(lambda: import_bundle(target, bundle, key=bruno))
        assert queries.counts(target, meeting_id).blocks == len(blocks)
    with Store(tmp_path / "b.sqlite") as target:
        target.document(meeting_id)
        again, again_s = timed(lambda: import_bundle(target, bundle, key=bruno))
        assert not again.changed
        write_receipt(target, tmp_path / "receipt.euromed", key=bruno)
    _, own_s = timed(lambda: import_bundle(source, bundle, key=amina))

    minutes.insert_text_at(source, meeting_id, blocks[7], 0, sentence(rng, "fr", 1000))
    delta = tmp_path / "delta.euromed"
    since = read_receipt(tmp_path / "receipt.euromed")
    delta_result = export_sync(source, delta, [meeting_id], since=since, key=amina)
    with Store(tmp_path / "b.sqlite") as target:
        target.document(meeting_id)
        _, delta_s = timed(lambda: import_bundle(target, delta, key=bruno))
    source.close()

    print()
    print(f"large meeting: 2000 participants, 300 agenda items, {len(blocks)} blocks")
    print(f"export (full, signed):        {export_s * 1000:8.0f} ms")
    print(f"export (full, encrypted):     {encrypted_s * 1000:8.0f} ms")
    print(f"bundle size:                  {result.size / 1e6:8.2f} MB")
    print(f"plain JSON of the same data:  {json_size / 1e6:8.2f} MB")
    print(f"bundle / JSON:                {result.size / json_size:8.2f}")
    print(f"import into an empty DB:      {empty_s * 1000:8.0f} ms")
    print(f"import again (has it all):    {again_s * 1000:8.0f} ms")
    print(f"import own export:            {own_s * 1000:8.0f} ms")
    print(f"delta after a 1,000-char edit:{delta_result.size:8d} bytes")
    print(f"import of that delta:         {delta_s * 1000:8.0f} ms")
