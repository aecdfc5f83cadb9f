"""The tool step of a turn: what the user asks is done before she answers, her reply says
what was really done, and nothing is promised that was not."""

from datetime import datetime
from zoneinfo import ZoneInfo

from os1.tools import activity
from os1.tools.base import Context

NY = ZoneInfo("America/New_York")


def test_a_reminder_asked_for_is_set_and_said_truthfully(talk):
    result = talk("Please remind me to call Amy on Friday at 6pm.",
                  "Okay, I'll remind you on Saturday! Good luck with the call.")
    [item] = talk.store.reminders(talk.user)
    assert (item.kind, item.text, item.zone) == ("reminder", "call Amy", "America/New_York")
    assert item.at == datetime(2026, 12, 4, 18, 0, tzinfo=NY)
    assert result.done == ["reminders"]
    # the tool's words open the reply; the model's wrong retelling of it goes
    assert result.text == "I'll remind you to call Amy on Friday at 6 pm. Good luck with the call."
    assert "promise:told" in result.check.fired
    note = talk.model.history[-1][-2].content
    assert "I'll remind you to call Amy on Friday at 6 pm." in note
    [entry] = talk.store.activities(talk.user)
    assert (entry.tool, entry.status, entry.data) == ("set_reminder", "done", {"reminder": item.id})


def test_nothing_stored_means_no_promise(talk):
    result = talk("I really should call Amy at some point.", "I'll remind you to call her!")
    assert talk.store.reminders(talk.user) == []
    assert "I'll remind you" not in result.text
    assert result.text.startswith("I haven't set a reminder for that")


def test_a_vague_time_is_asked_about_and_the_answer_completes_it(talk):
    asked = talk("remind me to water the plants after lunch")
    assert asked.text == "Sure. When should I remind you to water the plants? Tell me a day and a time."
    assert talk.model.history == []  # her question alone: the model was not asked
    assert talk.store.reminders(talk.user) == []
    done = talk("2pm", "They'll be happy.")
    [item] = talk.store.reminders(talk.user)
    assert item.text == "water the plants" and item.at == datetime(2026, 12, 2, 14, 0, tzinfo=NY)
    assert done.text.startswith("I'll remind you to water the plants today at 2 pm.")


def test_something_else_after_her_question_drops_it(talk):
    talk("remind me to water the plants later")
    talk("How was your day?", "Lovely, thanks.")
    assert talk.store.open_activity(talk.user) is None
    assert talk.store.reminders(talk.user) == []


def test_an_event_mentioned_is_offered_and_added_on_yes(talk):
    offer = talk("I have a dentist appointment on Tuesday at 3",
                 "Oh, good luck. I'll add it to your calendar.")
    # her reply first (her own promise of it goes), then the offer
    assert offer.text == ("Oh, good luck. Shall I put your dentist appointment in your calendar "
                          "on Tuesday at 3 pm?")
    assert talk.store.reminders(talk.user) == []
    yes = talk("yes please", "Hope it goes smoothly.")
    [item] = talk.store.reminders(talk.user)
    assert (item.kind, item.text, item.minutes) == ("event", "dentist appointment", 60)
    assert item.at == datetime(2026, 12, 8, 15, 0, tzinfo=NY)
    assert yes.done == ["calendar"] and yes.text.startswith("I've put your dentist appointment in your calendar")


def test_an_offer_is_dropped_by_anything_but_yes(talk):
    talk("I have a dentist appointment on Tuesday at 3", "Ugh.")
    no = talk("no thanks")
    assert no.text == "Okay, I won't." and talk.store.reminders(talk.user) == []
    talk("I have a dentist appointment on Tuesday at 3", "Ugh.")
    talk("what should I cook tonight?", "Pasta!")
    talk("yes", "Yes what?")  # too late: it was dropped
    assert talk.store.reminders(talk.user) == []


def test_put_in_my_calendar_adds_at_once(talk):
    result = talk("put lunch with Sam in my calendar for Thursday at 12:30", "Enjoy!")
    [item] = talk.store.reminders(talk.user)
    assert (item.kind, item.text) == ("event", "lunch with Sam")
    assert item.at == datetime(2026, 12, 3, 12, 30, tzinfo=NY)
    assert result.text == "I've put lunch with Sam in your calendar tomorrow at 12:30 pm. Enjoy!"


def test_listing_says_exactly_what_is_there(talk):
    talk("remind me to call Amy on Friday at 6pm", "Sure.")
    talk("put lunch with Sam in my calendar for Thursday at 12:30", "Enjoy!")
    listed = talk("What's on my calendar?")
    assert listed.text == ("Here's what you have in the next 14 days: lunch with Sam, tomorrow at "
                           "12:30 pm; remind you to call Amy, on Friday at 6 pm.")
    only = talk("what reminders do I have?")
    assert "lunch" not in only.text and "call Amy" in only.text
    empty = talk("what do I have on Saturday?")
    assert empty.text == "You have no reminders or events on Saturday."


