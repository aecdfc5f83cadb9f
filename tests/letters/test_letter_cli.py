"""``os1 letter`` through the real CLI, with the fake model."""

import pytest

from os1.cli.runtime import Runtime
from os1.models.fake import FakeModel
from tests.letters.pdfs import needs_poppler, pdf_pages_text, pngs

GOOD = ("Dear Anna,\n\nHappy fortieth! I can't believe my big sister is forty. I've missed you so much since "
        "you moved to Boston, and I hope the winters there are kind to you. Save me a slice of cake and a "
        "seat by the window.\n\nLove,\nSam")
SHORTER = ("Dear Anna,\n\nHappy 40th! I miss you terribly, and Boston is lucky to have you. Eat a big slice of "
           "cake for me, and call me soon.\n\nLove,\nSam")


@pytest.fixture
def model(monkeypatch):
    fake = FakeModel()
    monkeypatch.setattr(Runtime, "model", lambda self, name=None: fake)
    return fake


def test_commission_revise_versions_diff_restore(run, model):
    model.enqueue([GOOD, GOOD, SHORTER, SHORTER])  # "Sam" is flagged (no name given): each is asked twice
    result = run("letter", "new", "--no-ask", "a note for my sister Anna's 40th, warm and a bit funny, "
                 "say I miss her; she lives in Boston")
    assert result.exit_code == 0 and "Letter 1, version 1" in result.output
    assert "Happy fortieth!" in result.output and "invented" not in result.output
    assert "Sam" in result.output and "The check still finds" in result.output  # no name given: flagged
    result = run("letter", "revise", "1", "shorter")
    assert "version 2" in result.output and "Eat a big slice" in result.output
    assert "make it shorter" in model.history[-2][-1].content
    listed = run("letter", "list").output
    assert "Anna · 40th birthday" in listed and "(v2)" in listed
    versions = run("letter", "versions", "1").output
    assert "first draft" in versions and "*  2" in versions and "shorter" in versions
    diff = run("letter", "diff", "1", "1", "2").output
    assert "[-fortieth!" in diff and "{+40th!" in diff
    assert "as version 3" in run("letter", "restore", "1", "1").output
    assert "Happy fortieth!" in run("letter", "show", "1").output


def test_the_interview_asks_what_is_missing_and_offers_what_was_said_before(run, model):
    model.enqueue([GOOD, GOOD])
    run("letter", "new", "--no-ask", "a note for my sister Anna's 40th, mention the lake house")
    # the lake house again? from whom? history? occasion? more details? avoid? tone? (length: a card)
    answers = "y\n\nskip\nher 40th birthday\nI miss her; she lives in Boston\n\nwarm\n"
    result = run("letter", "new", "a card for my sister Anna", input=answers)
    out = result.output
    assert "Last time you mentioned “the lake house” — use it again?" in out
    assert "Who is it to?" not in out and "How long?" not in out  # known from the request
    assert "Anything more to put in" in out  # one detail (the lake house) is not yet two
    assert result.exit_code == 0 and "Letter 2, version 1" in out
    task = model.history[2][-1].content
    assert "- the lake house" in task and "- I miss you" in task and "- you live in Boston" in task


def test_samples_and_cliches(run, model, tmp_path):
    sample = tmp_path / "old-letter.txt"
    sample.write_text("Hey Anna!\n\nYou know me, I love a long walk. You know me, I'm always late!\n\n"
                      "Talk soon,\nSam", encoding="utf-8")
    out = run("letter", "sample", str(sample)).output
    assert "From 1 sample(s)" in out and "Talk soon" in out
    assert "Added “over the moon”." in run("letter", "cliche", "add", "over the moon").output
    assert "+ over the moon" in run("letter", "cliche", "list").output
    model.enqueue(["Dear Anna,\n\nI am over the moon that you turn 40. I miss you, Boston or not. "
                   "Have a lovely day and save me cake.\n\nTalk soon,\nSam"] * 2)
    result = run("letter", "new", "--no-ask", "a note for my sister Anna's 40th, say I miss her")
    assert '"over the moon" is a cliché' in result.output
    assert "Talk soon" in model.history[0][0].content  # the voice reached the prompt
    assert "Removed" in run("letter", "cliche", "remove", "over the moon").output


def test_bad_input_is_one_line(run, model):
    for args in (("letter", "show", "7"), ("letter", "revise", "7", "shorter"), ("letter", "diff", "7", "1", "2"),
                 ("letter", "restore", "7", "1"), ("letter", "new", "--no-ask", "hello there"),
                 ("letter", "sample", "/nonexistent/file.txt")):
        result = run(*args)
        assert result.exit_code != 0, args
        assert "Traceback" not in result.output and len(result.output.strip().splitlines()) <= 2, result.output


@needs_poppler
def test_a_stored_letter_renders_by_hand_and_the_letters_make_a_book(run, model, tmp_path):
    model.enqueue([GOOD, GOOD, GOOD.replace("Anna", "Omar").replace("big sister", "big brother")
                   .replace("forty", "fifty"), GOOD])
    run("letter", "new", "--no-ask", "a note for my sister Anna's 40th, warm, say I miss her")
    run("letter", "new", "--no-ask", "a note for my brother Omar's 50th")
    pdf, txt, book = tmp_path / "anna.pdf", tmp_path / "anna.txt", tmp_path / "book.pdf"
    result = run("letter", "render", "1", "--pdf", str(pdf), "--txt", str(txt))
    assert result.exit_code == 0 and pdf.exists()
    written = " ".join(" ".join(pdf_pages_text(pdf)).split())
    assert "Dear Anna," in written and "Happy fortieth!" in written and "Sam" in written
    assert txt.read_text().startswith(tuple("0123456789")) and "Love," in txt.read_text()
    assert len(pngs(pdf, tmp_path)) == 1
    result = run("letters", "book", "--pdf", str(book), "--title", "Letters to my family")
    assert result.exit_code == 0 and "2 letters" in result.output
    pages = pdf_pages_text(book)
    assert "Letters to my family" in pages[0] and any("Omar" in p for p in pages)
    missing = run("letter", "render", "9", "--pdf", str(pdf))
    assert missing.exit_code == 1 and "there is no letter 9" in missing.output
