"""The book of letters: a cover, contents, and one chapter per letter, the letter set in a book
face on a right-hand page with its handwritten page facing it on the left.

Printable as it comes: A5 or 6 × 9 in pages, a wider inner margin for the binding, page numbers
at the foot, chapters opening on right-hand pages, blank pages where the order needs them. Page
numbers in the contents come from laying the book out once before it is written."""

from __future__ import annotations

import io
import math
import random
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from xml.sax.saxutils import escape

from os1.letters import hand, paper, typefaces
from os1.letters.render import LetterPage, RenderError, blocks, paragraphs

SIZES = {"A5": (419.53, 595.28), "6x9": (432.0, 648.0)}
MARGINS = {"inner": 56.0, "outer": 40.0, "top": 50.0, "bottom": 58.0}  # points
MAX_TITLE = 200
FACSIMILE_HAND = hand.Hand(size=16.5, leading=1.3)  # the largest hand a book page shows


@dataclass(frozen=True)
class BookLetter:
    """One chapter: the letter and what the chapter heading says about it."""
    page: LetterPage
    occasion: str = ""  # the chapter's title: "Anna's fortieth birthday"
    recipient: str | None = None
    date: str | None = None  # as it should be printed
    seed: int = 0  # the hand's seed for its handwritten page


@dataclass
class BookPage:
    """What one page of the book holds, for checking the layout."""
    number: int
    kind: str  # cover | colophon | contents | facsimile | opening | text | blank
    chapter: int | None = None
    sheet: hand.Sheet | None = None
    sheet_box: tuple[float, float, float, float] | None = None  # x0, y0, x1, y1 on the page


def render_book(title: str, letters: list[BookLetter], pdf: Path, size: str = "A5",
                author: str | None = None) -> list[BookPage]:
    """Write the book to pdf; returns its pages as laid out."""
    if not title.strip():
        raise RenderError("the book needs a title.")
    if len(title) > MAX_TITLE:
        raise RenderError(f"the book's title is too long for its cover; keep it under "
                          f"{MAX_TITLE} characters.")
    if not letters:
        raise RenderError("the book has no letters in it yet.")
    if size not in SIZES:
        raise RenderError(f"unknown book size {size!r}; use one of {', '.join(SIZES)}.")
    for letter in letters:
        if not paragraphs(letter.page):
            raise RenderError(f"the letter {_title(letter)!r} has no words to print.")
    typefaces.register()
    draft = _Book(title, letters, size, author, openings=None)
    draft.write(io.BytesIO())
    book = _Book(title, letters, size, author, openings=draft.openings)
    try:
        book.write(Path(pdf))
    except OSError as e:
        raise RenderError(f"cannot write the book to {e.filename or pdf}: {e.strerror}.") from None
    return book.pages


def roman(n: int) -> str:
    """Chapter numbers as a book prints them."""
    out = ""
    for value, letters in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"),
                           (90, "XC"), (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"),
                           (4, "IV"), (1, "I")):
        while n >= value:
            out, n = out + letters, n - value
    return out


def _styles():
    from reportlab.lib.enums import TA_CENTER, TA_JUSTIFY, TA_LEFT, TA_RIGHT
    from reportlab.lib.styles import ParagraphStyle

    body = ParagraphStyle("body", fontName=typefaces.BOOK, fontSize=10.8, leading=14.6,
                          alignment=TA_JUSTIFY, firstLineIndent=14)
    return {
        "title": ParagraphStyle("title", fontName=typefaces.BOOK, fontSize=28, leading=34,
                                alignment=TA_CENTER),
        "author": ParagraphStyle("author", fontName=typefaces.BOOK_ITALIC, fontSize=14,
                                 leading=18, alignment=TA_CENTER),
        "small": ParagraphStyle("small", fontName=typefaces.BOOK_ITALIC, fontSize=8.5,
                                leading=11, alignment=TA_CENTER),
        "heading": ParagraphStyle("heading", fontName=typefaces.BOOK, fontSize=17, leading=22,
                                  alignment=TA_CENTER, spaceAfter=4),
        "number": ParagraphStyle("number", fontName=typefaces.BOOK, fontSize=11, leading=14,
                                 alignment=TA_CENTER, spaceAfter=10),
        "meta": ParagraphStyle("meta", fontName=typefaces.BOOK_ITALIC, fontSize=11, leading=14,
                               alignment=TA_CENTER, spaceAfter=22),
        "entry": ParagraphStyle("entry", fontName=typefaces.BOOK, fontSize=11.5, leading=14,
                                alignment=TA_LEFT),
        "entry_meta": ParagraphStyle("entry_meta", fontName=typefaces.BOOK_ITALIC,
                                     fontSize=9.5, leading=12, alignment=TA_LEFT),
        "entry_page": ParagraphStyle("entry_page", fontName=typefaces.BOOK, fontSize=11.5,
                                     leading=14, alignment=TA_RIGHT),
        "body": body,
        "first": ParagraphStyle("first", parent=body, firstLineIndent=0),
        "dateline": ParagraphStyle("dateline", parent=body, fontName=typefaces.BOOK_ITALIC,
                                   alignment=TA_RIGHT, firstLineIndent=0, spaceAfter=8),
        "greeting": ParagraphStyle("greeting", parent=body, firstLineIndent=0, spaceAfter=4),
        "closing": ParagraphStyle("closing", parent=body, fontName=typefaces.BOOK_ITALIC,
                                  alignment=TA_RIGHT, firstLineIndent=0, spaceBefore=8),
        "ps": ParagraphStyle("ps", parent=body, firstLineIndent=0, spaceBefore=10,
                             fontName=typefaces.BOOK_ITALIC),
    }


