"""Every printed document of the demo meeting, in English, French, Arabic and Georgian, on
A4 and US Letter: the expected text is there, every font is embedded and subset with a
ToUnicode map, no glyph is .notdef, the metadata is set; plus the promises a document makes
(Chatham House attribution, DRAFT, consent to share contact data, cancellation)."""

from __future__ import annotations

import re
import shutil
import subprocess
import threading
import unicodedata
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pdfplumber
import pytest
from click.testing import CliRunner

from euromed_desktop import render
from euromed_desktop.cli import cli
from euromed_desktop.demo import ensure_demo_meeting
from euromed_desktop.domain.entities import Meeting, Participant
from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.i18n import formats, translator
from euromed_desktop.store import meetings, minutes, participants, queries
from euromed_desktop.store.store import Store

LANGS = ("en", "fr", "ar", "ka")
PAPERS = ("a4", "letter")
PAPER_POINTS = {"a4": (595, 842), "letter": (612, 792)}

pytestmark = pytest.mark.skipif(shutil.which("pdffonts") is None, reason="needs poppler-utils")


def _norm(text: str) -> str:
    text = unicodedata.normalize("NFKC", text)
    text = re.sub(r"[\u200e\u200f\u202a-\u202e\u2066-\u2069]", "", text)
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True
    )
    return _norm(out.stdout.decode("utf-8"))


def words(phrase: str) -> list[str]:
    """The longer words of a phrase, which must each appear in the extracted text."""
    found = re.findall(r"\w+", _norm(phrase))
    return [w for w in found if len(w) >= 4] or found


# The lam-alef ligature is one glyph standing for two letters; poppler's text extraction
# writes them in either order (and sometimes with a space), so let it match both.
_LAM_ALEF = re.compile("ل([اأإآ])")


def present(word: str, text: str) -> bool:
    if word in text:
        return True
    pattern = _LAM_ALEF.sub(lambda m: f"(?:ل\\s?{m[1]}|{m[1]}\\s?ل)", re.escape(word))
    return re.search(pattern, text) is not None


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Store, Meeting]]:
    folder = tmp_path_factory.mktemp("render")
    with Store(folder / "demo.sqlite") as store:
        meeting, _created = ensure_demo_meeting(store)
        yield store, meeting


@pytest.fixture(scope="module")
def rendered(
    demo: tuple[Store, Meeting], tmp_path_factory: pytest.TempPathFactory
) -> dict[tuple[str, str, str], Path]:
    """Each document once per language and paper (the expensive part, shared by the tests)."""
    store, meeting = demo
    folder = tmp_path_factory.mktemp("pdfs")
    paths: dict[tuple[str, str, str], Path] = {}
    for kind in render.KINDS:
        for lang in LANGS:
            for paper in PAPERS:
                path = folder / f"{kind}-{lang}-{paper}.pdf"
                options = {"contacts": True} if kind == "participants" else {}
                render.build(kind, store, meeting.id, path, lang=lang, paper=paper, **options)
                paths[(kind, lang, paper)] = path
    return paths


def expected_phrases(store: Store, meeting: Meeting, kind: str, lang: str) -> list[str]:
    people = queries.participants(store, meeting.id)
    agenda = queries.agenda(store, meeting.id)
    country = formats.country_name("TN", lang)
    first_item = agenda[0].display_title([lang, *meeting.languages])
    title = meeting.title.get(lang) or meeting.display_title
    family = sorted(p.family_name for p in people)[:3]
    if kind == "agenda":
        return [first_item, formats.format_weekday_date(meeting.start, lang)]
    if kind in ("participants", "signin"):
        return [*family, country]
    if kind in ("badges", "tents"):
        return family
    if kind == "minutes":
        return [title, first_item]
    if kind == "actions":
        return [queries.actions(store, meeting.id)[0].what]
    return [country, title]


