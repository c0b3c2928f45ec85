"""Importing registrations: guess which column holds what, preview every row with its
problems, then write all rows in one transaction (or none).

The preview is the whole point: organisers see, before anything is written, which rows have
an invalid e-mail, an unknown country or a duplicate, and which people are already in the
meeting and will be updated rather than added. Re-importing a corrected sheet therefore
updates the same people (matched by e-mail, else by name and organisation).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from euromed_desktop.domain.entities import Meeting, Participant
from euromed_desktop.domain.errors import EuromedError, ValidationError
from euromed_desktop.domain.validation import validate_participant
from euromed_desktop.domain.vocab import Gender, Role, StakeholderGroup
from euromed_desktop.files.countries import EU_MEMBER_STATES
from euromed_desktop.files.tabular import FileProblem, Table, read_table
from euromed_desktop.files.values import (
    compact,
    country_code,
    language_codes,
    normalise,
    split_full_name,
    vocabulary_code,
    yes_no,
)
from euromed_desktop.i18n import LANGUAGES, N_, _, ngettext, translator
from euromed_desktop.i18n.formats import format_list
from euromed_desktop.store import participants as participant_service
from euromed_desktop.store import queries
from euromed_desktop.store.store import Store

Report = Callable[[int, int], None]

# The fields a column can fill, with their labels (also the headers of exported lists).
FIELDS: dict[str, str] = {
    "full_name": N_("Full name"),
    "given_name": N_("Given name"),
    "family_name": N_("Family name"),
    "honorific": N_("Honorific"),
    "gender": N_("Gender"),
    "organisation": N_("Organisation"),
    "position": N_("Position"),
    "country": N_("Country"),
    "delegation": N_("Delegation"),
    "stakeholder_group": N_("Stakeholder group"),
    "role": N_("Role"),
    "email": N_("E-mail"),
    "phone": N_("Phone"),
    "languages": N_("Languages"),
    "consent_contact": N_("Consents to share contact data"),
}
# One whole sentence per field, so each language can make the words agree.
UNKNOWN_VALUE = {
    "gender": N_("Unknown gender “{value}”."),
    "role": N_("Unknown role “{value}”."),
    "stakeholder_group": N_("Unknown stakeholder group “{value}”."),
}

# Headers seen in registration exports, in English, French and Arabic (compared without case,
# accents, spaces or punctuation). Order matters only within one field.
_HEADERS: dict[str, list[str]] = {
    "full_name": [
        "full name",
        "name",
        "participant",
        "participant name",
        "names",
        "nom complet",
        "nom et prenom",
        "nom prenom",
        "prenom et nom",
        "prenom nom",
        "participant",
        "الاسم الكامل",
        "الاسم واللقب",
        "الاسم",
        "اسم المشارك",
        "الاسم الثلاثي",
    ],
    "given_name": [
        "first name",
        "given name",
        "forename",
        "firstname",
        "given names",
        "first",
        "prenom",
        "prenoms",
        "الاسم الأول",
        "الإسم الأول",
        "الاسم الشخصي",
    ],
    "family_name": [
        "last name",
        "family name",
        "surname",
        "lastname",
        "last",
        "nom",
        "nom de famille",
        "patronyme",
        "اسم العائلة",
        "اللقب",
        "الكنية",
        "العائلة",
    ],
    "honorific": [
        "title",
        "honorific",
        "salutation",
        "prefix",
        "civility",
        "civilite",
        "titre",
        "appellation",
        "اللقب الشرفي",
        "الصفة",
        "المخاطبة",
    ],
    "gender": ["gender", "sex", "genre", "sexe", "الجنس", "النوع"],
    "organisation": [
        "organisation",
        "organization",
        "institution",
        "affiliation",
        "company",
        "agency",
        "ministry",
        "employer",
        "organisme",
        "structure",
        "entreprise",
        "ministere",
        "المنظمة",
        "المؤسسة",
        "الجهة",
        "الهيئة",
        "الوزارة",
        "جهة العمل",
    ],
    "position": [
        "position",
        "job title",
        "function",
        "job",
        "post",
        "occupation",
        "fonction",
        "poste",
        "titre du poste",
        "المنصب",
        "الوظيفة",
        "المسمى الوظيفي",
    ],
    "country": [
        "country",
        "country code",
        "nationality",
        "country of residence",
        "pays",
        "nationalite",
        "pays de residence",
        "البلد",
        "الدولة",
        "الجنسية",
        "بلد الإقامة",
    ],
    "delegation": ["delegation", "delegation of", "الوفد"],
    "stakeholder_group": [
        "stakeholder group",
        "stakeholder",
        "group",
        "category",
        "type of organisation",
        "groupe",
        "categorie",
        "type d organisation",
        "groupe d acteurs",
        "الفئة",
        "المجموعة",
        "فئة أصحاب المصلحة",
    ],
    "role": ["role", "participation", "capacity", "qualite", "الدور", "دور"],
    "email": [
        "email",
        "e mail",
        "email address",
        "e mail address",
        "mail",
        "courriel",
        "adresse electronique",
        "adresse email",
        "adresse mail",
        "mel",
        "البريد الإلكتروني",
        "البريد الالكتروني",
        "البريد",
        "الإيميل",
    ],
    "phone": [
        "phone",
        "telephone",
        "mobile",
        "phone number",
        "tel",
        "cell",
        "whatsapp",
        "numero de telephone",
        "portable",
        "الهاتف",
        "رقم الهاتف",
        "الجوال",
        "المحمول",
    ],
    "languages": [
        "languages",
        "language",
        "working languages",
        "langues",
        "langue",
        "اللغات",
        "اللغة",
    ],
    "consent_contact": [
        "consent",
        "consent to share contact",
        "share contact details",
        "consent contact",
        "consentement",
        "accord de partage",
        "الموافقة",
        "موافقة",
    ],
}


class ImportRefused(EuromedError):
    """The rows have problems, or the mapping cannot make participants; nothing was written."""


def _header_index() -> dict[str, str]:
    index: dict[str, str] = {}
    for name, label in FIELDS.items():
        for lang in LANGUAGES:
            index.setdefault(compact(translator(lang).gettext(label)), name)
    for name, headers in _HEADERS.items():
        for header in headers:
            index.setdefault(compact(header), name)
    return index


def guess_mapping(headers: list[str]) -> list[str | None]:
    """The field each column most likely holds (``None``: leave the column out).

    Exact header names win; then a header that contains a known one (“E-mail (work)”). Each
    field goes to one column only. Where both a full-name column and a family-name column
    were found, the “name” column is the given name (as in “Name / Surname” forms).
    """
    index = _header_index()
    keys = [compact(h) for h in headers]
    mapping: list[str | None] = [index.get(k) for k in keys]
    seen: set[str] = set()
    for i, name in enumerate(mapping):
        if name is not None and name in seen:
            mapping[i] = None
        elif name is not None:
            seen.add(name)
    known = sorted(index.items(), key=lambda kv: -len(kv[0]))
    for i, key in enumerate(keys):
        if mapping[i] is not None or len(key) < 3:
            continue
        for header, name in known:
            if len(header) >= 4 and header in key and name not in seen:
                mapping[i] = name
                seen.add(name)
                break
    if "full_name" in seen and "family_name" in seen and "given_name" not in seen:
        mapping[mapping.index("full_name")] = "given_name"
    return mapping


def mapping_from_json(text: str, headers: list[str]) -> dict[int, str | None]:
    """Overrides of the guess from ``{"header": "field"}`` (``null`` leaves a column out);
    a header may also be given by its 1-based column number."""
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ValidationError.single(
            "mapping", _("The mapping is not valid JSON: {error}").format(error=exc)
        ) from None
    if not isinstance(data, dict):
        raise ValidationError.single(
            "mapping", _('The mapping must be a JSON object such as {"Courriel": "email"}.')
        )
    overrides: dict[int, str | None] = {}
    for key, value in data.items():
        if key.isdigit() and 1 <= int(key) <= len(headers):
            column = int(key) - 1
        elif key in headers:
            column = headers.index(key)
        else:
            raise ValidationError.single(
                "mapping",
                _("The file has no column “{header}”; its columns are: {headers}.").format(
                    header=key, headers=", ".join(headers)
                ),
            )
        if value is not None and value not in FIELDS:
            raise ValidationError.single(
                "mapping",
                _("Unknown field “{field}”; expected one of: {fields}.").format(
                    field=value, fields=", ".join(FIELDS)
                ),
            )
        overrides[column] = value
    return overrides


# -- preview ------------------------------------------------------------------------------------


@dataclass
class RowPreview:
    """One data row: what it will become, and what is wrong with it."""

    line: int
    values: dict[str, Any]
    problems: list[str] = field(default_factory=list)
    match_id: str | None = None

    @property
    def name(self) -> str:
        return " ".join(
            p for p in (self.values.get("given_name", ""), self.values.get("family_name", "")) if p
        )

    @property
    def action(self) -> str:
        """``problem``, ``update`` or ``new``."""
        if self.problems:
            return "problem"
        return "update" if self.match_id else "new"


@dataclass
class Preview:
    table: Table
    mapping: list[str | None]
    rows: list[RowPreview]

    def count(self, action: str) -> int:
        return sum(1 for r in self.rows if r.action == action)

    @property
    def problem_rows(self) -> list[RowPreview]:
        return [r for r in self.rows if r.problems]

    def summary(self) -> str:
        new, update, problem = self.count("new"), self.count("update"), self.count("problem")
        parts = [
            ngettext("{n} new participant", "{n} new participants", new).format(n=new),
            ngettext("{n} to update", "{n} to update", update).format(n=update),
        ]
        if problem:
            parts.append(
                ngettext("{n} row with problems", "{n} rows with problems", problem).format(
                    n=problem
                )
            )
        return "; ".join(parts)


def _parse_row(cells: list[str], mapping: list[str | None]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = {}
    problems: list[str] = []
    full_name = ""
    for cell, name in zip(cells, mapping, strict=True):
        if name is None or not cell:
            continue
        if name == "full_name":
            full_name = cell
        elif name == "country":
            code = country_code(cell)
            if code is None:
                problems.append(_("Unknown country “{value}”.").format(value=cell))
            else:
                values["country"] = code
        elif name in ("gender", "role", "stakeholder_group"):
            vocabulary = {"gender": Gender, "role": Role, "stakeholder_group": StakeholderGroup}
            code = vocabulary_code(vocabulary[name], cell)
            if code is None:
                problems.append(_(UNKNOWN_VALUE[name]).format(value=cell))
            else:
                values[name] = code
        elif name == "consent_contact":
            answer = yes_no(cell)
            if answer is None:
                problems.append(
                    _("“{value}” is neither yes nor no (consent to share contact data).").format(
                        value=cell
                    )
                )
            else:
                values[name] = answer
        elif name == "languages":
            codes, unknown = language_codes(cell)
            values[name] = codes
            if unknown:
                problems.append(_("Unknown language “{value}”.").format(value=", ".join(unknown)))
        else:
            values[name] = " ".join(cell.split()) if name != "email" else cell.strip()
    if full_name and not values.get("family_name"):
        given, family = split_full_name(full_name)
        values["family_name"] = family
        values.setdefault("given_name", given)
    return values, problems


def _key(values: dict[str, Any]) -> tuple[str, str, str]:
    return (
        normalise(values.get("given_name", "")),
        normalise(values.get("family_name", "")),
        normalise(values.get("organisation", "")),
    )


def _group_from_country(country: str | None) -> str:
    """A sensible stakeholder group for a new person whose sheet has no such column."""
    if country in EU_MEMBER_STATES:
        return StakeholderGroup.EU_MEMBER_STATE.value
    # Southern partners, and anyone else, get the same default as a form-added person.
    return StakeholderGroup.SOUTHERN_PARTNER.value


def preview(
    store: Store,
    meeting_id: str,
    table: Table,
    mapping: list[str | None] | None = None,
    progress: Report | None = None,
) -> Preview:
    """Every row parsed, validated and matched against the meeting's participants."""
    mapping = list(mapping) if mapping is not None else guess_mapping(table.headers)
    if len(mapping) != len(table.headers):
        raise ValueError("one mapping entry per column")
    mapped = {m for m in mapping if m}
    if not mapped & {"family_name", "full_name"}:
        raise ImportRefused(
            _(
                "No column holds the participants' names. Choose the column with the family "
                "name (or the full name)."
            )
        )
    meeting = queries.meeting(store, meeting_id)
    people = queries.participants(store, meeting_id)
    by_email = {p.email.strip().casefold(): p for p in people if p.email.strip()}
    by_key = {_key(vars(p)): p for p in people}
    seen_email: dict[str, int] = {}
    seen_key: dict[tuple[str, str, str], int] = {}
    rows: list[RowPreview] = []
    total = len(table.rows)
    for number, cells in enumerate(table.rows):
        values, problems = _parse_row(cells, mapping)
        row = RowPreview(line=table.first_line + number, values=values, problems=problems)
        email = str(values.get("email", "")).casefold()
        key = _key(values)
        match = by_email.get(email) if email else None
        if match is None:
            candidate = by_key.get(key)
            # A name match is the same person only if the e-mails do not say otherwise.
            if candidate is not None and not (email and candidate.email.strip()):
                match = candidate
        row.match_id = match.id if match else None
        _check(row, meeting, match)
        if email and email in seen_email:
            row.problems.append(
                _("Same e-mail address as line {line}.").format(line=seen_email[email])
            )
        elif key[1] and key in seen_key and not email:
            row.problems.append(
                _("Same name and organisation as line {line}.").format(line=seen_key[key])
            )
        if email:
            seen_email.setdefault(email, row.line)
        seen_key.setdefault(key, row.line)
        rows.append(row)
        if progress is not None and number % 500 == 0:
            progress(number, total)
    if progress is not None:
        progress(total, total)
    return Preview(table=table, mapping=mapping, rows=rows)