def _para(text: str, style):
    from reportlab.platypus import Paragraph

    words = typographic(" ".join(text.split())).split(" ")
    if len(words) >= 4:  # the last two words go together: no line of one short word
        words[-2:] = [f"{words[-2]}\u00a0{words[-1]}"]
    # The letter's words are data: escaped, so none of them is read as markup.
    return Paragraph(escape(" ".join(words)), style)


def typographic(text: str) -> str:
    """Straight quotes as a book sets them: apostrophes and closing quotes curl one way,
    opening quotes the other."""
    text = re.sub(r"(^|[\s(\[{—–-])'", "\\1\u2018", text)
    text = re.sub(r'(^|[\s(\[{—–-])"', "\\1\u201c", text)
    return text.replace("'", "\u2019").replace('"', "\u201d")


def _meta(letter: BookLetter) -> str:
    to = f"To {letter.recipient.strip()}" if letter.recipient and letter.recipient.strip() else ""
    date = (letter.date or letter.page.date or "").strip()
    return " · ".join(p for p in (to, date) if p)


def _title(letter: BookLetter) -> str:
    """The chapter's title: the occasion, else whom the letter is to."""
    if letter.occasion.strip():
        return letter.occasion
    if letter.recipient and letter.recipient.strip():
        return f"To {letter.recipient.strip()}"
    return "A letter"


