"""Train the two mail models that ship in ``os1/data/mail`` (read by ``os1.mail.intent`` and
``os1.mail.triage``), with numpy alone:

    python scripts/train_mail.py --intent shared/data/email/intent_train.tsv \
        --triage shared/data/email/enron_dev.jsonl [--work /tmp/mail-train]

- intent: lines ``Yes|No<TAB>sentence``. A fifth of the sentences, chosen by a hash of the
  text (``linear.held_out``), is held out: never trained on and never used to choose a
  setting. The settings below were chosen by 5-fold cross-validation on the other four
  fifths; the model is then fitted on those four fifths and scored once on the held-out fifth.
- triage: the Berkeley Enron annotations (one JSON message a line, the coarse genre in
  ``folder``), held out the same way by message id.

Both files also get the plain bag-of-words baseline fitted on the same rows, and the
fingerprints of the training rows, so ``os1 bench`` can tell rows it has seen from new ones.
Embeddings (e5, about 3 minutes for each set on 2 cores) are cached in ``--work``.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from os1.mail import intent, linear, triage
from os1.mail.message import from_record
from os1.memory.embed import load_embedder

OUT = Path(__file__).resolve().parent.parent / "os1" / "data" / "mail"
# Chosen by 5-fold cross-validation on the training part (see --cv): the words kept, the
# regularisation, and the probability above which a sentence counts as a request.
INTENT_WORDS, INTENT_L2, INTENT_THRESHOLD = 1000, 300.0, 0.4
TRIAGE_WORDS, TRIAGE_L2, TRIAGE_POWER = 2000, 100.0, 0.75  # POWER: how far rare genres are weighed up
BASELINE_WORDS, BASELINE_L2 = 5000, 10.0


def embedded(work: Path, name: str, texts: list[str]) -> np.ndarray:
    cache = work / f"{name}-e5.npy"
    if cache.exists():
        vectors = np.load(cache)
        if len(vectors) == len(texts):
            return vectors
    embedder = load_embedder("e5")
    vectors = np.vstack([embedder.embed(texts[i:i + 32]) for i in range(0, len(texts), 32)])
    np.save(cache, vectors)
    return vectors


def read_intent(path: Path) -> tuple[list[str], np.ndarray]:
    texts, labels = [], []
    for line in path.read_text(encoding="utf-8").splitlines():
        label, _, text = line.partition("\t")
        if text.strip() and label in ("Yes", "No"):
            texts.append(text.strip())
            labels.append(int(label == "Yes"))
    return texts, np.array(labels)


def cross_validate(n: int, fit_predict, k: int = 5) -> np.ndarray:
    """Out-of-fold predictions for rows 0..n-1."""
    out = None
    for fold in linear.folds(n, k):
        rest = np.setdiff1d(np.arange(n), fold)
        predicted = fit_predict(rest, fold)
        if out is None:
            out = np.zeros((n, *predicted.shape[1:]), dtype=predicted.dtype)
        out[fold] = predicted
    return out


def train_intent(path: Path, work: Path, cv: bool) -> dict:
    texts, y = read_intent(path)
    vectors = embedded(work, "intent", texts)
    held = np.array([linear.held_out(t) for t in texts])
    tr, te = np.where(~held)[0], np.where(held)[0]

    def fit_full(rows):
        chosen = [texts[i] for i in rows]
        vocabulary = intent.StartVocabulary.build(chosen, limit=INTENT_WORDS)
        model = linear.fit(intent.features(chosen, vectors[rows], vocabulary), y[rows], 2, l2=INTENT_L2)
        return model, vocabulary

    def fit_bow(rows):
        chosen = [texts[i] for i in rows]
        vocabulary = linear.Vocabulary.build(chosen, limit=BASELINE_WORDS)
        return linear.fit(vocabulary.matrix(chosen), y[rows], 2, l2=BASELINE_L2), vocabulary

    figures: dict = {"data": path.name, "sentences": len(texts), "trained_on": len(tr),
                     "held_out_rows": len(te), "threshold": INTENT_THRESHOLD}
    if cv:
        def predict(rest, fold):
            model, vocabulary = fit_full(tr[rest])
            chosen = [texts[i] for i in tr[fold]]
            return model.probabilities(intent.features(chosen, vectors[tr[fold]], vocabulary))[:, 1]

        p = cross_validate(len(tr), predict)
        figures["cv5_on_training_part"] = linear.f1_for(y[tr], (p >= INTENT_THRESHOLD).astype(int), 1)
        print("intent, 5-fold CV on the training part:", figures["cv5_on_training_part"], flush=True)
    model, vocabulary = fit_full(tr)
    baseline, baseline_vocabulary = fit_bow(tr)
    held_texts = [texts[i] for i in te]
    p = model.probabilities(intent.features(held_texts, vectors[te], vocabulary))[:, 1]
    figures["held_out"] = linear.f1_for(y[te], (p >= INTENT_THRESHOLD).astype(int), 1)
    figures["held_out_bag_of_words"] = linear.f1_for(
        y[te], (baseline.probabilities(baseline_vocabulary.matrix(held_texts))[:, 1] >= 0.5)
        .astype(int), 1)
    print("intent, held out:", figures["held_out"], "bag of words:", figures["held_out_bag_of_words"])
    intent.IntentModel(model, vocabulary, baseline, baseline_vocabulary, INTENT_THRESHOLD,
                       frozenset(linear.fingerprint(texts[i]) for i in tr),
                       int(np.bincount(y[tr]).argmax())).save(OUT / "intent.npz")
    return figures


def train_triage(path: Path, work: Path, cv: bool) -> dict:
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    rows = [r for r in rows if f"1.{r['folder']}" in triage.GENRES]
    mails = [from_record(r) for r in rows]
    y = np.array([triage.GENRES.index(f"1.{r['folder']}") for r in rows])
    vectors = embedded(work, "triage", [triage.embed_text(m) for m in mails])
    held = np.array([linear.held_out(str(r["id"])) for r in rows])
    tr, te = np.where(~held)[0], np.where(held)[0]
    classes = len(triage.GENRES)

    def fit_full(idx):
        chosen = [mails[i] for i in idx]
        vocabulary = linear.Vocabulary.build([triage.bag_text(m) for m in chosen], limit=TRIAGE_WORDS)
        model = linear.fit(triage.features(chosen, vectors[idx], vocabulary), y[idx], classes,
                           l2=TRIAGE_L2, power=TRIAGE_POWER)
        return model, vocabulary

    def fit_bow(idx):
        bags = [triage.bag_text(mails[i]) for i in idx]
        vocabulary = linear.Vocabulary.build(bags, limit=BASELINE_WORDS)
        return linear.fit(vocabulary.matrix(bags), y[idx], classes, l2=BASELINE_L2), vocabulary

    labels = list(range(classes))
    figures: dict = {"data": path.name, "messages": len(rows), "trained_on": len(tr),
                     "held_out_rows": len(te)}
    if cv:
        def predict(rest, fold):
            model, vocabulary = fit_full(tr[rest])
            chosen = [mails[i] for i in tr[fold]]
            return model.probabilities(triage.features(chosen, vectors[tr[fold]], vocabulary)).argmax(1)

        p = cross_validate(len(tr), predict)
        figures["cv5_on_training_part"] = linear.accuracy_and_macro_f1(y[tr], p, labels)
        print("triage, 5-fold CV on the training part:", figures["cv5_on_training_part"], flush=True)
    model, vocabulary = fit_full(tr)
    baseline, baseline_vocabulary = fit_bow(tr)
    chosen = [mails[i] for i in te]
    p = model.probabilities(triage.features(chosen, vectors[te], vocabulary)).argmax(1)
    b = baseline.probabilities(baseline_vocabulary.matrix([triage.bag_text(m) for m in chosen])).argmax(1)
    majority = int(np.bincount(y[tr], minlength=classes).argmax())
    figures["held_out"] = linear.accuracy_and_macro_f1(y[te], p, labels)
    figures["held_out_bag_of_words"] = linear.accuracy_and_macro_f1(y[te], b, labels)
    figures["held_out_majority"] = linear.accuracy_and_macro_f1(y[te], [majority] * len(te), labels)
    print("triage, held out:", figures["held_out"], "bag of words:", figures["held_out_bag_of_words"],
          "majority:", figures["held_out_majority"])
    triage.TriageModel(model, vocabulary, baseline, baseline_vocabulary,
                       frozenset(linear.fingerprint(triage.bag_text(mails[i])) for i in tr),
                       majority).save(OUT / "triage.npz")
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--intent", type=Path)
    parser.add_argument("--triage", type=Path)
    parser.add_argument("--work", type=Path, default=Path("/tmp/mail-train"))
    parser.add_argument("--cv", action="store_true", help="also report 5-fold cross-validation")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    OUT.mkdir(parents=True, exist_ok=True)
    meta_path = OUT / "meta.json"
    meta = json.loads(meta_path.read_text()) if meta_path.exists() else {}
    if args.intent:
        meta["intent"] = train_intent(args.intent, args.work, args.cv)
    if args.triage:
        meta["triage"] = train_triage(args.triage, args.work, args.cv)
    meta_path.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
