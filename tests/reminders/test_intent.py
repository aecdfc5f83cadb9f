"""Reading requests from the user's own words, in many phrasings."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from os1.memory.store_reminders import Reminder
from os1.reminders.intent import complete, read

NY = ZoneInfo("America/New_York")
WED = datetime(2026, 12, 2, 10, 15, tzinfo=NY)


def at(iso):
    return datetime.fromisoformat(iso).strftime("%a %H:%M")


@pytest.mark.parametrize("text, what, when", [
    ("remind me to call Amy on Friday at 6pm", "call Amy", "Fri 18:00"),
    ("Please remind me to call Amy on Friday at 6pm.", "call Amy", "Fri 18:00"),
    ("Can you remind me to call Amy on Friday at 6pm?", "call Amy", "Fri 18:00"),
    ("could you please remind me on Friday at 6pm to call Amy", "call Amy", "Fri 18:00"),
    ("Remind me at 6pm on Friday to call Amy, thanks", "call Amy", "Fri 18:00"),
    ("hey, remind me in 20 minutes to take the bread out", "take the bread out", "Wed 10:35"),
    ("set a reminder for tomorrow at 9 to pay the rent", "pay the rent", "Thu 09:00"),
    ("don't let me forget to water the plants tomorrow morning", "water the plants", "Thu 09:00"),
    ("remind me about the dentist on Tuesday at 2", "the dentist", "Tue 14:00"),
    ("ok so remind me tonight to text my sister", "text my sister", "Wed 20:00"),
    ("I need you to remind me to buy milk at 5", "buy milk", "Wed 17:00"),
])
def test_reminders(text, what, when):
    found = read(text, WED, [])
    assert found.tool == "set_reminder" and found.args["text"] == what
    assert at(found.args["at"]) == when


@pytest.mark.parametrize("text, rule", [
    ("remind me to water the plants every other Tuesday", "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU"),
    ("remind me to take my pills every day at 8", "FREQ=DAILY"),
    ("remind me every weekday at 7am to stretch", "FREQ=WEEKLY;BYDAY=MO,TU,WE,TH,FR"),
])
def test_repeating(text, rule):
    found = read(text, WED, [])
    assert found.args["every"] == rule and found.args["text"] in (
        "water the plants", "take my pills", "stretch")


@pytest.mark.parametrize("text", ["remind me to call Amy after lunch", "remind me to call Amy in a bit",
                                  "remind me to call Amy later", "remind me to call Amy"])
def test_vague_or_no_time_asks(text):
    found = read(text, WED, [])
    assert found.ask and found.tool == "set_reminder" and found.args["text"] == "call Amy"


def test_the_answer_completes_it():
    asked = read("remind me to call Amy tomorrow after lunch", WED, [])
    filled = complete(asked.args, "1:30pm", WED)
    assert at(filled["at"]) == "Thu 13:30"  # the day said before, the time said now
    assert complete(asked.args, "I don't know", WED) is None


@pytest.mark.parametrize("text", [
    "What's on my calendar?", "what is on my schedule this week", "what reminders do I have?",
    "show me my reminders", "what do I have on Friday?", "do I have anything tomorrow?",
    "Am I free on Saturday?", "list my appointments"])
def test_listing(text):
    assert read(text, WED, []).tool == "list_calendar"


def test_a_day_asked_about_is_listed_alone():
    found = read("what do I have on Friday?", WED, [])
    assert found.args["days"] == 1 and found.args["start"].startswith("2026-12-04")


@pytest.mark.parametrize("text, title, when", [
    ("put lunch with Sam in my calendar for Thursday at 12:30", "lunch with Sam", "Thu 12:30"),
    ("add a meeting with Bob to my calendar on Monday at 10am", "meeting with Bob", "Mon 10:00"),
    ("add to my calendar: yoga on Saturday at 9", "yoga", "Sat 09:00"),
    ("schedule a call with the bank tomorrow at 3", "call with the bank", "Thu 15:00"),
])
def test_events_added(text, title, when):
    found = read(text, WED, [])
    assert found.tool == "add_event" and not found.offer
    assert found.args["title"] == title and at(found.args["start"]) == when


@pytest.mark.parametrize("text, title", [
    ("I have a dentist appointment on Tuesday at 3", "dentist appointment"),
    ("I've got a job interview on Monday at 10am", "job interview"),
    ("we have a dinner party on Saturday at 7", "dinner party"),
])
def test_events_mentioned_are_offered(text, title):
    found = read(text, WED, [])
    assert found.tool == "add_event" and found.offer and found.args["title"] == title


@pytest.mark.parametrize("text", [
    "I love my dentist", "I had a meeting yesterday", "My sister has a party on Friday",
    "I've got a cold", "cancel my gym membership", "can you remind me what we said yesterday?",
    "what do you think about reminders?", "I moved to Boston last year",
    "my nephew asked what my job title is and I blanked. remind me?", "remind me again?",
])
def test_not_a_request(text):
    assert read(text, WED, []) is None


ITEMS = [Reminder(1, "reminder", "call Amy", datetime(2026, 12, 4, 18, tzinfo=NY), "America/New_York"),
         Reminder(2, "event", "dentist appointment", datetime(2026, 12, 8, 15, tzinfo=NY),
                  "America/New_York")]


@pytest.mark.parametrize("text, item, when", [
    ("push it to 7", 1, "Fri 19:00"),
    ("move the dentist to Thursday", 2, "Thu 15:00"),
    ("change the reminder about Amy to 5pm", 1, "Fri 17:00"),
    ("move my dentist appointment to Monday at 4", 2, "Mon 16:00"),
    ("push the call with Amy back an hour", 1, "Fri 19:00"),
    ("postpone the dentist by a day", 2, "Wed 15:00"),
])
def test_edits(text, item, when):
    found = read(text, WED, ITEMS, last=1)
    assert found.tool == "move_reminder" and found.args["id"] == item
    assert at(found.args["at"]) == when


@pytest.mark.parametrize("text, item", [
    ("cancel the reminder about Amy", 1), ("delete the dentist appointment", 2),
    ("never mind the reminder", 1), ("remove the dentist from my calendar", 2),
    ("cancel it", 1)])
def test_cancellations(text, item):
    found = read(text, WED, ITEMS, last=1)
    assert found.tool == "cancel_reminder" and found.args["id"] == item


@pytest.mark.parametrize("text, item, minutes", [
    ("remind me 15 minutes before the dentist", 2, 15),
    ("remind me an hour before my dentist appointment on Tuesday", 2, 60),
    ("remind me about the dentist half an hour before", 2, 30),
    ("can you remind me two days before the dentist?", 2, 2880),
    ("remind me an hour and a half before it", 1, 90),
])
def test_a_reminder_ahead_of_an_item_is_its_alarm(text, item, minutes):
    found = read(text, WED, ITEMS, last=1)
    assert (found.tool, found.args) == ("set_alarm", {"id": item, "minutes": minutes})


def test_a_reminder_of_its_own_ahead_of_an_item_or_a_time():
    found = read("remind me to leave an hour before the dentist", WED, ITEMS)
    assert found.tool == "set_reminder" and found.args["text"] == "leave"
    assert at(found.args["at"]) == "Tue 14:00"
    found = read("remind me to stretch 10 minutes before 6pm", WED, ITEMS)
    assert found.args["text"] == "stretch" and at(found.args["at"]) == "Wed 17:50"


def test_ahead_of_something_not_in_the_calendar_or_of_one_of_two():
    found = read("remind me 15 minutes before my haircut", WED, ITEMS)
    assert not found.tool and found.say.startswith("I can't find your haircut in your calendar")
    two = [*ITEMS, Reminder(3, "event", "dentist cleaning", datetime(2026, 12, 3, 9, tzinfo=NY),
                            "America/New_York")]
    found = read("remind me an hour before the dentist", WED, two)
    assert found.say == "Which one? dentist appointment; dentist cleaning."
    found = read("remind me an hour before the dentist on Thursday", WED, two)
    assert found.args == {"id": 3, "minutes": 60}  # the day tells them apart


@pytest.mark.parametrize("text, title, alarm", [
    ("put lunch with Sam in my calendar Thursday at 12:30 and remind me 30 minutes before",
     "lunch with Sam", 30),
    ("Add the team meeting to my calendar on Monday at 10, with a reminder an hour before.",
     "the team meeting", 60),
    ("I have a haircut on Friday at 4, remind me an hour beforehand", "haircut", 60),
])
def test_an_event_with_its_alarm(text, title, alarm):
    found = read(text, WED, ITEMS)
    assert found.tool == "add_event" and not found.offer
    assert (found.args["title"], found.args["alarm"]) == (title, alarm)


def test_an_event_with_an_alarm_but_no_time_asks_and_keeps_the_alarm():
    found = read("put the recital in my calendar and remind me a day before", WED, ITEMS)
    assert found.ask.startswith("When is the recital?") and found.args["alarm"] == 1440
    done = complete(found.args, "Saturday at 3pm", WED, "add_event")
    assert done["alarm"] == 1440 and at(done["start"]) == "Sat 15:00"


def test_a_cancel_that_matches_nothing_says_so():
    found = read("cancel the reminder about the plumber", WED, ITEMS)
    assert not found.tool and "couldn't find" in found.say


@pytest.mark.parametrize("text", [
    "I'll drop the kids at school and then call Amy", "we need to move the couch to the bedroom",
    "my boss wants to push the call with Amy to Monday", "I want to make dinner for Amy"])
def test_talk_about_moving_and_dropping_things_is_not_an_edit(text):
    items = [*ITEMS, Reminder(3, "reminder", "pick up the kids", datetime(2026, 12, 4, 15, tzinfo=NY),
                              "America/New_York")]
    assert read(text, WED, items, last=1) is None
