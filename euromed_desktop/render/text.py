"""The text pipeline: script runs, shaping, line breaking and bidi reordering.

ReportLab's own right-to-left support needs a package that is not on PyPI; without it digits
and embedded left-to-right runs inside Arabic come out reversed. So a paragraph goes through
these steps here instead:

1. Break lines in logical (typed) order, measuring each word by its shaped width.
2. Reorder each line with python-bidi (``get_display`` with the paragraph's base direction):
   right-to-left runs are reversed, digits and embedded Latin stay in reading order, brackets
   are mirrored.
3. Cut the visual line into pieces of one direction and one face; shape each piece with
   HarfBuzz in its own direction (an Arabic piece is turned back to logical order first, and
   HarfBuzz returns its glyphs left to right), then place the pieces from left to right.

Every glyph keeps the characters it stands for, so that the PDF's ToUnicode map makes the
text copyable and searchable.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

import uharfbuzz as hb
from bidi import get_display

from euromed_desktop.render.fonts import Face, face, face_key_for, printable, script_of

_FEATURES = {"kern": True, "liga": True}
_RTL_CLASSES = frozenset({"R", "AL"})
_ATTACHING = frozenset({"NSM", "BN"})


@dataclass(frozen=True)
class Glyph:
    """One shaped glyph, in font units; ``text`` is what it stands for (may be empty for the
    second glyph of a cluster, or several characters for a ligature)."""

    gid: int
    advance: int
    x_offset: int
    y_offset: int
    text: str


@dataclass(frozen=True, eq=False)  # identity: one object per cached shaping, cheap to hash
class Shaped:
    face_key: str
    rtl: bool
    glyphs: tuple[Glyph, ...]
    advance: int  # font units

    @property
    def face(self) -> Face:
        return face(self.face_key)


@lru_cache(maxsize=200_000)
def shape(text: str, face_key: str, rtl: bool) -> Shaped:
    """Shape a piece of one face and one direction, given in logical order; the glyphs come
    back in visual (left-to-right) order. Cached: minutes repeat their words a lot."""
    font_face = face(face_key)
    buf = hb.Buffer()
    buf.add_str(text)
    buf.direction = "rtl" if rtl else "ltr"
    buf.cluster_level = hb.BufferClusterLevel.MONOTONE_CHARACTERS
    buf.guess_segment_properties()
    hb.shape(font_face.hb_font, buf, _FEATURES)
    infos = buf.glyph_infos
    positions = buf.glyph_positions
    starts = sorted({info.cluster for info in infos})
    ends = {
        start: (starts[i + 1] if i + 1 < len(starts) else len(text))
        for i, start in enumerate(starts)
    }
    seen: set[int] = set()
    glyphs: list[Glyph] = []
    total = 0
    for info, pos in zip(infos, positions, strict=True):
        cluster = info.cluster
        chars = "" if cluster in seen else text[cluster : ends[cluster]]
        seen.add(cluster)
        glyphs.append(Glyph(info.codepoint, pos.x_advance, pos.x_offset, pos.y_offset, chars))
        total += pos.x_advance
    return Shaped(face_key, rtl, tuple(glyphs), total)


@dataclass(frozen=True)
class TextStyle:
    """How a paragraph looks; ``direction`` 'auto' takes the first strong character, falling
    back to the document's direction (``rtl_default``) for text that has none (a date)."""

    size: float = 10.0
    leading: float | None = None
    bold: bool = False
    italic: bool = False
    heading: bool = False
    color: tuple[float, float, float] = (0.0, 0.0, 0.0)
    align: str = "start"  # start, end, left, right, center
    direction: str = "auto"  # auto, ltr, rtl
    rtl_default: bool = False

    @property
    def line_height(self) -> float:
        return self.leading if self.leading is not None else self.size * 1.45

    def with_(self, **changes: object) -> TextStyle:
        from dataclasses import replace

        return replace(self, **changes)  # type: ignore[arg-type]


@lru_cache(maxsize=8192)
def _bidi_class(char: str) -> str:
    return unicodedata.bidirectional(char)


def is_rtl_text(text: str, default: bool = False) -> bool:
    for char in text:
        kind = _bidi_class(char)
        if kind in _RTL_CLASSES:
            return True
        if kind == "L":
            return False
    return default


