"""The final minutes print the approved version without DRAFT and with who approved them;
the command line lists, compares and restores versions and moves the minutes along."""

from __future__ import annotations

import json
import shutil
import unicodedata
import zipfile
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from euromed_desktop import render
from euromed_desktop.cli import cli
from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.store import agenda, minutes, queries, versions
from euromed_desktop.store.store import Store
from euromed_desktop.sync import export_sync, import_bundle, write_receipt
from euromed_desktop.sync.device import DeviceKey
from tests.conftest import dump
from tests.test_render import pdf_text

needs_poppler = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="needs poppler")


def slanted(path: Path) -> str:
    """Text drawn at an angle on the first page (the watermark; pdftotext skips it)."""
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        found = "".join(c["text"] for c in page.chars if abs(c["matrix"][1]) > 0.1)
    return unicodedata.normalize("NFKC", found)


@pytest.fixture
def block(store: Store, meeting: Meeting) -> str:
    item = agenda.add(store, meeting.id, title="Opening")
    return minutes.add_block(store, meeting.id, item.id, text="Text as approved.").id


@needs_poppler
def test_an_approval_travels_so_another_laptop_prints_the_final_minutes(
    store: Store,
    other: Store,
    meeting: Meeting,
    block: str,
    key_a: DeviceKey,
    key_b: DeviceKey,
    tmp_path: Path,
) -> None:
    versions.set_status(store, meeting.id, "in_review", by="Amina")
    versions.set_status(store, meeting.id, "approved", by="Karim Haddad")
    minutes.set_text(store, meeting.id, block, "Text changed later.")  # a new draft since
    export_sync(store, tmp_path / "a.euromed", [meeting.id], key=key_a)

    summary = import_bundle(other, tmp_path / "a.euromed", key=key_b)
    assert summary.meetings[0].versions == 2
    assert [(v.id, v.approved, v.author) for v in versions.versions(other, meeting.id)] == [
        (v.id, v.approved, v.author) for v in versions.versions(store, meeting.id)
    ]
    final = render.build("minutes", other, meeting.id, tmp_path / "final.pdf", final=True)
    text = pdf_text(final)
    assert "Approved by Karim Haddad on" in text and "Text as approved." in text
    assert "DRAFT" not in slanted(final)

    # Taken in again, or sent back: versions are not doubled, and their states are not sent
    # to a laptop known to hold them.
    before = dump(tmp_path / "other.sqlite")
    again = import_bundle(other, tmp_path / "a.euromed", key=key_b)
    assert not again.changed and dump(tmp_path / "other.sqlite") == before
    # Bruno's receipt lists the versions he holds: they are not sent to him again.
    write_receipt(other, tmp_path / "r.euromed", key=key_b)
    import_bundle(store, tmp_path / "r.euromed", key=key_a)
    forth = tmp_path / "c.euromed"
    export_sync(store, forth, [meeting.id], for_device="Bruno's laptop", key=key_a)
    with zipfile.ZipFile(forth) as archive:
        assert not [n for n in archive.namelist() if n.startswith("versions/")]
    back = tmp_path / "b.euromed"
    export_sync(other, back, [meeting.id], for_device="Amina's laptop", key=key_b)
    with zipfile.ZipFile(back) as archive:
        assert not [n for n in archive.namelist() if n.startswith("versions/")]
        manifest = json.loads(archive.read("manifest.json"))
    assert len(manifest["meetings"][0]["versions"]) == 2
    assert import_bundle(store, back, key=key_a).meetings[0].versions == 0
    assert len(versions.versions(store, meeting.id)) == 2


@needs_poppler
def test_final_minutes_print_the_approved_version(
    store: Store, meeting: Meeting, block: str, tmp_path: Path
) -> None:
    with pytest.raises(ValidationError):
        render.build("minutes", store, meeting.id, tmp_path / "none.pdf", final=True)
    draft = render.build("minutes", store, meeting.id, tmp_path / "draft.pdf")
    assert "DRAFT" in slanted(draft) and "Approved by" not in pdf_text(draft)

    versions.set_status(store, meeting.id, "in_review", by="Amina")
    versions.set_status(store, meeting.id, "approved", by="Karim Haddad")
    approved = render.build("minutes", store, meeting.id, tmp_path / "approved.pdf")
    text = pdf_text(approved)
    assert "DRAFT" not in slanted(approved)
    assert "Approved by Karim Haddad on" in text and "Text as approved." in text

    # Edited afterwards: the current minutes are a draft again, the final ones are not.
    minutes.set_text(store, meeting.id, block, "Text changed later.")
    assert queries.meeting(store, meeting.id).status == "minutes_draft"
    current = render.build("minutes", store, meeting.id, tmp_path / "current.pdf")
    assert "DRAFT" in slanted(current) and "Text changed later." in pdf_text(current)
    final = render.build(
        "minutes", store, meeting.id, tmp_path / "final.pdf", lang="fr", final=True
    )
    text = pdf_text(final)
    assert "Text as approved." in text and "Text changed later." not in text
    assert not slanted(final)
    assert "Karim Haddad" in text


def run(db: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["--db", str(db), *args])
    return result.exit_code, result.output


def test_cli_versions_and_status(db_path: Path, store: Store, meeting: Meeting, block: str) -> None:
    store.close()
    m = meeting.id[:8]
    assert run(db_path, "versions", "take", "--meeting", m, "--name", "Morning")[0] == 0
    code, out = run(db_path, "minutes", "edit", "--meeting", m, block[:8], "--text", "New words.")
    assert code == 0, out
    code, out = run(db_path, "versions", "compare", "--meeting", m, "1")
    assert code == 0 and "Opening" in out
    assert "[-Text as approved-]" in out and "{+New words+}" in out
    code, out = run(db_path, "versions", "compare", "--meeting", m, "1", "--json")
    assert [c["change"] for c in json.loads(out)] == ["changed"]

    code, out = run(db_path, "minutes", "status", "--meeting", m, "approve", "--by", "K")
    assert code == 2 and "review" in out
    assert run(db_path, "minutes", "status", "--meeting", m, "review", "--by", "Amina")[0] == 0
    code, out = run(db_path, "minutes", "status", "--meeting", m, "approve", "--by", "Karim")
    assert code == 0 and "version 3" in out
    code, out = run(db_path, "versions", "list", "--meeting", m, "--json")
    listed = json.loads(out)
    assert [(v["number"], v["status"], v["approved"]) for v in listed] == [
        (1, "planned", False),
        (2, "in_review", False),
        (3, "approved", True),
    ]
    code, out = run(db_path, "versions", "show", "--meeting", m, "1")
    assert code == 0 and "Text as approved." in out and "Morning" in out

    code, out = run(db_path, "versions", "restore", "--meeting", m, "1")
    assert code == 0 and "1 text changed" in out
    code, out = run(db_path, "versions", "restore", "--meeting", m, "1")
    assert code == 0 and "already match" in out
    with Store(db_path) as again:
        assert [b.text for b in queries.blocks(again, meeting.id)] == ["Text as approved."]
        assert queries.meeting(again, meeting.id).status == "minutes_draft"
    code, out = run(db_path, "versions", "show", "--meeting", m, "9")
    assert code == 2 and "No version 9" in out
