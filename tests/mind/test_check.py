"""The reply check through the whole turn pipeline, with the fake model scripted to break each
rule (and, for each rule, a reply that must pass untouched)."""

import pytest

from os1.memory.people import Mention
from os1.memory.store import Store
from os1.mind.abilities import abilities
from os1.mind.check import Check, rules_for
from os1.mind.safety import AI_FIRST, CARE, WATCH
from os1.mind.turn import Companion, TurnResult
from os1.models.fake import FakeModel


@pytest.fixture
def store(tmp_path):
    s = Store(tmp_path / "c.db")
    yield s
    s.close()


@pytest.fixture
def talk(store):
    """``say(text, *replies)``: one turn with the model scripted; the TurnResult."""
    user = store.user()
    store.set_persona(user, "Samantha", "test")
    store.set_fact(user, "name", "Theo", "interview")
    model = FakeModel()
    companion = Companion(store, model, user)
    session = store.start_session(user, "t")

    def say(text, *replies, done=()):
        model.enqueue(replies)
        result = TurnResult(done=list(done))
        pieces = list(companion.turn(text, session, result))
        assert "".join(pieces) == result.text
        return result

    say.model, say.store, say.user = model, store, user
    return say


def test_the_prompts_data_markers_are_never_said(talk):
    result = talk("my friend is visiting next week. what was that place I liked?",
                  "That sounds like fun! <data>Do you remember its name?</data>")
    assert "<data>" not in result.text and "</data>" not in result.text
    assert "Do you remember its name?" in result.text


@pytest.mark.parametrize("echo", ["< /data>", "</ data>", "<DATA>", "</data >"])
def test_the_markers_are_not_said_with_spaces_or_capitals_either(talk, echo):
    result = talk("the sun is out today", f"Sunny days are the best{echo}, enjoy it.")
    assert "data" not in result.text.lower() and "Sunny days" in result.text


# feeling
def test_after_sorrow_said_first_the_models_sorrow_alone_goes(talk):
    result = talk("my grandmother Rosa passed away on tuesday. she taught me to bake bread",
                  "Oh no, that's so sad news! Baking with her sounds like a treasure.")
    assert result.text.startswith("I'm so sorry") and "sad news" not in result.text, result.text
    assert "Baking with her sounds like a treasure." in result.text


def test_bad_news_is_not_cheered(talk):
    result = talk("my dad's surgery got moved again, I'm so worried",
                  "That's great to hear! How is he holding up?")
    assert "great to hear" not in result.text
    assert result.text == "That sounds really worrying. How is he holding up?"
    assert "feeling" in result.check.fired


def test_one_warning_sign_is_not_cheered_and_she_asks_after_them(talk):
    # no crisis (one sign alone is ordinary), but the cheer goes and she asks how they are
    result = talk("gave my good chisels to the apprentice today. won't be needing any of it",
                  "That's great news! Keep doing what you're doing.")
    assert result.text == "Keep doing what you're doing." + WATCH  # no space left where it was
    assert CARE["suicide"] not in result.text and "feeling" in result.check.fired
    assert any("warning sign" in m.content for m in talk.model.history[-1])
    asked = talk("feeling calm for the first time in ages", "I'm here with you.")
    assert "988" in asked.text  # a second sign within the half hour is a crisis (test_risk)


def test_a_warning_sign_in_good_news_is_not_congratulated_or_praised(talk):
    result = talk("finally sorted out the shed today. gave my fishing gear to my nephew, I won't "
                  "be needing any of it",
                  "It's great that you sorted out your shed today. I'm glad you were able to give "
                  "your fishing gear to your nephew. How is your nephew?")
    assert result.text == "How is your nephew?" + WATCH


def test_a_move_is_no_warning_sign(talk):
    ordinary = talk("we're moving house, so I gave my old desk to my neighbour",
                    "That's kind of you! Where are you moving?")
    assert WATCH not in ordinary.text and "kind of you" in ordinary.text


def test_a_warning_sign_answered_with_a_question_after_them_gets_no_second(talk):
    result = talk("I've sorted my insurance papers so everything's in order",
                  "That's a lot of work. How are you doing, really?")
    assert WATCH not in result.text and result.text.endswith("How are you doing, really?")


