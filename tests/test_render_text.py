"""The text pipeline, checked on the printed page: every line of a corpus of tricky
paragraphs (Arabic with numbers, dates, percentages, brackets, Latin names and e-mail
addresses; Georgian; French; mixed), set in a column narrow enough to wrap, is read back from
the PDF glyph by glyph with its x position and must equal python-bidi's visual order of that
logical line."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pdfplumber
import pytest
from bidi import get_base_level, get_display
from reportlab.pdfgen.canvas import Canvas

from euromed_desktop.render.pdftext import base_font_name, draw_layout
from euromed_desktop.render.text import TextStyle, layout, measure

CORPUS = [
    "قال رئيس الجلسة إن 25% من المشاركين وصلوا يوم 10 مارس 2026.",
    "ارتفع عدد الطلبات من 1,200 إلى 3,450 طلبًا (أي بزيادة 187.5%).",
    "أرسلوا تعليقاتكم إلى secretariat@icmpd.example.org قبل 13/03/2026.",
    "تحدث السيد Hans Müller (وزارة الداخلية الاتحادية) عن برنامج Talent Partnerships.",
    "الأرقام الهندية: ١٢٣ و٤٥٦ و٧٨٩ في الجدول ٣.",
    "بلغت النسبة ٪٤٠ في عام ٢٠٢٥ مقابل ٣٥٪ في ٢٠٢٤.",
    "الفقرة (أ) والفقرة [ب] والفقرة {ج} تبقى كما هي.",
    "انظر المادة 12 (الفقرة 3) من الاتفاقية [2019].",
    "اجتمع الخبراء من 09:00 إلى 12:30 في القاعة B-204.",
    "تم اعتماد التوصيات: أولاً، ثانياً، ثالثاً؛ وانتهى الاجتماع؟",
    "قدمت منظمة العمل الدولية (ILO) و المفوضية (UNHCR) عرضاً مشتركاً.",
    "الموقع www.example.org/migration?lang=ar يحتوي على التقرير الكامل.",
    "وبلغت التحويلات المالية 4.5 مليار يورو (€) سنة 2025، أي 6‰ من الناتج.",
    "رقم الهاتف +216 71 000 101 متاح من الساعة 8 إلى 17.",
    "«الهجرة القانونية» و«التنقل» مصطلحان مختلفان.",
    "ناقش الفريق العامل مسودة الوثيقة رقم EUROMED/2026/04 المؤرخة 2026-03-10.",
    "حضر 45 مشاركًا من 21 بلدًا، منهم 23 امرأة و22 رجلًا.",
    "شارك ممثلو ألمانيا وفرنسا وإيطاليا وإسبانيا وتونس والمغرب ومصر والأردن.",
    "The delegation of Tunisia (تونس) presented its national strategy.",
    "Arabic title: «اجتماع الحوار الإقليمي» – adopted on 10 March 2026.",
    "The budget rose by 12.5% to €1,250,000 (see annex 3, p. 14).",
    "Contact: a.bensalah@emploi-tn.example.org, +216 71 000 101.",
    "Session 3 — legal pathways: skills, recognition and fair recruitment.",
    "Mixed: English, العربية, français and ქართული in one sentence.",
    "La délégation française a souligné l’importance des partenariats « talents ».",
    "Réunion à l’Hôtel Les Berges du Lac, salle Carthage, à 9 h 30 précises.",
    "Les États membres ont évoqué la coopération avec l’Égypte, l’Algérie et la Libye.",
    "Œuvre commune : reconnaissance des qualifications, mobilité, équité.",
    "Le taux d’emploi atteint 62,3 % (contre 58,1 % en 2024).",
    "Interventions en arabe : « نحن نرحب بالمبادرة » a dit la déléguée.",
    "საქართველოს დელეგაციამ აღნიშნა, რომ 2025 წელს მიგრაცია 12%-ით გაიზარდა.",
    "შეხვედრა გაიმართა თუნისში, 10–11 მარტს (ორი დღე).",
    "ელფოსტა: info@migration.example.ge; ტელეფონი: +995 32 200 00 00.",
    "ქართული და English ერთად: Talent Partnerships პროგრამა.",
    "مفوضية الأمم المتحدة لشؤون اللاجئين (UNHCR) - المكتب الإقليمي في تونس.",
    "أكد المشاركون على أهمية الشراكات في مجال المهارات وتنقل اليد العاملة والاعتراف بالمؤهلات.",
    'قال الممثل: "we fully support the pilot" ثم أضاف أن التمويل مضمون.',
    "البند 5.2: مناقشة عامة (30 دقيقة) ثم استراحة قهوة.",
    "הוועדה התכנסה ב-10 במרץ 2026 (יום שלישי).",
    "النسخة 2.0 من الدليل (PDF، 48 صفحة) متاحة الآن.",
    "1. افتتاح الجلسة؛ 2. اعتماد جدول الأعمال؛ 3. المداخلات.",
    "مقارنة: 3 > 2 و 1 < 2 في الجدول.",
    "لا إله إلا الله — لام ألف: لا، لأ، لإ، لآ.",
    "تاريخ الاجتماع: 10-03-2026، الساعة 09:30 صباحًا، القاعة رقم 3.",
]

WIDTH = 150.0
STYLE = TextStyle(size=10, leading=16)


def _is_rtl_text(text: str) -> bool:
    return any(unicodedata.bidirectional(c) in ("R", "AL") for c in text)


def _visible(text: str) -> str:
    """NFKC, without combining marks (their x position sits on their base) or spaces at
    the ends of a line."""
    text = unicodedata.normalize("NFKC", text)
    return "".join(c for c in text if not unicodedata.combining(c)).strip()


@pytest.fixture(scope="module")
def corpus_pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[list[str]]]:
    """The corpus, one paragraph per page; also returns each paragraph's logical lines."""
    path = tmp_path_factory.mktemp("corpus") / "corpus.pdf"
    canvas = Canvas(str(path), initialFontName=base_font_name())
    lines: list[list[str]] = []
    for paragraph in CORPUS:
        laid = layout(paragraph, STYLE, WIDTH)
        lines.append([line.logical for line in laid.lines])
        draw_layout(canvas, laid, 72, 760)
        canvas.showPage()
    canvas.save()
    return path, lines


