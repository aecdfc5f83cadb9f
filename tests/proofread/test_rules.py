"""The floor with no model: spelling and rules decided from context."""

import pytest

from os1.proofread import apply, proofread


def fixed(text: str, **kw) -> str:
    return proofread(text, **kw).corrected


def test_the_reported_sentence():
    result = proofread("Their going to the beach tomorow")
    assert result.corrected == "They're going to the beach tomorrow."
    reasons = {c.old: c.reason for c in result.changes}
    assert reasons["Their"] == "they're = they are"
    assert reasons["tomorow"] == "spelling"


def test_changes_are_spans_of_the_original_that_rebuild_the_correction():
    text = "i think its better then nothing , dont you?  I could of gone.the the end"
    result = proofread(text)
    assert result.changes, "expected changes"
    for change in result.changes:
        assert text[change.start:change.end] == change.old
        assert change.reason
    assert apply(text, result.changes) == result.corrected
    assert result.accepting([False] * len(result.changes)) == text
    only_first = result.accepting([True] + [False] * (len(result.changes) - 1))
    assert only_first == text.replace("i think", "I think", 1)


@pytest.mark.parametrize("wrong, right", [
    ("Their is a problem with the car.", "There is a problem with the car."),
    ("I love there own garden.", "I love their own garden."),
    ("We went to the park with there dog.", "We went to the park with their dog."),
    ("Its a lovely day.", "It's a lovely day."),
    ("The dog wagged it's own tail.", "The dog wagged its own tail."),
    ("I know your going to win.", "I know you're going to win."),
    ("Thank you, your welcome.", "Thank you, you're welcome."),
    ("Whose coming to dinner?", "Who's coming to dinner?"),
    ("Who's car is this?", "Whose car is this?"),
    ("I could of told you.", "I could have told you."),
    ("She should of known better.", "She should have known better."),
    ("This is bigger then that.", "This is bigger than that."),
    ("It costs more money then we have.", "It costs more money than we have."),
    ("We ate, than we left.", "We ate, then we left."),
    ("The weather had a big affect on us.", "The weather had a big effect on us."),
    ("It will effect everyone.", "It will affect everyone."),
    ("I was deeply effected by it.", "I was deeply affected by it."),
    ("Don't loose your keys.", "Don't lose your keys."),
    ("We are loosing time.", "We are losing time."),
    ("That is way to much.", "That is way too much."),
    ("I went too the store.", "I went to the store."),
    ("She bought a apple and an banana.", "She bought an apple and a banana."),
    ("It took an hour to find a university.", "It took an hour to find a university."),
    ("He go to work and he have a car.", "He goes to work and he has a car."),
    ("They was late and we is tired.", "They were late and we are tired."),
    ("He did not went home.", "He did not go home."),
    ("There is many reasons for this.", "There are many reasons for this."),
    ("I have many friend in the city.", "I have many friends in the city."),
    ("It was the the best day.", "It was the best day."),
    ("i think so , and i agree.", "I think so, and I agree."),
    ("we met at noon.It was fun.", "We met at noon. It was fun."),
    ("I dont know, thats alot of work.", "I don't know, that's a lot of work."),
    ("We study italian law on monday in britain.", "We study Italian law on Monday in Britain."),
    ("Likewise, The theory says that If I go, we go.", "Likewise, the theory says that if I go, we go."),
    ("Nowadays people drive. Thus we need roads.", "Nowadays, people drive. Thus, we need roads."),
    ("One of the reason is that he is one of the best student.",
     "One of the reasons is that he is one of the best students."),
    ("One of the most important thing is love.", "One of the most important things is love."),
])
def test_classic_confusions_and_grammar(wrong, right):
    assert fixed(wrong) == right


@pytest.mark.parametrize("right", [
    "Their house is over there, and they're inside.",
    "It's raining, and the dog is in its bed.",
    "Your car is here and you're late.",
    "Whose book is this? Who's there?",
    "We would have come, but then it rained; it was more fun than work.",
    "The effect was clear: it will affect us all.",
    "I don't want to lose my loose change.",
    "I want to go too, and it's too late to stop.",
    "An honest man, a European, an MBA and a unicorn.",
    "I had had enough, and that that was true.",
    "She met Ondrej and Saoirse in Reykjavik on 3 May at www.example.com/xkcd-qz.",
    "Email me at theo.t@example.com or call 555-0199.",
    "In May came the rains, and the can made a noise.",
    "I will have it come back to me.",
    "Of course I will come with you.",
    "I read The Lord of the Rings at The Hague, and she said: The end is near.",
    "We may march in August, and the turkey is on the china plate.",
    "One of the new teachers is here, and none of the information is wrong.",
    "I saw many running in the park.",
])
def test_correct_text_is_left_alone(right):
    result = proofread(right)
    assert result.changes == [], result.changes
    assert result.corrected == right


