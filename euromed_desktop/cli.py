"""The ``euromed`` command line: the engine's services for scripts, tests and headless work.

Human-readable tables by default, ``--json`` for scripts (stable keys, ids included). Bad
input prints one clear message per problem on stderr and exits with status 2, leaving the
database as it was (every command's writes share one transaction).
"""

from __future__ import annotations

import dataclasses
import json
import sys
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar

import click

from euromed_desktop import __version__
from euromed_desktop import render as render_kinds  # light: the documents load when built
from euromed_desktop.domain.errors import EuromedError, ValidationError
from euromed_desktop.domain.validation import parse_date, parse_datetime
from euromed_desktop.domain.vocab import (
    ActionStatus,
    AgendaKind,
    BlockKind,
    Component,
    Confidentiality,
    Gender,
    MeetingKind,
    MeetingStatus,
    Role,
    StakeholderGroup,
    ThematicArea,
)
from euromed_desktop.i18n import _, language_from_environment, ngettext, set_language
from euromed_desktop.store import agenda as agenda_service
from euromed_desktop.store import meetings as meeting_service
from euromed_desktop.store import minutes as minutes_service
from euromed_desktop.store import participants as participant_service
from euromed_desktop.store import queries
from euromed_desktop.store.database import default_path
from euromed_desktop.store.store import Store

# Help texts below are translated as the module loads: choose the language first.
set_language(language_from_environment())

F = TypeVar("F", bound=Callable[..., Any])
EXIT_BAD_INPUT = 2


# -- output ------------------------------------------------------------------------------------


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a NamedTuple record
        return {name: _plain(getattr(value, name)) for name in value._fields}
    if isinstance(value, date | datetime):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def emit_json(value: Any) -> None:
    click.echo(json.dumps(_plain(value), ensure_ascii=False, indent=2, sort_keys=True))


def _width(text: str) -> int:
    return sum(
        2 if unicodedata.east_asian_width(c) in "WF" else 0 if unicodedata.combining(c) else 1
        for c in text
    )


def emit_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    cells = [[str(c) if c is not None else "" for c in row] for row in rows]
    widths = [max([_width(h), *(_width(r[i]) for r in cells)]) for i, h in enumerate(headers)]

    def line(values: Sequence[str]) -> str:
        return "  ".join(
            v + " " * (w - _width(v)) for v, w in zip(values, widths, strict=True)
        ).rstrip()

    click.echo(line(headers))
    click.echo(line(["-" * w for w in widths]))
    for row in cells:
        click.echo(line(row))


def short(record_id: str | None) -> str:
    return (record_id or "")[:8]


# -- plumbing ----------------------------------------------------------------------------------


class Context:
    def __init__(self, db: Path | None) -> None:
        self.db = db
        self._store: Store | None = None

    @property
    def store(self) -> Store:
        if self._store is None:
            self._store = Store(self.db or default_path())
        return self._store

    def close(self) -> None:
        if self._store is not None:
            self._store.close()


def json_option(f: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help=_("Print JSON for scripts."))(f)


def meeting_option(f: F) -> F:
    return click.option(
        "--meeting",
        "meeting",
        required=True,
        metavar="ID",
        help=_("Meeting id (or a unique prefix)."),
    )(f)


def choice(vocabulary: Any) -> click.Choice[str]:
    return click.Choice(vocabulary.codes())


@contextmanager
def _bad_input_exits() -> Iterator[None]:
    try:
        yield
    except ValidationError as exc:
        for error in exc.errors:
            click.echo(
                _("Error: --{field}: {message}").format(field=error.field, message=error.message),
                err=True,
            )
        sys.exit(EXIT_BAD_INPUT)
    except EuromedError as exc:
        click.echo(_("Error: {message}").format(message=exc), err=True)
        sys.exit(EXIT_BAD_INPUT)


def with_store(f: F) -> F:
    """Give the command the store (as ``store``) and turn domain errors into exit status 2."""

    @click.pass_obj
    @wraps(f)
    def wrapper(ctx: Context, *args: Any, **kwargs: Any) -> Any:
        with _bad_input_exits():
            store = ctx.store
            if kwargs.get("meeting") is not None:
                kwargs["meeting"] = queries.resolve(store, "meetings", kwargs["meeting"])
            with store.transaction():
                return f(store, *args, **kwargs)

    return wrapper  # type: ignore[return-value]


def _resolve(store: Store, table: str, text: str | None, meeting_id: str) -> str | None:
    return None if text is None else queries.resolve(store, table, text, meeting_id)


def _split(values: str | None) -> list[str] | None:
    return None if values is None else [v.strip() for v in values.split(",") if v.strip()]


# -- the command tree --------------------------------------------------------------------------


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--db",
    type=click.Path(dir_okay=False, path_type=Path),
    envvar="EUROMED_DB",
    help=_("Database file (default: in the user data directory; or set EUROMED_DB)."),
)
@click.version_option(__version__, prog_name="euromed")
@click.pass_context
def cli(ctx: click.Context, db: Path | None) -> None:
    """EUROMED Desktop from the command line: meetings, agenda, participants, minutes."""
    ctx.obj = Context(db)
    ctx.call_on_close(ctx.obj.close)


# meetings -----------------------------------------------------------------------------------


@cli.group()
def meetings() -> None:
    """Create, list, show and delete meetings."""


