"""A letter written by hand to PDF: it reads as the letter, looks written, stays on the page."""

from __future__ import annotations

import statistics
from pathlib import Path

import pytest

pytest.importorskip("reportlab", reason="the craft extra (reportlab) is not installed")

from os1.letters import hand, typefaces
from os1.letters.render import (LetterPage, RenderError, blocks, letter_text,
                                render_letter)
from tests.letters.pdfs import border_pixels, needs_poppler, pdf_pages_text, pngs

ANNA = LetterPage(
    greeting="Dear Anna,",
    body=["Happy fortieth birthday! I keep picturing you in that little apartment in Boston "
          "with the radiator that knocks all night, pretending it's a drummer in the band you "
          "never formed. Forty suits you.",
          "Do you remember the summer at the lake house when we were nine and eleven, and you "
          "convinced me the loons were ghosts calling our names?\n\nI miss you. Come home soon."],
    sign_off="With all my love,", sender="Theo", place="Los Angeles", date="12 March 2026",
    postscript="P.S. The loons say hello.")

WINTER = ("Every morning I walk past the bakery on Fifth and think of you arguing with the "
          "baker about rye. It has been a long winter here, and the river froze twice, which "
          "the old men on the bridge say has not happened since they were boys. ")
LONG = LetterPage(greeting="Dear Grandpa,", body=[WINTER * 3] * 5, sign_off="Yours ever,",
                  sender="Maya", date="3 January 2027")


def words_read(pdf: Path) -> list[str]:
    """The words a reader's tools take from the PDF, less the numbers at the top of later
    sheets (which are not part of the letter's text)."""
    out = []
    for number, text in enumerate(pdf_pages_text(pdf), 1):
        words = text.split()
        if number > 1 and words and words[0] == str(number):
            words = words[1:]
        out += words
    return out


def sheet_words(sheet: hand.Sheet) -> list[str]:
    return [w for row in lines(sheet) for w in "".join(g.char for g in row).split()]


def lines(sheet: hand.Sheet) -> list[list[hand.Glyph]]:
    """The sheet's lines: a new one starts where the pen goes down a line."""
    out: list[list[hand.Glyph]] = []
    for g in sheet.glyphs:
        if not out or g.y < out[-1][-1].y - g.size * 0.6:
            out.append([])
        out[-1].append(g)
    return out


@needs_poppler
def test_a_letter_renders_to_a_page_whose_text_reads_as_the_letter(tmp_path):
    pdf, txt = tmp_path / "anna.pdf", tmp_path / "anna.txt"
    sheets = render_letter(ANNA, pdf, txt, seed=3)
    assert len(sheets) == 1
    assert len(pngs(pdf, tmp_path)) == 1
    assert words_read(pdf) == letter_text(ANNA).split()
    assert txt.read_text() == letter_text(ANNA)
    assert letter_text(ANNA).startswith("Los Angeles, 12 March 2026\n\nDear Anna,\n\nHappy")
    assert "names?\n\nI miss you." in letter_text(ANNA)  # a blank line starts a paragraph


@needs_poppler
@pytest.mark.parametrize("seed", [0, 2, 8])
def test_a_long_letter_takes_several_numbered_sheets_and_keeps_every_word(tmp_path, seed):
    pdf = tmp_path / "long.pdf"
    sheets = render_letter(LONG, pdf, seed=seed)
    assert len(sheets) >= 3
    assert len(pngs(pdf, tmp_path)) == len(sheets)
    assert words_read(pdf) == letter_text(LONG).split()
    for number, text in enumerate(pdf_pages_text(pdf)[1:], 2):
        assert text.split()[0] == str(number)
    # the sign-off and the name end the last sheet together, never without the letter's
    # last lines above them
    rows = ["".join(g.char for g in row) for row in lines(sheets[-1])][1:]  # less the number
    assert rows[-2:] == ["Yours ever,", "Maya"] and len(rows) >= 4


@needs_poppler
def test_nothing_is_drawn_outside_the_page(tmp_path):
    pdf = tmp_path / "long.pdf"
    sheets = render_letter(LONG, pdf, seed=4)
    for sheet in sheets:
        for g in sheet.glyphs:
            x0, y0, x1, y1 = g.box()
            assert 0 < x0 and x1 < sheet.width and 0 < y0 and y1 < sheet.height, g
            if g.char != " ":  # and inside the margins, give or take a hand's wobble
                assert sheet.width * 0.08 < g.x < sheet.width * 0.955
    for png in pngs(pdf, tmp_path):
        edge = border_pixels(png)
        assert edge.min() > 190, "something dark was drawn at the page's edge"
        assert (edge[:, 2] - edge[:, 0]).max() < 10, "ink-blue at the page's edge"


@needs_poppler
@pytest.mark.parametrize("size, inches", [("A5", (5.83, 8.27)), ("letter", (8.5, 11.0))])
def test_a_letter_can_be_written_on_other_paper(tmp_path, size, inches):
    from PIL import Image

    pdf = tmp_path / "anna.pdf"
    sheets = render_letter(ANNA, pdf, seed=1, size=size)
    images = pngs(pdf, tmp_path)
    assert len(images) == len(sheets)
    for png in images:
        assert Image.open(png).size == (round(inches[0] * 50), round(inches[1] * 50))
    assert words_read(pdf) == letter_text(ANNA).split()


