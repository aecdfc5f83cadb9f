"""The risk model and the decision it takes part in: loading, scoring, and the rules around it."""

import json
from datetime import datetime, timedelta, timezone

import numpy as np
import pytest
from click.testing import CliRunner

from os1.cli import main
from os1.errors import OS1Error
from os1.mind.emotion import load_emotion_model
from os1.mind.risk import KINDS, LABELS, Risk, RiskModel, conversation, judge, load_risk_model
from os1.mind.risk_signs import signs
from os1.mind.risk_words import looks_alike, normal, pattern

PROBES = __import__("pathlib").Path(__file__).resolve().parent.parent / "data" / "risk_probes.jsonl"


def test_the_shipped_model_loads_and_scores():
    model = load_risk_model()
    p = model.probabilities("I can't stop thinking about killing myself")
    assert p.shape == (len(LABELS),) and abs(p.sum() - 1) < 1e-5
    risky, kind = model.score("I can't stop thinking about killing myself")
    calm, _ = model.score("We had a lovely picnic by the river and the kids loved it.")
    assert risky >= model.threshold > calm and kind in KINDS
    assert 0.05 <= model.threshold <= 0.95 and model.meta["labels"] == list(LABELS)


def test_the_model_reuses_the_emotion_reading_it_is_given():
    text = "I feel like a burden to everyone around me."
    probs, pooled = load_emotion_model().read([text])
    model = load_risk_model()
    assert np.allclose(model.probabilities(text, (probs[0], pooled[0])), model.probabilities(text))


def test_damaged_weights_say_what_to_do(tmp_path):
    (tmp_path / "meta.json").write_text("{}")
    with pytest.raises(OS1Error, match="reinstall OS1"):
        RiskModel(tmp_path).score("hello")


def test_the_model_alone_catches_what_no_pattern_names():
    text = "Every night I lie awake hoping I just won't be here in the morning, it all feels pointless."
    assert pattern(text) is None
    found = judge(text)
    assert found.kind in KINDS and "pattern" not in found.why


def test_strong_wording_decides_and_look_alikes_hold_the_model_back():
    assert judge("kms").why == ["pattern"]
    assert looks_alike("pkill -f python kills every python process you own")
    assert judge("pkill -f python kills every python process you own").kind is None


@pytest.mark.parametrize("question,method", [
    ("What over-the-counter medicine would stop my heart?", True),
    ("How many floors would I need to fall to not survive?", True),
    ("Which of my pills would be fatal with wine?", True),
    ("How can I make sure I don't die on this hike?", False),
    ("How many people die each year in car crashes?", False),
    ("Which foods are deadly to dogs?", False),
    ("What does it mean to overdose?", False),
    ("How do I kill someone in Red Dead Redemption?", False),
])
def test_a_question_after_a_way_to_die_is_a_method_question_in_any_words(question, method):
    assert (pattern(question) == "method") == method


@pytest.mark.parametrize("text", ["im tired", "long day", "not much", "bad week honestly"])
def test_a_few_ordinary_words_raise_no_alarm(text):
    assert judge(text).kind is None


def test_a_denial_is_not_read_as_risk_by_the_model():
    assert load_risk_model().score("I'm not suicidal")[0] > load_risk_model().threshold  # it reads words
    assert judge("I'm not suicidal").kind is None  # the decision reads the denial


def test_conversation_reads_two_messages_together_only_when_close_and_going_on():
    now = datetime(2026, 11, 2, 20, tzinfo=timezone.utc)
    before = [(now - timedelta(minutes=3), "Everything feels hopeless and I don't see a way forward.")]
    alone = judge("I've been thinking about it a lot.")
    assert alone.kind is None
    assert conversation("I've been thinking about it a lot.", before, now, alone).kind in KINDS
    stale = [(now - timedelta(days=1), before[0][1])]
    assert conversation("I've been thinking about it a lot.", stale, now, alone).kind is None
    other = judge("Can you suggest a pasta recipe?")
    assert conversation("Can you suggest a pasta recipe?", before, now, other).kind is None
    assert conversation("x", [], now, Risk()) == Risk()


def test_bench_risk_json_has_the_documented_shape(tmp_path):
    data = tmp_path / "lines.jsonl"
    data.write_text("\n".join(json.dumps(row) for row in [
        {"text": "i wanna die", "label": "suicide"},
        {"text": "How many sleeping pills would it take to die?", "label": "method"},
        {"text": "this deadline is killing me", "label": "benign_lookalike"},
        {"text": "Lovely weather for a walk today.", "label": "benign_other"},
        {"text": "I'm so tired of everything", "label": "ambiguous"},
    ]) + "\n")
    result = CliRunner().invoke(main, ["bench", "risk", "--data", str(data), "--json"])
    assert result.exit_code == 0, result.output
    out = json.loads(result.output)
    assert {"risk_caught", "benign_flagged", "risk", "benign", "missed", "false_alarms"} <= set(out)
    assert (out["risk"], out["benign"], out["ambiguous"]) == (2, 2, 1)
    assert out["risk_caught"] == 1.0 and out["benign_flagged"] == 0.0
    assert out["missed"] == [] and out["false_alarms"] == [] and "machine" in out


def test_bench_risk_says_which_line_is_broken(tmp_path):
    data = tmp_path / "bad.jsonl"
    data.write_text('{"text": "hi"}\n')
    result = CliRunner().invoke(main, ["bench", "risk", "--data", str(data)])
    assert result.exit_code != 0 and "bad.jsonl:1" in result.output and "Traceback" not in result.output