def _check(row: RowPreview, meeting: Meeting, match: Participant | None) -> None:
    """The domain's own rules, so that the preview and the write never disagree."""
    if match is not None:
        candidate = Participant(**{**vars(match), **_changes(row.values)})
    else:
        candidate = Participant(
            **{"id": "", "meeting_id": meeting.id, "family_name": "", **_new_fields(row.values)}
        )
    if not row.values.get("family_name"):
        row.problems.append(_("The family name is empty."))
        return
    try:
        validate_participant(candidate, meeting, [])
    except ValidationError as exc:
        row.problems.extend(e.message for e in exc.errors)


def _changes(values: dict[str, Any]) -> dict[str, Any]:
    """What an update changes: only the cells that hold something (an empty cell in the new
    sheet never erases what the organiser already has)."""
    return {k: v for k, v in values.items() if v not in ("", None, [])}


def _new_fields(values: dict[str, Any]) -> dict[str, Any]:
    fields = _changes(values)
    fields.setdefault("stakeholder_group", _group_from_country(fields.get("country")))
    return fields


def preview_file(
    store: Store,
    meeting_id: str,
    path: Path,
    mapping_json: str | None = None,
    sheet: str | None = None,
    progress: Report | None = None,
) -> Preview:
    """Read a file and preview it with the guessed mapping, adjusted by ``mapping_json``."""
    table = read_table(path, sheet, progress=progress)
    mapping = guess_mapping(table.headers)
    if mapping_json:
        for column, name in mapping_from_json(mapping_json, table.headers).items():
            if name is not None and name in mapping:
                mapping[mapping.index(name)] = None
            mapping[column] = name
    return preview(store, meeting_id, table, mapping, progress)