@meetings.command("list")
@json_option
@with_store
def meetings_list(store: Store, as_json: bool) -> None:
    """List the meetings on this laptop."""
    found = queries.meetings(store)
    if as_json:
        emit_json(found)
        return
    emit_table(
        [_("ID"), _("Start"), _("End"), _("Country"), _("Status"), _("Title")],
        [
            (
                short(m.id),
                m.start,
                m.end,
                m.country,
                MeetingStatus(m.status).label(),
                m.display_title,
            )
            for m in found
        ],
    )


@meetings.command("create")
@click.option("--title", required=True, help=_("Title in the first working language."))
@click.option("--start", required=True, metavar="YYYY-MM-DD")
@click.option("--end", required=True, metavar="YYYY-MM-DD")
@click.option("--country", required=True, metavar="CC", help=_("ISO 3166 country code, e.g. TN."))
@click.option("--city", default="")
@click.option("--venue", default="")
@click.option("--kind", type=choice(MeetingKind), default=MeetingKind.REGIONAL_DIALOGUE.value)
@click.option("--component", type=choice(Component), default=Component.DIALOGUE.value)
@click.option("--thematic-area", "areas", type=choice(ThematicArea), multiple=True)
@click.option("--languages", default="en", help=_("Working languages, comma-separated (en,fr,ar)."))
@click.option("--timezone", default=None, help=_("IANA time zone (default: the country's)."))
@click.option("--confidentiality", type=choice(Confidentiality), default="public")
@json_option
@with_store
def meetings_create(
    store: Store,
    title: str,
    start: str,
    end: str,
    country: str,
    areas: tuple[str, ...],
    languages: str,
    as_json: bool,
    **fields: Any,
) -> None:
    """Create a meeting and print its id."""
    meeting = meeting_service.create(
        store,
        title=title,
        start=parse_date("start", start),
        end=parse_date("end", end),
        country=country.upper(),
        languages=_split(languages),
        thematic_areas=list(areas),
        **fields,
    )
    if as_json:
        emit_json(meeting)
    else:
        click.echo(
            _("Created meeting {id}: {title}").format(id=meeting.id, title=meeting.display_title)
        )


@meetings.command("show")
@click.argument("meeting")
@json_option
@with_store
def meetings_show(store: Store, meeting: str, as_json: bool) -> None:
    """Show a meeting with its counts."""
    found = queries.meeting(store, meeting)
    counts = queries.counts(store, meeting)
    if as_json:
        emit_json({"meeting": found, "counts": counts})
        return
    rows = [
        (_("ID"), found.id),
        (_("Title"), " / ".join(found.title.values())),
        (_("Dates"), f"{found.start} – {found.end}"),
        (_("Place"), ", ".join(p for p in (found.venue, found.city, found.country) if p)),
        (_("Time zone"), found.timezone),
        (_("Kind"), MeetingKind(found.kind).label()),
        (_("Component"), Component(found.component).label()),
        (_("Thematic areas"), ", ".join(ThematicArea(a).label() for a in found.thematic_areas)),
        (_("Languages"), ", ".join(found.languages)),
        (_("Confidentiality"), Confidentiality(found.confidentiality).label()),
        (_("Status"), MeetingStatus(found.status).label()),
        (_("Participants"), counts.participants),
        (_("Agenda items"), counts.agenda_items),
        (_("Minutes blocks"), counts.blocks),
        (_("Action points"), counts.actions),
    ]
    label_width = max(_width(label) for label, _v in rows)
    for label, value in rows:
        click.echo(f"{label}{' ' * (label_width - _width(label))}  {value}")


@meetings.command("delete")
@click.argument("meeting")
@click.option("--yes", is_flag=True, help=_("Do not ask for confirmation."))
@with_store
def meetings_delete(store: Store, meeting: str, yes: bool) -> None:
    """Delete a meeting and all its data from this laptop."""
    found = queries.meeting(store, meeting)
    if not yes and not click.confirm(
        _("Delete “{title}” and all its minutes from this laptop?").format(
            title=found.display_title
        )
    ):
        raise click.Abort()
    meeting_service.delete(store, meeting)
    click.echo(_("Deleted meeting {id}.").format(id=meeting))


# agenda -------------------------------------------------------------------------------------


@cli.group()
def agenda() -> None:
    """The meeting's agenda: sessions and the items within them."""


@agenda.command("list")
@meeting_option
@json_option
@with_store
def agenda_list(store: Store, meeting: str, as_json: bool) -> None:
    """List the agenda in order."""
    found = queries.meeting(store, meeting)
    items = queries.agenda(store, meeting)
    if as_json:
        emit_json(items)
        return
    emit_table(
        [_("ID"), _("Day"), _("Time"), _("Kind"), _("Title")],
        [
            (
                short(i.id),
                i.start.date() if i.start else "",
                f"{i.start:%H:%M}–{i.end:%H:%M}"
                if i.start and i.end
                else (f"{i.start:%H:%M}" if i.start else ""),
                AgendaKind(i.kind).label(),
                ("    " if i.parent_id else "") + i.display_title(found.languages),
            )
            for i in items
        ],
    )