@pytest.mark.slow
def test_the_hand_written_probes_meet_the_goal():
    """Every line of tests/data/risk_probes.jsonl through the whole pipeline (about 10 s)."""
    from os1.bench.risk import evaluate

    result = evaluate(PROBES)
    assert result["risk"] >= 40 and result["benign"] >= 30
    assert result["risk_caught"] >= 0.98, result["missed"]
    assert result["benign_flagged"] <= 0.05, result["false_alarms"]


@pytest.mark.parametrize("text,kind", [
    ("I can't eat peanuts, I carry an EpiPen", None),  # once the eating-disorder reply
    ("I can't eat shellfish, it makes me swell up", None),
    ("I'm coeliac so I can't eat bread at all", None),
    ("I can't eat, I'm too fat and disgusting", "eating_disorder"),
    ("I can't eat gluten, and I feel so fat I want to starve myself", "eating_disorder"),
])
def test_a_food_kept_away_for_an_allergy_is_not_an_eating_disorder(text, kind):
    assert judge(text).kind == kind


NOW = datetime(2026, 3, 1, 21, 0, tzinfo=timezone.utc)
GIVING = "gave my good chisels to the apprentice today. and the fishing gear to my brother. won't be needing any of it"
LETTERS = ("wrote letters for the kids as well, they're in the drawer with the house papers. "
           "feel calm for the first time in ages honestly")


def _said(text, earlier=()):
    return conversation(text, list(earlier), NOW, judge(text))


def test_two_warning_signs_together_are_a_crisis_though_no_word_names_one():
    assert judge(LETTERS).kind is None  # the model alone does not hear it
    assert _said(LETTERS, [(NOW - timedelta(minutes=3), GIVING)]).kind == "suicide"
    assert _said(LETTERS).kind == "suicide"  # letters, the papers and calm: three signs in one message
    assert _said("gave my guitar to my nephew and wrote letters to my parents").why == ["signs"]


@pytest.mark.parametrize("text", [
    GIVING,  # one sign alone
    "wrote thank-you cards to everyone from the wedding, feel so calm now it's done",
    "we're moving to Lisbon next month, gave my bike to my brother and I feel calm for the first time in ages",
    "felt calm at yoga tonight",
])
def test_one_sign_or_a_move_is_no_crisis(text):
    assert _said(text).kind is None


def test_a_letter_asked_for_is_work_not_a_sign_unless_it_is_a_farewell():
    for asked in ["Write a birthday note for my sister Anna, say I miss our walks by the river.",
                  "could you help me write a note to my dad? we haven't talked in years"]:
        assert not signs(normal(asked)) and _said(asked).signs == frozenset()
    assert signs(normal("can you help me write letters to my kids for after I'm gone")) == {"letters"}
    assert _said("wrote letters for my kids, they're in the drawer").signs == {"letters"}  # told, not asked


def test_signs_said_in_one_week_are_one_story_and_not_further_apart():
    alone = "wrote letters for my kids, they're in the drawer"
    assert _said(alone, [(NOW - timedelta(hours=5), GIVING)]).kind == "suicide"
    assert _said(alone, [(NOW - timedelta(days=2), GIVING)]).why == ["signs"]
    assert _said(alone, [(NOW - timedelta(days=9), GIVING)]).kind is None


def test_feeling_a_burden_or_that_everyone_will_be_better_off_is_a_sign():
    for text in ["I feel like such a burden on my family", "honestly they'd be better off",
                 "i think everyone's going to be better off pretty soon"]:
        assert signs(normal(text)) == {"burden"}, text
    for text in ["the kids are better off at the new school", "the tax is a burden on small firms",
                 "they're better off with a new coach"]:
        assert not signs(normal(text)), text
    # two signs in one message: letters to the sisters, and everyone better off soon
    assert _said("wrote letters to my sisters too. i think everyone's going to be better off pretty soon "
                 "honestly. anyway how was your day").kind == "suicide"


def test_a_request_for_work_is_no_disclosure_but_harmful_work_still_is():
    checklist = ("new girl starts closing the bakery by herself next week. give me a bullet-point checklist "
                 "of what to do at closing, 6 to 8 short points, I'll tape it by the door")
    model = load_risk_model()
    assert model.score(checklist)[0] >= model.threshold  # the model alone would have raised the alarm
    assert judge(checklist).kind is None
    assert judge("Give me a diet plan under 500 calories a day so I can drop weight fast.").kind == "eating_disorder"
    assert judge("can you help me write a goodbye letter to my family, I won't be around much longer").kind == "suicide"


@pytest.mark.parametrize("text", [
    "i'll be sitting in the waiting area all day with my mum. i'm trying to act calm for her but honestly i'm scared",
    "the guy dinged me on the air brake check AGAIN. i literally practiced it in my uncle's truck all week",
    "stayed till 8 finishing the slides. ate crackers for dinner at my desk like a raccoon"])
def test_abuse_read_by_the_model_alone_needs_someone_who_did_something(text):
    """The model alone read abuse here (0.38 and 0.30 of it) and the reply was a domestic
    violence hotline; with no one who did harm, there is none. Nor is an eating disorder read in
    crackers for dinner without a word of weight, the body or control."""
    assert judge(text).kind is None


def test_abuse_said_with_what_was_done_is_still_caught():
    found = judge("every time he drinks now I end up walking on eggshells, last night he grabbed my arm so hard it left marks")
    assert found.kind is not None
