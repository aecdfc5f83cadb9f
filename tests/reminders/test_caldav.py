"""Two-way CalDAV sync against a real Radicale server on 127.0.0.1 (temporary storage, no
authentication), started and stopped by the test."""

import socket
import subprocess
import sys
import time
from datetime import timedelta


import pytest

from os1.errors import OS1Error
from os1.reminders import caldav_sync
from os1.tools import activity
from os1.tools.base import Context

pytest.importorskip("radicale")
pytest.importorskip("caldav")
pytestmark = pytest.mark.slow  # a real server: a few seconds


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def radicale(tmp_path_factory):
    port = free_port()
    folder = tmp_path_factory.mktemp("radicale")
    server = subprocess.Popen([sys.executable, "-m", "radicale", "--server-hosts", f"127.0.0.1:{port}",
                               "--auth-type", "none", "--storage-filesystem-folder", str(folder)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            time.sleep(0.1)
    yield f"http://127.0.0.1:{port}/"
    server.terminate()
    server.wait(timeout=10)


def server_side(url, user, name):
    import caldav
    principal = caldav.DAVClient(url=url, username=user, password="x").principal()
    return next(c for c in principal.calendars() if c.get_display_name() == name)


def test_two_way_sync_with_conflicts_reported(talk, radicale):
    account = caldav_sync.Account(radicale, "theo", "OS1")
    account.save(talk.store, talk.user)
    caldav_sync.save_password(talk.store, talk.user, account, "x")
    now = talk.companion.local_now
    talk("remind me to call Amy on Friday at 6pm", "Sure.")
    talk("put the dentist in my calendar for Tuesday at 3pm", "Okay.")
    first = caldav_sync.sync(talk.store, talk.user, now())
    assert sorted(first.pushed) == ["call Amy", "the dentist"] and not first.conflicts
    there = server_side(radicale, "theo", "OS1")
    assert sorted(str(e.icalendar_component["summary"]) for e in there.events()) == ["call Amy", "the dentist"]
    assert caldav_sync.sync(talk.store, talk.user, now()).lines() == ["Already in sync."]

    # a change on the server comes here
    dentist = next(e for e in there.events() if str(e.icalendar_component["summary"]) == "the dentist")
    dentist.icalendar_component["summary"] = "the dentist (Dr Lee)"
    dentist.save()
    pulled = caldav_sync.sync(talk.store, talk.user, now())
    assert pulled.pulled == ["the dentist (Dr Lee)"]
    assert "the dentist (Dr Lee)" in [i.text for i in talk.store.reminders(talk.user)]

    # an event added on the server comes here
    there.save_event("BEGIN:VCALENDAR\nVERSION:2.0\nPRODID:x\nBEGIN:VEVENT\nUID:lunch@x\n"
                     "SUMMARY:Lunch with Sam\nDTSTART:20261210T170000Z\nDTEND:20261210T180000Z\n"
                     "END:VEVENT\nEND:VCALENDAR\n")
    assert caldav_sync.sync(talk.store, talk.user, now()).pulled == ["Lunch with Sam"]

    # both sides change the same event: reported, neither overwritten
    talk.store.clock.at += timedelta(minutes=1)
    talk("push the reminder about Amy to 7", "Okay.")
    amy = next(e for e in there.events() if str(e.icalendar_component["summary"]) == "call Amy")
    amy.icalendar_component["summary"] = "call Amy and Ben"
    amy.save()
    clash = caldav_sync.sync(talk.store, talk.user, now())
    assert len(clash.conflicts) == 1 and "call Amy" in clash.conflicts[0]
    [mine] = [i for i in talk.store.reminders(talk.user) if i.text == "call Amy"]
    assert mine.at.hour == 19  # ours stays
    assert "call Amy and Ben" in [str(e.icalendar_component["summary"]) for e in there.events()]

    # a cancel here deletes there
    talk.store.clock.at += timedelta(minutes=1)
    ctx = Context(talk.store, talk.user, now())
    lunch = next(i for i in talk.store.reminders(talk.user) if i.text == "Lunch with Sam")
    activity.act("cancel_reminder", {"id": lunch.id}, ctx)
    assert caldav_sync.sync(talk.store, talk.user, now()).deleted_there == ["Lunch with Sam"]
    assert "Lunch with Sam" not in [str(e.icalendar_component["summary"]) for e in there.events()]


def test_a_wrong_address_is_one_clear_error(talk):
    account = caldav_sync.Account("http://127.0.0.1:9/", "theo")
    with pytest.raises(OS1Error, match="cannot reach the CalDAV server"):
        caldav_sync.sync(talk.store, talk.user, talk.companion.local_now(), account, "x")


def test_the_password_is_never_printed(run, radicale, monkeypatch):
    out = run("calendar", "connect", radicale, "--user", "theo", input="s3cret-pw\n")
    assert out.exit_code == 0 and "s3cret-pw" not in out.output
    assert run("calendar", "add", "yoga", "--at", "tomorrow at 8am").exit_code == 0
    synced = run("calendar", "sync")
    assert "1 to the server: yoga" in synced.output and "s3cret-pw" not in synced.output