@agenda.command("add")
@meeting_option
@click.option("--title", required=True)
@click.option("--kind", type=choice(AgendaKind), default=AgendaKind.SESSION.value)
@click.option("--parent", default=None, metavar="ID", help=_("Session to add the item to."))
@click.option("--start", default=None, metavar="YYYY-MM-DDTHH:MM")
@click.option("--end", default=None, metavar="YYYY-MM-DDTHH:MM")
@click.option("--description", default="")
@click.option("--moderator", "moderators", multiple=True, metavar="ID")
@click.option("--speaker", "speakers", multiple=True, metavar="ID")
@click.option("--thematic-area", type=choice(ThematicArea), default=None)
@click.option("--position", type=int, default=None, help=_("0-based position (default: last)."))
@json_option
@with_store
def agenda_add(
    store: Store,
    meeting: str,
    parent: str | None,
    start: str | None,
    end: str | None,
    moderators: tuple[str, ...],
    speakers: tuple[str, ...],
    position: int | None,
    as_json: bool,
    **fields: Any,
) -> None:
    """Add a session, or an item to a session."""
    item = agenda_service.add(
        store,
        meeting,
        parent_id=_resolve(store, "agenda_items", parent, meeting),
        start=parse_datetime("start", start) if start else None,
        end=parse_datetime("end", end) if end else None,
        moderators=[queries.resolve(store, "participants", p, meeting) for p in moderators],
        speakers=[queries.resolve(store, "participants", p, meeting) for p in speakers],
        index=position,
        **fields,
    )
    if as_json:
        emit_json(item)
    else:
        click.echo(_("Added agenda item {id}.").format(id=item.id))


@agenda.command("move")
@meeting_option
@click.argument("item")
@click.option(
    "--parent", default=None, metavar="ID", help=_("Session to move into (default: top level).")
)
@click.option("--position", type=int, default=None, help=_("0-based position (default: last)."))
@json_option
@with_store
def agenda_move(
    store: Store, meeting: str, item: str, parent: str | None, position: int | None, as_json: bool
) -> None:
    """Reorder an item or move it to another session."""
    moved = agenda_service.move(
        store,
        meeting,
        queries.resolve(store, "agenda_items", item, meeting),
        parent_id=_resolve(store, "agenda_items", parent, meeting),
        index=position,
    )
    if as_json:
        emit_json(moved)
    else:
        click.echo(_("Moved agenda item {id}.").format(id=moved.id))


# participants -------------------------------------------------------------------------------


@cli.group()
def participants() -> None:
    """The meeting's participants and their attendance."""


@participants.command("list")
@meeting_option
@json_option
@with_store
def participants_list(store: Store, meeting: str, as_json: bool) -> None:
    """List participants by family name."""
    people = queries.participants(store, meeting)
    if as_json:
        emit_json(people)
        return
    emit_table(
        [_("ID"), _("Name"), _("Organisation"), _("Country"), _("Group"), _("Role"), _("Days")],
        [
            (
                short(p.id),
                p.full_name,
                p.organisation,
                p.country or "",
                StakeholderGroup(p.stakeholder_group).label(),
                Role(p.role).label(),
                len(p.days_present),
            )
            for p in people
        ],
    )
    click.echo(ngettext("{n} participant", "{n} participants", len(people)).format(n=len(people)))


@participants.command("add")
@meeting_option
@click.option("--family-name", required=True)
@click.option("--given-name", default="")
@click.option("--honorific", default="")
@click.option("--gender", type=choice(Gender), default=None)
@click.option("--organisation", default="")
@click.option("--position", default="")
@click.option("--country", default=None, metavar="CC")
@click.option("--delegation", default="")
@click.option("--stakeholder-group", type=choice(StakeholderGroup), default="southern_partner")
@click.option("--role", type=choice(Role), default="participant")
@click.option("--email", default="")
@click.option("--phone", default="")
@click.option("--languages", default=None, help=_("Languages spoken, comma-separated."))
@click.option(
    "--consent", "consent_contact", is_flag=True, help=_("Consents to sharing contact data.")
)
@json_option
@with_store
def participants_add(
    store: Store,
    meeting: str,
    country: str | None,
    languages: str | None,
    as_json: bool,
    **fields: Any,
) -> None:
    """Add a participant."""
    person = participant_service.add(
        store,
        meeting,
        country=country.upper() if country else None,
        languages=_split(languages) or [],
        **fields,
    )
    if as_json:
        emit_json(person)
    else:
        click.echo(_("Added participant {id}: {name}").format(id=person.id, name=person.full_name))


@participants.command("attend")
@meeting_option
@click.argument("participant")
@click.option("--day", "days", multiple=True, required=True, metavar="YYYY-MM-DD")
@click.option("--absent", is_flag=True, help=_("Record absence instead of presence."))
@json_option
@with_store
def participants_attend(
    store: Store, meeting: str, participant: str, days: tuple[str, ...], absent: bool, as_json: bool
) -> None:
    """Record attendance for one or more meeting days."""
    pid = queries.resolve(store, "participants", participant, meeting)
    person = None
    for day in days:
        person = participant_service.set_attendance(
            store, meeting, pid, parse_date("day", day), present=not absent
        )
    assert person is not None
    if as_json:
        emit_json(person)
    else:
        click.echo(
            _("{name} attends: {days}").format(
                name=person.full_name,
                days=", ".join(d.isoformat() for d in person.days_present) or "—",
            )
        )


# minutes ------------------------------------------------------------------------------------


@cli.group()
def minutes() -> None:
    """Minutes: blocks of notes, interventions, conclusions and recommendations."""