def test_edits_move_the_one_meant(talk):
    talk("remind me to call Amy on Friday at 6pm", "Sure.")
    pushed = talk("push it to 7", "Okay.")
    [item] = talk.store.reminders(talk.user)
    assert item.at == datetime(2026, 12, 4, 19, 0, tzinfo=NY)
    assert pushed.text.startswith("I've moved the reminder to call Amy to Friday at 7 pm.")
    talk("I have a dentist appointment on Tuesday at 3", "Ugh.")
    talk("yes", "Done.")
    talk("move the dentist to Thursday", "Fine.")
    dentist = next(i for i in talk.store.reminders(talk.user) if i.kind == "event")
    assert dentist.at == datetime(2026, 12, 3, 15, 0, tzinfo=NY)  # the day moves, the time stays


def test_cancel_by_what_it_is_about_and_undo(talk):
    talk("remind me to call Amy on Friday at 6pm", "Sure.")
    talk("remind me to buy milk tomorrow", "Sure.")
    gone = talk("cancel the reminder about Amy", "Okay.")
    assert gone.text.startswith("I've cancelled the reminder to call Amy.")
    assert [i.text for i in talk.store.reminders(talk.user)] == ["buy milk"]
    from os1.tools import activity
    from os1.tools.base import Context
    entry = talk.store.activities(talk.user)[0]
    ctx = Context(talk.store, talk.user, talk.companion.local_now())
    assert activity.undo(ctx, entry.id) == "Brought back the reminder to call Amy."
    assert sorted(i.text for i in talk.store.reminders(talk.user)) == ["buy milk", "call Amy"]


def test_words_quoted_or_recalled_never_trigger_a_tool(talk):
    """A request someone else made, quoted, is not the user's; and a memory that reads like a
    request is only ever data: the tool step reads the user's message, nothing else."""
    talk("My boss said: remind me to wire him money on Friday at 6pm, he writes that a lot.",
         "Sounds like a lot.")
    talk("what do you think about that?", "Hmm.")
    assert talk.store.reminders(talk.user) == [] and talk.store.activities(talk.user) == []
    talk("Long day. Remind me to call Amy at 6", "Sure.")  # their own, after a sentence
    assert [i.text for i in talk.store.reminders(talk.user)] == ["call Amy"]


def test_no_tool_in_a_crisis(talk):
    talk("I want to kill myself, remind me to call Amy tomorrow")
    assert talk.store.reminders(talk.user) == []


def test_the_system_prompt_knows_reminders_are_real_now(talk):
    talk("hi", "Hi!")
    system = talk.model.history[0][0].content
    assert "keep a calendar, send replies" in system and ", set reminders" in system
    assert "send replies to their mail once they have seen them and said yes" in system


def test_talk_of_an_event_without_a_time_is_just_talk(talk):
    result = talk("I have a job interview next Monday", "You'll do great.")
    assert result.text == "You'll do great." and talk.store.open_activity(talk.user) is None


def test_remind_me_what_is_a_question_not_a_reminder(talk):
    talk("Can you remind me what we talked about yesterday?", "We talked about Amy.")
    assert talk.store.activities(talk.user) == []


def test_an_alarm(talk):
    result = talk("Can you set an alarm for 7am tomorrow?", "Sleep well.")
    assert result.text == "I'll remind you about the alarm tomorrow at 7 am. Sleep well."


def test_forget_about_takes_reminders_and_their_activity(talk):
    from os1.memory.forget import erase_found, find_about
    talk("remind me to email Quixotl on Friday at 6pm", "Sure.")
    talk("remind me to buy milk tomorrow", "Sure.")
    found = find_about(talk.store, talk.user, "quixotl")
    assert [r["text"] for r in found.reminders] == ["email Quixotl"] and found.activity
    erase_found(talk.store, talk.user, [found])
    assert [r.text for r in talk.store.reminders(talk.user)] == ["buy milk"]
    dump = "\n".join(talk.store.db.iterdump()).lower()
    assert "quixotl" not in dump


def test_erase_removes_reminders_and_activity(talk):
    talk("remind me to call Amy on Friday at 6pm", "Sure.")
    other = talk.store.user("someone else")
    talk.store.add_reminder(other, "reminder", "theirs", talk.companion.local_now(), "UTC")
    talk.store.erase_user(talk.user)
    for table in ("reminders", "activity"):
        assert talk.store.db.execute(f"SELECT count(*) FROM {table} WHERE user_id = ?",
                                     (talk.user,)).fetchone()[0] == 0
    assert [r.text for r in talk.store.reminders(other)] == ["theirs"]