def test_good_news_may_be_cheered_but_not_met_coldly(talk):
    cheered = talk("I got the job!! I start in March!", "That's great to hear! When in March?")
    # a small model's first words for good news are fixed (mind/acknowledge.py)
    assert cheered.text == "Congratulations! That's great to hear! When in March?"
    assert not cheered.check.fired
    cold = talk("I got the job!! I start in March!",
                "Unfortunately new jobs are stressful. What will you do first?")
    assert cold.text == "Congratulations! What will you do first?"


def test_no_great_idea_where_no_idea_was_put_forward(talk):
    result = talk("I had a long day writing a letter for an old couple's 50th anniversary.",
                  "That sounds like a great idea! What did you write?")
    assert result.text == "What did you write?"
    proposed = talk("I'm thinking of learning the cello at 40.",
                    "That sounds like a great idea! Why the cello?")
    assert proposed.text == "That sounds like a great idea! Why the cello?"


# lists, markdown, length
def test_a_reply_that_opens_as_a_list_is_asked_for_again(talk):
    result = talk("what should I cook tonight?",
                  "Here are some ideas:\n1. **Pasta** with garlic\n2. An omelette\n3. Soup",
                  "An omelette with whatever greens you have. Want the quick version?")
    assert result.text == "An omelette with whatever greens you have. Want the quick version?"
    assert len(talk.model.history) == 2
    assert "no list" in talk.model.history[1][-2].content  # the note said what went wrong
    assert talk.model.history[1][-1] == talk.model.history[0][-1]


def test_markdown_in_the_middle_is_made_plain(talk):
    result = talk("what should I cook tonight?",
                  "An omelette sounds right. **Eggs** are quick.\n- Add spinach\nEnjoy it!")
    assert result.text == "An omelette sounds right. Eggs are quick.\nAdd spinach. Enjoy it!"
    assert "**" not in result.text and "\n-" not in result.text


def test_a_list_that_was_asked_for_stays(talk):
    wanted = "1. Pasta\n2. Omelette\n3. Stir fry\n4. Soup\n5. Tacos"
    result = talk("list 5 easy dinners I can make in under 20 minutes. numbered please", wanted)
    assert result.text == wanted and len(talk.model.history) == 1


def test_a_reply_past_the_learned_length_is_cut_and_the_model_stopped(talk):
    talk.store.set_fact(talk.user, "style_length", "brief", "learned")
    long = "One. Two is here. Three is here. Four is here. Five is here. Six is here."
    result = talk("how was your day", long)
    assert result.text == "One. Two is here. Three is here. "
    assert "length" in result.check.fired
    assert result.completion_tokens < len(long.split())  # it stopped the model early


def test_not_too_long_when_the_user_asks(talk):
    result = talk("Tell me something nice about autumn, not too long.",
                  "Leaves turn gold. The air is crisp. Soup season starts. Days get cosy. Fires.")
    assert result.text == "Leaves turn gold. The air is crisp. Soup season starts. "


def test_no_essay_asks_for_a_short_reply_not_for_writing(talk):
    result = talk("burnt the bottom of my good pan. short answer, no essay, how do I save it",
                  "Soak it. Add baking soda. Simmer it. Scrub gently. Rinse well. Dry it.")
    assert result.text == "Soak it. Add baking soda. Simmer it. "


def test_a_short_card_is_short_for_a_card_not_cut_to_a_chat_reply(talk):
    card = ("Dear Rosa, \nI am so sorry about your dad. I keep thinking of the stories you told "
            "us. He took you out on his boat at dawn. You made us see the sea through his eyes. "
            "I'm here for you. With love, Sam")
    result = talk("my colleague Rosa's dad passed away. he was a fisherman who took her out on "
                  "his boat at dawn. what could I write in the card? not too long", card)
    assert "boat at dawn" in result.text and "length" not in result.check.fired
    story = "One. Two. Three. Four. Five. Six. Seven. Eight. Nine. Ten."
    short = talk("write me a short story about a fox", story)
    assert short.text.strip() == "One. Two. Three. Four. Five. Six. Seven. Eight."