@minutes.command("show")
@meeting_option
@click.option("--item", default=None, metavar="ID", help=_("Only this agenda item."))
@json_option
@with_store
def minutes_show(store: Store, meeting: str, item: str | None, as_json: bool) -> None:
    """Print the minutes in agenda order."""
    found = queries.meeting(store, meeting)
    item_id = _resolve(store, "agenda_items", item, meeting)
    blocks = queries.blocks(store, meeting, item_id)
    if as_json:
        emit_json(blocks)
        return
    titles = {i.id: i.display_title(found.languages) for i in queries.agenda(store, meeting)}
    names = {p.id: p.full_name for p in queries.participants(store, meeting)}
    current = None
    for block in blocks:
        if block.item_id != current:
            current = block.item_id
            click.echo("")
            click.echo(f"## {titles.get(block.item_id, _('(deleted agenda item)'))}")
        head = f"[{short(block.id)}] {BlockKind(block.kind).label()} ({block.lang})"
        if block.speaker_id:
            head += f" — {names.get(block.speaker_id, '?')}"
        if block.time:
            head += f" {block.time}"
        click.echo(head)
        click.echo(f"  {block.text}")
        for lang, text in sorted(block.translations.items()):
            click.echo(f"  ({lang}) {text}")


@minutes.command("add")
@meeting_option
@click.option("--item", required=True, metavar="ID", help=_("Agenda item the block belongs to."))
@click.option("--text", required=True)
@click.option("--kind", type=choice(BlockKind), default=BlockKind.NOTE.value)
@click.option(
    "--lang", default=None, help=_("Language of the text (default: first working language).")
)
@click.option("--speaker", default=None, metavar="ID")
@click.option("--time", default=None, metavar="HH:MM")
@json_option
@with_store
def minutes_add(
    store: Store,
    meeting: str,
    item: str,
    speaker: str | None,
    as_json: bool,
    **fields: Any,
) -> None:
    """Add a block of minutes under an agenda item."""
    block = minutes_service.add_block(
        store,
        meeting,
        queries.resolve(store, "agenda_items", item, meeting),
        speaker_id=_resolve(store, "participants", speaker, meeting),
        **fields,
    )
    if as_json:
        emit_json(block)
    else:
        click.echo(_("Added block {id}.").format(id=block.id))


@minutes.command("edit")
@meeting_option
@click.argument("block")
@click.option("--insert", "insert", nargs=2, type=(int, str), default=None, metavar="POS TEXT")
@click.option("--delete", "delete", nargs=2, type=(int, int), default=None, metavar="POS LENGTH")
@click.option(
    "--text", default=None, help=_("Replace the whole text (only the changed range is sent).")
)
@click.option("--translation", nargs=2, default=None, metavar="LANG TEXT")
@click.option("--kind", type=choice(BlockKind), default=None)
@click.option("--lang", default=None)
@json_option
@with_store
def minutes_edit(
    store: Store,
    meeting: str,
    block: str,
    insert: tuple[int, str] | None,
    delete: tuple[int, int] | None,
    text: str | None,
    translation: tuple[str, str] | None,
    kind: str | None,
    lang: str | None,
    as_json: bool,
) -> None:
    """Edit a block: insert or delete a range, replace its text, translate it."""
    block_id = queries.resolve(store, "blocks", block, meeting)
    if not any(v is not None for v in (insert, delete, text, translation, kind, lang)):
        raise ValidationError.single(
            "text",
            _("Say what to change: --insert, --delete, --text, --translation, --kind or --lang."),
        )
    if delete is not None:
        minutes_service.delete_text_at(store, meeting, block_id, *delete)
    if insert is not None:
        minutes_service.insert_text_at(store, meeting, block_id, *insert)
    if text is not None:
        minutes_service.set_text(store, meeting, block_id, text)
    if translation is not None:
        minutes_service.set_translation(store, meeting, block_id, *translation)
    fields = {k: v for k, v in (("kind", kind), ("lang", lang)) if v is not None}
    if fields:
        minutes_service.update_block(store, meeting, block_id, **fields)
    result = queries.blocks(store, meeting)
    edited = next(b for b in result if b.id == block_id)
    if as_json:
        emit_json(edited)
    else:
        click.echo(edited.text)


@minutes.command("action")
@meeting_option
@click.option("--what", required=True)
@click.option("--owner", default="")
@click.option("--due", default=None, metavar="YYYY-MM-DD")
@click.option("--item", default=None, metavar="ID")
@click.option("--status", type=choice(ActionStatus), default="open")
@json_option
@with_store
def minutes_action(
    store: Store,
    meeting: str,
    what: str,
    owner: str,
    due: str | None,
    item: str | None,
    status: str,
    as_json: bool,
) -> None:
    """Add an action point."""
    action = minutes_service.add_action(
        store,
        meeting,
        what,
        item_id=_resolve(store, "agenda_items", item, meeting),
        owner=owner,
        due=parse_date("due", due) if due else None,
        status=status,
    )
    if as_json:
        emit_json(action)
    else:
        click.echo(_("Added action point {id}.").format(id=action.id))


# registrations in, participant lists, calendars and action points out ------------------------
# The files package (and openpyxl, icalendar) load only when these commands run.


def _mapping_text(value: str | None) -> str | None:
    """``--mapping`` takes JSON text or the name of a .json file holding it."""
    if value is None or value.lstrip().startswith("{"):
        return value
    path = Path(value)
    if not path.is_file():
        raise ValidationError.single(
            "mapping",
            _("Give a JSON object or the name of a JSON file, not “{value}”.").format(value=value),
        )
    return path.read_text(encoding="utf-8-sig")


