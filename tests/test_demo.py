"""The demo meeting: what every new user sees first must be rich, valid and load cleanly."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from euromed_desktop.cli import cli
from euromed_desktop.demo import DEMO_MEETING_ID, ensure_demo_meeting
from euromed_desktop.domain.vocab import Role, StakeholderGroup
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store
from tests.conftest import dump


def test_demo_meeting_covers_the_domain(store: Store) -> None:
    meeting, created = ensure_demo_meeting(store)
    assert created and meeting.id == DEMO_MEETING_ID
    assert meeting.confidentiality == "chatham_house"
    people = queries.participants(store, meeting.id)
    assert len(people) >= 40
    assert len({p.country for p in people}) >= 12
    assert {p.stakeholder_group for p in people} == set(StakeholderGroup.codes())
    assert {p.role for p in people} == set(Role.codes())
    assert {"female", "male", "other"} <= {p.gender for p in people}
    assert any(not p.consent_contact for p in people)
    assert any(not p.days_present for p in people)  # registered but did not come
    assert any(len(p.days_present) == 1 for p in people)
    blocks = queries.blocks(store, meeting.id)
    languages = [b.lang for b in blocks]
    assert languages.count("fr") >= 6 and languages.count("ar") >= 6 and "en" in languages
    assert any("ka" in b.translations for b in blocks)
    assert {b.kind for b in blocks} == {"note", "intervention", "conclusion", "recommendation"}
    assert queries.decisions(store, meeting.id) and queries.actions(store, meeting.id)
    for item in queries.agenda(store, meeting.id):
        for when in (item.start, item.end):
            assert when is None or meeting.start <= when.date() <= meeting.end
    assert store.check().healthy


def test_demo_text_is_searchable_in_arabic_and_french(store: Store) -> None:
    ensure_demo_meeting(store)
    assert any(h.entity == "blocks" for h in queries.search(store, "النقابات"))
    assert any(h.entity == "blocks" for h in queries.search(store, "réforme"))
    assert any(h.entity == "participants" for h in queries.search(store, "ბერიძე"))


def test_euromed_demo_twice_changes_nothing_the_second_time(db_path: Path) -> None:
    runner = CliRunner()
    first = runner.invoke(cli, ["--db", str(db_path), "demo"], catch_exceptions=False)
    assert first.exit_code == 0, first.output
    before = dump(db_path)
    second = runner.invoke(cli, ["--db", str(db_path), "demo"], catch_exceptions=False)
    assert second.exit_code == 0
    assert "already" in second.output
    assert dump(db_path) == before
