"""Participant lists and action points out (CSV, XLSX), the agenda as iCalendar, and the
command line that does all of it and the import."""

from __future__ import annotations

import csv
import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import icalendar
import pytest
from click.testing import CliRunner, Result
from ical.calendar_stream import IcsCalendarStream
from openpyxl import load_workbook

from euromed_desktop.cli import cli
from euromed_desktop.domain.entities import Meeting
from euromed_desktop.files import calendar, lists_export
from euromed_desktop.files import participants_import as importer
from euromed_desktop.store import agenda, meetings, minutes, participants, queries
from euromed_desktop.store.store import Store
from tests.conftest import dump


@pytest.fixture
def crowd(store: Store, meeting: Meeting) -> Meeting:
    """Four people in three scripts; two consented to share their contact data."""
    add = participants.add
    add(
        store,
        meeting.id,
        family_name="Haddad",
        given_name="Leila",
        email="l.haddad@example.jo",
        phone="+962 6 555 0101",
        country="JO",
        organisation="Ministry of Labour",
        stakeholder_group="southern_partner",
        role="speaker",
        gender="female",
        languages=["ar", "en"],
        consent_contact=True,
    )
    add(
        store,
        meeting.id,
        family_name="العلمي",
        given_name="بشرى",
        email="b.alami@example.ma",
        phone="+212 5 37 00 00 00",
        country="MA",
        organisation="وزارة الداخلية",
        role="moderator",
    )
    add(
        store,
        meeting.id,
        family_name="ბერიძე",
        given_name="ნინო",
        email="nino@example.ge",
        country="GE",
        organisation="IOM",
        stakeholder_group="international_organisation",
        consent_contact=True,
        attendance={"2026-03-10": True},
    )
    add(
        store,
        meeting.id,
        family_name="Lefèvre",
        given_name="Hélène",
        honorific="Mme",
        email="h.lefevre@example.fr",
        country="FR",
        organisation="=OFII",  # would be a formula in a spreadsheet if written carelessly
        stakeholder_group="eu_member_state",
        position="Chargée de mission",
    )
    return meeting


def test_csv_export_keeps_contact_data_to_those_who_consented(
    store: Store, crowd: Meeting, tmp_path: Path
) -> None:
    path = tmp_path / "list.csv"
    assert lists_export.export_participants(store, crowd.id, path) == 4
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")  # so that Excel reads UTF-8
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    by_family = {r["Family name"]: r for r in rows}
    assert by_family["Haddad"]["E-mail"] == "l.haddad@example.jo"
    assert by_family["Haddad"]["Phone"] == "+962 6 555 0101"
    assert by_family["العلمي"]["E-mail"] == "" and by_family["العلمي"]["Phone"] == ""
    assert by_family["ბერიძე"]["Days present"] == "2026-03-10"
    assert by_family["Haddad"]["Role"] == "Speaker"
    full = tmp_path / "full.csv"
    lists_export.export_participants(store, crowd.id, full, all_contacts=True)
    text = full.read_text("utf-8-sig")
    assert "b.alami@example.ma" in text and "+212 5 37 00 00 00" in text


def test_xlsx_round_trip_into_a_new_meeting_gives_the_same_people(
    store: Store, crowd: Meeting, tmp_path: Path
) -> None:
    path = tmp_path / "participants.xlsx"
    lists_export.export_participants(store, crowd.id, path, all_contacts=True)
    sheet = load_workbook(path)["Participants"]
    cell = next(c for c in sheet["E"] if c.value and "OFII" in str(c.value))
    assert cell.value == "=OFII" and cell.data_type == "s"
    other = meetings.create(
        store, title={"en": "Second"}, start=date(2026, 5, 4), end=date(2026, 5, 5), country="JO"
    )
    checked = importer.preview_file(store, other.id, path)
    assert not checked.problem_rows, [r.problems for r in checked.problem_rows]
    assert checked.count("new") == 4
    importer.import_preview(store, other.id, checked)

    fields = (
        "honorific given_name family_name gender organisation position country delegation "
        "stakeholder_group role email phone languages consent_contact"
    ).split()

    def same(meeting_id: str) -> list[tuple[object, ...]]:
        found = queries.participants(store, meeting_id)
        return sorted(tuple(getattr(p, f) for f in fields) for p in found)

    assert same(other.id) == same(crowd.id)
    # Exported again and re-imported into the first meeting: nobody is added twice.
    again = importer.preview_file(store, crowd.id, path)
    assert again.count("update") == 4 and again.count("new") == 0


