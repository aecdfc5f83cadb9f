"""Her replies in a real browser (Debian's chromium): the safe part of Markdown is shown as
such, nothing in a reply or a message becomes markup or runs; the talk button is a drawn
icon; "Sign out" is offered only where people sign in."""

import pytest

from tests.server.conftest import make_service, running
from tests.server.test_browser import browser, server, sign_up  # noqa: F401 (fixtures)

pytestmark = pytest.mark.slow

REPLY = ("Here is **what I think**, said *gently*:\n\n"
         "- first <img src=x onerror=\"window.pwned = 1\">\n- second\n\n"
         "1. one\n2. two\n\n"
         "```\n<script>window.pwned = 2</script>\n```\n\n"
         "See [the site](https://example.com/a?b=1), not [this](javascript:window.pwned=3); "
         "`<b>x</b>` and a_snake_case_name.")
MINE = "Is **this** mine? <b onmouseover=\"window.pwned = 4\">no</b>"


@pytest.fixture
def local(tmp_path):
    """One person on their own machine (no accounts), a conversation already held."""
    service = make_service(tmp_path, accounts=False)
    user = service.local_user()
    service.store.set_persona(user, "Wren", "a test")
    session = service.store.start_session(user, "web")
    service.store.add_turn(user, session, "user", MINE)
    service.store.add_turn(user, session, "assistant", REPLY)
    with running(service) as address:
        yield f"http://{address}"
    service.store.close()


def test_her_markdown_is_shown_and_nothing_in_it_runs(local, browser):  # noqa: F811
    page = browser.new_page()
    page.goto(local)
    page.wait_for_selector("#messages li.assistant")
    her = page.locator("#messages > li.assistant").last
    assert her.locator("strong").all_text_contents() == ["what I think"]
    assert her.locator("em").all_text_contents() == ["gently"]  # not a_snake_case_name
    assert her.locator("ul > li").all_text_contents()[1] == "second"
    assert her.locator("ol > li").all_text_contents() == ["one", "two"]
    assert "<script>window.pwned = 2</script>" in her.locator("pre code").text_content()
    assert her.locator("p code").text_content() == "<b>x</b>"
    links = her.locator("a")
    assert links.count() == 1 and links.get_attribute("href") == "https://example.com/a?b=1"
    assert "noopener" in links.get_attribute("rel")
    assert "not this;" in her.text_content() and "a_snake_case_name" in her.text_content()
    assert '<img src=x onerror="window.pwned = 1">' in her.locator("ul > li").first.text_content()
    assert page.locator("#messages img, #messages script, #messages b").count() == 0
    mine = page.locator("#messages > li.user").last
    assert mine.text_content() == MINE and mine.locator("*").count() == 0  # hers only
    mine.hover()
    assert page.evaluate("window.pwned") is None

    button = page.locator("#talk-button")
    assert button.locator("svg").count() == 1 and not button.text_content().strip()

    page.click("button[data-tab=settings]")
    page.wait_for_selector("#settings:not([hidden])")
    assert page.locator("#signout").is_hidden()  # nobody signed in


def test_sign_out_is_offered_where_people_sign_in(server, browser):  # noqa: F811
    url, _ = server
    page = browser.new_page()
    sign_up(page, url)
    page.click("button[data-tab=settings]")
    assert page.locator("#signout").is_visible()
