"""The book of letters: printable pages in the right order, each letter facing its handwriting."""

from __future__ import annotations

import pytest

pytest.importorskip("reportlab", reason="the craft extra (reportlab) is not installed")

from os1.letters.book import BookLetter, render_book, roman, typographic
from os1.letters.render import LetterPage, RenderError, letter_text, paragraphs
from tests.letters.pdfs import border_pixels, needs_poppler, pdf_pages_text, pngs
from tests.letters.test_render import ANNA, LONG, sheet_words

CHRIS = LetterPage(greeting="Dear Chris,",
                   body=["Thirty years ago today you stood in a borrowed suit at the courthouse "
                         "and promised Loretta the rest of your life.",
                         "Thank you for showing us what it looks like to keep choosing someone."],
                   sign_off="Love always,", sender="Roberta", date="2 June 2026")
MOM = LetterPage(greeting="Mom,", body=["I found your recipe card for the plum cake today. "
                                        "I made it; the kitchen smelled like Saturday again."],
                 sign_off="Your son,", sender="Theo", date="9 May 2026")
LETTERS = [BookLetter(ANNA, "Anna's fortieth birthday", "Anna", "12 March 2026", seed=1),
           BookLetter(CHRIS, "Thirty years married", "Chris and Loretta", "2 June 2026", seed=2),
           BookLetter(MOM, "For Mother's Day", "Mom", "9 May 2026", seed=3)]


def words(text: str) -> list[str]:
    return text.split()


def book_texts(pdf) -> list[str]:
    """Each page's text with the book's curled quotes read back as straight ones."""
    curls = str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'})
    return [t.translate(curls) for t in pdf_pages_text(pdf)]


def test_quotes_are_set_curled_as_in_a_book():
    assert typographic('Anna\'s "big" day (\'really\')') == \
        "Anna\u2019s \u201cbig\u201d day (\u2018really\u2019)"


@needs_poppler
def test_a_three_letter_book_has_a_cover_contents_and_a_spread_per_letter(tmp_path):
    pdf = tmp_path / "book.pdf"
    pages = render_book("Letters to the people I love", LETTERS, pdf, author="Theodore")
    assert [p.kind for p in pages[:3]] == ["cover", "colophon", "contents"]
    assert len(pngs(pdf, tmp_path)) == len(pages)
    texts = book_texts(pdf)
    assert words(texts[0]) == words("Letters to the people I love Theodore")
    openings = [p for p in pages if p.kind == "opening"]
    assert [p.chapter for p in openings] == [1, 2, 3]
    for opening, letter in zip(openings, LETTERS):
        assert opening.number % 2 == 1  # a chapter opens on a right-hand page …
        facing = pages[opening.number - 2]
        assert facing.kind == "facsimile" and facing.chapter == opening.chapter
        assert facing.number % 2 == 0  # … with its handwritten page on the left
        # the handwriting on that page is this letter's
        assert sheet_words(facing.sheet) == words(letter_text(letter.page))
        # the set text reads as the letter, under the chapter's heading, with a page number
        text = words(texts[opening.number - 1])
        assert text[:2] == [roman(opening.chapter), *words(letter.occasion)[:1]]
        assert " ".join(words(paragraphs(letter.page)[0])) in " ".join(text)
        assert text[-1] == str(opening.number)
        # and the contents give that page for it
        entry = " ".join(words(texts[2]))
        assert f"{roman(opening.chapter)}. {letter.occasion}" in entry
        assert f"{letter.occasion} {opening.number}" in entry


@needs_poppler
@pytest.mark.parametrize("size, inches", [("A5", (5.83, 8.27)), ("6x9", (6.0, 9.0))])
def test_the_book_prints_at_its_size_with_nothing_past_the_margins(tmp_path, size, inches):
    pdf = tmp_path / "book.pdf"
    pages = render_book("Letters", LETTERS[:2], pdf, size=size)
    from PIL import Image

    for png in pngs(pdf, tmp_path):
        width, height = Image.open(png).size
        assert abs(width - inches[0] * 50) <= 1 and abs(height - inches[1] * 50) <= 1
        assert border_pixels(png, strip=8).min() >= 250, "ink or paper at the page's edge"
    page_w, page_h = (419.53, 595.28) if size == "A5" else (432.0, 648.0)
    for page in pages:
        if page.sheet_box:
            x0, y0, x1, y1 = page.sheet_box
            assert 30 < x0 and x1 < page_w - 30 and 40 < y0 and y1 < page_h - 40
            for g in page.sheet.glyphs:  # the handwriting stays on its sheet
                gx0, gy0, gx1, gy1 = g.box()
                assert 0 < gx0 and gx1 < page.sheet.width and 0 < gy0 and gy1 < page.sheet.height