def test_names_in_mid_sentence_and_signatures_are_never_spelling_corrected():
    letter = "Dear Anna,\nI met Kiyoshi and Thea at the lake house last summer\nLove,\nTheo"
    result = proofread(letter)
    assert "Kiyoshi" in result.corrected and "Thea" in result.corrected
    assert result.corrected.endswith("Love,\nTheo")
    assert result.corrected == letter.replace("summer\n", "summer.\n")  # only the full stop


def test_words_to_keep_are_kept():
    assert fixed("We met at the bijou caffe.", keep=frozenset({"caffe"})) == \
        "We met at the bijou caffe."


def test_variety_is_detected_from_the_text_and_never_corrected_against():
    british = "My favourite colour is grey, and I organised the centre."
    result = proofread(british)
    assert result.english == "en-GB" and result.changes == []
    american = "My favorite color is gray, and I organized the center."
    result = proofread(american)
    assert result.english == "en-US" and result.changes == []


def test_variety_from_the_setting_converts_the_other_one():
    assert fixed("I love the colour.", variety="en-US") == "I love the color."
    assert fixed("I love the color of the theater.", variety="en-GB") == \
        "I love the colour of the theatre."
    assert fixed("My neighbour is tired.", variety="en-GB") == "My neighbour is tired."
    with pytest.raises(ValueError):
        proofread("text", variety="en-CA")


def test_varieties_that_spell_as_british_english_are_named_as_the_writers():
    result = proofread("I love the color of the theater.", variety="en-AU")
    assert result.corrected == "I love the colour of the theatre." and result.english == "en-AU"
    assert {c.reason for c in result.changes} == {"Australian spelling"}
    assert fixed("My neighbour travelled to the centre.", variety="en-NZ") == \
        "My neighbour travelled to the centre."
    assert fixed("I recieved a colour photo.", variety="en-IN") == "I received a colour photo."


def test_misspelt_british_word_is_corrected_in_british():
    assert fixed("The colour of the theatre is beatiful.") == \
        "The colour of the theatre is beautiful."


def test_a_long_sentence_gets_a_full_stop_a_short_line_does_not():
    assert fixed("We will meet again next week") == "We will meet again next week."
    assert fixed("Thanks again") == "Thanks again"


def test_wrapped_lines_code_and_file_names_are_left_alone():
    text = ("The first `os1 chat` assembles the model: llama.cpp is compiled for your\n"
            "machine, and config.toml keeps the settings. It recognises the app and the\n"
            "resampled audio, and the embedder\n"
            "runs \"What?\" he asked.")
    result = proofread(text)
    assert result.changes == [], result.changes


def test_a_three_letter_word_is_corrected_only_for_a_slip_of_the_hand():
    assert fixed("I saw teh cat and ypu saw it.") == "I saw the cat and you saw it."
    assert fixed("We ran the dev build in int mode.") == "We ran the dev build in int mode."


def test_a_sentence_in_another_language_is_left_alone():
    text = "Je suis allé au marché avec mon frère hier. I dont know wich one."
    assert fixed(text) == "Je suis allé au marché avec mon frère hier. I don't know which one."


def test_a_word_written_three_times_is_kept_once():
    assert fixed("It was the the the best day.") == "It was the best day."


@pytest.mark.parametrize("text,fixed", [
    ("Lucia and her friends has been making a garden.", "Lucia and her friends have been making a garden."),
    ("My mum and my dad is coming on Sunday.", "My mum and my dad are coming on Sunday."),
    ("Tom and his brother was late.", "Tom and his brother were late."),
    ("Fish and chips is my favourite.", "Fish and chips is my favourite."),  # one dish
    ("Bread and butter is fine.", "Bread and butter is fine."),
])
def test_two_people_as_one_subject_take_a_plural_verb(text, fixed):
    assert proofread(text).corrected == fixed