def test_every_document_every_language_every_paper(
    demo: tuple[Store, Meeting], rendered: dict[tuple[str, str, str], Path]
) -> None:
    store, meeting = demo
    problems: list[str] = []
    for (kind, lang, paper), path in rendered.items():
        text = pdf_text(path)
        for phrase in expected_phrases(store, meeting, kind, lang):
            missing = [w for w in words(phrase) if not present(w, text)]
            if missing:
                problems.append(f"{kind}/{lang}/{paper}: missing {missing}")
        with pdfplumber.open(path) as pdf:
            width, height = PAPER_POINTS[paper]
            page = pdf.pages[0]
            if kind != "tents" and {round(page.width), round(page.height)} != {width, height}:
                problems.append(f"{kind}/{lang}/{paper}: page {page.width}x{page.height}")
            if kind == "minutes":
                # The watermark is set at 45 degrees, which pdftotext skips.
                slanted = "".join(c["text"] for c in page.chars if abs(c["matrix"][1]) > 0.1)
                slanted = unicodedata.normalize("NFKC", slanted)
                draft = unicodedata.normalize("NFKC", translator(lang).gettext("DRAFT"))
                if draft not in slanted and draft[::-1] not in slanted:
                    problems.append(f"{kind}/{lang}/{paper}: no DRAFT watermark")
        if "\ufffd" in text or "(cid:" in text:
            problems.append(f"{kind}/{lang}/{paper}: glyph without text")
    assert not problems, "\n".join(problems)


def test_page_numbers_are_x_of_y(rendered: dict[tuple[str, str, str], Path]) -> None:
    text = pdf_text(rendered[("minutes", "en", "a4")])
    with pdfplumber.open(rendered[("minutes", "en", "a4")]) as pdf:
        total = len(pdf.pages)
    assert total > 3
    assert f"Page 1 of {total}" in text
    assert f"Page {total} of {total}" in text


def test_fonts_are_embedded_subset_and_copyable(
    rendered: dict[tuple[str, str, str], Path],
) -> None:
    for (kind, lang, paper), path in rendered.items():
        if paper != "a4":
            continue
        out = subprocess.run(["pdffonts", str(path)], capture_output=True, text=True, check=True)
        rows = out.stdout.splitlines()[2:]
        assert rows, f"{kind}/{lang}: no fonts"
        for row in rows:
            name, *_rest = row.split()
            flags = row.split()[-5:-2]
            assert flags == ["yes", "yes", "yes"], f"{kind}/{lang}: {row}"
            assert re.match(r"[A-Z]{6}\+Noto", name), f"{kind}/{lang}: {row}"


def test_no_notdef_glyph_is_drawn(rendered: dict[tuple[str, str, str], Path]) -> None:
    for (kind, lang, paper), path in rendered.items():
        if paper != "a4":
            continue
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                streams = page.page_obj.contents
                data = b"".join(s.get_data() for s in streams)
                assert b"<0000>" not in data, f"{kind}/{lang}: .notdef drawn"


def test_right_scripts_get_their_fonts(rendered: dict[tuple[str, str, str], Path]) -> None:
    ar = subprocess.run(
        ["pdffonts", str(rendered[("minutes", "ar", "a4")])], capture_output=True, text=True
    ).stdout
    assert "NotoNaskhArabic" in ar
    ka = subprocess.run(
        ["pdffonts", str(rendered[("stats", "ka", "a4")])], capture_output=True, text=True
    ).stdout
    assert "NotoSansGeorgian" in ka


def test_metadata(demo: tuple[Store, Meeting], rendered: dict[tuple[str, str, str], Path]) -> None:
    _store, meeting = demo
    with pdfplumber.open(rendered[("agenda", "fr", "a4")]) as pdf:
        assert pdf.metadata["Title"] == meeting.title["fr"]
        assert pdf.metadata["Author"]
        assert pdf.doc.catalog["Lang"] in (b"fr", "fr")
    with pdfplumber.open(rendered[("minutes", "ar", "letter")]) as pdf:
        assert pdf.metadata["Title"] == meeting.title["ar"]


def _all_names(store: Store, meeting: Meeting) -> list[Participant]:
    return queries.participants(store, meeting.id)


def test_chatham_house_minutes_name_no_one(
    demo: tuple[Store, Meeting], rendered: dict[tuple[str, str, str], Path]
) -> None:
    store, meeting = demo
    assert meeting.confidentiality == "chatham_house"
    speakers = {b.speaker_id for b in queries.blocks(store, meeting.id) if b.speaker_id}
    assert speakers
    owners = " ".join(a.owner for a in queries.actions(store, meeting.id))
    named_owners = [p for p in _all_names(store, meeting) if p.family_name in owners]
    assert named_owners  # the demo names people as owners of action points
    people = [p for p in _all_names(store, meeting) if p.id in speakers] + named_owners
    for lang in LANGS:
        # The whole minutes, action points included: an owner who is a participant is
        # printed as their country or group, like a speaker.
        text = pdf_text(rendered[("minutes", lang, "a4")])
        assert len(text) > 5000 and "ICMPD" in text  # organisations stay
        for person in people:
            assert person.full_name not in text
            assert f"{person.given_name} {person.family_name}" not in text
            assert person.family_name not in text, (lang, person.family_name)


