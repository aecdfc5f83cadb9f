"""The Calendar tab in a real browser, and a reminder raised at its minute: a message in the
conversation and a browser notification."""

import pytest

from os1.reminders import due
from tests.server.conftest import only_user
from tests.server.test_browser import browser, server, sign_up  # noqa: F401  (fixtures)

pytestmark = pytest.mark.slow


def test_add_in_the_calendar_tab_and_be_reminded(server, browser, monkeypatch):  # noqa: F811
    monkeypatch.setattr(due, "EVERY_S", 0.2)
    url, service = server
    context = browser.new_context()
    context.grant_permissions(["notifications"], origin=url)
    page = context.new_page()
    page.add_init_script("""
      window.shown = [];
      window.Notification = class { constructor(title, options) { window.shown.push([title, options.body]); } };
      window.Notification.permission = "granted";
      window.Notification.requestPermission = async () => "granted";
    """)
    sign_up(page, url)
    page.click("button[data-tab=calendar]")
    page.fill("#calendar-text", "call Amy")
    page.fill("#calendar-when", "tomorrow at 6pm")
    page.click("#calendar-form button[type=submit]")
    page.wait_for_selector("#calendar-list li:has-text('call Amy')")
    assert "I'll remind you to call Amy tomorrow at 6 pm." in page.text_content("#calendar-note")
    page.wait_for_selector("#activity-list li:has-text('set_reminder')")
    # one due now arrives over the live connection
    user = only_user(service)
    from datetime import timedelta
    service.store.add_reminder(user, "reminder", "stretch",
                               service.companion(user).local_now() + timedelta(seconds=1), "UTC")
    page.click("button[data-tab=talk]")
    page.wait_for_selector("#messages li.reminder:has-text('time to stretch')", timeout=15000)
    assert page.evaluate("window.shown")[0][1].endswith("time to stretch.")
    context.close()
