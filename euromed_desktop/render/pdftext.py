"""Drawing shaped glyphs into a ReportLab canvas as real, copyable PDF text.

ReportLab embeds TrueType fonts by Unicode code point, which cannot express the contextual
forms and ligatures HarfBuzz picks for Arabic. Here each face is embedded as a Type 0 font
addressed by glyph id (Identity-H), subset by HarfBuzz with the glyph ids kept, with a
ToUnicode map from each glyph to the characters it was shaped from: the text stays
searchable and copyable. A glyph that stands for different text in two places (rare: a
space glyph used for a no-break space too) goes into a second copy of the font, as one
ToUnicode map can only say one thing per glyph.
"""

from __future__ import annotations

import hashlib
import string
from dataclasses import dataclass, field
from functools import cache
from typing import Any

import uharfbuzz as hb
from reportlab.pdfbase import pdfdoc, pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from euromed_desktop.render.fonts import Face, face
from euromed_desktop.render.text import Glyph, Layout, Line, Shaped
from euromed_desktop.resources import resource

_ATTRIBUTE = "_euromed_glyph_fonts"


@cache
def base_font_name() -> str:
    """A font ReportLab may name when it sets "the current font" (canvas preamble, table
    cells): a dynamic TrueType font adds nothing to the file unless text is drawn with it,
    whereas ReportLab's default, Helvetica, would be listed as a font that is not embedded."""
    name = "EuromedNotoSans"
    pdfmetrics.registerFont(TTFont(name, str(resource("fonts", "NotoSans-Regular.ttf"))))
    return name


@dataclass(eq=False)
class _Instance:
    face: Face
    name: str
    texts: dict[int, str] = field(default_factory=dict)


class GlyphFonts:
    """The glyph-addressed fonts one PDF document uses; realised when the document is saved."""

    def __init__(self) -> None:
        self.instances: dict[str, list[_Instance]] = {}
        self._count = 0
        self._ops: dict[tuple[Shaped, float], str] = {}

    def instance_for(self, face_key: str, glyphs: tuple[Glyph, ...]) -> list[tuple[_Instance, int]]:
        """Record the glyphs and say which font copy draws each one."""
        copies = self.instances.setdefault(face_key, [])
        out: list[tuple[_Instance, int]] = []
        for glyph in glyphs:
            chosen = None
            for copy in copies:
                known = copy.texts.get(glyph.gid)
                if known is None or known == glyph.text or not glyph.text:
                    chosen = copy
                    break
            if chosen is None:
                self._count += 1
                chosen = _Instance(face(face_key), f"EMG{self._count}")
                copies.append(chosen)
            if glyph.text or glyph.gid not in chosen.texts:
                chosen.texts.setdefault(glyph.gid, glyph.text)
            out.append((chosen, glyph.gid))
        return out

    def piece_ops(self, shaped: Shaped, size: float) -> str:
        """The operators of a shaped piece, made once per document and size (the glyphs
        are registered with their fonts the first time)."""
        key = (shaped, size)
        found = self._ops.get(key)
        if found is None:
            found = self._ops[key] = _piece_ops(self, shaped, size)
        return found

    def addObjects(self, doc: Any) -> None:
        fonts = doc.idToObject["BasicFonts"].dict
        for copies in self.instances.values():
            for copy in copies:
                fonts[copy.name] = _font_objects(doc, copy)


def glyph_fonts(canvas: Any) -> GlyphFonts:
    doc = canvas._doc
    found: GlyphFonts | None = getattr(doc, _ATTRIBUTE, None)
    if found is None:
        found = GlyphFonts()
        setattr(doc, _ATTRIBUTE, found)
        doc.delayedFonts.append(found)
    return found


def _tag(copy: _Instance) -> str:
    digest = hashlib.sha1(
        (copy.face.key + copy.name + ",".join(map(str, sorted(copy.texts)))).encode()
    ).digest()
    return "".join(string.ascii_uppercase[b % 26] for b in digest[:6])