@needs_poppler
def test_a_long_letter_runs_on_and_the_next_chapter_still_opens_on_the_right(tmp_path):
    pdf = tmp_path / "book.pdf"
    letters = [BookLetter(LONG, "A winter letter", "Grandpa", seed=4), LETTERS[2]]
    pages = render_book("Winter", letters, pdf, size="6x9")
    kinds = [p.kind for p in pages]
    assert "text" in kinds  # the set letter ran onto another page
    facsimiles = [p for p in pages if p.kind == "facsimile" and p.chapter == 1]
    opening = next(p for p in pages if p.kind == "opening" and p.chapter == 1)
    assert facsimiles[-1].number == opening.number - 1
    second = next(p for p in pages if p.kind == "opening" and p.chapter == 2)
    assert second.number % 2 == 1 and pages[second.number - 2].kind == "facsimile"
    read = " ".join(" ".join(book_texts(pdf)[opening.number - 1:second.number - 2]).split())
    assert "Yours ever, Maya" in read and read.count("the old men on the bridge") == 15


@needs_poppler
def test_a_letter_without_an_occasion_is_titled_by_whom_it_is_to(tmp_path):
    render_book("Letters", [BookLetter(MOM, recipient="Mom"), BookLetter(CHRIS)],
                tmp_path / "b.pdf")
    contents = " ".join(book_texts(tmp_path / "b.pdf")[2].split())
    assert "I. To Mom" in contents and "II. A letter" in contents
    assert "To Mom · 9 May 2026" in contents  # the letter's own date, when none is given


def test_the_same_book_twice_is_the_same_file(tmp_path):
    render_book("Letters", LETTERS, tmp_path / "a.pdf")
    render_book("Letters", LETTERS, tmp_path / "b.pdf")
    assert (tmp_path / "a.pdf").read_bytes() == (tmp_path / "b.pdf").read_bytes()


@needs_poppler
def test_words_that_look_like_markup_are_printed_as_words(tmp_path):
    page = LetterPage(body=["Use <b>bold</b> & <font size=40>big</font> as you like."])
    render_book("<i>Mine</i>", [BookLetter(page, "Tags & <things>")], tmp_path / "b.pdf")
    texts = [" ".join(t.split()) for t in book_texts(tmp_path / "b.pdf")]
    assert texts[0] == "<i>Mine</i>"
    assert "Tags & <things>" in texts[2]
    assert "Use <b>bold</b> & <font size=40>big</font> as you like." in texts[-1]


def test_a_book_it_cannot_make_gets_a_one_line_error(tmp_path):
    with pytest.raises(RenderError, match="no letters"):
        render_book("Letters", [], tmp_path / "b.pdf")
    with pytest.raises(RenderError, match="title"):
        render_book("  ", LETTERS, tmp_path / "b.pdf")
    with pytest.raises(RenderError, match="too long"):
        render_book("Letters " * 40, LETTERS, tmp_path / "b.pdf")
    with pytest.raises(RenderError, match="book size"):
        render_book("Letters", LETTERS, tmp_path / "b.pdf", size="A3")
    with pytest.raises(RenderError, match="no words"):
        render_book("Letters", [BookLetter(LetterPage(), "Empty")], tmp_path / "b.pdf")
    with pytest.raises(RenderError, match="cannot write"):
        render_book("Letters", LETTERS, tmp_path / "missing" / "b.pdf")


def test_the_date_on_a_handwritten_page_stays_on_one_line(tmp_path):
    for n, day in enumerate(("12 September 2026", "6 December 2026", "30 November 2026")):
        page = LetterPage(greeting="Dear Anna,", body=["Happy fortieth birthday from Boston!"],
                          sign_off="Love,", sender="Theo", date=day)
        pages = render_book("Letters", [BookLetter(page, "A birthday", "Anna", day, seed=n)],
                            tmp_path / f"book{n}.pdf")
        sheet = next(p.sheet for p in pages if p.kind == "facsimile")
        dated = [g for g in sheet.glyphs[:len(day)] if g.char != " "]
        assert "".join(g.char for g in dated) == day.replace(" ", "")
        assert max(g.y for g in dated) - min(g.y for g in dated) < sheet.glyphs[0].size * 0.6, day