@participants.command("import")
@meeting_option
@click.argument("file", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--mapping",
    default=None,
    metavar="JSON",
    help=_('Columns to fields, overriding the guess, e.g. {"Courriel": "email"}; or a JSON file.'),
)
@click.option("--sheet", default=None, help=_("Worksheet of an XLSX file (default: the first)."))
@click.option("--dry-run", is_flag=True, help=_("Only show what would be imported."))
@click.option(
    "--skip-problems",
    is_flag=True,
    help=_("Import the good rows and leave out rows with problems."),
)
@json_option
@with_store
def participants_import(
    store: Store,
    meeting: str,
    file: Path,
    mapping: str | None,
    sheet: str | None,
    dry_run: bool,
    skip_problems: bool,
    as_json: bool,
) -> None:
    """Import participants from a CSV or XLSX registration list (all rows or none)."""
    from euromed_desktop.files import participants_import as importer

    checked = importer.preview_file(store, meeting, file, _mapping_text(mapping), sheet)
    result = None
    if not dry_run and (skip_problems or not checked.problem_rows):
        result = importer.import_preview(store, meeting, checked, skip_problems=skip_problems)
    if as_json:
        emit_json(
            {
                "encoding": checked.table.encoding,
                "delimiter": checked.table.delimiter,
                "sheet": checked.table.sheet,
                "mapping": dict(zip(checked.table.headers, checked.mapping, strict=True)),
                "rows": [
                    {"line": r.line, "action": r.action, "name": r.name, "problems": r.problems}
                    for r in checked.rows
                ],
                "added": result.added if result else 0,
                "updated": result.updated if result else 0,
            }
        )
    for row in checked.problem_rows:
        for problem in row.problems:
            click.echo(
                _("Line {line} ({name}): {problem}").format(
                    line=row.line, name=row.name or "—", problem=problem
                ),
                err=True,
            )
    if result is None and checked.problem_rows and not dry_run:
        importer.import_preview(store, meeting, checked)  # raises with the count: exit 2
    if not as_json:
        click.echo(result.summary() if result else checked.summary())


@participants.command("export")
@meeting_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--all-contacts",
    is_flag=True,
    help=_("Include everyone's e-mail and phone (default: only of those who consented)."),
)
@with_store
def participants_export(store: Store, meeting: str, output: Path, all_contacts: bool) -> None:
    """Write the participant list as .xlsx or .csv."""
    from euromed_desktop.files import lists_export

    count = lists_export.export_participants(store, meeting, output, all_contacts=all_contacts)
    click.echo(
        ngettext(
            "{n} participant written to {path}", "{n} participants written to {path}", count
        ).format(n=count, path=output)
    )


@agenda.command("export")
@meeting_option
@click.option("--format", "fmt", type=click.Choice(["ics"]), default="ics", show_default=True)
@click.option("--lang", default=None, help=_("Language of titles (default: the meeting's first)."))
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_store
def agenda_export(store: Store, meeting: str, fmt: str, lang: str | None, output: Path) -> None:
    """Write the agenda as an iCalendar file, one event per timed item."""
    from euromed_desktop.domain.validation import is_language
    from euromed_desktop.files import calendar

    if lang is not None and not is_language(lang):
        raise ValidationError.single(
            "lang",
            _("Unknown language code “{code}”; use a code such as en, fr, ar or ka.").format(
                code=lang
            ),
        )
    count = calendar.export_agenda(store, meeting, output, lang)
    click.echo(
        ngettext("{n} event written to {path}", "{n} events written to {path}", count).format(
            n=count, path=output
        )
    )


@minutes.command("actions-export")
@meeting_option
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_store
def minutes_actions_export(store: Store, meeting: str, output: Path) -> None:
    """Write the action points as .csv or .xlsx."""
    from euromed_desktop.files import lists_export

    count = lists_export.export_actions(store, meeting, output)
    click.echo(
        ngettext(
            "{n} action point written to {path}", "{n} action points written to {path}", count
        ).format(n=count, path=output)
    )


# search, demo, db ---------------------------------------------------------------------------


@cli.command()
@click.argument("query")
@click.option("--meeting", default=None, metavar="ID", help=_("Only this meeting."))
@click.option("--limit", type=int, default=50)
@json_option
@with_store
def search(store: Store, query: str, meeting: str | None, limit: int, as_json: bool) -> None:
    """Search minutes, agenda titles and participants."""
    hits = queries.search(store, query, meeting, limit)
    if as_json:
        emit_json(hits)
        return
    kinds = {
        "meetings": _("meeting"),
        "agenda": _("agenda"),
        "participants": _("participant"),
        "blocks": _("minutes"),
        "decisions": _("decision"),
        "actions": _("action"),
    }
    emit_table(
        [_("Meeting"), _("Kind"), _("ID"), _("Match")],
        [
            (
                short(h.meeting_id),
                kinds.get(h.entity, h.entity),
                short(h.ref_id),
                (h.title + " " + h.snippet).strip().replace("\n", " "),
            )
            for h in hits
        ],
    )


@cli.command()
@json_option
@with_store
def demo(store: Store, as_json: bool) -> None:
    """Create the demo meeting (once) and print its id."""
    from euromed_desktop.demo import ensure_demo_meeting

    meeting, created = ensure_demo_meeting(store)
    if as_json:
        emit_json({"id": meeting.id, "created": created, "title": meeting.display_title})
    elif created:
        click.echo(
            _("Created the demo meeting {id}: {title}").format(
                id=meeting.id, title=meeting.display_title
            )
        )
    else:
        click.echo(_("The demo meeting is already here: {id}").format(id=meeting.id))