@lru_cache(maxsize=100_000)
def _token_faces(token: str, style_key: tuple[bool, bool, bool], common: str) -> tuple[str, ...]:
    """The face of every character of a space-free token: a letter's script decides; digits
    and punctuation follow the nearest letter of the token (the dots of an e-mail address
    are Latin), and the paragraph's script when the token has none (a date)."""
    bold, italic, heading = style_key
    scripts = [script_of(c) for c in token]
    for i, script in enumerate(scripts):
        if script == "inherited":
            scripts[i] = scripts[i - 1] if i else common
    resolved = list(scripts)
    for i, script in enumerate(scripts):
        if script == "common":
            before = next((s for s in reversed(scripts[:i]) if s != "common"), None)
            after = next((s for s in scripts[i + 1 :] if s != "common"), None)
            resolved[i] = before or after or common
    return tuple(
        face_key_for(c, script, bold, italic, heading)
        for c, script in zip(token, resolved, strict=True)
    )


def _line_faces(text: str, style: TextStyle, common: str) -> list[str]:
    key = (style.bold, style.italic, style.heading)
    faces: list[str] = []
    for token in _TOKENS.findall(text):
        if token.isspace():
            faces.extend(face_key_for(c, common, *key) for c in token)
        else:
            faces.extend(_token_faces(token, key, common))
    return faces


def _itemize(text: str, style: TextStyle, common: str) -> list[tuple[str, str, bool]]:
    """Logical-order pieces of one face and one direction: (text, face key, rtl)."""
    return _pieces(text, _line_faces(text, style, common))


def _pieces(text: str, faces: list[str]) -> list[tuple[str, str, bool]]:
    pieces: list[tuple[str, str, bool]] = []
    start = 0
    rtl_flags: list[bool] = []
    for char in text:
        kind = _bidi_class(char)
        rtl_flags.append(
            kind in _RTL_CLASSES or (kind in _ATTACHING and bool(rtl_flags) and rtl_flags[-1])
        )
    for i in range(1, len(text) + 1):
        if i == len(text) or faces[i] != faces[start] or rtl_flags[i] != rtl_flags[start]:
            pieces.append((text[start:i], faces[start], rtl_flags[start]))
            start = i
    return pieces


@lru_cache(maxsize=100_000)
def _word_width(word: str, style_key: tuple[bool, bool, bool], common: str) -> float:
    """Width of a space-free word in units of the font size (em)."""
    bold, italic, heading = style_key
    style = TextStyle(bold=bold, italic=italic, heading=heading)
    total = 0.0
    for piece, key, rtl in _itemize(word, style, common):
        shaped = shape(piece, key, rtl)
        total += shaped.advance / shaped.face.upem
    return total


@dataclass(frozen=True)
class Placed:
    """A shaped piece placed on a line: ``x`` from the line's left edge, in points."""

    shaped: Shaped
    x: float


@dataclass(frozen=True)
class Line:
    logical: str
    visual: str
    pieces: tuple[Placed, ...]
    width: float
    rtl: bool


@dataclass(frozen=True)
class Layout:
    lines: tuple[Line, ...]
    style: TextStyle
    width: float
    line_height: float

    @property
    def height(self) -> float:
        return len(self.lines) * self.line_height

    def part(self, start: int, end: int | None = None) -> Layout:
        return Layout(self.lines[start:end], self.style, self.width, self.line_height)


# Arabic letters reach far above and below Latin ones (Naskh especially): a paragraph with
# Arabic in it gets at least this much line height, whatever its document's style says.
ARABIC_LINE_HEIGHT = 1.7
_ARABIC = re.compile("[\u0600-\u06ff\u0750-\u077f\u0870-\u08ff\ufb50-\ufdff\ufe70-\ufeff]")


_TOKENS = re.compile(r"\S+|\s+")


def _common_script(rtl: bool) -> str:
    return "arabic" if rtl else "latin"


def layout(text: str, style: TextStyle, width: float) -> Layout:
    """Lay out a paragraph (hard line breaks allowed) in a column ``width`` points wide."""
    text = printable(text)
    lines: list[Line] = []
    for paragraph in text.split("\n"):
        rtl = _paragraph_rtl(paragraph, style)
        for logical in _break(paragraph, style, width, rtl):
            lines.append(_visual_line(logical, style, rtl))
    line_height = style.line_height
    if _ARABIC.search(text):
        line_height = max(line_height, style.size * ARABIC_LINE_HEIGHT)
    return Layout(tuple(lines), style, width, line_height)


def _paragraph_rtl(paragraph: str, style: TextStyle) -> bool:
    if style.direction == "rtl":
        return True
    if style.direction == "ltr":
        return False
    return is_rtl_text(paragraph, style.rtl_default)


