"""The Friends page in a real browser: two people of one server introduce their companions,
one asks the other's, both see the exchange, and one withdraws."""

import pytest

from tests.server.test_browser import browser, server  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


def sign_up(chromium, url, email):
    page = chromium.new_context().new_page()
    page.goto(url)
    page.wait_for_selector("#signin:not([hidden])")
    page.fill("#email", email)
    page.fill("#password", "letters for strangers")
    page.click("#signup-button")
    page.wait_for_selector("#meet:not([hidden])")
    page.goto(f"{url}/static/friends.html")
    return page


def test_introduce_ask_and_withdraw_in_the_friends_page(server, browser):  # noqa: F811
    url, _ = server
    amy, theo = sign_up(browser, url, "amy@example.com"), sign_up(browser, url, "theo@example.com")
    amy.fill("#invite [name=name]", "Amy")
    amy.fill("#invite [name=topics]", "books")
    amy.fill("#invite [name=note]", "Amy is reading Piranesi.")
    amy.click("#invite button")
    amy.wait_for_selector("#code:not([hidden])")
    code = amy.text_content("#code")
    assert code.startswith("os1-friend:")
    theo.fill("#accept [name=code]", code)
    theo.fill("#accept [name=name]", "Theo")
    theo.click("#accept button")
    theo.wait_for_selector("#links article")
    assert "Amy (active)" in theo.text_content("#links")
    theo.fill("#links article input", "What is Amy reading?")
    theo.click("#links article form button")
    theo.wait_for_selector("#log li:nth-child(4)")  # accept, reply, ask, reply
    assert theo.text_content("#links article .summary") not in ("", "…")  # her companion's answer
    assert "ask: What is Amy reading?" in theo.text_content("#log")
    amy.reload()
    amy.wait_for_selector("#log li")
    assert "ask: What is Amy reading?" in amy.text_content("#log")
    amy.once("dialog", lambda dialog: dialog.accept())
    amy.click("#links article button.soft")
    amy.wait_for_selector("#links h2:has-text('withdrawn')")
    theo.reload()
    theo.wait_for_selector("#links h2:has-text('withdrawn')")