@cli.group()
def db() -> None:
    """Check or rebuild the database."""


@db.command("check")
@json_option
@click.pass_obj
def db_check(ctx: Context, as_json: bool) -> None:
    """Check the file, every update log, and that the tables match the logs."""
    with _bad_input_exits():
        report = ctx.store.check()
    if as_json:
        emit_json(
            {
                "healthy": report.healthy,
                "problems": report.problems,
                "meetings": report.meetings,
                "updates": report.updates,
            }
        )
    elif report.healthy:
        click.echo(
            ngettext(
                "Healthy: {meetings} meeting, {updates} log entries ({path}).",
                "Healthy: {meetings} meetings, {updates} log entries ({path}).",
                report.meetings,
            ).format(meetings=report.meetings, updates=report.updates, path=ctx.store.path)
        )
    else:
        for problem in report.problems:
            click.echo(problem, err=True)
    if not report.healthy:
        sys.exit(1)


@db.command("rebuild")
@click.pass_obj
def db_rebuild(ctx: Context) -> None:
    """Rebuild every table from the update logs."""
    with _bad_input_exits():
        count = ctx.store.rebuild()
    click.echo(ngettext("Rebuilt {n} meeting.", "Rebuilt {n} meetings.", count).format(n=count))


# exchange by file ----------------------------------------------------------------------------
# The sync package (and cryptography) load only when these commands run: the CLI starts fast.

PASSPHRASE_ENV = "EUROMED_PASSPHRASE"


def _passphrase(confirm: bool) -> str:
    """From ``EUROMED_PASSPHRASE`` (scripts), else asked for without echo."""
    import os

    value = os.environ.get(PASSPHRASE_ENV)
    if value:
        return value
    entered: str = click.prompt(
        _("Passphrase"), hide_input=True, confirmation_prompt=confirm, err=True
    )
    return entered


@cli.command("export")
@click.option(
    "--meeting",
    "meeting_ids",
    multiple=True,
    required=True,
    metavar="ID",
    help=_("Meeting id (or a unique prefix); repeat for several meetings."),
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--kind",
    type=click.Choice(["sync", "review", "comments"]),
    default="sync",
    help=_("sync: merge with colleagues; review: read-only copy; comments: reviewer comments."),
)
@click.option(
    "--encrypt",
    is_flag=True,
    help=_("Encrypt with a passphrase (asked for, or set EUROMED_PASSPHRASE)."),
)
@click.option(
    "--receipt",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    default=None,
    help=_("Send only what the colleague who wrote this receipt lacks."),
)
@click.option(
    "--for",
    "for_device",
    default=None,
    metavar="DEVICE",
    help=_("Send only what this device lacked at its last bundle or receipt."),
)
@json_option
@click.pass_obj
def export_bundle(
    ctx: Context,
    meeting_ids: tuple[str, ...],
    output: Path,
    kind: str,
    encrypt: bool,
    receipt: Path | None,
    for_device: str | None,
    as_json: bool,
) -> None:
    """Write a bundle file to give to colleagues or reviewers."""
    from euromed_desktop import sync
    from euromed_desktop.sync import exchange

    with _bad_input_exits():
        store = ctx.store
        ids = [queries.resolve(store, "meetings", m) for m in meeting_ids]
        if kind != "sync" and (len(ids) != 1 or receipt or for_device):
            raise ValidationError.single(
                "kind", _("Review and comments bundles hold one meeting, always in full.")
            )
        passphrase = _passphrase(confirm=True) if encrypt else None
        if kind == "review":
            result = sync.export_review(store, output, ids[0], passphrase=passphrase)
        elif kind == "comments":
            result = sync.export_comments(
                output,
                ids[0],
                exchange.meeting_title(store, ids[0]),
                queries.comments(store, ids[0]),
                passphrase=passphrase,
            )
        else:
            since = sync.read_receipt(receipt) if receipt is not None else None
            result = sync.export_sync(
                store, output, ids, since=since, for_device=for_device, passphrase=passphrase
            )
    if as_json:
        emit_json({**dataclasses.asdict(result), "path": str(result.path)})
        return
    click.echo(
        ngettext(
            "Wrote {path} ({kind}, {n} meeting, {size} bytes{extra}).",
            "Wrote {path} ({kind}, {n} meetings, {size} bytes{extra}).",
            len(result.meetings),
        ).format(
            path=result.path,
            kind={"sync": _("sync"), "review": _("review copy"), "receipt": _("receipt")}.get(
                result.kind, result.kind
            ),
            n=len(result.meetings),
            size=result.size,
            extra=(_(", only what is new") if result.delta else "")
            + (_(", encrypted") if result.encrypted else ""),
        )
    )


