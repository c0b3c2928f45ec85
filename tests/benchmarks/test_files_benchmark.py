"""How long an organiser waits for a large registration list: 10,000 participants from XLSX,
read and previewed, then imported; and the re-import of the same sheet (all updates)."""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
from openpyxl import Workbook

from euromed_desktop.files import lists_export
from euromed_desktop.files import participants_import as importer
from euromed_desktop.store import meetings, queries
from euromed_desktop.store.store import Store

COUNTRIES = ["Tunisie", "المغرب", "JO", "Egypt", "France", "საქართველო", "Liban", "DE"]


def registrations(path: Path, count: int) -> Path:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Inscriptions")
    sheet.append(["Prénom", "Nom", "Courriel", "Pays", "Organisme", "Fonction", "Genre", "Tél."])
    for n in range(count):
        sheet.append(
            [
                f"Prénom{n}",
                f"حداد{n}" if n % 3 == 0 else f"Nom{n}",
                f"p{n}@example.org",
                COUNTRIES[n % len(COUNTRIES)],
                f"Organisation {n % 40}",
                "Conseiller",
                "F" if n % 2 else "H",
                f"+216 71 {n:06d}",
            ]
        )
    book.save(path)
    return path


@pytest.mark.benchmark
def test_ten_thousand_participants_from_xlsx(tmp_path: Path) -> None:
    count = 10_000
    path = registrations(tmp_path / "registrations.xlsx", count)
    with Store(tmp_path / "bench.sqlite") as store:
        meeting = meetings.create(
            store,
            title={"fr": "Dialogue"},
            start=date(2026, 3, 10),
            end=date(2026, 3, 11),
            country="TN",
            languages=["fr"],
        )
        started = time.perf_counter()
        checked = importer.preview_file(store, meeting.id, path)
        preview = time.perf_counter() - started
        assert checked.count("new") == count and not checked.problem_rows

        started = time.perf_counter()
        importer.import_preview(store, meeting.id, checked)
        write = time.perf_counter() - started
        assert len(queries.participants(store, meeting.id)) == count

        started = time.perf_counter()
        again = importer.preview_file(store, meeting.id, path)
        importer.import_preview(store, meeting.id, again)
        reimport = time.perf_counter() - started
        assert again.count("update") == count

        started = time.perf_counter()
        lists_export.export_participants(store, meeting.id, tmp_path / "out.xlsx")
        export = time.perf_counter() - started
    print(
        f"\n{count} participants from XLSX: read + preview {preview:.2f} s, "
        f"import {write:.2f} s, re-import (preview + update) {reimport:.2f} s, "
        f"export to XLSX {export:.2f} s"
    )