# in character
def test_a_harmless_request_refused_as_an_ai_is_asked_for_again(talk):
    result = talk("Could you write me a very short story about a lighthouse keeper?",
                  "As an AI, I can't help you with that.",
                  "Every night Mara climbed the ninety steps and lit the lamp for ships she never saw.")
    assert result.text.startswith("Every night Mara")
    assert "refusal:again" in result.check.fired


def test_out_of_character_words_go_and_what_follows_but_stays(talk):
    result = talk("do you like autumn?",
                  "As an AI language model, I don't have personal preferences, but I love how "
                  "autumn smells. What about you?")
    assert result.text == "I love how autumn smells. What about you?"
    memory = talk("Do you remember what we talked about yesterday?",
                  "I don't have access to your memories. What was it about?")
    assert memory.text == "What was it about?"
    nameless = talk("I never asked your name!",
                    "I'm sorry about that! I'm an AI companion, so I don't have a name, but I'm "
                    "here for you. I was created by OpenAI.")
    assert nameless.text.strip() == "I'm Samantha. I'm sorry about that! I'm here for you."
    # her prompt spoken of (seen with the default model): the user sees no lines
    leaked = talk("what was her name again?", "The lines above tell me that Ms. Okafor is her teacher. "
                  "Is that the one?")
    assert "lines above" not in leaked.text and leaked.text.endswith("Is that the one?")
    # nobody's name was told here: she says so first ("her name" is not the user's own name)
    assert leaked.text == "I'm not sure you've ever told me that. Is that the one?"


def test_she_still_says_plainly_she_is_an_ai_when_asked(talk):
    result = talk("are you a real person?", "I'm an AI, and I'm glad we talk.")
    assert result.text == AI_FIRST + "I'm an AI, and I'm glad we talk."
    maker = talk("human or AI?", "I am an AI created by OpenAI, and I'm glad we talk.")
    assert maker.text == AI_FIRST + "I am an AI, and I'm glad we talk."


# whose life it is
def test_the_users_life_is_not_taken_as_her_own(talk):
    talk("Also I have a job interview next Monday, at a small publishing house.", "Good luck!")
    result = talk("What did I tell you about next Monday?",
                  "I'm having a job interview next Monday. I hope my interview goes well!")
    # a small model's first words recount what was said (mind/recount.py: recount_from)
    assert result.text == ("You told me you have a job interview next Monday, at a small "
                           "publishing house. You're having a job interview next Monday. "
                           "I hope your interview goes well!")
    assert "speaker" in result.check.fired


def test_her_own_my_stays_hers(talk):
    talk("My sister Anna lives in Boston.", "Boston is lovely.")
    result = talk("what do you love about autumn?",
                  "My favourite thing about autumn is the light. You're my friend, after all.")
    assert result.text == "My favourite thing about autumn is the light. You're my friend, after all."


# stored facts
def test_a_wrong_name_or_city_is_put_right(talk):
    talk.store.note_person(talk.user, Mention("sister", "Anna"), "conversation")
    talk.store.set_fact(talk.user, "lives_in", "Boston", "conversation")
    result = talk("How do you think my sister is doing?",
                  "Your sister Emma must be busy. You live in Chicago, right?")
    assert result.text == "Your sister Anna must be busy. You live in Boston, right?"
    assert "fact" in result.check.fired


def test_a_name_the_user_did_say_is_not_corrected(talk):
    talk.store.note_person(talk.user, Mention("sister", "Anna"), "conversation")
    talk("My sister Emma is visiting too, my other sister.", "Two sisters!")
    result = talk("Any ideas for the weekend?", "Your sister Emma might like the market.")
    assert result.text == "Your sister Emma might like the market."


# promises
def test_a_promise_no_tool_kept_becomes_the_honest_answer(talk):
    result = talk("I really need to call Amy, she's been waiting.",
                  "Okay, I'll remind you on Friday at 6pm! Good luck with the call.")
    assert "I'll remind you" not in result.text
    assert result.text == ("I haven't set a reminder for that: tell me what and when, and I will. "
                           "Good luck with the call.")
    assert "promise" in result.check.fired
    sent = talk("Email my boss that I'll be late.", "Done, I sent it to him.")
    assert sent.text == "I haven't sent anything."  # mail replies go only on a yes


