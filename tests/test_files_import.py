"""Importing registration lists: every encoding and layout organisers receive, names in four
scripts, the mapping guess, per-row problems before anything is written, all-or-nothing
writes, and re-imports that update the same people."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import Workbook

from euromed_desktop.domain.entities import Meeting
from euromed_desktop.files import participants_import as importer
from euromed_desktop.files.tabular import MAX_ROWS, FileProblem, read_table
from euromed_desktop.i18n import set_language
from euromed_desktop.store import participants, queries
from euromed_desktop.store.store import Store
from tests.conftest import dump

# One registration list, as a French office's web form exports it.
FRENCH_ROWS = [
    ["Prénom", "Nom", "Courriel", "Pays", "Organisme", "Genre", "Fonction"],
    ["Hélène", "Lefèvre", "helene.lefevre@example.fr", "France", "OFII", "Femme", "Chargée"],
    ["Amine", "Benali", "a.benali@example.dz", "Algérie", "Ministère de l'Intérieur", "H", ""],
    ["Zoé", "Müller", "zoe@example.de", "DEU", "BAMF", "F", "Référente"],
]

# Arabic names and headers, as an office in Amman or Tunis exports them.
ARABIC_ROWS = [
    ["الاسم الكامل", "البريد الإلكتروني", "البلد", "الجهة", "الجنس"],
    ["ليلى حداد", "l.haddad@example.jo", "الأردن", "وزارة العمل", "أنثى"],
    ["محمد بن علي", "m.benali@example.tn", "تونس", "وزارة الداخلية", "ذكر"],
    ["بشرى العلمي", "b.alami@example.ma", "المغرب", "", "أنثى"],
]

# Georgian and mixed scripts in one sheet with English headers and a full name.
MIXED_ROWS = [
    ["Full name", "E-mail", "Country", "Organisation", "Role", "Consent"],
    ["ნინო ბერიძე", "nino@example.ge", "საქართველო", "IOM Georgia", "Speaker", "yes"],
    ["HADDAD Leila", "leila@example.jo", "Jordan", "UNHCR", "Moderator", "oui"],
    ["Yusuf Öztürk", "yusuf@example.tr", "Turquie", "ICMPD", "participant", "نعم"],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str, delimiter: str = ",") -> Path:
    buffer = io.StringIO()
    csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buffer.getvalue().encode(encoding))
    return path


def write_xlsx(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def people(store: Store, meeting: Meeting) -> dict[str, tuple[str, str, str | None, str]]:
    return {
        p.email: (p.given_name, p.family_name, p.country, p.organisation)
        for p in queries.participants(store, meeting.id)
    }


def do_import(store: Store, meeting: Meeting, path: Path, **kw: object) -> importer.ImportResult:
    checked = importer.preview_file(store, meeting.id, path, **kw)  # type: ignore[arg-type]
    assert not checked.problem_rows, [r.problems for r in checked.problem_rows]
    return importer.import_preview(store, meeting.id, checked)


FRENCH_EXPECTED = {
    "helene.lefevre@example.fr": ("Hélène", "Lefèvre", "FR", "OFII"),
    "a.benali@example.dz": ("Amine", "Benali", "DZ", "Ministère de l'Intérieur"),
    "zoe@example.de": ("Zoé", "Müller", "DE", "BAMF"),
}
ARABIC_EXPECTED = {
    "l.haddad@example.jo": ("ليلى", "حداد", "JO", "وزارة العمل"),
    "m.benali@example.tn": ("محمد", "بن علي", "TN", "وزارة الداخلية"),
    "b.alami@example.ma": ("بشرى", "العلمي", "MA", ""),
}


@pytest.mark.parametrize(
    ("encoding", "delimiter", "detected"),
    [
        ("utf-8", ",", "utf-8"),
        ("utf-8-sig", ";", "utf-8-sig"),
        ("utf-16", "\t", "utf-16"),
        ("cp1252", ";", "cp1252"),
    ],
)
def test_french_list_in_each_encoding_and_delimiter(
    store: Store, meeting: Meeting, tmp_path: Path, encoding: str, delimiter: str, detected: str
) -> None:
    path = write_csv(tmp_path / "inscriptions.csv", FRENCH_ROWS, encoding, delimiter)
    table = read_table(path)
    assert (table.encoding, table.delimiter) == (detected, delimiter)
    result = do_import(store, meeting, path)
    assert (result.added, result.updated) == (3, 0)
    assert people(store, meeting) == FRENCH_EXPECTED
    genders = {p.email: p.gender for p in queries.participants(store, meeting.id)}
    assert genders["a.benali@example.dz"] == "male" and genders["zoe@example.de"] == "female"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "cp1256"])
def test_arabic_list_in_each_encoding(
    store: Store, meeting: Meeting, tmp_path: Path, encoding: str
) -> None:
    path = write_csv(tmp_path / "تسجيل.csv", ARABIC_ROWS, encoding)
    assert read_table(path).encoding == encoding
    do_import(store, meeting, path)
    assert people(store, meeting) == ARABIC_EXPECTED


def test_windows_1252_with_capital_accents_is_not_taken_for_arabic(tmp_path: Path) -> None:
    rows = [["NOM", "PRÉNOM", "PAYS"], ["ÉLOI", "Cécile", "ÉGYPTE"], ["ÔTÉ", "Noël", "Côte"]]
    path = write_csv(tmp_path / "maj.csv", rows, "cp1252", ";")
    table = read_table(path)
    assert table.encoding == "cp1252"
    assert table.rows[0] == ["ÉLOI", "Cécile", "ÉGYPTE"]


def test_georgian_and_mixed_scripts_from_xlsx_with_full_names(
    store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    path = write_xlsx(tmp_path / "registrations.xlsx", {"Registrations": MIXED_ROWS})
    checked = importer.preview_file(store, meeting.id, path)
    assert checked.mapping == [
        "full_name",
        "email",
        "country",
        "organisation",
        "role",
        "consent_contact",
    ]
    importer.import_preview(store, meeting.id, checked)
    found = {p.email: p for p in queries.participants(store, meeting.id)}
    nino = found["nino@example.ge"]
    assert (nino.given_name, nino.family_name, nino.country, nino.role) == (
        "ნინო",
        "ბერიძე",
        "GE",
        "speaker",
    )
    leila = found["leila@example.jo"]
    assert (leila.given_name, leila.family_name, leila.role) == ("Leila", "HADDAD", "moderator")
    assert all(p.consent_contact for p in found.values())
    assert found["yusuf@example.tr"].country == "TR"


def test_first_sheet_with_data_is_used_and_a_named_sheet_can_be_chosen(
    store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    path = write_xlsx(
        tmp_path / "book.xlsx",
        {"Notes": [], "Arabic": ARABIC_ROWS, "French": FRENCH_ROWS},
    )
    assert read_table(path).sheet == "Arabic"
    table = read_table(path, "French")
    assert table.sheets == ["Notes", "Arabic", "French"] and len(table.rows) == 3
    with pytest.raises(FileProblem, match="no worksheet “Participants”; its worksheets are"):
        read_table(path, "Participants")
    with pytest.raises(FileProblem, match=r"worksheet “Notes” of book\.xlsx is empty"):
        read_table(path, "Notes")


def test_guess_reads_english_french_and_arabic_headers() -> None:
    guess = importer.guess_mapping
    assert guess(["First name", "Last name", "Email address", "Nationality", "Job title"]) == [
        "given_name",
        "family_name",
        "email",
        "country",
        "position",
    ]
    assert guess(["Nom et prénom", "Adresse électronique", "Téléphone", "Langues"]) == [
        "full_name",
        "email",
        "phone",
        "languages",
    ]
    assert guess(["الاسم الأول", "اسم العائلة", "الهاتف", "المنصب", "ملاحظات"]) == [
        "given_name",
        "family_name",
        "phone",
        "position",
        None,
    ]
    # “Name” next to “Surname” is the given name; “E-mail (work)” contains a known header.
    assert guess(["Name", "Surname", "E-mail (work)", "Timestamp"]) == [
        "given_name",
        "family_name",
        "email",
        None,
    ]


def test_problems_are_shown_per_row_before_anything_is_written(
    store: Store, meeting: Meeting, db_path: Path, tmp_path: Path
) -> None:
    participants.add(store, meeting.id, family_name="Haddad", email="l.haddad@example.jo")
    rows = [
        ["Given name", "Family name", "E-mail", "Country", "Languages"],
        ["Ok", "Person", "ok@example.org", "TN", "en, français"],
        ["Bad", "Mail", "not-an-address", "TN", ""],
        ["Far", "Away", "far@example.org", "Atlantis", ""],
        ["Twice", "First", "twice@example.org", "FR", ""],
        ["Twice", "Second", "TWICE@example.org", "FR", ""],
        ["No", "", "", "FR", "xyzzy"],
    ]
    path = write_csv(tmp_path / "bad.csv", rows, "utf-8")
    before = dump(db_path)
    checked = importer.preview_file(store, meeting.id, path)
    by_line = {r.line: r for r in checked.rows}
    assert by_line[2].action == "new" and by_line[2].values["languages"] == ["en", "fr"]
    assert by_line[3].problems == ["“not-an-address” is not a valid e-mail address."]
    assert by_line[4].problems == ["Unknown country “Atlantis”."]
    assert by_line[5].action == "new"
    assert by_line[6].problems == ["Same e-mail address as line 5."]
    assert "The family name is empty." in by_line[7].problems
    assert "Unknown language “xyzzy”." in by_line[7].problems
    assert checked.summary() == "2 new participants; 0 to update; 4 rows with problems"
    with pytest.raises(importer.ImportRefused, match="4 rows have problems; nothing was imported"):
        importer.import_preview(store, meeting.id, checked)
    assert dump(db_path) == before
    result = importer.import_preview(store, meeting.id, checked, skip_problems=True)
    assert (result.added, result.updated, result.skipped) == (2, 0, 4)


def test_unknown_categories_and_the_summary_are_whole_sentences_in_each_language(
    store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    rows = [
        ["Family name", "Gender", "Role", "Stakeholder group"],
        ["Haddad", "robot", "king", "aliens"],
    ]
    checked = importer.preview_file(store, meeting.id, write_csv(tmp_path / "c.csv", rows, "utf-8"))
    assert checked.rows[0].problems == [
        "Unknown gender “robot”.",
        "Unknown role “king”.",
        "Unknown stakeholder group “aliens”.",
    ]
    summaries = {
        ("en", 2, 1, 3): (
            "2 participants added, 1 participant updated, and 3 rows with problems left out"
        ),
        ("en", 0, 0, 2): "No participant added or updated and 2 rows with problems left out",
        ("fr", 1, 2, 0): "1 participant ajouté et 2 participants mis à jour",
        ("ar", 2, 0, 1): "أُضيف مشاركان واستُبعد صف واحد فيه مشكلات",
        ("ka", 5, 0, 0): "დაემატა 5 მონაწილე",
    }
    try:
        for (lang, added, updated, skipped), expected in summaries.items():
            set_language(lang)
            assert importer.ImportResult(added, updated, skipped).summary() == expected
    finally:
        set_language("en")


def test_reimporting_an_updated_sheet_updates_the_same_people(
    store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    do_import(store, meeting, write_csv(tmp_path / "v1.csv", FRENCH_ROWS, "utf-8"))
    ids = {p.email: p.id for p in queries.participants(store, meeting.id)}
    participants.set_attendance(
        store, meeting.id, ids["zoe@example.de"], meeting.start, present=True
    )
    v2 = [row[:] for row in FRENCH_ROWS]
    v2[1][4] = "OFII Tunis"  # a changed organisation, matched by e-mail
    v2[3][6] = ""  # an emptied cell does not erase what the organiser has
    v2.append(["Omar", "Khalil", "omar@example.lb", "Liban", "IOM", "H", ""])
    result = do_import(store, meeting, write_csv(tmp_path / "v2.csv", v2, "cp1252", ";"))
    assert (result.added, result.updated) == (1, 3)
    after = {p.email: p for p in queries.participants(store, meeting.id)}
    assert len(after) == 4
    assert {e: after[e].id for e in ids} == ids
    assert after["helene.lefevre@example.fr"].organisation == "OFII Tunis"
    assert after["zoe@example.de"].position == "Référente"
    assert after["zoe@example.de"].days_present == [meeting.start]
    # Without e-mail addresses, name and organisation identify the person.
    no_mail = [["Prénom", "Nom", "Organisme", "Pays"], ["Omar", "Khalil", "IOM", "LB"]]
    again = do_import(store, meeting, write_csv(tmp_path / "v3.csv", no_mail, "utf-8"))
    assert (again.added, again.updated) == (0, 1)


def test_mapping_can_be_overridden_by_header_or_column_number(
    store: Store, meeting: Meeting, tmp_path: Path
) -> None:
    rows = [["A", "B", "C"], ["Haddad", "Leila", "leila@example.jo"]]
    path = write_csv(tmp_path / "letters.csv", rows, "utf-8")
    with pytest.raises(importer.ImportRefused, match="No column holds the participants' names"):
        importer.preview_file(store, meeting.id, path)
    checked = importer.preview_file(
        store, meeting.id, path, '{"A": "family_name", "2": "given_name", "C": "email"}'
    )
    assert checked.mapping == ["family_name", "given_name", "email"]
    with pytest.raises(Exception, match="no column “D”"):
        importer.preview_file(store, meeting.id, path, '{"D": "email"}')
    with pytest.raises(Exception, match="Unknown field “mail”"):
        importer.preview_file(store, meeting.id, path, '{"C": "mail"}')


@pytest.mark.parametrize(
    ("content", "name", "message"),
    [
        (b"", "empty.csv", "The file empty.csv is empty."),
        (b"\n\n  \n", "blank.csv", "The file blank.csv is empty."),
        (b"Name,E-mail\n", "header.csv", "has a header row but no participants"),
        (bytes(range(256)) * 40, "junk.csv", "does not look like a CSV or XLSX file"),
        (b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8, "photo.csv", "binary data"),
        (b"PK\x03\x04not really a zip", "broken.xlsx", "is not a readable XLSX workbook"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600, "old.xls", "old Excel file"),
    ],
)
def test_malformed_files_give_clear_messages(
    tmp_path: Path, content: bytes, name: str, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(FileProblem, match=message.replace(".", r"\.")):
        read_table(path)


def test_a_hundred_thousand_rows_are_refused_quickly(tmp_path: Path) -> None:
    import time

    path = tmp_path / "huge.csv"
    line = "Given,Family,someone@example.org,TN\n"
    path.write_text("Given name,Family name,E-mail,Country\n" + line * 100_000, "utf-8")
    started = time.perf_counter()
    with pytest.raises(FileProblem, match=f"more than {MAX_ROWS:,} rows"):
        read_table(path)
    assert time.perf_counter() - started < 5


def test_a_huge_xlsx_is_refused_while_it_is_read(tmp_path: Path) -> None:
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Big")
    sheet.append(["Family name"])
    for n in range(MAX_ROWS + 1):
        sheet.append([f"P{n}"])
    book.save(tmp_path / "big.xlsx")
    with pytest.raises(FileProblem, match="rows; a participant list cannot be that long"):
        read_table(tmp_path / "big.xlsx")


def test_a_failed_or_cancelled_import_writes_nothing(
    store: Store, meeting: Meeting, db_path: Path, tmp_path: Path
) -> None:
    participants.add(store, meeting.id, family_name="Existing", email="helene.lefevre@example.fr")
    checked = importer.preview_file(
        store, meeting.id, write_csv(tmp_path / "list.csv", FRENCH_ROWS, "utf-8")
    )
    before = dump(db_path)

    class Stop(Exception):
        pass

    def cancel_half_way(done: int, total: int) -> None:
        if done == 2:
            raise Stop

    with pytest.raises(Stop):
        importer.import_preview(store, meeting.id, checked, progress=cancel_half_way)
    assert dump(db_path) == before
    # The meeting changed after the preview (the e-mail is now someone else's): the service
    # refuses, and again nothing is written.
    other = participants.add(store, meeting.id, family_name="Clash", email="zoe@example.de")
    before = dump(db_path)
    with pytest.raises(Exception, match="already used by"):
        importer.import_preview(store, meeting.id, checked)
    assert dump(db_path) == before
    participants.delete(store, meeting.id, other.id)
    result = importer.import_preview(store, meeting.id, checked)
    assert (result.added, result.updated) == (2, 1)
    # And the import is one undoable step.
    assert store.undo(meeting.id)
    assert len(queries.participants(store, meeting.id)) == 1


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Tunisie", "TN"),
        ("تونس", "TN"),
        ("ტუნისი", "TN"),
        ("tn", "TN"),
        ("TUN", "TN"),
        ("الأردن", "JO"),
        ("الاردن", "JO"),  # written without the hamza
        ("Égypte", "EG"),
        ("egypte", "EG"),
        ("Palestine", "PS"),
        ("فلسطين", "PS"),
        ("Atlantis", None),
        ("XX", None),
    ],
)
def test_countries_by_code_or_name_in_four_languages(text: str, code: str | None) -> None:
    from euromed_desktop.files.values import country_code

    assert country_code(text) == code


def test_full_names_are_split_by_the_conventions_of_registration_lists() -> None:
    from euromed_desktop.files.values import split_full_name

    assert split_full_name("Leila Haddad") == ("Leila", "Haddad")
    assert split_full_name("HADDAD Leila") == ("Leila", "HADDAD")
    assert split_full_name("Haddad, Leila") == ("Leila", "Haddad")
    assert split_full_name("محمد بن علي") == ("محمد", "بن علي")
    assert split_full_name("ნინო ბერიძე") == ("ნინო", "ბერიძე")
    assert split_full_name("Madonna") == ("", "Madonna")
