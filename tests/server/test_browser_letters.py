"""The Letters page in a real browser (Debian's chromium driven by Playwright): a request read
into the commission's fields, a draft written and shown as text, a revision, the versions and
the changes between them."""

import pytest

from os1.models.fake import FakeModel
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
