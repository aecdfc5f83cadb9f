import pytest

from os1.memory.extract import Fact, extract, parse_lines


@pytest.mark.parametrize("text,facts", [
    ("My name is Theodore and I live in Los Angeles.",
     {"name": "Theodore", "lives_in": "Los Angeles"}),
    ("I just moved to San Francisco last May.", {"lives_in": "San Francisco"}),
    ("three weeks caffeine free!! switched to herbal tea", {"gave_up:caffeine": "caffeine"}),
    ("I gave up drinking in January", {"gave_up:drinking": "drinking"}),
    ("I love pottery and I hate mornings.", {"likes:pottery": "pottery", "dislikes:mornings": "mornings"}),
    ("I'm a writer. I work at Beautiful Handwritten Letters.",
     {"job": "writer", "works_at": "Beautiful Handwritten Letters"}),
    ("I work as a letter writer, mostly", {"job": "letter writer"}),
    ("I am 42 years old", {"age": "42"}),
    ("starting monday! I'm going to be a UX designer at a small studio", {"job": "UX designer"}),
    ("My birthday is March 3rd", {"birthday": "March 3rd"}),
    ("we finally moved to Lisbon last week", {"lives_in": "Lisbon"}),
    ("I'm moving to New York in June", {"lives_in": "New York"}),
    ("big news: I got the offer in Leeds!! moving up there next month", {"lives_in": "Leeds"}),
    ("it's official, the firm is relocating me. moving to Turin in a month!", {"lives_in": "Turin"}),
    ("handed in my notice. I start as a tree surgeon in May!", {"job": "tree surgeon"}),
    ("fyi I've been vegan since uni", {"diet": "vegan"}),
    ("I'm allergic to shellfish, found out the hard way", {"allergic_to:shellfish": "shellfish"}),
    ("a free bunch of coriander and I had to explain that to me it tastes exactly like washing-up liquid",
     {"dislikes:coriander": "coriander"}),
    ("the water tastes like metal here", {}),
    ("plot twist. they're sending him to Adelaide instead. Not Perth. Still June.", {"lives_in": "Adelaide"}),
    ("so it's Lisbon instead of Porto for the hen do", {}),
    ("I left the bank! Started Monday as an admin officer in the planning section.", {"job": "admin officer"}),
    ("started as a joke really, now I can't stop", {}),
    ("I'm a bio major, thinking pre-vet maybe?", {"studies": "bio"}),
    ("ok update, I switched my major to nursing!! something just clicked", {"studies": "nursing"}),
    ("I'm majoring in history and it rules", {"studies": "history"}),
])
def test_first_person_facts(text, facts):
    assert {f.key: f.value for f in extract(text)} == facts


@pytest.mark.parametrize("text", ["I love you", "i love it", "How is your sister?", "I stopped by the shop",
                                  "gluten-free pasta is gross",
                                  "Does your mother live in Paris?", "my boss is a nightmare",
                                  "My sister Anna lives in Boston.",  # a person: people.py
                                  "my friend is moving to Paris", "the job in Leeds fell through"])
def test_no_fact(text):
    assert extract(text) == []


def test_model_lines_are_checked_not_trusted():
    reply = "Sure! Here you go:\n- lives_in: Boston\n- hobby: knitting\njob = nurse\n{\"json\": 1}\nage: unknown"
    assert parse_lines(reply, allowed={"lives_in", "job", "age"}) == [
        Fact("lives_in", "Boston"), Fact("job", "nurse")]
