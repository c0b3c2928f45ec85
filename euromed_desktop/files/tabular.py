"""Reading the spreadsheets organisers receive (CSV from web forms, XLSX from registration
systems) into plain rows of text.

Registration exports come from every kind of system: UTF-8 with or without a byte-order mark,
UTF-16 from Excel's "Unicode text", Windows-1252 from French offices and Windows-1256 from
Arabic ones, separated by commas, semicolons (French Excel) or tabs. The encoding and the
delimiter are detected here so that organisers never have to know what they are. Every
failure becomes a ``FileProblem`` whose message says what to do, and limits are checked
before the whole file is read so that a wrong file fails fast.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

from euromed_desktop.domain.errors import EuromedError
from euromed_desktop.i18n import _

# A participant list is hundreds of people, a large conference a few thousand; anything far
# beyond is the wrong file (a log, a database dump) and is refused before it is all read.
MAX_ROWS = 20_000
MAX_BYTES = 50 * 1024 * 1024
_SAMPLE = 64 * 1024

Report = Callable[[int, int], None]


class FileProblem(EuromedError):
    """A file that cannot be read as a table of participants; the message says why."""


@dataclass
class Table:
    """A sheet's header row and data rows (all text, stripped), with how it was read."""

    headers: list[str]
    rows: list[list[str]]
    encoding: str = ""
    delimiter: str = ""
    sheet: str = ""
    first_line: int = 2  # the spreadsheet line number of rows[0], for messages
    sheets: list[str] = field(default_factory=list)


def read_table(path: Path, sheet: str | None = None, progress: Report | None = None) -> Table:
    """Read a CSV/TSV/TXT or XLSX file; ``sheet`` names the XLSX worksheet (default: the first
    one that has data)."""
    path = Path(path)
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise FileProblem(_("Cannot open {path}: {error}").format(path=path, error=exc)) from None
    if size == 0:
        raise FileProblem(_("The file {name} is empty.").format(name=path.name))
    if size > MAX_BYTES:
        raise FileProblem(
            _(
                "The file {name} is too large ({size} MB); at most {limit} MB can be imported."
            ).format(name=path.name, size=size // (1024 * 1024), limit=MAX_BYTES // (1024 * 1024))
        )
    with path.open("rb") as handle:
        head = handle.read(8)
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, sheet, progress)
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        raise FileProblem(
            _(
                "{name} is an old Excel file (.xls). Save it as .xlsx or CSV in Excel or "
                "LibreOffice, then import that file."
            ).format(name=path.name)
        )
    if sheet:
        raise FileProblem(
            _("{name} is a text (CSV) file; it has no worksheets.").format(name=path.name)
        )
    return _read_text(path, path.read_bytes(), progress)


# -- text files ---------------------------------------------------------------------------------


def detect_encoding(data: bytes) -> str:
    """The encoding of a text file, from its byte-order mark or by elimination.

    UTF-8 is tried first: text in a single-byte encoding almost never decodes as UTF-8. Of the
    two Windows code pages, 1256 (Arabic) keeps the French accented small letters where 1252 has
    them, so the question is only whether the high bytes read as Arabic *words*: letters in runs
    of their own, not single Arabic letters stuck inside Latin words (which is what an É or Ô
    of a French text becomes when read as 1256).
    """
    if data.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    if _looks_like_utf16_without_bom(data):
        # ASCII characters (separators, e-mail addresses) put their zero byte second in
        # little-endian, first in big-endian.
        sample = data[:512]
        return "utf-16-le" if sample[1::2].count(0) > sample[0::2].count(0) else "utf-16-be"
    sample = data[: _SAMPLE * 4]
    try:
        sample.decode("utf-8")
        return "utf-8"
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is still UTF-8.
        if exc.start >= len(sample) - 3 and len(data) > len(sample):
            return "utf-8"
    if b"\x00" in sample:
        raise FileProblem(_("The file is not a text or spreadsheet file (binary data)."))
    as_arabic = sample.decode("cp1256", errors="replace")
    arabic_words = mixed_words = 0
    for word in re.findall(r"\w+", as_arabic):
        arabic = sum(1 for c in word if "\u0600" <= c <= "\u06ff")
        if not arabic:
            continue
        if arabic == len(word):
            arabic_words += 1
        else:
            mixed_words += 1
    return "cp1256" if arabic_words > mixed_words else "cp1252"


def _looks_like_utf16_without_bom(data: bytes) -> bool:
    sample = data[:512]
    if len(sample) < 4:
        return False
    # Text in one of the 8-bit encodings has no zero bytes; UTF-16 has one in every ASCII
    # character (Arabic and Georgian letters have none, hence the low threshold).
    zeros_odd = sample[1::2].count(0)
    zeros_even = sample[0::2].count(0)
    half = len(sample) // 2
    return max(zeros_odd, zeros_even) > half * 0.15 and min(zeros_odd, zeros_even) < half * 0.05