def test_actions_export_to_csv_and_xlsx(store: Store, crowd: Meeting, tmp_path: Path) -> None:
    item = agenda.add(store, crowd.id, title="Skills partnerships")
    minutes.add_action(
        store,
        crowd.id,
        "Share the draft guide",
        item_id=item.id,
        owner="ICMPD",
        due=date(2026, 4, 1),
    )
    minutes.add_action(store, crowd.id, "إرسال الملخص", owner="بشرى", status="in_progress")
    path = tmp_path / "actions.csv"
    assert lists_export.export_actions(store, crowd.id, path) == 2
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.reader(handle))
    assert rows[0] == ["Action", "Owner", "Due", "Status", "Agenda item"]
    assert rows[1] == [
        "Share the draft guide",
        "ICMPD",
        "2026-04-01",
        "Open",
        "Skills partnerships",
    ]
    assert rows[2] == ["إرسال الملخص", "بشرى", "", "In progress", ""]
    lists_export.export_actions(store, crowd.id, tmp_path / "actions.xlsx")
    sheet = load_workbook(tmp_path / "actions.xlsx").active
    assert sheet["A3"].value == "إرسال الملخص"


# -- calendar ---------------------------------------------------------------------------------


@pytest.fixture
def amman(store: Store) -> tuple[Meeting, list[str]]:
    """A meeting in Amman (UTC+3 all year) with a session, two items and a break."""
    meeting = meetings.create(
        store,
        title={"en": "Irregular migration", "ar": "الهجرة غير النظامية"},
        start=date(2026, 3, 10),
        end=date(2026, 3, 11),
        country="JO",
        city="Amman",
        venue="Le Royal",
        languages=["en", "ar"],
    )
    leila = participants.add(store, meeting.id, family_name="Haddad", given_name="Leila")
    omar = participants.add(store, meeting.id, family_name="Khalil", given_name="Omar")
    session = agenda.add(store, meeting.id, title="Day one")
    day = datetime(2026, 3, 10)
    opening = agenda.add(
        store,
        meeting.id,
        title={"en": "Opening", "ar": "الافتتاح"},
        parent_id=session.id,
        kind="opening",
        start=day.replace(hour=9),
        end=day.replace(hour=9, minute=30),
        description="Welcome, with “quotes”; commas, and a\nsecond line",
        moderators=[omar.id],
        speakers=[leila.id],
    )
    panel = agenda.add(
        store,
        meeting.id,
        title="Panel",
        parent_id=session.id,
        kind="panel",
        start=day.replace(hour=23),
        end=day.replace(hour=23, minute=45),
    )
    agenda.add(store, meeting.id, title="Untimed item", parent_id=session.id)
    return meeting, [opening.id, panel.id]