class _Book:
    """The book being written page by page; openings maps a chapter to its first page."""

    def __init__(self, title: str, letters: list[BookLetter], size: str, author: str | None,
                 openings: dict[int, int] | None) -> None:
        self.title, self.letters, self.author = title.strip(), letters, author
        self.width, self.height = SIZES[size]
        self.final = openings is not None
        self.known = openings or {}
        self.openings: dict[int, int] = {}
        self.pages: list[BookPage] = []
        self.styles = _styles()

    # -- pages ---------------------------------------------------------------------------
    def write(self, target) -> None:
        from reportlab.pdfgen.canvas import Canvas

        target = str(target) if isinstance(target, Path) else target
        self.canvas = Canvas(target, pagesize=(self.width, self.height), invariant=1,
                             pageCompression=1)
        self.canvas.setTitle(self.title)
        if self.author:
            self.canvas.setAuthor(self.author)
        self.canvas.setCreator("OS1")
        self.cover()
        self.colophon()
        self.flow(self.contents(), "contents")
        for n, letter in enumerate(self.letters, 1):
            self.chapter(n, letter)
        self.canvas.save()

    def new_page(self, kind: str, chapter: int | None = None) -> BookPage:
        if self.pages:
            self.canvas.showPage()
        page = BookPage(len(self.pages) + 1, kind, chapter)
        self.pages.append(page)
        return page

    def frame_box(self, number: int) -> tuple[float, float, float, float]:
        """The text block of page number: the inner margin is on the left of a right-hand
        (odd) page and on the right of a left-hand one."""
        recto = number % 2 == 1
        left = MARGINS["inner"] if recto else MARGINS["outer"]
        right = MARGINS["outer"] if recto else MARGINS["inner"]
        return (left, MARGINS["bottom"], self.width - right, self.height - MARGINS["top"])

    def folio(self, page: BookPage) -> None:
        c = self.canvas
        c.setFont(typefaces.BOOK, 9.5)
        c.setFillColorRGB(0.2, 0.2, 0.2)
        x0, _, x1, _ = self.frame_box(page.number)
        c.drawCentredString((x0 + x1) / 2, MARGINS["bottom"] * 0.5, str(page.number))

    def frame(self, page: BookPage, top_skip: float = 0.0):
        from reportlab.platypus import Frame

        x0, y0, x1, y1 = self.frame_box(page.number)
        return Frame(x0, y0, x1 - x0, y1 - y0 - top_skip, leftPadding=0, rightPadding=0,
                     topPadding=0, bottomPadding=0, showBoundary=0)

    def flow(self, story: list, kind: str, chapter: int | None = None,
             first_skip: float = 0.0, first: BookPage | None = None) -> None:
        """Set a story on as many pages as it takes, each with its page number."""
        page = first or self.new_page(kind, chapter)
        skip = first_skip
        while True:
            before = story[0]
            self.frame(page, skip).addFromList(story, self.canvas)
            self.folio(page)
            if not story:
                return
            if story[0] is before and skip == 0.0:  # it would not fit on an empty page either
                raise RenderError("a part of the book is too large to fit on a page.")
            page, skip = self.new_page("text" if kind != "contents" else kind, chapter), 0.0

    def blank(self) -> None:
        self.new_page("blank")

    # -- parts ---------------------------------------------------------------------------
    def cover(self) -> None:
        from reportlab.lib.colors import Color
        from reportlab.platypus import HRFlowable, Spacer

        page = self.new_page("cover")
        story = [Spacer(1, (self.height - MARGINS["top"] - MARGINS["bottom"]) * 0.26),
                 _para(self.title, self.styles["title"]),
                 HRFlowable(width=60, thickness=0.6, color=Color(0.45, 0.4, 0.35),
                            spaceBefore=18, spaceAfter=18)]
        if self.author and self.author.strip():
            story.append(_para(self.author, self.styles["author"]))
        self.frame(page).addFromList(story, self.canvas)

    def colophon(self) -> None:
        page = self.new_page("colophon")
        note = _para("Set in EB Garamond; the letters are written out in Kristi. "
                     "Made with OS1.", self.styles["small"])
        x0, y0, x1, _ = self.frame_box(page.number)
        _, h = note.wrap(x1 - x0, self.height)
        note.drawOn(self.canvas, x0, y0 + h)

    def contents(self) -> list:
        from reportlab.platypus import Spacer, Table, TableStyle

        x0, _, x1, _ = self.frame_box(3)
        story = [Spacer(1, 30), _para("Contents", self.styles["heading"]), Spacer(1, 18)]
        style = TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                            ("LEFTPADDING", (0, 0), (-1, -1), 0),
                            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                            ("BOTTOMPADDING", (0, 0), (-1, -1), 9)])
        for n, letter in enumerate(self.letters, 1):
            left = [_leadered(_para(f"{roman(n)}. {_title(letter)}", self.styles["entry"]))]
            if _meta(letter):
                left.append(_para(_meta(letter), self.styles["entry_meta"]))
            number = str(self.known.get(n, "")) if self.final else "000"
            story.append(Table([[left, _para(number, self.styles["entry_page"])]],
                               colWidths=[x1 - x0 - 24, 24], style=style))
        return story

    def chapter(self, n: int, letter: BookLetter) -> None:
        size = self.frame_box(2)
        box_w, box_h = size[2] - size[0], size[3] - size[1]
        sheets = hand.write_fitted(blocks(letter.page), box_w * 0.95, box_h * 0.95,
                                   FACSIMILE_HAND, seed=letter.seed, smallest=0.72)
        # The handwritten sheets end on the left-hand page just before the opening.
        opening = len(self.pages) + 1 + len(sheets)
        if opening % 2 == 0:
            self.blank()
            opening += 1
        for i, sheet in enumerate(sheets):
            page = self.new_page("facsimile", n)
            self.facsimile(page, sheet, letter.seed * 7919 + i)
            self.folio(page)
        page = self.new_page("opening", n)
        self.openings[n] = page.number
        self.flow(self.chapter_story(n, letter), "opening", n,
                  first_skip=(size[3] - size[1]) * 0.16, first=page)

    def facsimile(self, page: BookPage, sheet: hand.Sheet, seed: int) -> None:
        """The handwritten sheet laid on the page, a little askew, with a soft shadow."""
        c = self.canvas
        x0, y0, x1, y1 = self.frame_box(page.number)
        left = x0 + ((x1 - x0) - sheet.width) / 2
        bottom = y0 + ((y1 - y0) - sheet.height) / 2
        turn = random.Random(seed).uniform(-0.7, 0.7)
        page.sheet, page.sheet_box = sheet, _turned_box(left, bottom, sheet.width,
                                                        sheet.height, turn)
        if not self.final:
            return
        c.saveState()
        c.translate(left + sheet.width / 2, bottom + sheet.height / 2)
        c.rotate(turn)
        c.translate(-sheet.width / 2, -sheet.height / 2)
        for spread, alpha in ((3.0, 0.05), (2.0, 0.07), (1.0, 0.09)):
            c.setFillColorRGB(0.25, 0.22, 0.2, alpha=alpha)
            c.rect(-spread + 1.5, -spread - 1.5, sheet.width + 2 * spread,
                   sheet.height + 2 * spread, stroke=0, fill=1)
        c.setFillAlpha(1)  # a fill's opacity also applies to images: the paper is opaque
        paper.draw_paper(c, 0, 0, sheet.width, sheet.height, seed)
        hand.draw(c, sheet)
        c.restoreState()

    def chapter_story(self, n: int, letter: BookLetter) -> list:
        s, page = self.styles, letter.page
        story = [_para(roman(n), s["number"]), _para(_title(letter), s["heading"])]
        story.append(_para(_meta(letter) or " ", s["meta"]))
        heading = ", ".join(p.strip() for p in (page.place, page.date) if p and p.strip())
        if heading:
            story.append(_para(heading, s["dateline"]))
        if page.greeting and page.greeting.strip():
            story.append(_para(page.greeting, s["greeting"]))
        for i, text in enumerate(paragraphs(page)):
            story.append(_para(text, s["first"] if i == 0 else s["body"]))
        for i, text in enumerate(t for t in (page.sign_off, page.sender) if t and t.strip()):
            story.append(_para(text, s["closing"] if i == 0 else s["dateline"]))
        if page.postscript and page.postscript.strip():
            story.append(_para(page.postscript, s["ps"]))
        return story