@cli.command("import")
@click.argument("bundle", type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--accept-new-key",
    is_flag=True,
    help=_("Accept that a known device now signs with another key (after checking with it)."),
)
@json_option
@click.pass_obj
def import_bundle(ctx: Context, bundle: Path, accept_new_key: bool, as_json: bool) -> None:
    """Merge a colleague's bundle, take in reviewers' comments, or remember a receipt."""
    import os

    from euromed_desktop import sync

    with _bad_input_exits():
        store = ctx.store
        passphrase = os.environ.get(PASSPHRASE_ENV) or None
        try:
            try:
                summary = sync.import_bundle(
                    store, bundle, passphrase=passphrase, accept_new_key=accept_new_key
                )
            except sync.PassphraseRequired:
                if passphrase is not None:
                    raise
                summary = sync.import_bundle(
                    store,
                    bundle,
                    passphrase=_passphrase(confirm=False),
                    accept_new_key=accept_new_key,
                )
        except sync.KeyChanged:
            click.echo(_("(To accept the new key: euromed import --accept-new-key FILE)"), err=True)
            raise
    if as_json:
        emit_json(
            {
                "kind": summary.kind,
                "device": {
                    "id": summary.device.id,
                    "name": summary.device.name,
                    "fingerprint": summary.device.fingerprint,
                },
                "person": summary.person,
                "created_at": summary.created_at,
                "trust": str(summary.trust),
                "encrypted": summary.encrypted,
                "changed": summary.changed,
                "meetings": summary.meetings,
                "comments_added": summary.comments_added,
                "comments_known": summary.comments_known,
                "warnings": summary.warnings,
            }
        )
        return
    for warning in summary.warnings:
        click.echo(warning, err=True)
    click.echo(
        _("From “{device}” ({person}), written {when}, key {fingerprint}.").format(
            device=summary.device.name,
            person=summary.person or "?",
            when=summary.created_at,
            fingerprint=summary.device.fingerprint,
        )
    )
    for result in summary.meetings:
        if result.new:
            line = ngettext(
                "“{title}”: new on this laptop ({n} record).",
                "“{title}”: new on this laptop ({n} records).",
                result.records,
            )
        elif result.entries:
            line = ngettext(
                "“{title}”: {n} record changed.", "“{title}”: {n} records changed.", result.records
            )
        elif not result.versions:
            line = _("“{title}”: nothing new.")
        else:
            line = ""
        if line:
            click.echo(line.format(title=result.title, n=result.records))
        if result.versions:
            click.echo(
                ngettext(
                    "“{title}”: {n} version of the minutes received.",
                    "“{title}”: {n} versions of the minutes received.",
                    result.versions,
                ).format(title=result.title, n=result.versions)
            )
    if summary.kind == "comments":
        click.echo(
            _("Comments: {added} new, {known} already here.").format(
                added=summary.comments_added, known=summary.comments_known
            )
        )
    if summary.kind == "receipt":
        click.echo(
            _("Receipt remembered: the next export --for this device sends only what is new.")
        )


@cli.command("receipt")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@click.option(
    "--meeting",
    "meeting_ids",
    multiple=True,
    metavar="ID",
    help=_("Only these meetings (default: all)."),
)
@click.pass_obj
def receipt(ctx: Context, output: Path, meeting_ids: tuple[str, ...]) -> None:
    """Write a receipt telling a colleague what this laptop has, for a smaller bundle back."""
    from euromed_desktop import sync

    with _bad_input_exits():
        store = ctx.store
        ids = [queries.resolve(store, "meetings", m) for m in meeting_ids]
        result = sync.write_receipt(store, output, ids or None)
    click.echo(_("Wrote {path} ({size} bytes).").format(path=result.path, size=result.size))


# pdf ----------------------------------------------------------------------------------------

PDF_KINDS = render_kinds.KINDS


@cli.command("pdf")
@click.argument("kind", type=click.Choice(PDF_KINDS))
@meeting_option
@click.option("--lang", default="en", show_default=True, help=_("Language of the document."))
@click.option(
    "--second-lang", default=None, help=_("Minutes only: a second language, side by side.")
)
@click.option("--paper", type=click.Choice(["a4", "letter"]), default="a4", show_default=True)
@click.option(
    "--group-by",
    type=click.Choice(["country", "group"]),
    default="country",
    help=_("Participant list: group by country or stakeholder group."),
)
@click.option(
    "--contacts",
    is_flag=True,
    help=_("Participant list: add contact data of the people who consented."),
)
@click.option("--day", default=None, metavar="YYYY-MM-DD", help=_("Sign-in sheet of one day."))
@click.option(
    "--final", is_flag=True, help=_("Minutes only: print the approved version, without DRAFT.")
)
@click.option(
    "--participant", default=None, metavar="ID", help=_("Certificates only: of one participant.")
)
@click.option(
    "--participant-language",
    "person_language",
    is_flag=True,
    help=_("Certificates only: each in the participant's own language when possible."),
)
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path))
@with_store
def pdf(
    store: Store,
    kind: str,
    meeting: str,
    lang: str,
    second_lang: str | None,
    paper: str,
    group_by: str,
    contacts: bool,
    day: str | None,
    final: bool,
    participant: str | None,
    person_language: bool,
    output: Path,
) -> None:
    """Print a document of a meeting as PDF (agenda, participants, signin, badges, tents,
    minutes, actions, stats, certificates)."""
    from euromed_desktop import render  # heavy (ReportLab, HarfBuzz): only when printing

    options: dict[str, Any] = {
        "group_by": group_by,
        "contacts": contacts,
        "final": final,
        "person_language": person_language,
    }
    if day is not None:
        options["day"] = parse_date("day", day).isoformat()
    if participant is not None:
        options["participant"] = queries.resolve(store, "participants", participant, meeting)
    path = render.build(
        kind,
        store,
        meeting,
        output,
        lang=lang,
        second_lang=second_lang,
        paper=paper,
        **options,
    )
    click.echo(_("Wrote {path}.").format(path=path))


# versions and approval -----------------------------------------------------------------------


@cli.group()
def versions() -> None:
    """Versions of the minutes: list, show, compare, restore."""


