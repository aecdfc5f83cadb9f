"""Request detection: the shipped model, the linear fitting under it, and its bench."""

from __future__ import annotations

import json

import numpy as np
import pytest

from os1.mail import linear
from os1.mail.intent import load_intent_model, mail_embedder, sentences


def test_fit_separates_two_classes_and_scores_them():
    rng = np.random.default_rng(1)
    x = np.vstack([rng.normal(-2, 1, (50, 3)), rng.normal(2, 1, (50, 3))])
    y = np.array([0] * 50 + [1] * 50)
    model = linear.fit(x, y, 2, l2=1.0)
    predicted = model.probabilities(x).argmax(1)
    assert (predicted == y).mean() > 0.95
    assert linear.f1_for(y, predicted, 1)["f1"] > 0.95
    assert linear.accuracy_and_macro_f1([0, 0, 1], [0, 0, 0], [0, 1]) == {
        "accuracy": 0.6667, "macro_f1": 0.4}


def test_held_out_split_is_stable():
    texts = [f"sentence {i}" for i in range(1000)]
    first = [linear.held_out(t) for t in texts]
    assert first == [linear.held_out(t) for t in texts]
    assert 0.15 < sum(first) / len(first) < 0.25


def test_the_shipped_model_tells_requests_from_statements():
    model = load_intent_model()
    asks = ["Could you send me the signed contract by Friday?",
            "Please call Sara about the budget meeting tomorrow.",
            "Let me know if you can make it to the review on Tuesday."]
    tells = ["The meeting went well yesterday and everyone agreed.",
             "I was out of the office all of last week.",
             "Our quarterly results were published on Monday."]
    assert model.is_request(asks, mail_embedder()) == [True, True, True]
    assert model.is_request(tells, mail_embedder()) == [False, False, False]


def test_sentences_split_a_body():
    body = "Hi Ann,\nthanks for the draft.  Could you\nsend the figures? I need them today.\n\n-- Bob"
    assert sentences(body) == ["Hi Ann, thanks for the draft.", "Could you send the figures?",
                               "I need them today.", "-- Bob"]


def test_bench_intent_scores_a_file_beside_its_baselines(run, tmp_path):
    data = tmp_path / "intent.tsv"
    data.write_text("Yes\tCould you review the attached memo before noon tomorrow?\n"
                    "Yes\tPlease fax the signed copy to my office.\n"
                    "No\tThe gas prices in California rose again this week.\n"
                    "No\tI had a great time at the conference in Houston.\n", encoding="utf-8")
    result = json.loads(run("bench", "intent", "--data", str(data), "--json").output)
    assert result["sentences"] == 4 and result["skipped_trained_on"] == 0
    assert result["f1_yes"] == 1.0
    assert result["majority_floor"] == {"f1_yes": 0.0, "precision_yes": 0.0, "recall_yes": 0.0,
                                        "label": "No"}
    assert result["always_yes"]["precision_yes"] == 0.5
    assert set(result["bag_of_words"]) == {"f1_yes", "precision_yes", "recall_yes"}


def test_bench_intent_refuses_a_malformed_line(run, tmp_path):
    data = tmp_path / "bad.tsv"
    data.write_text("Maybe\tHello there\n", encoding="utf-8")
    from click.testing import CliRunner

    from os1.cli import main

    result = CliRunner().invoke(main, ["bench", "intent", "--data", str(data)])
    assert result.exit_code == 1 and "is not `Yes|No<TAB>sentence`" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("text", ["", "   "])
def test_no_sentences_no_requests(text):
    assert load_intent_model().probabilities(sentences(text), mail_embedder()).shape == (0,)
