"""The bundled Noto faces and the choice of a face for every character.

A paragraph may mix scripts (an Arabic sentence quoting an English title and an e-mail
address), and no single Noto file covers them all: each character is given the face of its
script, and characters that belong to no script (digits, spaces, punctuation) the face of
the paragraph's own script, so that a line is measured and drawn with the same faces.
Faces are loaded once per process; HarfBuzz objects are read-only after loading and safe to
share with a rendering thread.
"""

from __future__ import annotations

import struct
import unicodedata
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path

import uharfbuzz as hb

from euromed_desktop.resources import resource

# Scripts the bundled faces cover, by Unicode block; anything else with a letter category is
# treated as Latin (Noto Sans also covers Greek and Cyrillic).
_RANGES: tuple[tuple[int, int, str], ...] = (
    (0x0590, 0x05FF, "hebrew"),
    (0x0600, 0x06FF, "arabic"),
    (0x0750, 0x077F, "arabic"),
    (0x0870, 0x08FF, "arabic"),
    (0x10A0, 0x10FF, "georgian"),
    (0x1C90, 0x1CBF, "georgian"),
    (0x2D00, 0x2D2F, "georgian"),
    (0xFB1D, 0xFB4F, "hebrew"),
    (0xFB50, 0xFDFF, "arabic"),
    (0xFE70, 0xFEFF, "arabic"),
)

# Characters none of the bundled faces has, replaced by ones that say the same thing, so that
# no glyph is ever drawn as an empty box (.notdef).
SUBSTITUTES: dict[str, str] = {
    "\u2212": "-",  # minus sign
    "\u2192": "->",
    "\u2190": "<-",
    "\u2194": "<->",
    "\u21d2": "=>",
    "\u2713": "\u2022",
    "\u2714": "\u2022",
    "\u25cf": "\u2022",
    "\u25aa": "\u2022",
    "\u25a0": "\u2022",
    "\u25cb": "o",
    "\u2610": "[ ]",
    "\u2612": "[x]",
    "\u00ad": "",  # soft hyphen: lines are not hyphenated
    "\t": " ",
}
REPLACEMENT = "?"


@dataclass(eq=False)
class Face:
    """One font file: its HarfBuzz objects and the metrics the PDF font descriptor needs."""

    key: str
    path: Path
    data: bytes
    hb_face: hb.Face
    hb_font: hb.Font
    upem: int
    unicodes: frozenset[int]
    ascender: int
    descender: int
    bbox: tuple[int, int, int, int]
    italic_angle: float
    cap_height: int
    _advances: dict[int, int] = field(default_factory=dict)

    def covers(self, char: str) -> bool:
        return ord(char) in self.unicodes

    def advance(self, gid: int) -> int:
        """Horizontal advance of a glyph in font units (the PDF widths array)."""
        found = self._advances.get(gid)
        if found is None:
            found = self._advances[gid] = int(self.hb_font.get_glyph_h_advance(gid))
        return found

    @property
    def postscript_name(self) -> str:
        return self.path.stem.replace(" ", "")


def _load(key: str, filename: str) -> Face:
    path = resource("fonts", filename)
    data = path.read_bytes()
    face = hb.Face(hb.Blob(data))
    font = hb.Font(face)
    extents = font.get_font_extents("ltr")
    head = bytes(face.reference_table("head").data)
    x_min, y_min, x_max, y_max = struct.unpack(">hhhh", head[36:44])
    post = bytes(face.reference_table("post").data)
    angle = struct.unpack(">i", post[4:8])[0] / 65536.0 if len(post) >= 8 else 0.0
    os2 = bytes(face.reference_table("OS/2").data)
    cap = struct.unpack(">h", os2[88:90])[0] if len(os2) >= 90 else int(extents.ascender * 0.7)
    return Face(
        key=key,
        path=path,
        data=data,
        hb_face=face,
        hb_font=font,
        upem=face.upem,
        unicodes=frozenset(face.unicodes),
        ascender=extents.ascender,
        descender=extents.descender,
        bbox=(x_min, y_min, x_max, y_max),
        italic_angle=angle,
        cap_height=cap or int(extents.ascender * 0.7),
    )


