"""Certificates of attendance: only people marked present, the right days, in English,
French, Arabic and Georgian with every glyph drawn from an embedded font."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from babel.dates import format_date
from click.testing import CliRunner

from euromed_desktop import render
from euromed_desktop.cli import cli
from euromed_desktop.domain.entities import Meeting
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.i18n import formats
from euromed_desktop.store import meetings, participants
from euromed_desktop.store.store import Store
from tests.test_render import _norm, pdf_text, present

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")

DAY1, DAY2, DAY3 = date(2026, 5, 4), date(2026, 5, 5), date(2026, 5, 6)


@pytest.fixture
def event(store: Store) -> tuple[Meeting, dict[str, str]]:
    meeting = meetings.create(
        store,
        title={"en": "Labour mobility", "ar": "تنقل اليد العاملة", "ka": "შრომითი მობილობა"},
        start=DAY1,
        end=DAY3,
        country="JO",
        city="Amman",
        languages=["en", "ar", "ka"],
    )
    people = {
        "one_day": participants.add(
            store, meeting.id, family_name="Haddad", given_name="Karim", organisation="MoL"
        ).id,
        "arabic": participants.add(
            store, meeting.id, family_name="الخطيب", given_name="ليلى", country="JO"
        ).id,
        "georgian": participants.add(
            store, meeting.id, family_name="ბერიძე", given_name="ნინო", country="GE"
        ).id,
        "absent": participants.add(store, meeting.id, family_name="Absentee").id,
        "unticked": participants.add(store, meeting.id, family_name="Untickedson").id,
    }
    participants.set_attendance(store, meeting.id, people["one_day"], DAY2)
    for day in (DAY1, DAY2, DAY3):
        participants.set_attendance(store, meeting.id, people["arabic"], day)
    participants.set_attendance(store, meeting.id, people["georgian"], DAY1)
    participants.set_attendance(store, meeting.id, people["georgian"], DAY3)
    participants.set_attendance(store, meeting.id, people["unticked"], DAY1)
    participants.set_attendance(store, meeting.id, people["unticked"], DAY1, present=False)
    return meeting, people


def page_texts(path: Path) -> list[str]:
    with pdfplumber.open(path) as pdf:
        count = len(pdf.pages)
    out = []
    for number in range(1, count + 1):
        result = subprocess.run(
            ["pdftotext", "-f", str(number), "-l", str(number), "-enc", "UTF-8", str(path), "-"],
            capture_output=True,
            check=True,
        )
        out.append(_norm(result.stdout.decode("utf-8")))
    return out


@pytest.mark.parametrize("lang", ["en", "fr", "ar", "ka"])
def test_only_people_present_with_their_days(
    store: Store, event: tuple[Meeting, dict[str, str]], tmp_path: Path, lang: str
) -> None:
    meeting, _people = event
    path = render.build("certificates", store, meeting.id, tmp_path / f"c-{lang}.pdf", lang=lang)
    pages = page_texts(path)
    assert len(pages) == 3
    # Sorted by family name: Haddad, then the Arabic and Georgian names by code point.
    owners = ["Haddad", "الخطيب", "ბერიძე"]
    for page, owner in zip(pages, owners, strict=True):
        assert present(owner, page), (lang, owner, page)
    text = pdf_text(path)
    assert "Absentee" not in text and "Untickedson" not in text

    def day(value: date) -> str:
        """The weekday's name: the three days have different ones, and unlike a whole date
        it comes out of an Arabic line in one piece."""
        return _norm(format_date(value, "EEEE", locale=formats.locale(lang)))

    haddad, arabic, georgian = pages
    assert day(DAY2) in haddad and day(DAY1) not in haddad and day(DAY3) not in haddad
    assert all(day(d) in arabic for d in (DAY1, DAY2, DAY3))
    assert day(DAY1) in georgian and day(DAY3) in georgian and day(DAY2) not in georgian

    fonts = subprocess.run(
        ["pdffonts", str(path)], capture_output=True, text=True, check=True
    ).stdout
    rows = fonts.splitlines()[2:]
    assert rows and all(row.split()[-5:-2] == ["yes", "yes", "yes"] for row in rows)
    assert "Arabic" in fonts and "NotoSansGeorgian" in fonts
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            data = b"".join(s.get_data() for s in page.page_obj.contents)
            assert b"<0000>" not in data, f"{lang}: .notdef drawn"
    assert "\ufffd" not in text and "(cid:" not in text


def test_arabic_certificate_is_laid_out_right_to_left(
    store: Store, event: tuple[Meeting, dict[str, str]], tmp_path: Path
) -> None:
    meeting, people = event
    path = render.build(
        "certificates",
        store,
        meeting.id,
        tmp_path / "one.pdf",
        lang="ar",
        participant=people["arabic"],
    )
    pages = page_texts(path)
    assert len(pages) == 1 and present("الخطيب", pages[0])
    assert present("تنقل", pages[0])
    with pdfplumber.open(path) as pdf:
        page = pdf.pages[0]
        arabic = [c for c in page.chars if "\u0600" <= c["text"] <= "\u06ff"]
        # Centred lines: the name's glyphs straddle the middle of the page.
        assert arabic and min(c["x0"] for c in arabic) < page.width / 2 < max(
            c["x1"] for c in arabic
        )


def test_nobody_present_or_unknown_person_is_refused(
    store: Store, event: tuple[Meeting, dict[str, str]], tmp_path: Path
) -> None:
    meeting, people = event
    with pytest.raises(ValidationError):
        render.build(
            "certificates", store, meeting.id, tmp_path / "x.pdf", participant=people["absent"]
        )
    with pytest.raises(ValidationError):
        render.build("certificates", store, meeting.id, tmp_path / "x.pdf", participant="nope")
    assert not (tmp_path / "x.pdf").exists()


def test_cli_prints_certificates(
    store: Store, db_path: Path, event: tuple[Meeting, dict[str, str]], tmp_path: Path
) -> None:
    meeting, people = event
    out = tmp_path / "certs-ka.pdf"
    result = CliRunner().invoke(
        cli,
        [
            "--db",
            str(db_path),
            "pdf",
            "certificates",
            "--meeting",
            meeting.id[:8],
            "--lang",
            "ka",
            "--participant",
            people["georgian"][:8],
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    pages = page_texts(out)
    assert len(pages) == 1 and present("ნინო", pages[0]) and present("მობილობა", pages[0])


def test_each_certificate_in_the_participants_language(
    store: Store, event: tuple[Meeting, dict[str, str]], tmp_path: Path
) -> None:
    meeting, people = event
    participants.update(store, meeting.id, people["arabic"], languages=["ar", "en"])
    participants.update(store, meeting.id, people["georgian"], languages=["ka"])
    path = render.build(
        "certificates", store, meeting.id, tmp_path / "own.pdf", lang="en", person_language=True
    )
    haddad, arabic, georgian = page_texts(path)

    def weekday(value: date, lang: str) -> str:
        return _norm(format_date(value, "EEEE", locale=formats.locale(lang)))

    assert weekday(DAY2, "en") in haddad
    assert weekday(DAY2, "ar") in arabic and weekday(DAY2, "en") not in arabic
    assert weekday(DAY1, "ka") in georgian and weekday(DAY1, "en") not in georgian