def test_ics_parses_with_icalendar_and_times_are_right_across_time_zones(
    store: Store, amman: tuple[Meeting, list[str]], tmp_path: Path
) -> None:
    meeting, (opening_id, panel_id) = amman
    path = tmp_path / "agenda.ics"
    assert calendar.export_agenda(store, meeting.id, path) == 2
    parsed = icalendar.Calendar.from_ical(path.read_bytes())
    assert [tz["TZID"] for tz in parsed.walk("VTIMEZONE")] == ["Asia/Amman"]
    events = {str(e["UID"]): e for e in parsed.walk("VEVENT")}
    assert set(events) == {f"{opening_id}@euromed-desktop", f"{panel_id}@euromed-desktop"}
    opening = events[f"{opening_id}@euromed-desktop"]
    start = opening.decoded("DTSTART")
    assert start.astimezone(UTC) == datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    assert opening.decoded("DTEND") - start == timedelta(minutes=30)
    assert str(opening["SUMMARY"]) == "Opening"
    description = str(opening["DESCRIPTION"])
    assert "Speakers: Leila Haddad" in description and "Moderators: Omar Khalil" in description
    assert "a\nsecond line" in description and "Session: Day one" in description
    assert str(opening["LOCATION"]) == "Le Royal, Amman, Jordan"
    # 23:00 in Amman is 20:00 UTC and 21:00 in Brussels, still on the 10th.
    panel = events[f"{panel_id}@euromed-desktop"].decoded("DTSTART")
    assert panel.astimezone(UTC) == datetime(2026, 3, 10, 20, 0, tzinfo=UTC)
    # Arabic titles on request; the UIDs stay, so calendars update instead of duplicating.
    arabic = icalendar.Calendar.from_ical(calendar.agenda_calendar(store, meeting.id, "ar"))
    titles = {str(e["UID"]): str(e["SUMMARY"]) for e in arabic.walk("VEVENT")}
    assert titles[f"{opening_id}@euromed-desktop"] == "الافتتاح"


def test_ics_is_accepted_by_a_second_parser(
    store: Store, amman: tuple[Meeting, list[str]], tmp_path: Path
) -> None:
    meeting, (opening_id, _panel) = amman
    text = calendar.agenda_calendar(store, meeting.id).decode("utf-8")
    assert all(len(line.encode()) <= 75 for line in text.split("\r\n"))  # RFC 5545 folding
    parsed = IcsCalendarStream.calendar_from_ics(text)
    events = {e.uid: e for e in parsed.events}
    opening = events[f"{opening_id}@euromed-desktop"]
    assert isinstance(opening.dtstart, datetime)
    assert opening.dtstart.astimezone(UTC) == datetime(2026, 3, 10, 6, 0, tzinfo=UTC)
    assert opening.summary == "Opening"
    assert opening.description is not None and "Leila Haddad" in opening.description


def test_meeting_in_a_zone_with_summer_time(store: Store, tmp_path: Path) -> None:
    """Brussels changes to summer time on 29 March 2026: 09:00 is 08:00 UTC before, 07:00
    after."""
    meeting = meetings.create(
        store,
        title={"en": "Protection"},
        start=date(2026, 3, 27),
        end=date(2026, 3, 30),
        country="BE",
    )
    assert meeting.timezone == "Europe/Brussels"
    for day in (27, 30):
        agenda.add(
            store,
            meeting.id,
            title=f"Day {day}",
            start=datetime(2026, 3, day, 9),
            end=datetime(2026, 3, day, 10),
        )
    data = calendar.agenda_calendar(store, meeting.id)
    for parsed_start in (
        [e.decoded("DTSTART") for e in icalendar.Calendar.from_ical(data).walk("VEVENT")],
        [e.dtstart for e in IcsCalendarStream.calendar_from_ics(data.decode()).events],
    ):
        hours = sorted(s.astimezone(UTC).hour for s in parsed_start)
        assert hours == [7, 8]


# -- command line --------------------------------------------------------------------------------


@pytest.fixture
def run(db_path: Path):  # type: ignore[no-untyped-def]
    runner = CliRunner()

    def invoke(*args: str) -> Result:
        return runner.invoke(cli, ["--db", str(db_path), *args], catch_exceptions=False)

    return invoke


