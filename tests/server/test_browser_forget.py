"""Forget all of a search, and erase everything, in a real browser (Debian's chromium)."""

import pytest

from tests.server.test_browser import browser, server, sign_up  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow
SECRET = "zebra4417"


def test_forget_all_of_a_search_then_erase_everything(server, browser):  # noqa: F811
    url, service = server
    page = browser.new_page()
    sign_up(page, url)
    for text in (f"My locker code is {SECRET.upper()}.", "I like long walks by the sea."):
        before = page.locator("#messages li.assistant").count()
        page.fill("#text", text)
        page.press("#text", "Enter")
        # her reply has come (the send button alone may not have been disabled yet), and it is done
        page.wait_for_function(f"document.querySelectorAll('#messages li.assistant').length > {before}")
        page.wait_for_function("document.querySelector('#send').disabled === false")
    user = service.store.db.execute("SELECT user_id FROM accounts").fetchone()[0]
    assert service.memories.about(user, SECRET).count

    page.click("button[data-tab=memories]")
    page.fill("#memory-query", SECRET)
    page.press("#memory-query", "Enter")
    page.wait_for_selector("#forget-all-row:not([hidden])")
    asked = []

    def answer(dialog):
        asked.append(dialog.message)
        dialog.dismiss() if len(asked) == 1 else dialog.accept()

    page.on("dialog", answer)
    page.click("#forget-all")  # first time: shown, then "no"
    page.wait_for_function("window.document.querySelector('#forget-all-note') !== null")
    page.wait_for_timeout(300)
    assert asked and SECRET.upper() in asked[0] and service.memories.about(user, SECRET).count
    page.click("#forget-all")  # second time: "yes"
    page.wait_for_selector("#forget-all-note:has-text('is forgotten')")
    assert service.memories.about(user, SECRET).count == 0
    assert "walks" in page.text_content("#memory-list")

    page.remove_listener("dialog", answer)
    page.on("dialog", lambda dialog: dialog.accept("erase"))
    page.click("button[data-tab=settings]")
    page.click("#erase-all")
    page.wait_for_selector("#signin:not([hidden])")  # signed out: the account is gone
    assert not service.store.db.execute("SELECT 1 FROM users WHERE id = ?", (user,)).fetchone()
    assert all(service.store.db.execute(f"SELECT count(*) FROM {t} WHERE user_id = ?",
                                        (user,)).fetchone()[0] == 0
               for t in service.store.user_tables())
