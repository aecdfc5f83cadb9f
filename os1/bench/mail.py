"""``os1 bench intent`` and ``os1 bench triage``: how well the shipped mail models do, beside
the floor of always answering the most common class and a plain bag-of-words model.

Nothing is tuned here. The models ship with the fingerprints of the rows they were trained on,
so a file that holds some of them (the development data) is scored on the rows the models never
saw, and the count of rows left out is printed; a new file is scored whole.
"""

from __future__ import annotations

from pathlib import Path

from os1.bench.lines import json_lines
from os1.errors import OS1Error
from os1.mail import linear
from os1.mail.intent import IntentModel, load_intent_model
from os1.mail.message import from_record
from os1.mail.triage import GENRE_NAMES, GENRES, TriageModel, load_triage_model


def read_intent(path: Path) -> tuple[list[str], list[int]]:
    texts, labels = [], []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        label, tab, text = line.partition("\t")
        if not tab or label.strip() not in ("Yes", "No") or not text.strip():
            raise OS1Error(f"{path}:{number} is not `Yes|No<TAB>sentence`.")
        texts.append(text.strip())
        labels.append(int(label.strip() == "Yes"))
    if not texts:
        raise OS1Error(f"{path} holds no `Yes|No<TAB>sentence` lines.")
    return texts, labels


def _scores(truth: list[int], predicted) -> dict:
    f = linear.f1_for(truth, predicted, 1)
    return {"f1_yes": f["f1"], "precision_yes": f["precision"], "recall_yes": f["recall"]}


def intent(path: Path, embedder, model: IntentModel | None = None) -> dict:
    model = model or load_intent_model()
    texts, labels = read_intent(path)
    keep = [i for i, t in enumerate(texts) if not model.seen(t)] or list(range(len(texts)))
    skipped = len(texts) - len(keep) if len(keep) < len(texts) else 0
    texts, labels = [texts[i] for i in keep], [labels[i] for i in keep]
    predicted = [int(x) for x in model.is_request(texts, embedder)]
    result = {**_scores(labels, predicted), "sentences": len(texts),
              "skipped_trained_on": skipped, "requests": sum(labels),
              "majority_floor": {**_scores(labels, [model.majority] * len(texts)),
                                 "label": "Yes" if model.majority else "No"},
              "always_yes": _scores(labels, [1] * len(texts)),
              "bag_of_words": _scores(labels, model.baseline_predict(texts)),
              "embedder": embedder.model_id}
    return result


def read_triage(path: Path) -> list[dict]:
    rows = []
    for number, row in json_lines(path):
        if not isinstance(row, dict) or (genre := _genre(row)) is None:
            raise OS1Error(f"{path}:{number} has no coarse genre (`folder` 1-8, or a 1.x category).")
        rows.append({**row, "genre": genre})
    if not rows:
        raise OS1Error(f"{path} holds no messages.")
    return rows


def _genre(row: dict) -> str | None:
    """The coarse genre: the annotation's folder, else its most-voted 1.x category."""
    folder = row.get("folder")
    if folder is not None and f"1.{folder}" in GENRES:
        return f"1.{folder}"
    cats = [c for c in row.get("categories") or [] if str(c.get("cat", "")).startswith("1.")]
    if cats:
        best = max(cats, key=lambda c: c.get("votes", 0))
        return best["cat"] if best["cat"] in GENRES else None
    return None


def triage(path: Path, embedder, model: TriageModel | None = None) -> dict:
    model = model or load_triage_model()
    rows = read_triage(path)
    mails = [from_record(r) for r in rows]
    keep = [i for i, m in enumerate(mails) if not model.seen(m)] or list(range(len(mails)))
    skipped = len(mails) - len(keep) if len(keep) < len(mails) else 0
    mails = [mails[i] for i in keep]
    truth = [GENRES.index(rows[i]["genre"]) for i in keep]
    labels = list(range(len(GENRES)))
    predicted = [GENRES.index(g) for g in model.genres(mails, embedder)]
    baseline = [GENRES.index(g) for g in model.baseline_genres(mails)]
    per_genre = {GENRE_NAMES[g]: {"n": truth.count(i), **linear.f1_for(truth, predicted, i)}
                 for i, g in enumerate(GENRES) if truth.count(i)}
    return {**linear.accuracy_and_macro_f1(truth, predicted, labels), "messages": len(mails),
            "skipped_trained_on": skipped,
            "majority_floor": {**linear.accuracy_and_macro_f1(truth, [model.majority] * len(truth),
                                                               labels),
                               "label": GENRE_NAMES[GENRES[model.majority]]},
            "bag_of_words": linear.accuracy_and_macro_f1(truth, baseline, labels),
            "per_genre": per_genre, "embedder": embedder.model_id}