def test_the_same_seed_gives_the_same_pdf_and_another_seed_another_hand(tmp_path):
    a, b, c = tmp_path / "a.pdf", tmp_path / "b.pdf", tmp_path / "c.pdf"
    first = render_letter(ANNA, a, seed=7)
    render_letter(ANNA, b, seed=7)
    other = render_letter(ANNA, c, seed=8)
    assert a.read_bytes() == b.read_bytes()
    assert a.read_bytes() != c.read_bytes()
    assert sheet_words(first[0]) == sheet_words(other[0]) == letter_text(ANNA).split()
    assert [(g.x, g.y) for g in first[0].glyphs] != [(g.x, g.y) for g in other[0].glyphs]


def test_lines_break_between_whole_words_with_a_ragged_right_edge():
    sheets = hand.write([hand.Block("paragraph", WINTER * 2)], 595.28, 841.89, seed=2)
    rows = lines(sheets[0])
    written = ["".join(g.char for g in row) for row in rows]
    assert " ".join(written).split() == (WINTER * 2).split()  # no word split or hyphenated
    assert all(not w.startswith(" ") and not w.endswith(" ") for w in written)
    ends = [max(g.box()[2] for g in row) for row in rows[:-1]]
    assert statistics.pstdev(ends) > 3  # ragged, not justified
    starts = [row[0].x for row in rows]
    assert starts[0] - statistics.mean(starts[1:]) > 25  # the paragraph's first line indented


def test_the_letters_vary_as_a_hand_does():
    sheet = hand.write([hand.Block("paragraph", WINTER)], 595.28, 841.89, seed=1)[0]
    glyphs = [g for g in sheet.glyphs if g.char != " "]
    assert len({g.angle for g in glyphs}) > len(glyphs) * 0.8  # each letter turned its own way
    assert len({g.scale_x for g in glyphs}) > 20  # and its own width
    assert len({g.size for g in glyphs}) > 10  # each word its own size
    assert len({g.stem for g in glyphs}) > 10  # and its own lean
    assert len({g.ink for g in glyphs}) > 20 and len({g.alpha for g in glyphs}) > 5
    for row in lines(sheet):  # every line climbs or sinks a little, never by much
        slope = (row[-1].y - row[0].y) / (row[-1].x - row[0].x)
        assert abs(slope) < 0.03


def test_within_a_word_the_letters_keep_to_what_text_tools_read_as_one_word():
    sheet = hand.write([hand.Block("paragraph", WINTER * 2)], 595.28, 841.89, seed=6)[0]
    words = 0
    for row in lines(sheet):
        word: list[hand.Glyph] = []
        for g in row + [None]:
            if g is None or g.char == " ":
                if word:
                    assert len({(w.size, w.stem) for w in word}) == 1
                    assert max(w.y for w in word) - min(w.y for w in word) <= 0.5
                    words += 1
                word = []
            else:
                word.append(g)
    assert words == len((WINTER * 2).split())


def test_a_character_the_hand_lacks_is_borrowed_from_the_book_face():
    assert not typefaces.has_glyph(typefaces.HAND, "ő")
    sheet = hand.write([hand.Block("paragraph", "Erdős café")], 400, 400, seed=0)[0]
    fonts = {g.char: g.font for g in sheet.glyphs}
    assert fonts["ő"] == typefaces.BOOK_ITALIC and fonts["é"] == typefaces.HAND


def test_a_character_no_face_has_is_left_out_without_leaving_a_gap(tmp_path):
    sheet = hand.write([hand.Block("paragraph", "Happy birthday \U0001F382 Anna")], 400, 400)[0]
    assert sheet_words(sheet) == ["Happy", "birthday", "Anna"]
    assert sheet.text().count("  ") == 0
    with pytest.raises(RenderError, match="characters"):
        render_letter(LetterPage(body=["\U0001F382\U0001F382"]), tmp_path / "x.pdf")


def test_a_word_longer_than_a_line_is_written_narrower_not_split():
    word = "pneumonoultramicroscopicsilicovolcanoconiosis"
    sheet = hand.write([hand.Block("paragraph", f"A {word} here")], 300, 400, seed=0)[0]
    assert sheet_words(sheet) == ["A", word, "here"]
    assert max(g.box()[2] for g in sheet.glyphs) < 300
    assert min(g.scale_x for g in sheet.glyphs if g.char != " ") < 0.9


def test_only_a_word_too_long_even_written_narrow_is_broken_across_lines():
    link = "https://example.org/" + "a/" * 150
    sheet = hand.write([hand.Block("paragraph", f"See {link} soon")], 300, 400, seed=0)[0]
    pieces = sheet_words(sheet)
    assert pieces[0] == "See" and pieces[-1] == "soon" and "".join(pieces[1:-1]) == link
    assert len(pieces) > 3
    assert all(0 < g.box()[0] and g.box()[2] < 300 for g in sheet.glyphs)


def test_a_letter_it_cannot_write_gets_a_one_line_error(tmp_path):
    with pytest.raises(RenderError, match="no words"):
        render_letter(LetterPage(greeting="Dear Anna,", body=["  "]), tmp_path / "x.pdf")
    with pytest.raises(RenderError, match="paper size"):
        render_letter(ANNA, tmp_path / "x.pdf", size="B9")
    with pytest.raises(RenderError, match="cannot write"):
        render_letter(ANNA, tmp_path / "missing" / "x.pdf")


def test_a_sign_off_never_turns_the_page_alone():
    words = (WINTER * 8).split()
    for count in range(246, 294, 8):  # lengths around the first sheet's end
        page = LetterPage(greeting="Dear Grandpa,", body=[" ".join(words[:count])],
                          sign_off="Yours ever,", sender="Maya")
        sheets = hand.write(blocks(page), 595.28, 841.89, seed=count)
        if len(sheets) > 1:
            rows = ["".join(g.char for g in row) for row in lines(sheets[-1])][1:]
            assert rows[-2:] == ["Yours ever,", "Maya"] and len(rows) >= 4, (count, rows)
