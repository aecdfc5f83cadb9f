"""The shipped emotion model on sentences whose feeling is plain, and its benchmark plumbing."""

import json

import pytest
from click.testing import CliRunner

from os1.bench.emotion import evaluate
from os1.cli import main
from os1.errors import OS1Error
from os1.mind.emotion import AFFECT, EmotionModel, WordPiece, load_emotion_model

PLAIN = [
    ("I'm so happy today, this is the best day of my life!", "joy", 1),
    ("Thank you so much for helping me, I really appreciate it.", "gratitude", 1),
    ("I am furious, how dare they treat me like this!", "anger", -1),
    ("My grandmother died last night and I can't stop crying.", "sadness", -1),
    ("I'm terrified that something is in the house with me.", "fear", -1),
]


@pytest.fixture(scope="module")
def model():
    return load_emotion_model()


@pytest.mark.parametrize("text,label,sign", PLAIN)
def test_plain_feelings_get_the_right_label_and_valence(model, text, label, sign):
    (emotions,) = model.predict([text])
    assert emotions.labels[0] == label, emotions.scores
    assert emotions.valence * sign > 0.2
    assert 0 <= emotions.arousal <= 1 and 0 < emotions.confidence <= 1


def test_a_plain_statement_is_neutral(model):
    (emotions,) = model.predict(["The meeting was moved to Thursday at three."])
    assert emotions.labels == ["neutral"]
    assert abs(emotions.valence) < 0.3


def test_every_label_has_a_place_and_scores_are_probabilities(model):
    (emotions,) = model.predict(["ok"])
    assert set(emotions.scores) == set(AFFECT) and len(AFFECT) == 28
    assert all(0 <= p <= 1 for p in emotions.scores.values())
    assert emotions.labels  # never empty, even when nothing passes its threshold


def test_fear_is_more_aroused_than_sadness(model):
    afraid, sad = model.predict(["I'm terrified, someone is breaking in!", "I feel so sad and tired."])
    assert afraid.arousal > sad.arousal


def test_wordpiece_splits_like_bert():
    vocab = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "i", "love", "un", "##believ", "##able", "!", "cafe"]
    tokens = WordPiece(vocab)
    assert tokens.encode("I LOVE unbelievable!") == [2, 4, 5, 6, 7, 8, 9, 3]
    assert tokens.encode("Café zzz") == [2, 10, 1, 3]


def test_missing_weights_say_so_in_one_line(tmp_path):
    with pytest.raises(OS1Error, match="emotion model") as raised:
        EmotionModel(tmp_path).predict(["hello"])
    assert "\n" not in str(raised.value)


@pytest.fixture
def tiny_tsv(tmp_path, model):
    ids = {label: i for i, label in enumerate(model.labels)}
    rows = [(text, str(ids[label])) for text, label, _ in PLAIN]
    rows.append(("The meeting was moved to Thursday at three.", str(ids["neutral"])))
    path = tmp_path / "tiny.tsv"
    path.write_text("".join(f"{text}\t{labels}\tid{i}\n" for i, (text, labels) in enumerate(rows)))
    return path


def test_evaluate_scores_a_small_file(tiny_tsv, model):
    result = evaluate(tiny_tsv, model)
    assert result["texts"] == 6
    assert result["micro_f1"] > 0.6
    assert result["per_label"]["gratitude"] == 1.0
    assert result["per_label"]["grief"] == 0.0  # absent and never predicted
    assert 0 < result["latency_ms"]["p50"] <= result["latency_ms"]["p95"]


def test_cli_bench_emotion(tiny_tsv):
    runner = CliRunner()
    as_json = runner.invoke(main, ["bench", "emotion", "--data", str(tiny_tsv), "--json"])
    assert as_json.exit_code == 0, as_json.output
    result = json.loads(as_json.stdout)
    assert {"macro_f1", "micro_f1", "per_label", "latency_ms", "machine"} <= set(result)
    table = runner.invoke(main, ["bench", "emotion", "--data", str(tiny_tsv)])
    assert table.exit_code == 0 and "macro-F1" in table.stdout and "gratitude" in table.stdout