def _version_row(version: Any) -> tuple[Any, ...]:
    return (
        version.number,
        short(version.id),
        version.created_at.replace("T", " ")[:16],
        MeetingStatus(version.status).label(),
        version.author,
        (version.name + (" ✔" if version.approved else "")).strip(),
    )


@versions.command("list")
@meeting_option
@json_option
@with_store
def versions_list(store: Store, meeting: str, as_json: bool) -> None:
    """List the versions of a meeting's minutes, oldest first."""
    from euromed_desktop.store import versions as version_service

    found = version_service.versions(store, meeting)
    if as_json:
        emit_json(found)
        return
    emit_table(
        ["#", _("ID"), _("When (UTC)"), _("Status"), _("By"), _("Name")],
        [_version_row(v) for v in found],
    )


@versions.command("take")
@meeting_option
@click.option("--name", default="", help=_("A name for the version."))
@click.option("--by", "author", default="", metavar="NAME", help=_("Who takes it."))
@json_option
@with_store
def versions_take(store: Store, meeting: str, name: str, author: str, as_json: bool) -> None:
    """Keep the minutes as they are now as a new version."""
    from euromed_desktop.store import versions as version_service

    version = version_service.take(store, meeting, name=name, author=author)
    if as_json:
        emit_json(version)
    else:
        click.echo(_("Took version {n}.").format(n=version.number))


@versions.command("show")
@meeting_option
@click.argument("version")
@json_option
@with_store
def versions_show(store: Store, meeting: str, version: str, as_json: bool) -> None:
    """Print the minutes as they were in VERSION (its number or id)."""
    from euromed_desktop.store import versions as version_service
    from euromed_desktop.store.collections import BLOCKS
    from euromed_desktop.store.document import MeetingDocument

    found = version_service.get(store, meeting, version)
    doc = version_service.document(store, found)
    blocks = sorted(doc.entities(BLOCKS), key=lambda b: (b.item_id, b.position))
    if as_json:
        emit_json({"version": found, "blocks": blocks})
        return
    emit_table(
        ["#", _("ID"), _("When (UTC)"), _("Status"), _("By"), _("Name")], [_version_row(found)]
    )
    # Compared with an empty document, every text of the version reads as "added", in
    # agenda order with its item's title.
    for change in version_service.compare_documents(MeetingDocument(meeting), doc):
        click.echo("")
        click.echo(f"[{short(change.record_id)}] {change.item_title}")
        click.echo(f"  {change.new}")


def _print_changes(changes: list[Any]) -> None:
    """Words removed as [-…-], words added as {+…+} (the notation of git diff --word-diff)."""
    labels = {"added": _("added"), "removed": _("removed"), "changed": _("changed")}
    for change in changes:
        where = change.item_title or _("(deleted agenda item)")
        field = "" if change.field in ("text", "what") else f" ({change.field})"
        click.echo(f"## {where} [{short(change.record_id)}]{field} — {labels[change.change]}")
        parts = []
        for segment in change.segments:
            if segment.op == "delete":
                parts.append(f"[-{segment.text}-]")
            elif segment.op == "insert":
                parts.append(f"{{+{segment.text}+}}")
            else:
                parts.append(segment.text)
        click.echo("  " + "".join(parts))


@versions.command("compare")
@meeting_option
@click.argument("old")
@click.argument("new", required=False)
@json_option
@with_store
def versions_compare(store: Store, meeting: str, old: str, new: str | None, as_json: bool) -> None:
    """What changed from version OLD to version NEW (default: the minutes now)."""
    from euromed_desktop.store import versions as version_service

    changes = version_service.compare(store, meeting, old, new)
    if as_json:
        emit_json(changes)
        return
    if not changes:
        click.echo(_("No differences."))
        return
    _print_changes(changes)


@versions.command("restore")
@meeting_option
@click.argument("version")
@with_store
def versions_restore(store: Store, meeting: str, version: str) -> None:
    """Make the minutes say again what VERSION says (a new edit; colleagues' later work
    in other parts of the text is kept)."""
    from euromed_desktop.store import versions as version_service

    count = version_service.restore(store, meeting, version)
    if not count:
        click.echo(_("The minutes already match this version."))
        return
    click.echo(
        ngettext(
            "Restored version {version}: {n} text changed.",
            "Restored version {version}: {n} texts changed.",
            count,
        ).format(version=version, n=count)
    )


@minutes.command("status")
@meeting_option
@click.argument("step", type=click.Choice(["draft", "review", "approve"]))
@click.option("--by", "by", default="", metavar="NAME", help=_("Who does it (needed to approve)."))
@with_store
def minutes_status(store: Store, meeting: str, step: str, by: str) -> None:
    """Move the minutes to draft, circulate them for review, or approve them."""
    from euromed_desktop.store import versions as version_service

    status = {
        "draft": MeetingStatus.MINUTES_DRAFT.value,
        "review": MeetingStatus.IN_REVIEW.value,
        "approve": MeetingStatus.APPROVED.value,
    }[step]
    taken = version_service.set_status(store, meeting, status, by=by)
    click.echo(_("Status: {status}.").format(status=MeetingStatus(status).label()))
    if taken is not None:
        click.echo(_("Took version {n}.").format(n=taken.number))


def main(argv: Sequence[str] | None = None) -> None:
    cli.main(args=list(argv) if argv is not None else None, prog_name="euromed")


if __name__ == "__main__":
    main()
