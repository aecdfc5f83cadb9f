"""``os1 bench memory --answer``: LoCoMo questions answered by the model from what the
companion recalls, scored by LoCoMo's token F1 against the gold answer.

What she recalls is what a turn recalls: the same ``Recall`` (retriever, ranker, score floor
and the configured token budget), its memories written as a turn's note writes them
(``think.memory_lines``: who said it, and how long ago). The recent-history window is left
out: for a question asked the day after a LoCoMo conversation it is only the end of the last
session, and it would hide those turns from recall.

The prompt is a minimal one that asks for a short phrase, as the LoCoMo paper's own QA prompt
does, not her companion's prompt: the F1 counts every extra word against the answer, so a
reply of two to four friendly sentences would be scored on its length, not on whether it
says the right thing. How she says it is what ``os1 bench talk`` measures.

F1 follows LoCoMo's evaluation (task_eval/evaluation.py): lowercase, drop punctuation and
the words a/an/the/and, Porter-stem each token; category 1 (multi-hop) answers are lists
split on commas, each gold part matched by its best predicted part; category 3 keeps the
gold answer's part before a ';'. Category 5 (unanswerable) has no gold answer and is left
out.
"""

from __future__ import annotations

import re
import string
import time
from collections import Counter, defaultdict
from collections.abc import Iterable
from datetime import datetime
from functools import lru_cache

from os1.bench.locomo import Question
from os1.bench.stats import summary
from os1.errors import OS1Error
from os1.memory.retrieve import Retriever
from os1.memory.untrusted import block
from os1.mind.recall import Recall
from os1.mind.think import memory_lines
from os1.models.base import Message, Model, Options, Reply

ANSWERED = (1, 2, 3, 4)  # LoCoMo's categories with a gold answer
SYSTEM = ("You answer questions about past conversations from the memories you are given. "
          "Answer with a short phrase, using the exact words of the memories where you can. "
          "If the memories do not tell, answer: not mentioned.")
_ARTICLES = re.compile(r"\b(a|an|the|and)\b")
_PUNCTUATION = str.maketrans("", "", string.punctuation)


@lru_cache(maxsize=1)
def _stemmer():
    try:
        from nltk.stem import PorterStemmer
    except ImportError:
        raise OS1Error("scoring answers needs nltk's Porter stemmer, as LoCoMo's evaluation "
                       "uses: `pip install 'os1[bench]'`.") from None
    return PorterStemmer()


def normalise(text: str) -> list[str]:
    """LoCoMo's normalised, stemmed tokens of an answer."""
    text = _ARTICLES.sub(" ", text.replace(",", "").lower().translate(_PUNCTUATION))
    stem = _stemmer().stem
    return [stem(word) for word in text.split()]


def token_f1(prediction: str, gold: str) -> float:
    """The harmonic mean of token precision and recall after ``normalise``."""
    said, wanted = normalise(prediction), normalise(gold)
    same = sum((Counter(said) & Counter(wanted)).values())
    if not same:
        return 0.0
    precision, recall = same / len(said), same / len(wanted)
    return 2 * precision * recall / (precision + recall)


def answer_f1(prediction: str, gold: str, category: int) -> float:
    """The F1 LoCoMo gives an answer of this category."""
    if category == 3:
        gold = gold.split(";")[0].strip()
    if category != 1:
        return token_f1(prediction, gold)
    said = [p.strip() for p in prediction.split(",")]
    parts = [g.strip() for g in gold.split(",")]
    return sum(max(token_f1(p, g) for p in said) for g in parts) / len(parts)


def answerable(question: Question) -> bool:
    return question.category in ANSWERED and bool(question.evidence) and bool(question.answer.strip())


def spread(total: int, limit: int | None) -> set[int]:
    """Which of ``total`` questions to answer: ``limit`` of them evenly spread over the file
    (so every conversation and category has its share), or all."""
    if limit is None or limit >= total:
        return set(range(total))
    return {i * total // limit for i in range(limit)}


class Answerer:
    """Answers the chosen questions as they come, and scores them."""

    def __init__(self, model: Model, options: Options, recall_tokens: int, chosen: Iterable[int]):
        self.model, self.options, self.recall_tokens = model, options, recall_tokens
        self.chosen = set(chosen)
        self.seen = 0
        self.answers: list[dict] = []
        self.times: list[float] = []

    def offer(self, retriever: Retriever, user: int, now: datetime, question: Question) -> bool:
        """Answer ``question`` if it is one of the chosen; whether it was."""
        if not answerable(question):
            return False
        index, self.seen = self.seen, self.seen + 1
        if index not in self.chosen:
            return False
        recall = Recall(retriever.memories.store, retriever, max_turns=0,
                        memory_budget=self.recall_tokens)
        ctx = recall.recall(user, question.text, now)
        found = memory_lines(ctx, now) if ctx.memories else ""
        messages = [Message("system", SYSTEM),
                    Message("user", f"Memories:\n{block([found or '(none)'])}\n\n"
                                    f"Question: {question.text}\nShort answer:")]
        started = time.perf_counter()
        said = "".join(Reply(self.model.stream(messages, self.options))).strip()
        self.times.append(time.perf_counter() - started)
        self.answers.append({"question": question.text, "category": question.category,
                             "gold": question.answer, "answer": said,
                             "f1": round(answer_f1(said, question.answer, question.category), 4),
                             "recalled": len(ctx.memories)})
        return True

    def result(self) -> dict:
        per = defaultdict(list)
        for item in self.answers:
            per[str(item["category"])].append(item["f1"])
        mean = lambda values: round(sum(values) / len(values), 4) if values else None  # noqa: E731
        scores = {c: mean(per[c]) for c in ("1", "2", "3", "4")}
        scores["1-4"] = mean([item["f1"] for item in self.answers])
        return {"answer_f1": scores, "answered": len(self.answers),
                "answered_by_category": {c: len(per[c]) for c in ("1", "2", "3", "4")},
                "answer_s": summary(self.times), "answer_model": self.model.model_id,
                "answers": self.answers}