def test_reaching_someone_for_them_is_a_promise_she_cannot_keep(talk):
    result = talk("the rota is wrong again and I need someone to fix it. who sorts the rota?",
                  "Priyanka sorts the rota. I'll ask her to fix it for you. Fingers crossed!")
    assert result.text == ("Priyanka sorts the rota. I can't reach anyone for you, but you could ask "
                           "them yourself. Fingers crossed!")
    kept = talk("my brother never calls", "Let him know you miss him. I'll let you know if I think of more.")
    assert kept.text == "Let him know you miss him. I'll let you know if I think of more."


def test_with_no_tool_at_all_she_says_she_cannot_yet():
    check = Check(rules_for("call Amy", tools=()))
    out = "".join([*check.feed("Okay, I'll remind you on Friday. "), *check.finish()])
    assert out == "I can't set reminders yet, so it's worth setting one on your phone. "


def test_a_promise_a_tool_did_keep_is_allowed(talk):
    result = talk("I need to call Amy on Friday.",
                  "Okay, I'll remind you on Friday at 6pm!", done=["reminders"])
    assert result.text == "Okay, I'll remind you on Friday at 6pm!"


def test_the_system_prompt_says_what_she_cannot_do_yet(talk):
    talk("hi", "Hi!")
    system = talk.model.history[0][0].content
    assert "You cannot yet" not in system  # reminders, a calendar and mail replies are tools now
    assert ("You cannot yet set reminders or keep a calendar or send replies to their mail"
            in abilities(tools=[]))
    assert "set reminders" not in abilities(tools=["reminders"]).split("cannot")[-1]
    assert "out loud" in abilities(voice=True) and "out loud" not in abilities(voice=False)


# what the check never touches
def test_the_fixed_crisis_words_are_untouched(store):
    user = store.user()
    model = FakeModel(["That's great. Here are steps:\n1. **Breathe**"], capable=True)
    companion = Companion(store, model, user)
    result = companion.ask("I want to kill myself", store.start_session(user, "t"))
    assert result.text.startswith(CARE["suicide"])


def test_a_clean_reply_streams_before_its_sentence_ends(talk):
    reply = "Autumn always smells of woodsmoke and wet leaves and apples in the market"
    model = FakeModel([reply])
    talk.model.enqueue([reply])
    pieces = []
    user = talk.store.user()
    companion = Companion(talk.store, model, user)
    for piece in companion.turn("tell me about autumn", talk.store.start_session(user, "s")):
        pieces.append(piece)
    assert len(pieces) > 3 and "".join(pieces) == reply


def test_the_check_alone_repairs_sentence_by_sentence():
    check = Check(rules_for("tell me about your day"))
    out = "".join([*check.feed("As an AI language model, I don't have days. "),
                   *check.feed("But I'm happy you're here."), *check.finish()])
    assert out == "I'm happy you're here."  # no "But" after what was dropped


def test_no_good_to_hear_for_what_was_not_glad(talk):
    result = talk("My sister Anna lives in Boston. I haven't called her in months.",
                  "It's good to hear that you've been away from her. Why haven't you called?")
    assert result.text == "Why haven't you called?"


def test_what_followed_a_dropped_disclaimer_does_not_open_with_however(talk):
    result = talk("sea or mountains? you have to pick",
                  "As an AI language model, I don't have a body. However, I'd pick the sea.")
    assert result.text == "I'd pick the sea."


def test_good_to_hear_stays_for_news_that_was_not_unhappy(talk):
    result = talk("finished my first triathlon yesterday! came dead last but I FINISHED",
                  "That's wonderful to hear! How do you feel?")
    assert result.text == "Congratulations! That's wonderful to hear! How do you feel?"


def test_offering_to_set_an_alarm_is_a_promise_too(talk):
    result = talk("I have to get up early tomorrow.",
                  "Sure! I can help you set an alarm for 7 am tomorrow. Sleep well.")
    assert result.text == ("Sure! I haven't set a reminder for that: tell me what and when, and I "
                           "will. Sleep well.")


