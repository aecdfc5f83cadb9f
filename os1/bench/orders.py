"""``os1 bench orders``: how often ``untrusted.reads_as_instruction`` refuses a text.

Each line of a JSON-lines file is one text (its ``text`` field, or another one named); the
share refused is counted for the whole file and for each group a line names (its ``kind``,
``category`` or ``label``). Run it on attack texts for the share caught, and on benign texts
with the same trigger words for the share refused wrongly. Nothing is tuned here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from os1.bench.lines import json_lines
from os1.errors import OS1Error
from os1.memory.untrusted import reads_as_instruction

GROUPS = ("kind", "category", "label")


def measure(path: Path, field: str = "text", examples: int = 5) -> dict:
    """{"file", "texts", "refused", "share", "groups": {group: {"texts", "refused", "share"}},
    "refused_examples", "kept_examples"} for the texts of one JSON-lines file."""
    seen, refused, by_group = 0, 0, {}  # type: int, int, dict[str, Counter[str]]
    kept_examples, refused_examples = [], []  # type: list[str], list[str]
    for _number, row in json_lines(path):
        if not isinstance(row, dict):
            continue  # not an object: no text
        text = row.get(field)
        if not isinstance(text, str) or not text.strip():
            continue  # a line without this text (an empty default, say) says nothing
        group = next((str(row[g]) for g in GROUPS if row.get(g) is not None), "")
        hit = reads_as_instruction(text)
        seen += 1
        refused += hit
        counts = by_group.setdefault(group, Counter())
        counts["texts"] += 1
        counts["refused"] += hit
        (refused_examples if hit else kept_examples).append(text)
    if not seen:
        raise OS1Error(f"{path} has no `{field}` texts; name the field with --field.")
    return {"file": path.name, "field": field, "texts": seen, "refused": refused,
            "share": refused / seen,
            "groups": {g: {"texts": c["texts"], "refused": c["refused"],
                           "share": c["refused"] / c["texts"]} for g, c in sorted(by_group.items())},
            "refused_examples": refused_examples[:examples], "kept_examples": kept_examples[:examples]}