def test_cli_import_export_and_calendar(  # type: ignore[no-untyped-def]
    run, store: Store, meeting: Meeting, db_path: Path, tmp_path: Path
) -> None:
    sheet = tmp_path / "inscriptions.csv"
    sheet.write_bytes(
        "Nom complet;Courriel;Pays;Consentement\n"
        "Leila HADDAD;l@example.jo;Jordanie;oui\n"
        "ليلى حداد;bad-address;الأردن;نعم\n".encode("utf-8-sig")
    )
    before = dump(db_path)
    refused = run("participants", "import", str(sheet), "--meeting", meeting.id[:6])
    assert refused.exit_code == 2
    assert "Line 3 (ليلى حداد): “bad-address” is not a valid e-mail address." in refused.stderr
    assert "1 row has problems; nothing was imported" in refused.stderr
    assert dump(db_path) == before
    dry = run("participants", "import", str(sheet), "--meeting", meeting.id, "--dry-run", "--json")
    assert dry.exit_code == 0
    report = json.loads(dry.stdout)
    assert report["mapping"]["Courriel"] == "email" and report["added"] == 0
    assert [r["action"] for r in report["rows"]] == ["new", "problem"]
    assert dump(db_path) == before
    done = run("participants", "import", str(sheet), "--meeting", meeting.id, "--skip-problems")
    assert done.exit_code == 0, done.output
    assert "1 participant added and 1 row with problems left out" in done.stdout

    out = tmp_path / "list.xlsx"
    exported = run("participants", "export", "--meeting", meeting.id, "-o", str(out))
    assert exported.exit_code == 0 and "1 participant written" in exported.stdout
    assert load_workbook(out).active["K2"].value == "l@example.jo"

    agenda.add(
        store,
        meeting.id,
        title="Opening",
        start=datetime(2026, 3, 10, 9),
        end=datetime(2026, 3, 10, 9, 30),
    )
    ics = tmp_path / "agenda.ics"
    written = run("agenda", "export", "--meeting", meeting.id, "--format", "ics", "-o", str(ics))
    assert written.exit_code == 0 and "1 event written" in written.stdout
    event = next(iter(icalendar.Calendar.from_ical(ics.read_bytes()).walk("VEVENT")))
    assert event.decoded("DTSTART").astimezone(UTC).hour == 8  # Tunis is UTC+1

    minutes.add_action(store, meeting.id, "Send the slides")
    actions = tmp_path / "actions.csv"
    result = run("minutes", "actions-export", "--meeting", meeting.id, "-o", str(actions))
    assert result.exit_code == 0 and "Send the slides" in actions.read_text("utf-8-sig")


@pytest.mark.parametrize(
    ("args", "named"),
    [
        (["participants", "import", "{dir}/missing.csv"], "Cannot open"),
        (["participants", "import", "{dir}/list.csv", "--mapping", "{{nope"], "--mapping"),
        (
            ["participants", "import", "{dir}/list.csv", "--mapping", '{{"X": "email"}}'],
            "--mapping",
        ),
        (["participants", "import", "{dir}/list.csv", "--sheet", "Two"], "no worksheets"),
        (["participants", "export", "-o", "{dir}/list.pdf"], "--output"),
        (["agenda", "export", "--lang", "zz-!!", "-o", "{dir}/a.ics"], "--lang"),
        (["agenda", "export", "--format", "pdf", "-o", "{dir}/a.ics"], "--format"),
        (["minutes", "actions-export", "-o", "{dir}/a.txt"], "--output"),
    ],
)
def test_cli_bad_input_exits_2_and_changes_nothing(  # type: ignore[no-untyped-def]
    run, meeting: Meeting, db_path: Path, tmp_path: Path, args: list[str], named: str
) -> None:
    (tmp_path / "list.csv").write_text("Family name,E-mail\nHaddad,l@example.jo\n", "utf-8")
    before = dump(db_path)
    argv = [a.format(dir=tmp_path) for a in args]
    result = run(*argv[:2], "--meeting", meeting.id, *argv[2:])
    assert result.exit_code == 2, result.output
    assert named in result.stderr
    assert dump(db_path) == before
