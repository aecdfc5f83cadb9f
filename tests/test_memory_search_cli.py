"""``os1 memory search`` shows its hits best first, by the score it prints."""

from __future__ import annotations

from os1 import config

ANSWERS = "Theodore\nSocial, mostly\nIt's complicated\nGently, with humour\nMy mail\n"


def test_search_prints_hits_in_score_order(run):
    run("setup", input=ANSWERS + "Wren\n")
    config.save_setting("fake.replies", ["Tell me more.", "Oh?", "I see.", "Go on."])
    run("chat", input="My garden has tomatoes and beans.\n"
                      "The tomatoes in the garden got a blight last summer.\n"
                      "I watered the beans this morning before work.\n"
                      "My neighbour grows tomatoes too, bigger than mine.\n"
                      "Work was long today, a garden would have been nicer.\n")
    found = run("memory", "search", "tomatoes", "garden", "-k", "8")
    rows = [line.split() for line in found.output.splitlines()[1:] if line[:1].isdigit()]
    scores = [float(row[4]) for row in rows]  # id, date, time, kind, score, memory…
    assert len(scores) >= 3
    assert scores == sorted(scores, reverse=True)
