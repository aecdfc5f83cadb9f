"""The Letters page in a real browser (Debian's chromium driven by Playwright): a request read
into the commission's fields, a draft written and shown as text, a revision, the versions and
the changes between them."""

import pytest

from os1.models.fake import FakeModel
from tests.letters.pdfs import needs_poppler, pdf_pages_text, pngs
from tests.server.conftest import make_service, running
from tests.server.test_browser import launch

pytestmark = pytest.mark.slow
FIRST = ("Dear Anna,\n\nHappy fortieth! I've missed you since you moved to Boston. Cake & candles -> on me "
         "when I visit, and so is the first round of terrible birthday songs.\n\nLove")
SECOND = FIRST.replace("terrible birthday songs", "truly terrible birthday songs, sung badly")


@pytest.fixture
def browser():
    yield from launch()


def test_commission_draft_revise_and_compare(tmp_path, browser):
    service = make_service(tmp_path, accounts=False, model=FakeModel([FIRST, SECOND]))
    with running(service) as address:
        page = browser.new_page()
        page.goto(f"http://{address}/static/letters.html")
        page.fill("#request", "a note for my sister Anna's 40th, warm and a bit funny, say I miss her; "
                              "she lives in Boston")
        page.click("#prepare")
        page.wait_for_function("document.querySelector('#f-recipient').value === 'Anna'")
        assert page.input_value("#f-relation") == "sister" and page.input_value("#f-occasion") == "40th birthday"
        assert page.input_value("#f-details") == "I miss her\nshe lives in Boston"
        page.click("#write")
        page.wait_for_selector("#draft:not([hidden])")
        assert page.text_content("#draft-text") == FIRST  # as text, "&" and "->" as written
        page.fill("#instruction", "funnier")
        page.click("#revise button")
        page.wait_for_function("document.querySelector('#draft-title').textContent.includes('version 2')")
        assert "sung badly" in page.text_content("#draft-text")
        page.wait_for_selector("#versions li >> nth=1")
        page.click("#diff")
        page.wait_for_selector("#diff-text ins")
        assert page.locator("#diff-text ins").all_text_contents() == ["truly", "songs, sung badly."]
        assert "Anna · 40th birthday" in page.text_content("#letter-list")
        page.set_viewport_size({"width": 390, "height": 844})  # a phone: nothing spills sideways
        assert page.evaluate("document.scrollingElement.scrollWidth") <= 390
    service.store.close()


CHRIS = ("Dear Chris,\n\nThirty years since the courthouse and the borrowed suit. Thank you for showing us "
         "what it looks like to keep choosing someone.\n\nLove always,\nRoberta")


@needs_poppler
def test_make_a_book_of_the_chosen_letters_and_download_it(tmp_path, browser):
    pytest.importorskip("reportlab", reason="the craft extra (reportlab) is not installed")
    service = make_service(tmp_path, accounts=False, model=FakeModel([FIRST, CHRIS, CHRIS]))  # Chris: asked twice
    with running(service) as address:
        page = browser.new_page(accept_downloads=True)
        page.goto(f"http://{address}/static/letters.html")
        for body in ({"request": "a note for my sister Anna's 40th, she lives in Boston"},
                     {"recipient": "Chris", "occasion": "anniversary"}):
            assert page.request.post(f"http://{address}/api/letters", data=body).status == 201
        page.reload()
        page.wait_for_selector("#book:not([hidden])")
        page.fill("#book-title", "Letters to the Family")
        page.locator("#letter-list li", has_text="Chris").locator("input.in-book").check()
        with page.expect_download() as download:
            page.click("#make-book")
        assert download.value.suggested_filename == "Letters-to-the-Family.pdf"
        pdf = tmp_path / "book.pdf"
        download.value.save_as(pdf)
        assert page.is_visible("#book-download") and page.text_content("#book-error") == ""
        texts = pdf_pages_text(pdf)
        assert "Letters to the Family" in texts[0]
        assert "borrowed suit" in " ".join(texts) and "Boston" not in " ".join(texts)
        assert len(pngs(pdf, tmp_path)) == len(texts) >= 4
        page.fill("#book-from", "2000-01-01")
        page.fill("#book-to", "2000-12-31")
        page.locator("#letter-list li", has_text="Chris").locator("input.in-book").uncheck()
        page.click("#make-book")
        page.wait_for_function("document.querySelector('#book-error').textContent.includes('no letters')")
        assert page.is_hidden("#book-download")
    service.store.close()