def _check_not_binary(text: str, name: str) -> None:
    sample = text[:_SAMPLE]
    controls = sum(1 for c in sample if ord(c) < 32 and c not in "\t\r\n")
    replaced = sample.count("\ufffd")
    if sample and (controls + replaced) / len(sample) > 0.01:
        raise FileProblem(
            _(
                "{name} does not look like a CSV or XLSX file (it contains binary data). "
                "Export the registrations as CSV or XLSX and import that file."
            ).format(name=name)
        )


def detect_delimiter(text: str) -> str:
    """Comma, semicolon, tab or pipe: the one that splits the first lines most consistently."""
    lines = [line for line in text[:_SAMPLE].splitlines() if line.strip()][:20]
    if not lines:
        return ","
    best, best_score = ",", -1.0
    for candidate in (",", ";", "\t", "|"):
        counts = [len(next(csv.reader([line], delimiter=candidate))) for line in lines]
        if counts[0] < 2:
            continue
        consistent = sum(1 for c in counts if c == counts[0]) / len(counts)
        score = consistent * 100 + counts[0]
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_text(path: Path, data: bytes, progress: Report | None) -> Table:
    try:
        encoding = detect_encoding(data)
        text = data.decode(encoding, errors="replace")
    except FileProblem:
        raise FileProblem(
            _(
                "{name} does not look like a CSV or XLSX file (it contains binary data). "
                "Export the registrations as CSV or XLSX and import that file."
            ).format(name=path.name)
        ) from None
    text = text.removeprefix("\ufeff")
    _check_not_binary(text, path.name)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    headers: list[str] | None = None
    try:
        for cells in reader:
            cleaned = [c.strip() for c in cells]
            if not any(cleaned):
                continue
            if headers is None:
                headers = cleaned
                continue
            rows.append(cleaned)
            if len(rows) > MAX_ROWS:
                raise _too_many(path.name)
            if progress is not None and len(rows) % 1000 == 0:
                progress(len(rows), 0)
    except csv.Error as exc:
        raise FileProblem(
            _("{name} is not a valid CSV file: {error}").format(name=path.name, error=exc)
        ) from None
    if headers is None:
        raise FileProblem(_("The file {name} is empty.").format(name=path.name))
    return _finish(headers, rows, path.name, encoding=encoding, delimiter=delimiter)


def _too_many(name: str) -> FileProblem:
    return FileProblem(
        _(
            "{name} has more than {limit} rows; a participant list cannot be that long. "
            "Check that this is the right file, or split it."
        ).format(name=name, limit=f"{MAX_ROWS:,}")
    )


def _finish(
    headers: list[str], rows: list[list[str]], name: str, encoding: str = "", delimiter: str = ""
) -> Table:
    """Pad every row to the header's width and drop trailing empty header columns."""
    width = max([len(headers), *(len(r) for r in rows)]) if rows else len(headers)
    while (
        width
        and not (len(headers) >= width and headers[width - 1])
        and not any(len(r) >= width and r[width - 1] for r in rows)
    ):
        width -= 1
    if width == 0 or not any(headers[:width]):
        raise FileProblem(_("{name} has no header row naming its columns.").format(name=name))
    headers = (headers + [""] * width)[:width]
    headers = [h or _("Column {n}").format(n=i + 1) for i, h in enumerate(headers)]
    padded = [(r + [""] * width)[:width] for r in rows]
    if not padded:
        raise FileProblem(
            _("{name} has a header row but no participants under it.").format(name=name)
        )
    return Table(headers=headers, rows=padded, encoding=encoding, delimiter=delimiter)


# -- XLSX ---------------------------------------------------------------------------------------
#
# The worksheet XML is read directly with a streaming parser: openpyxl's reader takes four
# seconds for 10,000 registrations, this one a fraction of that, and only values are needed
# (no styles, no formulas: the cached results are what the organiser sees).

_REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}id"


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _column_index(reference: str) -> int:
    index = 0
    for char in reference:
        if not char.isalpha():
            break
        index = index * 26 + (ord(char.upper()) - 64)
    return index - 1