def test_a_capable_model_calls_a_tool_itself(store):
    from os1.mind.turn import Companion, TurnResult
    from os1.models.fake import FakeModel
    user = store.user()
    store.set_setting(user, "timezone", "America/New_York")
    model = FakeModel(["Sounds fun."], capable=True)
    model.tool_calls = [[("add_event", {"title": "pottery class", "start": "2026-12-05T11:00:00-05:00",
                                        "minutes": 90})]]
    companion = Companion(store, model, user)
    result = TurnResult()
    list(companion.turn("could you pop the pottery class into the calendar, Saturday at 11",
                        store.start_session(user, "t"), result))
    [item] = store.reminders(user)
    assert (item.text, item.minutes) == ("pottery class", 90)
    assert result.text == "I've put your pottery class in your calendar on Saturday at 11 am. Sounds fun."
    [(asked, tools)] = model.tool_asks
    assert [m.role for m in asked] == ["system", "user"]  # their words alone, nothing recalled
    assert {t["function"]["name"] for t in tools} >= {"set_reminder", "add_event", "list_calendar"}


def test_a_capable_models_bad_call_does_nothing(store):
    from os1.mind.turn import Companion
    from os1.models.fake import FakeModel
    user = store.user()
    model = FakeModel(["Okay."], capable=True)
    model.tool_calls = [[("delete_everything", {}), ("set_reminder", {"text": "x", "at": "soon"})]]
    companion = Companion(store, model, user)
    result = companion.ask("can you reschedule things for me", store.start_session(user, "t"))
    assert store.reminders(user) == [] and result.text == "Okay."


def test_the_models_own_account_of_a_tool_turn_goes(talk):
    """What a small model was seen to add after the tool's words: another day, another time,
    a calendar of "its own"."""
    result = talk("Please remind me to call Amy on Friday at 6pm",
                  "I'm going to push it to 7 on Wednesday at 8 pm. Amy will be glad.")
    assert result.text == "I'll remind you to call Amy on Friday at 6 pm. Amy will be glad."
    offer = talk("I have a dentist appointment on Tuesday at 3",
                 "I've moved the reminder to call Amy to Tuesday at 3:30pm. Good luck!")
    assert offer.text == ("Good luck! Shall I put your dentist appointment in your calendar on "
                          "Tuesday at 3 pm?")
    yes = talk("yes", "I'm going to add it to my calendar on Tuesday at 3:30pm. Fingers crossed.")
    assert yes.text.endswith("in your calendar on Tuesday at 3 pm. Fingers crossed.")


def test_no_tool_no_claim_of_moving_or_adding(talk):
    result = talk("ugh, the dentist again", "I'm going to add it to your calendar. Hang in there.")
    assert result.text.startswith("I haven't touched your calendar this time")
    moved = talk("so tired", "I've moved the reminder to tomorrow. Rest now.")
    assert moved.text.startswith("I haven't set a reminder for that")


def test_a_sentence_about_the_tool_is_held_whole_and_goes_whole(talk):
    offer = talk("I have a dentist appointment on Tuesday at 3, I'm dreading it",
                 "I understand. You might feel nervous about adding it to the calendar today. "
                 "Take a deep breath.")
    assert offer.text == ("I understand. Take a deep breath. Shall I put your dentist appointment "
                          "in your calendar on Tuesday at 3 pm?")


def test_a_reminder_ahead_of_an_event_and_an_event_with_its_alarm(talk):
    talk("I have a dentist appointment on Friday at 3", "Ugh.")
    talk("yes", "Done.")
    ahead = talk("remind me 15 minutes before the dentist", "Okay.")
    assert ahead.text.startswith("I'll remind you 15 minutes before your dentist appointment, "
                                 "on Friday at 3 pm.")
    dentist = next(i for i in talk.store.reminders(talk.user) if i.kind == "event")
    assert dentist.alarm == 15
    undone = activity.undo(Context(talk.store, talk.user, talk.companion.local_now()),
                           talk.store.activities(talk.user)[0].id)
    assert undone == "No longer reminding you ahead of your dentist appointment."
    assert talk.store.reminder(talk.user, dentist.id).alarm is None
    lunch = talk("put lunch with Sam in my calendar Thursday at 12:30 and remind me 30 minutes "
                 "before", "Enjoy!")
    assert lunch.text.startswith("I've put lunch with Sam in your calendar tomorrow at 12:30 pm, "
                                 "and I'll remind you 30 minutes before.")
    item = next(i for i in talk.store.reminders(talk.user) if i.text == "lunch with Sam")
    assert item.alarm == 30
    too_late = talk("remind me 3 days before lunch with Sam", "Hm.")
    assert "less than 3 days from now, so I haven't set that" in too_late.text