_FILES: dict[str, str] = {
    "latin": "NotoSans-Regular.ttf",
    "latin-b": "NotoSans-Bold.ttf",
    "latin-i": "NotoSans-Italic.ttf",
    "latin-bi": "NotoSans-BoldItalic.ttf",
    "naskh": "NotoNaskhArabic-Regular.ttf",
    "naskh-b": "NotoNaskhArabic-Bold.ttf",
    "arabic": "NotoSansArabic-Regular.ttf",
    "arabic-b": "NotoSansArabic-Bold.ttf",
    "georgian": "NotoSansGeorgian-Regular.ttf",
    "georgian-b": "NotoSansGeorgian-Bold.ttf",
    "hebrew": "NotoSansHebrew-Regular.ttf",
    "hebrew-b": "NotoSansHebrew-Bold.ttf",
}


@cache
def face(key: str) -> Face:
    """A bundled face by key, loaded on first use and kept for the life of the process."""
    return _load(key, _FILES[key])


def all_keys() -> list[str]:
    return list(_FILES)


@lru_cache(maxsize=4096)
def script_of(char: str) -> str:
    """'latin', 'arabic', 'georgian', 'hebrew', 'common' (digits, punctuation, spaces) or
    'inherited' (combining marks and joiners, which follow the character before them)."""
    code = ord(char)
    for low, high, script in _RANGES:
        if low <= code <= high:
            category = unicodedata.category(char)
            if category.startswith("L") or category in ("Mn", "Mc", "Lm"):
                return script if not category.startswith("M") else "inherited"
            # Arabic digits and punctuation belong to the Arabic face too.
            return script
    category = unicodedata.category(char)
    if category in ("Mn", "Me", "Mc") or char in "\u200c\u200d":
        return "inherited"
    if category.startswith("L"):
        return "latin"
    return "common"


def family_key(script: str, bold: bool, italic: bool, heading: bool) -> str:
    """The face for a script in a style; Arabic running text in Naskh, headings in Sans."""
    if script == "arabic":
        base = "arabic" if heading else "naskh"
        return base + ("-b" if bold else "")
    if script in ("georgian", "hebrew"):
        return script + ("-b" if bold else "")
    suffix = ("b" if bold else "") + ("i" if italic else "")
    return "latin" + (f"-{suffix}" if suffix else "")


@lru_cache(maxsize=16384)
def face_key_for(char: str, script: str, bold: bool, italic: bool, heading: bool) -> str:
    """The face that draws ``char`` as part of ``script``: the script's own face if it has the
    glyph, else Noto Sans, else any bundled face that has it."""
    preferred = family_key(script, bold, italic, heading)
    if face(preferred).covers(char):
        return preferred
    latin = family_key("latin", bold, italic, heading)
    if face(latin).covers(char):
        return latin
    for key in all_keys():
        if face(key).covers(char):
            return key
    return latin


@lru_cache(maxsize=1)
def _covered() -> frozenset[int]:
    covered: set[int] = set()
    for key in all_keys():
        covered |= face(key).unicodes
    return frozenset(covered)


def printable(text: str) -> str:
    """Text with every character some bundled face can draw: NFC-composed, substitutes for
    the few symbols no face has, and a visible '?' for anything else (never a .notdef box)."""
    text = unicodedata.normalize("NFC", text)
    covered = _covered()
    if covered.issuperset(map(ord, text.replace("\n", ""))):
        return text
    out: list[str] = []
    for char in text:
        if char == "\n" or ord(char) in covered:
            out.append(char)
        elif char in SUBSTITUTES:
            out.append(SUBSTITUTES[char])
        elif unicodedata.category(char) in ("Cc", "Cf"):
            continue  # controls and format characters have no ink
        else:
            out.append(REPLACEMENT)
    return "".join(out)
