"""The agenda as an iCalendar file (RFC 5545) that participants add to their calendars.

Times are written in the meeting's own time zone with its VTIMEZONE definition, so a
participant flying in from Brussels to Amman sees the opening at the right hour in either
place. Each agenda item with a time is one event; its UID is derived from the item's id, so a
corrected agenda sent again updates the events already in people's calendars instead of
adding copies.
"""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from euromed_desktop import __version__
from euromed_desktop.domain.entities import AgendaItem, Meeting
from euromed_desktop.domain.vocab import AgendaKind
from euromed_desktop.i18n import _, translator
from euromed_desktop.i18n.formats import country_name
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

UID_DOMAIN = "euromed-desktop"


def event_uid(item: AgendaItem) -> str:
    return f"{item.id}@{UID_DOMAIN}"


def agenda_calendar(
    store: Store, meeting_id: str, lang: str | None = None, now: datetime | None = None
) -> bytes:
    """The meeting's timed agenda items as one VCALENDAR; ``lang`` picks the titles' and
    labels' language (default: the meeting's first working language)."""
    import icalendar

    meeting = queries.meeting(store, meeting_id)
    lang = lang or meeting.languages[0]
    order = [lang, *meeting.languages]
    tr = translator(lang).gettext
    names = {p.id: p.full_name for p in queries.participants(store, meeting_id)}
    items = queries.agenda(store, meeting_id)
    sessions = {i.id: i for i in items if i.parent_id is None}
    zone = ZoneInfo(meeting.timezone)
    stamp = (now or datetime.now(UTC)).astimezone(UTC)

    calendar = icalendar.Calendar()
    calendar.add("prodid", f"-//EUROMED Desktop//{__version__}//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", meeting.display_title)
    calendar.add("x-wr-timezone", meeting.timezone)
    location = _location(meeting, lang)
    for item in items:
        if item.start is None:
            continue
        end = item.end or item.start
        event = icalendar.Event()
        event.add("uid", event_uid(item))
        event.add("dtstamp", stamp)
        event.add("dtstart", item.start.replace(tzinfo=zone))
        event.add("dtend", end.replace(tzinfo=zone))
        event.add("summary", item.display_title(order))
        description = _description(item, sessions, names, order, tr)
        if description:
            event.add("description", description)
        if location:
            event.add("location", location)
        event.add("categories", [tr(AgendaKind(item.kind)._labels()[item.kind])])
        if item.kind in (AgendaKind.BREAK, AgendaKind.LUNCH):
            event.add("transp", "TRANSPARENT")
        calendar.add_component(event)
    # Only the years around the meeting: the full history of a zone is kilobytes of noise.
    calendar.add_missing_timezones(
        first_date=date(meeting.start.year - 1, 1, 1), last_date=date(meeting.end.year + 2, 1, 1)
    )
    data: bytes = calendar.to_ical()
    return data


def _location(meeting: Meeting, lang: str) -> str:
    place = [meeting.venue, meeting.city, country_name(meeting.country, lang)]
    return ", ".join(p for p in place if p)


def _description(
    item: AgendaItem,
    sessions: dict[str, AgendaItem],
    names: dict[str, str],
    order: list[str],
    tr: object,
) -> str:
    gettext = tr if callable(tr) else _
    lines: list[str] = []
    if item.parent_id and item.parent_id in sessions:
        lines.append(
            gettext("Session: {title}").format(title=sessions[item.parent_id].display_title(order))
        )
    if item.description.strip():
        lines.append(item.description.strip())
    moderators = [names[p] for p in item.moderators if p in names]
    speakers = [names[p] for p in item.speakers if p in names]
    if moderators:
        lines.append(gettext("Moderators: {names}").format(names=", ".join(moderators)))
    if speakers:
        lines.append(gettext("Speakers: {names}").format(names=", ".join(speakers)))
    return "\n".join(lines)


def export_agenda(store: Store, meeting_id: str, path: Path, lang: str | None = None) -> int:
    """Write the .ics file (whole or not at all); returns the number of events."""
    data = agenda_calendar(store, meeting_id, lang)
    path = Path(path)
    partial = path.with_name(path.name + ".part")
    try:
        partial.write_bytes(data)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return data.count(b"BEGIN:VEVENT")
