"""Participant lists and action points as CSV or XLSX, for the spreadsheets organisers share.

A list for participants carries e-mail and phone only of the people who consented to share
them; the organiser's full list (``all_contacts``) carries everyone's. Headers are the field
labels in the interface language, which the importer recognises in every app language, so an
exported list can be corrected in a spreadsheet and imported again. CSV is written as UTF-8
with a byte-order mark, the one form in which Excel opens Arabic and Georgian text correctly.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Sequence
from pathlib import Path

from euromed_desktop.domain.errors import ValidationError
from euromed_desktop.domain.vocab import ActionStatus, Gender, Role, StakeholderGroup
from euromed_desktop.files.participants_import import FIELDS
from euromed_desktop.i18n import N_, _
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

Report = Callable[[int, int], None]

_PARTICIPANT_COLUMNS = [
    "honorific",
    "given_name",
    "family_name",
    "gender",
    "organisation",
    "position",
    "country",
    "delegation",
    "stakeholder_group",
    "role",
    "email",
    "phone",
    "languages",
    "consent_contact",
]
_DAYS = N_("Days present")


def participant_rows(
    store: Store, meeting_id: str, *, all_contacts: bool = False
) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the participant list (contact data only with consent, unless
    ``all_contacts``)."""
    headers = [_(FIELDS[c]) for c in _PARTICIPANT_COLUMNS] + [_(_DAYS)]
    rows: list[list[str]] = []
    for p in queries.participants(store, meeting_id):
        share = all_contacts or p.consent_contact
        rows.append(
            [
                p.honorific,
                p.given_name,
                p.family_name,
                Gender(p.gender).label() if p.gender else "",
                p.organisation,
                p.position,
                p.country or "",
                p.delegation,
                StakeholderGroup(p.stakeholder_group).label(),
                Role(p.role).label(),
                p.email if share else "",
                p.phone if share else "",
                ", ".join(p.languages),
                _("Yes") if p.consent_contact else _("No"),
                ", ".join(d.isoformat() for d in p.days_present),
            ]
        )
    return headers, rows


def action_rows(store: Store, meeting_id: str) -> tuple[list[str], list[list[str]]]:
    """Header and rows of the action points, with the agenda item each belongs to."""
    meeting = queries.meeting(store, meeting_id)
    titles = {i.id: i.display_title(meeting.languages) for i in queries.agenda(store, meeting_id)}
    headers = [_("Action"), _("Owner"), _("Due"), _("Status"), _("Agenda item")]
    rows = [
        [
            a.what,
            a.owner,
            a.due.isoformat() if a.due else "",
            ActionStatus(a.status).label(),
            titles.get(a.item_id or "", ""),
        ]
        for a in queries.actions(store, meeting_id)
    ]
    return headers, rows


def write_table(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    sheet_title: str = "",
    progress: Report | None = None,
) -> Path:
    """Write CSV or XLSX by the file's extension; the file appears whole or not at all."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in (".csv", ".xlsx"):
        raise ValidationError.single(
            "output",
            _("Choose a file name ending in .csv or .xlsx (not “{name}”).").format(name=path.name),
        )
    partial = path.with_name(path.name + ".part")
    try:
        if suffix == ".csv":
            with partial.open("w", encoding="utf-8-sig", newline="") as handle:
                writer = csv.writer(handle)
                writer.writerow(headers)
                for n, row in enumerate(rows, start=1):
                    writer.writerow(row)
                    if progress is not None and n % 500 == 0:
                        progress(n, len(rows))
        else:
            _write_xlsx(partial, headers, rows, sheet_title, progress)
        partial.replace(path)
    finally:
        partial.unlink(missing_ok=True)
    return path


def _write_xlsx(
    path: Path,
    headers: Sequence[str],
    rows: Sequence[Sequence[str]],
    sheet_title: str,
    progress: Report | None,
) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_sheet_name(sheet_title or _("Participants")))
    sheet.freeze_panes = "A2"
    widths = [max([len(h), *(len(r[i]) for r in rows[:200])]) for i, h in enumerate(headers)]
    for column, width in enumerate(widths):
        letter = _column_letter(column)
        sheet.column_dimensions[letter].width = min(max(width + 2, 8), 45)
    from openpyxl.cell import WriteOnlyCell

    bold = []
    for header in headers:
        cell = WriteOnlyCell(sheet, value=header)
        cell.font = Font(bold=True)
        bold.append(cell)
    sheet.append(bold)
    for n, row in enumerate(rows, start=1):
        sheet.append([_text_cell(sheet, v) if v.startswith("=") else v for v in row])
        if progress is not None and n % 500 == 0:
            progress(n, len(rows))
    book.save(path)


def _text_cell(sheet: object, value: str) -> object:
    """A leading “=” would make a formula of a participant's text: keep it text."""
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"
    return cell


def _sheet_name(title: str) -> str:
    cleaned = "".join(c for c in title if c not in "[]:*?/\\")
    return cleaned[:31] or "Sheet1"


def _column_letter(index: int) -> str:
    from openpyxl.utils import get_column_letter

    return str(get_column_letter(index + 1))


def export_participants(
    store: Store,
    meeting_id: str,
    path: Path,
    *,
    all_contacts: bool = False,
    progress: Report | None = None,
) -> int:
    """Write the participant list; returns the number of people written."""
    headers, rows = participant_rows(store, meeting_id, all_contacts=all_contacts)
    write_table(path, headers, rows, _("Participants"), progress)
    return len(rows)


def export_actions(
    store: Store, meeting_id: str, path: Path, progress: Report | None = None
) -> int:
    """Write the action points; returns how many were written."""
    headers, rows = action_rows(store, meeting_id)
    write_table(path, headers, rows, _("Action points"), progress)
    return len(rows)
