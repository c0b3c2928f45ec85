"""Interoperability: another Yjs implementation (JavaScript ``yjs`` under Node, installed by
.ci/run into tests/interop) reads the update inside an exported bundle, following only
docs/bundle-format.md: a ZIP, and ``meetings/<id>.yupdate`` in it."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.store import agenda, minutes
from euromed_desktop.store.store import Store
from euromed_desktop.sync import export_sync

INTEROP = Path(__file__).parent / "interop"


def node_with_yjs() -> str:
    node = shutil.which("node")
    if node is None:
        if os.environ.get("CI"):
            pytest.fail("node is required in CI for the interoperability test")
        pytest.skip("Node.js is not installed; the Yjs interoperability test needs it")
    if not (INTEROP / "node_modules" / "yjs").is_dir():
        pytest.fail("run `npm ci --prefix tests/interop` first (.ci/run does)")
    return node


def test_javascript_yjs_reads_an_exported_bundle(
    store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    node = node_with_yjs()
    item = agenda.add(store, meeting.id, title="Ouverture")
    text = "La réunion s'ouvre à Tunis — الجلسة الافتتاحية, 10:00."
    block = minutes.add_block(store, meeting.id, item.id, text=text, lang="fr")
    minutes.insert_text_at(store, meeting.id, block.id, len(text), " ✓")
    path = tmp_path / "meeting.euromed"
    export_sync(store, path, [meeting.id])
    update_file = tmp_path / "update.bin"
    with zipfile.ZipFile(path) as archive:
        update_file.write_bytes(archive.read(f"meetings/{meeting.id}.yupdate"))

    done = subprocess.run(
        [node, str(INTEROP / "decode.mjs"), str(update_file), meeting.id],
        capture_output=True,
        text=True,
        encoding="utf-8",
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    decoded = json.loads(done.stdout)
    assert decoded["title"] == {
        "en": "Legal migration pathways",
        "fr": "Voies de migration légale",
    }
    assert decoded["blocks"][block.id] == {"text": text + " ✓", "lang": "fr"}
