"""A letter on paper: the handwritten PDF (and its plain text) of a finished letter.

Pure in what it takes: a LetterPage of plain strings, so any store or draft can be rendered.
The words are written by the hand in hand.py onto paper from paper.py; the PDF keeps them as
real text, so a letter can be searched and read aloud like any document."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from pathlib import Path

from os1.errors import OS1Error
from os1.letters import hand, paper, typefaces

SIZES = {"A4": (595.28, 841.89), "A5": (419.53, 595.28), "letter": (612.0, 792.0)}


class RenderError(OS1Error):
    """A letter that cannot be rendered as asked (nothing to write, a size or file it can't use)."""


@dataclass(frozen=True)
class LetterPage:
    """What goes on the paper; every part but the body may be left out."""
    body: tuple[str, ...] | list[str] | str = field(default_factory=tuple)  # paragraphs
    greeting: str | None = None  # "Dear Anna,"
    sign_off: str | None = None  # "With love,"
    sender: str | None = None  # the name under the sign-off
    date: str | None = None  # as it should be written: "12 March 2026"
    place: str | None = None  # "Boston"
    postscript: str | None = None  # written after the name, "P.S." included if wanted


def paragraphs(page: LetterPage) -> list[str]:
    """The body's paragraphs: a blank line inside one string also starts a new paragraph."""
    out = []
    for part in [page.body] if isinstance(page.body, str) else page.body:
        out += [p.strip() for p in part.replace("\r\n", "\n").split("\n\n") if p.strip()]
    return out


def blocks(page: LetterPage) -> list[hand.Block]:
    """The letter as the hand writes it, top to bottom."""
    heading = ", ".join(p.strip() for p in (page.place, page.date) if p and p.strip())
    parts = [("place_date", heading), ("greeting", page.greeting)]
    parts += [("paragraph", p) for p in paragraphs(page)]
    parts += [("closing", page.sign_off), ("signature", page.sender),
              ("postscript", page.postscript)]
    return [hand.Block(kind, text.strip()) for kind, text in parts if text and text.strip()]


def letter_text(page: LetterPage) -> str:
    """The letter as plain text: the same words in the same order, paragraphs apart."""
    heading = ", ".join(p.strip() for p in (page.place, page.date) if p and p.strip())
    top = [heading] if heading else []
    greeting = [page.greeting.strip()] if page.greeting and page.greeting.strip() else []
    sign = [p.strip() for p in (page.sign_off, page.sender) if p and p.strip()]
    ps = [page.postscript.strip()] if page.postscript and page.postscript.strip() else []
    sections = top + greeting + paragraphs(page) + (["\n".join(sign)] if sign else []) + ps
    return "\n\n".join(sections) + "\n"


def render_letter(page: LetterPage, pdf: Path, txt: Path | None = None, seed: int = 0,
                  size: str = "A4") -> list[hand.Sheet]:
    """Write the letter by hand to pdf (and its plain text to txt): as many sheets as it
    takes, the same for the same seed. Returns the sheets as laid out, for checking."""
    if not paragraphs(page):
        raise RenderError("the letter has no words to write yet; give it a body first.")
    if size not in SIZES:
        raise RenderError(f"unknown paper size {size!r}; use one of {', '.join(SIZES)}.")
    typefaces.register()
    from reportlab.pdfgen.canvas import Canvas

    width, height = SIZES[size]
    # A writer's hand is a little smaller on small paper, though not in proportion to it.
    pen = hand.Hand(size=hand.Hand().size * math.sqrt(width / SIZES["A4"][0]))
    sheets = hand.write(blocks(page), width, height, pen, seed=seed)
    if not any(g.char != " " for sheet in sheets for g in sheet.glyphs):
        raise RenderError("none of the letter's characters can be written in the hand's font.")
    canvas = Canvas(str(pdf), pagesize=(width, height), invariant=1, pageCompression=1)
    canvas.setTitle(first_words(page))
    canvas.setCreator("OS1")
    for number, sheet in enumerate(sheets):
        paper.draw_paper(canvas, 0, 0, width, height, seed * 1009 + number, folds=True)
        hand.draw(canvas, sheet)
        canvas.showPage()
    try:
        canvas.save()
        if txt is not None:
            Path(txt).write_text(letter_text(page), encoding="utf-8")
    except OSError as e:
        raise RenderError(f"cannot write the letter to {e.filename or pdf}: "
                          f"{e.strerror}.") from None
    return sheets


def first_words(page: LetterPage, count: int = 6) -> str:
    """A title for the PDF: the greeting, else the letter's first words."""
    if page.greeting and page.greeting.strip():
        return page.greeting.strip().rstrip(",")
    words = " ".join(paragraphs(page)).split()
    return " ".join(words[:count]) + ("…" if len(words) > count else "")
