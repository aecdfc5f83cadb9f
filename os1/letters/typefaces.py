"""The typefaces OS1 writes and sets letters in, shipped inside the package so a letter looks the
same on any computer: Kristi (the hand) and EB Garamond (the book), both under the SIL Open Font
Licence, whose texts sit beside the font files in fonts/."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from os1.errors import OS1Error

FONTS_DIR = Path(__file__).parent / "fonts"
HAND = "OS1Hand"
BOOK = "OS1Book"
BOOK_ITALIC = "OS1Book-Italic"
_FILES = {HAND: "Kristi.ttf", BOOK: "EBGaramond12-Regular.ttf",
          BOOK_ITALIC: "EBGaramond12-Italic.ttf"}


class CraftMissing(OS1Error):
    """reportlab, which writes the PDFs, is not installed."""


def reportlab():
    """The reportlab package, or a one-line error naming the extra that installs it."""
    try:
        import reportlab as module
    except ImportError:
        raise CraftMissing("writing letters to PDF needs reportlab; run "
                           "`pip install 'os1[craft]'`.") from None
    return module


@cache
def register() -> tuple[str, str, str]:
    """Register the hand and the book faces with reportlab once; returns their names."""
    reportlab()
    from reportlab.lib.fonts import addMapping
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    for name, file in _FILES.items():
        pdfmetrics.registerFont(TTFont(name, str(FONTS_DIR / file)))
    # <i> in a book paragraph picks the italic; there is no bold: the book never shouts.
    for bold in (0, 1):
        addMapping(BOOK, bold, 0, BOOK)
        addMapping(BOOK, bold, 1, BOOK_ITALIC)
    return HAND, BOOK, BOOK_ITALIC


@cache
def _cmap(font: str) -> frozenset[int]:
    from reportlab.pdfbase import pdfmetrics

    register()
    return frozenset(pdfmetrics.getFont(font).face.charToGlyph)  # type: ignore[attr-defined]  # a TTFont


def has_glyph(font: str, char: str) -> bool:
    """Whether the font draws this character (else the writer borrows it from another face)."""
    return ord(char) in _cmap(font)


def width(text: str, font: str, size: float) -> float:
    """The advance width of text set in font at size, in points."""
    from reportlab.pdfbase import pdfmetrics

    register()
    return pdfmetrics.stringWidth(text, font, size)


def extent(font: str) -> tuple[float, float]:
    """The font's ascent and descent (negative) per point of size: the height a glyph can take."""
    from reportlab.pdfbase import pdfmetrics

    register()
    face = pdfmetrics.getFont(font).face  # type: ignore[attr-defined]  # typed as Font; ours are TTFonts
    return face.ascent / 1000, face.descent / 1000