def _subset(copy: _Instance) -> bytes:
    request = hb.SubsetInput()
    request.glyph_set.update({0, *copy.texts})
    request.flags = hb.SubsetFlags.RETAIN_GIDS | hb.SubsetFlags.NO_HINTING
    for tag in ("GSUB", "GPOS", "GDEF", "BASE", "JSTF", "MATH", "DSIG"):
        request.drop_table_tag_set.add(int.from_bytes(tag.encode("ascii"), "big"))
    subset = hb.subset(copy.face.hb_face, request)
    if subset is None:
        raise RuntimeError(f"Could not subset {copy.face.path.name}")
    return bytes(subset.blob.data)


def _utf16_hex(text: str) -> str:
    return text.encode("utf-16-be").hex().upper()


def _to_unicode(name: str, texts: dict[int, str]) -> bytes:
    entries = [(gid, text) for gid, text in sorted(texts.items()) if text]
    lines = [
        "/CIDInit /ProcSet findresource begin",
        "12 dict begin",
        "begincmap",
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def",
        f"/CMapName /{name}-UCS def",
        "/CMapType 2 def",
        "1 begincodespacerange",
        "<0000> <FFFF>",
        "endcodespacerange",
    ]
    for start in range(0, len(entries), 100):
        chunk = entries[start : start + 100]
        lines.append(f"{len(chunk)} beginbfchar")
        lines.extend(f"<{gid:04X}> <{_utf16_hex(text)}>" for gid, text in chunk)
        lines.append("endbfchar")
    lines += ["endcmap", "CMapName currentdict /CMap defineresource pop", "end", "end"]
    return "\n".join(lines).encode("ascii")


def _font_objects(doc: Any, copy: _Instance) -> Any:
    font_face = copy.face
    base_name = f"{_tag(copy)}+{font_face.postscript_name}"
    scale = 1000.0 / font_face.upem

    program = pdfdoc.PDFStream()
    program.content = _subset(copy)
    program.dictionary["Length1"] = len(program.content)
    program.filters = [pdfdoc.PDFZCompress]
    program_ref = doc.Reference(program, f"fontFile:{copy.name}")

    x_min, y_min, x_max, y_max = font_face.bbox
    flags = 4 | (64 if font_face.italic_angle else 0)  # symbolic (glyph-addressed), italic
    descriptor = pdfdoc.PDFDictionary(
        {
            "Type": "/FontDescriptor",
            "FontName": pdfdoc.PDFName(base_name),
            "Flags": flags,
            "FontBBox": pdfdoc.PDFArray([round(v * scale) for v in (x_min, y_min, x_max, y_max)]),
            "ItalicAngle": round(font_face.italic_angle, 2),
            "Ascent": round(font_face.ascender * scale),
            "Descent": round(font_face.descender * scale),
            "CapHeight": round(font_face.cap_height * scale),
            "StemV": 80,
            "FontFile2": program_ref,
        }
    )
    descriptor_ref = doc.Reference(descriptor, f"fontDescriptor:{copy.name}")

    widths: list[Any] = []
    for gid in sorted(copy.texts):
        widths += [gid, pdfdoc.PDFArray([round(font_face.advance(gid) * scale)])]
    cid_font = pdfdoc.PDFDictionary(
        {
            "Type": "/Font",
            "Subtype": "/CIDFontType2",
            "BaseFont": pdfdoc.PDFName(base_name),
            "CIDSystemInfo": pdfdoc.PDFDictionary(
                {
                    "Registry": pdfdoc.PDFString("Adobe"),
                    "Ordering": pdfdoc.PDFString("Identity"),
                    "Supplement": 0,
                }
            ),
            "FontDescriptor": descriptor_ref,
            "W": pdfdoc.PDFArray(widths),
            "DW": 0,
            "CIDToGIDMap": "/Identity",
        }
    )
    cid_ref = doc.Reference(cid_font, f"cidFont:{copy.name}")

    cmap = pdfdoc.PDFStream()
    cmap.content = _to_unicode(base_name, copy.texts)
    cmap.filters = [pdfdoc.PDFZCompress]
    cmap_ref = doc.Reference(cmap, f"toUnicode:{copy.name}")

    top = pdfdoc.PDFDictionary(
        {
            "Type": "/Font",
            "Subtype": "/Type0",
            "BaseFont": pdfdoc.PDFName(base_name),
            "Encoding": "/Identity-H",
            "DescendantFonts": pdfdoc.PDFArray([cid_ref]),
            "ToUnicode": cmap_ref,
        }
    )
    return doc.Reference(top, copy.name)