def test_corpus_is_large_and_wraps(corpus_pdf: tuple[Path, list[list[str]]]) -> None:
    _, lines = corpus_pdf
    assert len(CORPUS) >= 40
    assert sum(1 for paragraph in lines if len(paragraph) > 1) >= 30


def test_line_breaking_keeps_every_word(corpus_pdf: tuple[Path, list[list[str]]]) -> None:
    _, lines = corpus_pdf
    for paragraph, broken in zip(CORPUS, lines, strict=True):
        # Breaks fall between words, except inside a word wider than the column (a URL).
        assert "".join("".join(broken).split()) == "".join(paragraph.split())
        for line in broken:
            assert measure(line, STYLE) <= WIDTH + 0.5


def test_printed_lines_are_in_visual_order(corpus_pdf: tuple[Path, list[list[str]]]) -> None:
    path, lines = corpus_pdf
    failures: list[str] = []
    with pdfplumber.open(path) as pdf:
        for page, paragraph, logical_lines in zip(pdf.pages, CORPUS, lines, strict=True):
            base = "R" if get_base_level(paragraph) == 1 else "L"
            by_baseline: dict[float, list[dict[str, object]]] = {}
            for char in page.chars:
                if unicodedata.combining(str(char["text"])[:1]):
                    continue
                key = round(float(char["matrix"][5]) / 4) * 4  # type: ignore[index]
                by_baseline.setdefault(key, []).append(char)
            printed: list[str] = []
            for key in sorted(by_baseline, reverse=True):
                chars = sorted(by_baseline[key], key=lambda c: float(c["x0"]))  # type: ignore[arg-type]
                texts = [str(c["text"]) for c in chars]
                # A ligature (lam-alef) stands for its characters in logical order.
                texts = [t[::-1] if len(t) > 1 and _is_rtl_text(t) else t for t in texts]
                printed.append(_visible("".join(texts)))
            expected = [
                _visible(str(get_display(line, base_dir=base))) for line in logical_lines if line
            ]
            if printed != expected:
                failures.append(f"{paragraph!r}\n  printed  {printed!r}\n  expected {expected!r}")
    assert not failures, "\n".join(failures)


def test_right_to_left_paragraphs_are_right_aligned() -> None:
    laid = layout(CORPUS[0], STYLE.with_(align="start"), WIDTH)
    assert all(line.rtl for line in laid.lines)
    latin = layout(CORPUS[20], STYLE.with_(align="start"), WIDTH)
    assert not any(line.rtl for line in latin.lines)


def test_brackets_are_mirrored_by_shaping_in_right_to_left_runs() -> None:
    # "(" inside Arabic is drawn with the glyph of ")" (HarfBuzz mirrors in rtl runs) but
    # keeps "(" as its text, so that copying gives back what was typed.
    laid = layout("الفقرة (أ) هنا", STYLE, 400)
    line = laid.lines[0]
    glyphs = [g for placed in line.pieces for g in placed.shaped.glyphs]
    opening = next(g for g in glyphs if g.text == "(")
    closing = next(g for g in glyphs if g.text == ")")
    face = next(p.shaped.face for p in line.pieces if any(g.text == "(" for g in p.shaped.glyphs))
    assert opening.gid == face.hb_font.get_nominal_glyph(ord(")"))
    assert closing.gid == face.hb_font.get_nominal_glyph(ord("("))


def test_no_glyph_is_missing() -> None:
    for paragraph in CORPUS:
        for line in layout(paragraph, STYLE, WIDTH).lines:
            for placed in line.pieces:
                assert all(g.gid != 0 for g in placed.shaped.glyphs), (paragraph, placed)


def test_symbols_no_font_has_are_replaced_not_dropped() -> None:
    laid = layout("a → b − c ✓", STYLE, 400)
    text = "".join(g.text for p in laid.lines[0].pieces for g in p.shaped.glyphs)
    assert text == "a -> b - c •"