def _read_xlsx(path: Path, sheet: str | None, progress: Report | None) -> Table:
    from xml.etree.ElementTree import ParseError

    try:
        with zipfile.ZipFile(path) as archive:
            sheets = _sheet_paths(archive)
            names = list(sheets)
            if sheet is not None and sheet not in sheets:
                raise FileProblem(
                    _("{name} has no worksheet “{sheet}”; its worksheets are: {sheets}.").format(
                        name=path.name, sheet=sheet, sheets=", ".join(names)
                    )
                )
            strings = _shared_strings(archive)
            for candidate in [sheet] if sheet is not None else names:
                with archive.open(sheets[candidate]) as data:
                    table = _read_sheet(data, strings, path.name, progress)
                if table is not None:
                    table.sheet, table.sheets = candidate, names
                    return table
    except (zipfile.BadZipFile, KeyError, ParseError, OSError, ValueError) as exc:
        raise FileProblem(
            _("{name} is not a readable XLSX workbook: {error}").format(name=path.name, error=exc)
        ) from None
    if sheet is not None:
        raise FileProblem(
            _("The worksheet “{sheet}” of {name} is empty.").format(sheet=sheet, name=path.name)
        )
    raise FileProblem(_("The file {name} is empty.").format(name=path.name))


def _sheet_paths(archive: zipfile.ZipFile) -> dict[str, str]:
    """Worksheet names in workbook order, with the archive member holding each."""
    from xml.etree.ElementTree import fromstring

    targets: dict[str, str] = {}
    rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
    for rel in rels:
        target = rel.get("Target", "")
        target = target.lstrip("/") if target.startswith("/") else "xl/" + target
        targets[rel.get("Id", "")] = target
    workbook = fromstring(archive.read("xl/workbook.xml"))
    paths: dict[str, str] = {}
    for element in workbook.iter():
        if _local(element.tag) == "sheet":
            rel_id = element.get(_REL) or next(
                (v for k, v in element.attrib.items() if _local(k) == "id"), ""
            )
            if rel_id in targets:
                paths[element.get("name", "")] = targets[rel_id]
    if not paths:
        raise ValueError("no worksheets")
    return paths


def _shared_strings(archive: zipfile.ZipFile) -> list[str]:
    from xml.etree.ElementTree import iterparse

    if "xl/sharedStrings.xml" not in archive.namelist():
        return []
    strings: list[str] = []
    with archive.open("xl/sharedStrings.xml") as data:
        for _event, element in iterparse(data):
            if _local(element.tag) == "si":
                strings.append(
                    "".join(t.text or "" for t in element.iter() if _local(t.tag) == "t")
                )
                element.clear()
    return strings


def _number_text(text: str) -> str:
    try:
        number = float(text)
    except ValueError:
        return text
    return str(int(number)) if number.is_integer() and abs(number) < 1e15 else text


class _SheetReader:
    """Streams a worksheet's rows through expat: no element objects are built, which makes it
    several times faster than ElementTree on sheets of thousands of rows."""

    def __init__(self, strings: list[str], name: str, progress: Report | None) -> None:
        self.strings, self.name, self.progress = strings, name, progress
        self.headers: list[str] | None = None
        self.rows: list[list[str]] = []
        self.cells: dict[int, str] = {}
        self.next_column = 0
        self.column = 0
        self.kind = "n"
        self.collecting = False
        self.text: list[str] = []

    def start(self, tag: str, attrs: dict[str, str]) -> None:
        local = tag.rpartition(":")[2]
        if local == "c":
            reference = attrs.get("r")
            self.column = _column_index(reference) if reference else self.next_column
            self.next_column = self.column + 1
            self.kind = attrs.get("t", "n")
            self.text = []
        elif local in ("v", "t"):
            self.collecting = True

    def end(self, tag: str) -> None:
        local = tag.rpartition(":")[2]
        if local in ("v", "t"):
            self.collecting = False
        elif local == "c":
            raw = "".join(self.text)
            if self.kind == "s" and raw:
                value = self.strings[int(raw)]
            elif self.kind == "n":
                value = _number_text(raw)
            else:
                value = raw
            if value.strip():
                self.cells[self.column] = value.strip()
        elif local == "row":
            self.next_column = 0
            if self.cells:
                self._row()

    def characters(self, data: str) -> None:
        if self.collecting:
            self.text.append(data)

    def _row(self) -> None:
        line = [""] * (max(self.cells) + 1)
        for index, value in self.cells.items():
            line[index] = value
        self.cells = {}
        if self.headers is None:
            self.headers = line
            return
        self.rows.append(line)
        if len(self.rows) > MAX_ROWS:
            raise _too_many(self.name)
        if self.progress is not None and len(self.rows) % 1000 == 0:
            self.progress(len(self.rows), 0)


def _read_sheet(
    data: IO[bytes], strings: list[str], name: str, progress: Report | None
) -> Table | None:
    from xml.parsers import expat

    reader = _SheetReader(strings, name, progress)
    parser = expat.ParserCreate()
    parser.buffer_text = True
    parser.StartElementHandler = reader.start
    parser.EndElementHandler = reader.end
    parser.CharacterDataHandler = reader.characters
    try:
        parser.ParseFile(data)
    except expat.ExpatError as exc:
        raise ValueError(str(exc)) from None
    if reader.headers is None:
        return None
    return _finish(reader.headers, reader.rows, name)