def _num(value: float) -> str:
    text = f"{value:.3f}".rstrip("0").rstrip(".")
    return text if text not in ("-0", "") else "0"


def draw_line(
    canvas: Any,
    line: Line,
    x: float,
    y: float,
    size: float,
    color: tuple[float, float, float] = (0.0, 0.0, 0.0),
) -> None:
    """Draw one laid-out line with its left edge at ``x`` and baseline at ``y``."""
    if not line.pieces:
        return
    fonts = glyph_fonts(canvas)
    ops: list[str] = [f"BT {_num(color[0])} {_num(color[1])} {_num(color[2])} rg"]
    y_text = _num(y)
    for placed in line.pieces:
        ops.append(f"1 0 0 1 {_num(x + placed.x)} {y_text} Tm")
        ops.append(fonts.piece_ops(placed.shaped, size))
    ops.append("ET")
    canvas.addLiteral(" ".join(ops))


def _piece_ops(fonts: GlyphFonts, shaped: Shaped, size: float) -> str:
    """PDF text operators for one shaped piece, from the current text position: font
    selection, glyph ids with HarfBuzz's advances and offsets as TJ adjustments (thousandths
    of an em, so independent of the size), and a rise for marks set above or below."""
    font_face = shaped.face
    to_em = 1000.0 / font_face.upem
    ops: list[str] = []
    current_font = ""
    rise = 0.0
    chunk: list[str] = []
    for (copy, gid), glyph in zip(
        fonts.instance_for(shaped.face_key, shaped.glyphs), shaped.glyphs, strict=True
    ):
        if copy.name != current_font:
            if chunk:
                ops.append(f"[{' '.join(chunk)}] TJ")
                chunk = []
            ops.append(f"/{copy.name} {_num(size)} Tf")
            current_font = copy.name
        glyph_rise = glyph.y_offset * size / font_face.upem
        if glyph_rise != rise:
            if chunk:
                ops.append(f"[{' '.join(chunk)}] TJ")
                chunk = []
            ops.append(f"{_num(glyph_rise)} Ts")
            rise = glyph_rise
        width = font_face.advance(gid) * to_em
        if glyph.x_offset:
            chunk.append(_num(-glyph.x_offset * to_em))
        chunk.append(f"<{gid:04X}>")
        correction = glyph.advance * to_em - width - glyph.x_offset * to_em
        if abs(correction) > 0.01:
            chunk.append(_num(-correction))
    if chunk:
        ops.append(f"[{' '.join(chunk)}] TJ")
    if rise:
        ops.append("0 Ts")
    return " ".join(ops)


def line_x(line: Line, left: float, width: float, align: str) -> float:
    """Left edge of a line in a column, for the paragraph's alignment."""
    side = align
    if align == "start":
        side = "right" if line.rtl else "left"
    elif align == "end":
        side = "left" if line.rtl else "right"
    if side == "right":
        return left + width - line.width
    if side == "center":
        return left + (width - line.width) / 2
    return left


def baseline_offset(layout: Layout) -> float:
    """Distance from the top of a line box to its baseline."""
    style = layout.style
    return (layout.line_height - style.size) / 2 + style.size * 0.86


def draw_layout(canvas: Any, layout: Layout, left: float, top: float) -> None:
    """Draw a laid-out paragraph whose first line box starts at ``top``."""
    style = layout.style
    y = top - baseline_offset(layout)
    for line in layout.lines:
        draw_line(
            canvas, line, line_x(line, left, layout.width, style.align), y, style.size, style.color
        )
        y -= layout.line_height