def measure(text: str, style: TextStyle) -> float:
    """Width in points of text set on one line (no breaking)."""
    text = printable(text)
    rtl = _paragraph_rtl(text, style)
    return _measure_words(text, style, rtl)


def _measure_words(text: str, style: TextStyle, rtl: bool) -> float:
    common = _common_script(rtl)
    key = (style.bold, style.italic, style.heading)
    total = 0.0
    for token in _TOKENS.findall(text):
        total += _word_width(token, key, common)
    return total * style.size


def _break(paragraph: str, style: TextStyle, width: float, rtl: bool) -> list[str]:
    """Greedy line breaking in logical order, at spaces; a word wider than the column (an
    e-mail address in a narrow cell) is cut between characters."""
    if not paragraph.strip():
        return [""]
    common = _common_script(rtl)
    key = (style.bold, style.italic, style.heading)
    size = style.size
    lines: list[str] = []
    current = ""
    current_width = 0.0
    pending_space = ""
    for token in _TOKENS.findall(paragraph):
        if token.isspace():
            pending_space += token
            continue
        word_width = _word_width(token, key, common) * size
        space_width = _word_width(pending_space, key, common) * size if pending_space else 0.0
        if current and current_width + space_width + word_width <= width + 0.01:
            current += pending_space + token
            current_width += space_width + word_width
        else:
            if current:
                lines.append(current)
            current, current_width = "", 0.0
            if word_width > width:
                parts = _cut_word(token, style, width, common)
                lines.extend(parts[:-1])
                current = parts[-1]
                current_width = _word_width(current, key, common) * size
            else:
                current, current_width = token, word_width
        pending_space = ""
    lines.append(current)
    return lines


def _cut_word(word: str, style: TextStyle, width: float, common: str) -> list[str]:
    """Cut an over-long word into pieces that fit, never between a base and its marks."""
    key = (style.bold, style.italic, style.heading)
    clusters: list[str] = []
    for char in word:
        if clusters and script_of(char) == "inherited":
            clusters[-1] += char
        else:
            clusters.append(char)
    parts: list[str] = []
    current = ""
    for cluster in clusters:
        trial = current + cluster
        if current and _word_width(trial, key, common) * style.size > width:
            # Prefer to cut after a separator of an address (@ . / -) if there is one.
            cut = max(current.rfind(c) for c in "@./-_")
            if len(current) // 3 < cut < len(current) - 1:
                parts.append(current[: cut + 1])
                current = current[cut + 1 :] + cluster
            else:
                parts.append(current)
                current = cluster
        else:
            current = trial
    parts.append(current)
    return parts


_ALL_RIGHT_TO_LEFT = frozenset({"R", "AL", "WS", "ON", "CS", "ES", "ET", "NSM", "BN", "S"})
_LEVEL = re.compile(r"Level\(\s*(\d+)")
# Characters that can make a left-to-right line anything but all level 0: right-to-left
# letters, Arabic digits and signs, explicit embeddings and isolates.
_RIGHT_TO_LEFT_OR_EMBEDDING = re.compile(
    "[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff\u200f\u202a-\u202e\u2066-\u2069"
    "\U00010800-\U00010fff\U0001e800-\U0001efff]"
)
_LINE_END_RESET = frozenset(
    {"WS", "FSI", "LRI", "RLI", "PDI", "BN", "LRE", "RLE", "LRO", "RLO", "PDF"}
)


def embedding_levels(line: str, rtl: bool) -> list[int]:
    """Resolved bidi levels of a line's characters, from python-bidi (rules up to L1).

    python-bidi only returns the reordered string; its levels are read from its debug
    report, which lists one level per UTF-8 byte. Lines with nothing right-to-left in a
    left-to-right paragraph skip this (all level 0).
    """
    base = 1 if rtl else 0
    if not rtl and _RIGHT_TO_LEFT_OR_EMBEDDING.search(line) is None:
        return [0] * len(line)
    if rtl and _ALL_RIGHT_TO_LEFT.issuperset(map(_bidi_class, line)):
        # Nothing left-to-right and no numbers: every neutral resolves to the paragraph's
        # direction, so the whole line is level 1.
        return [1] * len(line)
    report = str(get_display(line, base_dir="R" if rtl else "L", debug=True))
    tail = report[: report.rindex("paragraphs: [")]
    per_byte = [int(v) for v in _LEVEL.findall(tail[tail.rindex("levels: [") :])]
    levels: list[int] = []
    offset = 0
    for char in line:
        levels.append(per_byte[offset] if offset < len(per_byte) else base)
        offset += len(char.encode("utf-8"))
    # L1: whitespace (and isolates/format characters) at the end of the line, and before a
    # segment separator, take the paragraph level.
    reset = True
    for i in range(len(line) - 1, -1, -1):
        kind = _bidi_class(line[i])
        if kind in ("S", "B"):
            levels[i] = base
            reset = True
        elif reset and kind in _LINE_END_RESET:
            levels[i] = base
        else:
            reset = False
    return levels