def test_a_decision_in_another_direction_keeps_its_own(
    demo: tuple[Store, Meeting], rendered: dict[tuple[str, str, str], Path]
) -> None:
    """An English decision in the Arabic minutes reads left to right: its full stop ends the
    line instead of standing before its first word."""
    store, meeting = demo
    decision = next(d.text for d in queries.decisions(store, meeting.id) if d.lang == "en")
    last_words = decision.split()[-2:]  # "final version."
    with pdfplumber.open(rendered[("minutes", "ar", "a4")]) as pdf:
        for page in pdf.pages:
            words = page.extract_words()
            for word in words:
                line = sorted(
                    (w for w in words if abs(w["top"] - word["top"]) < 2), key=lambda w: w["x0"]
                )
                visual = " ".join(w["text"] for w in line)
                if word["text"] == last_words[0] and "approve" in visual:
                    assert visual.endswith(" ".join(last_words)), visual
                    assert not visual.startswith(".")
                    return
    raise AssertionError("the decision was not found in the Arabic minutes")


def test_public_minutes_attribute_interventions_to_people(tmp_path: Path) -> None:
    with Store(tmp_path / "m.sqlite") as store:
        meeting, _ = ensure_demo_meeting(store)
        meetings.update(store, meeting.id, confidentiality="public", status="approved")
        path = render.build("minutes", store, meeting.id, tmp_path / "public.pdf")
        text = pdf_text(path)
        speaker_ids = {b.speaker_id for b in queries.blocks(store, meeting.id) if b.speaker_id}
        speakers = [p for p in queries.participants(store, meeting.id) if p.id in speaker_ids]
        assert any(p.family_name in text for p in speakers)
        # Approved minutes carry no DRAFT watermark.
        with pdfplumber.open(path) as pdf:
            assert all(abs(c["matrix"][1]) < 0.1 for c in pdf.pages[0].chars)


def test_participant_list_shows_contact_data_only_with_consent(
    demo: tuple[Store, Meeting], rendered: dict[tuple[str, str, str], Path]
) -> None:
    store, meeting = demo
    people = _all_names(store, meeting)
    consenting = [p for p in people if p.consent_contact and p.email]
    refusing = [p for p in people if not p.consent_contact and p.email]
    assert consenting and refusing

    def contact_text(path: Path) -> str:
        # The last column only (an address may wrap), read with pdfplumber: pdftotext would
        # "dehyphenate" an address cut after a "-".
        with pdfplumber.open(path) as pdf:
            return "".join(
                page.crop((page.width * 0.7, 0, page.width, page.height)).extract_text() or ""
                for page in pdf.pages
            ).replace("\n", "")

    text = contact_text(rendered[("participants", "en", "a4")])
    assert all(p.email in text for p in consenting)
    assert not any(p.email in text for p in refusing)
    plain = rendered[("participants", "en", "a4")].with_name("plain.pdf")
    without = contact_text(render.build("participants", store, meeting.id, plain))
    assert not any(p.email in without for p in people)


def test_bilingual_minutes_have_both_languages_side_by_side(
    demo: tuple[Store, Meeting], tmp_path: Path
) -> None:
    store, meeting = demo
    block = next(
        b for b in queries.blocks(store, meeting.id) if b.lang == "en" and "ka" in b.translations
    )
    other = "ka"
    path = render.build(
        "minutes", store, meeting.id, tmp_path / "two.pdf", lang="en", second_lang=other
    )
    text = pdf_text(path)
    assert all(w in text for w in words(block.text)[:5])
    assert all(w in text for w in words(block.translations[other])[:5])
    with pdfplumber.open(path) as pdf:
        page = next(p for p in pdf.pages if any("\u10d0" <= c["text"] <= "\u10ff" for c in p.chars))
        georgian = [c for c in page.chars if "\u10d0" <= c["text"] <= "\u10ff"]
        latin = [c for c in page.chars if c["text"].isascii() and c["text"].isalpha()]
        assert georgian and latin
        # The translation's column is on the right, the document language's on the left.
        assert min(c["x0"] for c in georgian) > page.width / 2 - 20
        assert min(c["x0"] for c in latin) < page.width / 3