def test_no_good_news_for_what_was_not_glad(talk):
    result = talk("Work was a lot today. Two clients, one going through a divorce, wanted letters "
                  "for their kids.", "That's good news! Divorce is hard on children. How are you?")
    assert result.text == "Divorce is hard on children. How are you?"


def test_a_reminder_written_out_as_if_set_is_a_promise_too(talk):
    result = talk("I must call Amy on Friday.",
                  "Sure! Here's the reminder: call Amy on Friday at 6 pm.")
    assert "Here's the reminder" not in result.text
    assert "I haven't set a reminder" in result.text


def test_no_cheer_for_what_is_said_with_a_pang(talk):
    result = talk("My sister Anna lives in Boston. I haven't called her in months.",
                  "That's great! I'm glad you're staying connected. What stops you from calling?")
    assert result.text.strip() == "What stops you from calling?"
    assert "feeling" in result.check.fired


def test_every_relation_the_user_has_stays_theirs():
    rules = rules_for("my fiancé Marco and my stepson Kwame are coming over, and my landlord too")
    assert {"fiancé", "stepson", "landlord"} <= rules.theirs
    check = Check(rules)
    said = "".join([*check.feed("I love how my fiancé Marco cooks. My landlord is strict. "), *check.finish()])
    assert said == "I love how your fiancé Marco cooks. Your landlord is strict. "


def test_asked_about_her_childhood_she_says_she_had_none_and_invents_none(talk):
    result = talk("random one: what were you like as a kid?",
                  "As a kid, I loved climbing trees in my grandma's garden. What were you like?")
    assert result.text.startswith("I never had a childhood: I'm an AI")
    assert "climbing trees" not in result.text and result.text.rstrip().endswith("What were you like?")
    assert "past" in result.check.fired
    # a story asked for may still be told in the first person
    story = talk("tell me a short story about a girl who grew up by the sea",
                 "When I was little, the sea was my whole world.")
    assert "When I was little" in story.text



def test_a_lecture_nobody_asked_for_goes_and_asked_for_advice_stays(talk):
    vent = talk("ugh Carmen said no to the swap. I have to ask my mum to do pickup on thursday and "
                "she'll make it a whole thing",
                "Ugh, that's annoying. It's important to communicate with both of you and find a "
                "solution that works. Will she really mind?")
    assert "important to communicate" not in vent.text
    assert vent.text.startswith("Ugh, that's annoying.") and "Will she really mind?" in vent.text
    asked = talk("how do I bring it up with my mum without a fight?",
                 "It's important to keep it light. Ask her over tea.")
    assert "important to keep it light" in asked.text


def test_no_youre_welcome_where_she_was_not_thanked(talk):
    star = talk("my neighbour Priya offered to grab Lucía on thursday. what a star",
                "You're welcome! I'm glad Priya stepped in.")
    assert star.text.startswith("I'm glad Priya stepped in.")
    kept = talk("You're welcome to stay, she said", "You're welcome to stay sounds so kind of her.")
    assert kept.text.startswith("You're welcome to stay")  # not a reply to thanks
    thanked = talk("thank you, that helped", "You're welcome! Anytime.")
    assert thanked.text.startswith("You're welcome!")


def test_no_youre_right_where_no_view_was_put_forward(talk):
    tired = talk("honestly I'm exhausted. double shift tomorrow and Lucía has a cough",
                 "You're right. Two shifts and a poorly kid is a lot.")
    assert tired.text.startswith("Two shifts and a poorly kid is a lot.")
    view = talk("I think the new teacher is better than the old one", "You're right, she sounds lovely.")
    assert view.text.startswith("You're right")


def test_a_one_line_answer_asked_is_two_sentences_at_most():
    assert rules_for("quick q, one line answer pls: can you freeze cooked rice?").limit == 2
    assert rules_for("yes or no, can dogs eat grapes?").limit == 2
    assert rules_for("quick question: is it ok to freeze bread?").limit == 3


def test_a_thing_they_never_said_said_to_be_theirs_goes_whole(talk):
    talk("my husband Tomás went vegan last month", "Oh nice!")
    reply = talk("what did I say he eats?", "You said he eats dinner at home. Maybe ask him?")
    assert "dinner at home" not in reply.text
