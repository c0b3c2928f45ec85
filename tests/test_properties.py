"""Random sequences of service operations (hypothesis): after every step the projection
equals what the document says, each operation's effect is visible at once, and a rebuild
from the update log on another copy of the file gives exactly the same tables."""

from __future__ import annotations

import shutil
import tempfile
from datetime import date, datetime
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    initialize,
    invariant,
    precondition,
    rule,
)

from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.store import agenda, meetings, minutes, participants, projection, queries
from euromed_desktop.store.store import Store

WORDS = st.text(
    alphabet=st.sampled_from(list("abc xyzéçàمرحباქართ 0123()%")), min_size=0, max_size=12
)
NAMES = st.text(alphabet=st.sampled_from(list("ABCDEabcdeéلمنქა")), min_size=1, max_size=8)
DAYS = [date(2026, 3, 10), date(2026, 3, 11)]


class MeetingMachine(RuleBasedStateMachine):
    sessions = Bundle("sessions")
    items = Bundle("items")
    people = Bundle("people")
    blocks = Bundle("blocks")

    @initialize()
    def open_store(self) -> None:
        self.folder = Path(tempfile.mkdtemp())
        self.store = Store(self.folder / "m.sqlite")
        self.meeting = meetings.create(
            self.store,
            title="Property meeting",
            start=DAYS[0],
            end=DAYS[1],
            country="TN",
            languages=["en", "ar"],
        )
        self.mid = self.meeting.id

    def teardown(self) -> None:
        if hasattr(self, "store"):
            copy = self.folder / "copy.sqlite"
            expected = projection.stored(self.store.conn, self.mid)
            self.store.close()
            shutil.copy(self.folder / "m.sqlite", copy)
            with Store(copy) as other:
                other.rebuild()
                assert projection.stored(other.conn, self.mid) == expected
                assert other.check().healthy
            shutil.rmtree(self.folder, ignore_errors=True)

    # -- agenda --------------------------------------------------------------------------

    @rule(target=sessions, title=NAMES, hour=st.integers(8, 16), day=st.sampled_from(DAYS))
    def add_session(self, title: str, hour: int, day: date) -> str:
        start = datetime(day.year, day.month, day.day, hour)
        item = agenda.add(
            self.store, self.mid, title=title, start=start, end=start.replace(hour=hour + 1)
        )
        assert queries.agenda(self.store, self.mid)[-1].id == item.id or item.parent_id is None
        return item.id

    @rule(target=items, session=sessions, title=NAMES, index=st.integers(0, 5))
    def add_item(self, session: str, title: str, index: int) -> str:
        try:
            item = agenda.add(self.store, self.mid, title=title, parent_id=session, index=index)
        except Exception:
            return session  # the session was deleted or became an item meanwhile
        assert any(i.id == item.id for i in queries.agenda(self.store, self.mid))
        return item.id

    @rule(item=items, session=sessions, index=st.integers(0, 5))
    def move_item(self, item: str, session: str, index: int) -> None:
        try:
            moved = agenda.move(self.store, self.mid, item, parent_id=session, index=index)
        except Exception:
            return
        assert {i.id: i.parent_id for i in queries.agenda(self.store, self.mid)}[
            item
        ] == moved.parent_id

    @rule(item=consumes(items))
    def delete_item(self, item: str) -> None:
        try:
            agenda.delete(self.store, self.mid, item, with_minutes=True)
        except Exception:
            return
        assert item not in {i.id for i in queries.agenda(self.store, self.mid)}

    # -- participants --------------------------------------------------------------------

    @rule(target=people, family=NAMES, country=st.sampled_from(["TN", "FR", "EG", None]))
    def add_person(self, family: str, country: str | None) -> str:
        person = participants.add(self.store, self.mid, family_name=family, country=country)
        assert person.id in {p.id for p in queries.participants(self.store, self.mid)}
        return person.id

    @rule(person=people, organisation=WORDS)
    def edit_person(self, person: str, organisation: str) -> None:
        try:
            participants.update(self.store, self.mid, person, organisation=organisation)
        except Exception:
            return
        found = {p.id: p for p in queries.participants(self.store, self.mid)}
        assert found[person].organisation == organisation

    @rule(person=people, day=st.sampled_from(DAYS), present=st.booleans())
    def attend(self, person: str, day: date, present: bool) -> None:
        try:
            participants.set_attendance(self.store, self.mid, person, day, present)
        except Exception:
            return
        found = {p.id: p for p in queries.participants(self.store, self.mid)}
        assert (day in found[person].days_present) == present

    @rule(person=consumes(people))
    def delete_person(self, person: str) -> None:
        try:
            participants.delete(self.store, self.mid, person)
        except Exception:
            return
        assert person not in {p.id for p in queries.participants(self.store, self.mid)}

    # -- minutes -------------------------------------------------------------------------

    @rule(
        target=blocks,
        item=st.one_of(items, sessions),
        text=WORDS,
        lang=st.sampled_from(["en", "ar", "fr"]),
    )
    def add_block(self, item: str, text: str, lang: str) -> str:
        try:
            block = minutes.add_block(self.store, self.mid, item, text=text, lang=lang)
        except Exception:
            return "missing"
        assert {b.id: b.text for b in queries.blocks(self.store, self.mid)}[block.id] == text
        return block.id

    def _text(self, block: str) -> str | None:
        return {b.id: b.text for b in queries.blocks(self.store, self.mid)}.get(block)

    @rule(block=blocks, where=st.integers(0, 40), text=WORDS)
    def type_text(self, block: str, where: str, text: str) -> None:
        before = self._text(block)
        if before is None:
            return
        index = int(where) % (len(before) + 1)
        minutes.insert_text_at(self.store, self.mid, block, index, text)
        assert self._text(block) == before[:index] + text + before[index:]

    @rule(block=blocks, where=st.integers(0, 40), length=st.integers(0, 5))
    def erase_text(self, block: str, where: int, length: int) -> None:
        before = self._text(block)
        if before is None:
            return
        index = where % (len(before) + 1)
        length = min(length, len(before) - index)
        minutes.delete_text_at(self.store, self.mid, block, index, length)
        assert self._text(block) == before[:index] + before[index + length :]

    @rule(block=blocks, text=WORDS)
    def translate(self, block: str, text: str) -> None:
        try:
            minutes.set_translation(self.store, self.mid, block, "ka", text)
        except (ValidationError, Exception):
            return
        found = {b.id: b for b in queries.blocks(self.store, self.mid)}
        # An empty translation is no translation (decision 30).
        assert found[block].translations.get("ka", "") == text

    @rule(block=blocks, index=st.integers(0, 5))
    def move_block(self, block: str, index: int) -> None:
        try:
            minutes.move_block(self.store, self.mid, block, index=index)
        except Exception:
            return

    @rule(block=consumes(blocks))
    def delete_block(self, block: str) -> None:
        if self._text(block) is None:
            return
        minutes.delete_block(self.store, self.mid, block)
        assert self._text(block) is None

    # -- undo / redo ---------------------------------------------------------------------

    @precondition(lambda self: hasattr(self, "store"))
    @rule()
    def undo(self) -> None:
        self.store.undo(self.mid)

    @precondition(lambda self: hasattr(self, "store"))
    @rule()
    def redo(self) -> None:
        self.store.redo(self.mid)

    @invariant()
    def projection_follows_the_document(self) -> None:
        if hasattr(self, "store"):
            assert projection.stored(self.store.conn, self.mid) == projection.derived(
                self.store.document(self.mid)
            )


MeetingMachine.TestCase.settings = settings(
    max_examples=60,
    stateful_step_count=30,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
TestMeetingOperations = MeetingMachine.TestCase