def visual_order(levels: list[int]) -> list[int]:
    """Rule L2: logical indices in visual order (reverse every run at each level, from the
    highest down to the lowest odd one)."""
    order = list(range(len(levels)))
    if not levels:
        return order
    highest = max(levels)
    lowest_odd = min(level for level in levels) | 1
    for level in range(highest, lowest_odd - 1, -1):
        i = 0
        while i < len(order):
            if levels[order[i]] >= level:
                j = i
                while j < len(order) and levels[order[j]] >= level:
                    j += 1
                order[i:j] = order[i:j][::-1]
                i = j
            else:
                i += 1
    return order


def _visual_line(logical: str, style: TextStyle, rtl: bool) -> Line:
    logical = logical.strip(" ")
    if not logical:
        return Line("", "", (), 0.0, rtl)
    levels = embedding_levels(logical, rtl)
    if all(level == levels[0] for level in levels):
        return _uniform_line(logical, style, rtl, levels[0] % 2 == 1)
    order = visual_order(levels)
    visual = "".join(logical[i] for i in order)
    faces = _line_faces(logical, style, _common_script(rtl))
    placed: list[Placed] = []
    x = 0.0
    # Visual runs of one level: an odd run is right-to-left, so it is handed to HarfBuzz in
    # logical order with direction rtl (which also mirrors its brackets).
    start = 0
    while start < len(order):
        level = levels[order[start]]
        end = start
        while end < len(order) and levels[order[end]] == level:
            end += 1
        run_rtl = level % 2 == 1
        indices = order[start:end]
        if run_rtl:
            indices = indices[::-1]
        run_text = "".join(logical[i] for i in indices)
        run_faces = [faces[i] for i in indices]
        position = 0
        chunks = _TOKENS.findall(run_text)
        shaped_chunks: list[tuple[Shaped, ...]] = []
        for chunk in chunks:
            chunk_faces = tuple(run_faces[position : position + len(chunk)])
            position += len(chunk)
            shaped_chunks.append(_shape_chunk(chunk, chunk_faces, run_rtl))
        if run_rtl:
            shaped_chunks.reverse()
        for pieces in shaped_chunks:
            for shaped in pieces:
                placed.append(Placed(shaped, x))
                x += shaped.advance * style.size / shaped.face.upem
        start = end
    return Line(logical, visual, tuple(placed), x, rtl)


def _uniform_line(logical: str, style: TextStyle, rtl: bool, run_rtl: bool) -> Line:
    """The common case of a line in one direction only (all English, or all Arabic with no
    digits or Latin): one run, shaped word by word, with no per-character work."""
    key = (style.bold, style.italic, style.heading)
    common = _common_script(rtl)
    chunks: list[tuple[Shaped, ...]] = []
    for token in _TOKENS.findall(logical):
        if token.isspace():
            faces = tuple(face_key_for(c, common, *key) for c in token)
        else:
            faces = _token_faces(token, key, common)
        chunks.append(_shape_chunk(token, faces, run_rtl))
    if run_rtl:
        chunks.reverse()
    placed: list[Placed] = []
    x = 0.0
    for pieces in chunks:
        for shaped in pieces:
            placed.append(Placed(shaped, x))
            x += shaped.advance * style.size / shaped.face.upem
    visual = logical[::-1] if run_rtl else logical
    return Line(logical, visual, tuple(placed), x, rtl)


@lru_cache(maxsize=200_000)
def _shape_chunk(chunk: str, faces: tuple[str, ...], rtl: bool) -> tuple[Shaped, ...]:
    """A word (or a space) of one directional run, shaped piece by piece, in visual order."""
    shaped = [shape(piece, key, rtl) for piece, key, _rtl in _pieces(chunk, list(faces))]
    if rtl:
        shaped.reverse()
    return tuple(shaped)