def test_arabic_tables_put_the_first_column_on_the_right(
    rendered: dict[tuple[str, str, str], Path],
) -> None:
    # Sign-in sheet: the running number is the first column, so it sits at the right edge.
    with pdfplumber.open(rendered[("signin", "ar", "a4")]) as pdf:
        page = pdf.pages[0]
        ones = [c for c in page.chars if c["text"] == "1"]
        assert ones and max(c["x0"] for c in ones) > page.width * 0.8
    with pdfplumber.open(rendered[("signin", "en", "a4")]) as pdf:
        page = pdf.pages[0]
        ones = [c for c in page.chars if c["text"] == "1"]
        assert ones and min(c["x0"] for c in ones) < page.width * 0.2


def test_cancel_leaves_no_file_and_progress_reaches_the_end(
    demo: tuple[Store, Meeting], tmp_path: Path
) -> None:
    store, meeting = demo
    stop = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done >= 3:
            stop.set()

    target = tmp_path / "cancelled.pdf"
    with pytest.raises(render.RenderCancelled):
        render.build("minutes", store, meeting.id, target, progress=progress, cancel=stop)
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []

    seen.clear()
    done = render.build(
        "agenda", store, meeting.id, tmp_path / "a.pdf", progress=lambda d, t: seen.append((d, t))
    )
    assert done.exists()
    assert seen[-1][0] == seen[-1][1]
    assert [d for d, _ in seen] == sorted(d for d, _ in seen)


def test_bad_requests_are_refused(demo: tuple[Store, Meeting], tmp_path: Path) -> None:
    store, meeting = demo
    for kwargs in ({"lang": "xx-nope"}, {"paper": "a3"}, {"day": "2020-01-01"}):
        with pytest.raises(ValidationError):
            render.build("signin", store, meeting.id, tmp_path / "x.pdf", **kwargs)  # type: ignore[arg-type]
    assert not (tmp_path / "x.pdf").exists()


def test_sign_in_sheet_of_one_day(demo: tuple[Store, Meeting], tmp_path: Path) -> None:
    store, meeting = demo
    day = meeting.days[1]
    path = render.build("signin", store, meeting.id, tmp_path / "day.pdf", day=day.isoformat())
    text = pdf_text(path)
    assert formats.format_weekday_date(day, "en") in text
    assert formats.format_weekday_date(meeting.days[0], "en") not in text


def test_mixed_scripts_in_one_block_print_correctly(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as store:
        meeting = meetings.create(
            store,
            title={"ar": "اجتماع تجريبي"},
            start=date(2026, 3, 10),
            end=date(2026, 3, 10),
            country="TN",
            languages=["ar"],
        )
        from euromed_desktop.store import agenda

        item = agenda.add(store, meeting.id, title={"ar": "الجلسة الأولى"})
        person = participants.add(
            store, meeting.id, family_name="Ben Salah", given_name="Amira", country="TN"
        )
        minutes.add_block(
            store,
            meeting.id,
            item.id,
            text="قالت (Amira) إن 40% من 1,200 طلب قُبلت.",
            lang="ar",
            kind="intervention",
            speaker_id=person.id,
        )
        path = render.build("minutes", store, meeting.id, tmp_path / "m.pdf", lang="ar")
        text = pdf_text(path)
        assert "Amira" in text and "1,200" in text and "40" in text


def test_cli_prints_a_pdf(tmp_path: Path) -> None:
    db = tmp_path / "cli.sqlite"
    runner = CliRunner()
    created = runner.invoke(cli, ["--db", str(db), "demo", "--json"])
    assert created.exit_code == 0, created.output
    meeting_id = re.search(r'"id": "([0-9a-f-]+)"', created.output)
    assert meeting_id
    out = tmp_path / "agenda-ar.pdf"
    result = runner.invoke(
        cli,
        [
            "--db",
            str(db),
            "pdf",
            "agenda",
            "--meeting",
            meeting_id.group(1)[:8],
            "--lang",
            "ar",
            "--paper",
            "letter",
            "-o",
            str(out),
        ],
    )
    assert result.exit_code == 0, result.output
    with pdfplumber.open(out) as pdf:
        assert round(pdf.pages[0].width) == 612
    bad = runner.invoke(
        cli,
        [
            "--db",
            str(db),
            "pdf",
            "agenda",
            "--meeting",
            meeting_id.group(1)[:8],
            "--lang",
            "zz-q",
            "-o",
            str(tmp_path / "b.pdf"),
        ],
    )
    assert bad.exit_code == 2
    assert not (tmp_path / "b.pdf").exists()