# -- import -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportResult:
    added: int
    updated: int
    skipped: int

    def summary(self) -> str:
        """What happened, as one list the language joins ("…, … and …"); each part agrees with
        its own number."""
        parts = []
        if self.added:
            parts.append(
                ngettext("{n} participant added", "{n} participants added", self.added).format(
                    n=self.added
                )
            )
        if self.updated:
            parts.append(
                ngettext(
                    "{n} participant updated", "{n} participants updated", self.updated
                ).format(n=self.updated)
            )
        if not parts:
            parts.append(_("No participant added or updated"))
        if self.skipped:
            parts.append(
                ngettext(
                    "{n} row with problems left out",
                    "{n} rows with problems left out",
                    self.skipped,
                ).format(n=self.skipped)
            )
        return format_list(parts)


def import_preview(
    store: Store,
    meeting_id: str,
    checked: Preview,
    *,
    skip_problems: bool = False,
    progress: Report | None = None,
) -> ImportResult:
    """Write the previewed rows in one transaction: all of them, or nothing at all.

    Rows with problems refuse the whole import unless ``skip_problems`` leaves them out;
    ``progress`` may raise (the user cancelled), which rolls everything back.
    """
    problems = checked.problem_rows
    if problems and not skip_problems:
        first = problems[0]
        raise ImportRefused(
            ngettext(
                "{n} row has problems; nothing was imported. Line {line}: {problem}",
                "{n} rows have problems; nothing was imported. Line {line}: {problem}",
                len(problems),
            ).format(n=len(problems), line=first.line, problem=first.problems[0])
        )
    good = [r for r in checked.rows if not r.problems]
    if not good:
        raise FileProblem(_("There is no participant to import."))
    new = [_new_fields(r.values) for r in good if r.match_id is None]
    changes = [(r.match_id, _changes(r.values)) for r in good if r.match_id is not None]
    with store.transaction():
        added, changed = participant_service.add_many(
            store,
            meeting_id,
            new,
            changes,
            progress=progress,
        )
    return ImportResult(added=len(added), updated=len(changed), skipped=len(problems))


def field_label(name: str | None) -> str:
    """The translated label of a field, for mapping combos and messages."""
    return _(FIELDS[name]) if name else _("(leave out)")
