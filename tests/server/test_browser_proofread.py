"""The proofreading page in a real browser: the changes listed with their reasons, one
rejected, the text as accepted shown beside them."""

import pytest

from tests.server.test_browser import browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


def test_accept_and_reject_changes_one_by_one(server, browser):  # noqa: F811
    url, _ = server
    page = browser.new_page()
    page.goto(url)  # one person on their own machine? No: this server has accounts
    page.wait_for_selector("#signin:not([hidden])")
    page.fill("#email", "theo@example.com")
    page.fill("#password", "letters for strangers")
    page.click("#signup-button")
    page.wait_for_selector("#meet:not([hidden])")
    page.goto(f"{url}/static/proofread.html")
    page.fill("#source", "Their going to the beach tomorow")
    page.click("#check")
    page.wait_for_selector("#results:not([hidden])")
    items = page.locator("#changes li")
    assert items.count() == 3
    assert "they're = they are" in items.nth(0).text_content()
    assert page.input_value("#result") == "They're going to the beach tomorrow."
    items.nth(1).locator("button.reject").click()  # keep "tomorow" as written
    assert page.input_value("#result") == "They're going to the beach tomorow."
    assert "1 accepted" not in page.text_content("#summary")
    assert "2 accepted" in page.text_content("#summary")
    page.click("#reject-all")
    assert page.input_value("#result") == "Their going to the beach tomorow"