@cache
def _leadered_class():
    from reportlab import rl_config
    from reportlab.pdfbase.pdfmetrics import stringWidth
    from reportlab.platypus import Flowable

    class Leadered(Flowable):
        """A one-line contents entry followed by a row of dots to the page number (drawn as
        dots, not text, so the contents still read as title and number)."""

        def __init__(self, paragraph) -> None:
            super().__init__()
            self.paragraph = paragraph

        def wrap(self, available_width: float, available_height: float):
            self.width = available_width
            _, self.height = self.paragraph.wrap(available_width - 12, available_height)
            return available_width, self.height

        def draw(self) -> None:
            self.paragraph.drawOn(self.canv, 0, 0)
            lines = self.paragraph.blPara.lines
            if len(lines) != 1 or self.paragraph.blPara.kind != 0:
                return
            style = self.paragraph.style
            text = " ".join(lines[0][1])
            end = stringWidth(text, style.fontName, style.fontSize) + 8
            size = style.fontSize
            drop = size if rl_config.paraFontSizeHeightOffset else \
                getattr(self.paragraph.blPara, "ascent", size)
            baseline = self.height - drop
            self.canv.setFillColorRGB(0.35, 0.35, 0.35)
            x = end
            while x < self.width - 4:
                self.canv.circle(x, baseline + 1.2, 0.45, stroke=0, fill=1)
                x += 5

    return Leadered


def _leadered(paragraph):
    """A contents entry with dot leaders (its class is made once reportlab is loaded)."""
    return _leadered_class()(paragraph)


def _turned_box(x: float, y: float, w: float, h: float,
                degrees: float) -> tuple[float, float, float, float]:
    """The bounds of a w × h rectangle at (x, y) turned about its centre."""
    cx, cy = x + w / 2, y + h / 2
    cos, sin = math.cos(math.radians(degrees)), math.sin(math.radians(degrees))
    xs = [cx + u * cos - v * sin for u in (-w / 2, w / 2) for v in (-h / 2, h / 2)]
    ys = [cy + u * sin + v * cos for u in (-w / 2, w / 2) for v in (-h / 2, h / 2)]
    return min(xs), min(ys), max(xs), max(ys)
