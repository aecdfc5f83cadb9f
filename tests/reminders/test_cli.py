"""os1 reminders, os1 calendar and os1 activity through the real CLI."""


def test_reminders_add_list_cancel_and_undo(run, tmp_path):
    out = run("reminders", "add", "call Amy", "--at", "tomorrow at 6pm")
    assert out.exit_code == 0 and "I'll remind you to call Amy tomorrow at 6 pm." in out.output
    listed = run("reminders")
    assert "call Amy" in listed.output and "18:00" in listed.output
    assert run("reminders", "cancel", "1").output.strip() == "I've cancelled the reminder to call Amy."
    assert "No reminders" in run("reminders").output
    log = run("activity").output
    assert "cancel_reminder" in log and "set_reminder" in log
    assert run("activity", "undo", "2").output.strip() == "Brought back the reminder to call Amy."
    assert "call Amy" in run("reminders").output


def test_calendar_add_export_import(run, tmp_path):
    assert run("calendar", "add", "dentist", "--at", "next tuesday at 3pm").exit_code == 0
    assert run("calendar", "add", "Mum's birthday", "--at", "in 3 days").exit_code == 0
    listed = run("calendar", "--days", "30").output
    assert "dentist" in listed and "15:00" in listed
    path = tmp_path / "cal.ics"
    assert "Wrote 2" in run("calendar", "export", str(path)).output
    assert "0 added, 0 updated, 2 unchanged" in run("calendar", "import", str(path)).output


def test_bad_input_is_one_line(run, tmp_path):
    vague = run("reminders", "add", "call Amy", "--at", "after lunch")
    assert vague.exit_code == 1 and "cannot tell when" in vague.output
    missing = run("reminders", "cancel", "42")
    assert missing.exit_code == 1 and missing.output.strip() == "error: there is no reminder or event 42"
    assert run("activity", "undo", "7").output.startswith("error: there is no activity 7")
    bad = tmp_path / "bad.ics"
    bad.write_text("hello")
    out = run("calendar", "import", str(bad))
    assert out.exit_code == 1 and "Traceback" not in out.output


def test_export_holds_reminders_but_never_a_password(run):
    import json

    from os1.memory.store import open_store
    run("reminders", "add", "call Amy", "--at", "tomorrow at 6pm")
    store = open_store()
    user = store.user()
    store.set_setting(user, "caldav_password", "s3cret-pw")
    store.close()
    out = run("memory", "export")
    assert "s3cret-pw" not in out.output
    assert "call Amy" in json.dumps(json.loads(out.output)["reminders"])
