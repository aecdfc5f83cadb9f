"""The proofreading page in a real browser: the changes listed with their reasons, one
rejected, the text as accepted shown beside them."""

import pytest

from tests.server.test_browser import browser, server, sign_up  # noqa: F401  (fixtures)

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
    assert items.nth(0).locator("button.reject").get_attribute("aria-pressed") == "true"
    items.nth(0).locator("button.accept").click()  # and one taken back in
    assert page.input_value("#result") == "They're going to the beach tomorow"
    assert "1 accepted" in page.text_content("#summary")


def test_proofreading_is_in_the_english_of_the_settings(server, browser):  # noqa: F811
    url, _ = server
    page = browser.new_page()
    sign_up(page, url)
    page.goto(f"{url}/static/proofread.html")
    page.fill("#source", "I love the color of the harbor.")
    page.click("#check")
    page.wait_for_selector("#results:not([hidden])")
    assert "No changes" in page.text_content("#summary")  # American spellings, read as American
    page.goto(url)
    page.wait_for_selector("#app:not([hidden])")
    page.click("button[data-tab=settings]")
    page.wait_for_selector("#settings:not([hidden])")
    page.select_option("#setting-english", "en-GB")
    page.click("#settings-form button[type=submit]")
    page.wait_for_function("document.querySelector('#settings-saved').textContent === 'Saved.'")
    page.goto(f"{url}/static/proofread.html")
    page.wait_for_function("document.querySelector('#english').options[0].textContent.includes('your setting')")
    assert page.locator("#english option").first.text_content() == "British English (your setting)"
    page.fill("#source", "I love the color of the harbor.")
    page.click("#check")
    page.wait_for_selector("#changes li >> nth=1")
    assert page.input_value("#result") == "I love the colour of the harbour."
    assert "British English" in page.text_content("#summary")
    page.locator("#changes li").nth(1).locator("button.reject").click()
    assert page.input_value("#result") == "I love the colour of the harbor."
    page.select_option("#english", "en-US")  # this text only: American after all
    page.click("#check")
    page.wait_for_function("document.querySelector('#summary').textContent.includes('No changes')")
    page.goto(url)
    page.wait_for_selector("#app:not([hidden])")
    page.click("button[data-tab=settings]")
    page.wait_for_function("document.querySelector('#setting-english').value === 'en-GB'")
