"""The scorer of ``os1 bench talk``: sentence counting, lists, the regex keys, and the file."""

from __future__ import annotations

import json

import pytest

from os1.bench.talk_checks import Check, Tally, has_list, judge, read, scenario, sentences
from os1.errors import OS1Error


@pytest.mark.parametrize("text, count", [
    ("", 0),
    ("Hello there.", 1),
    ("Hello there. How are you? Fine!", 3),
    ("Wait... what?! Really…  yes", 4),  # a run of marks ends one sentence
    ("She said \"go home.\" Then she left.", 2),  # a closing quote goes with its sentence
    ("(That was fun.) Again?", 2),
    ("It costs 3.50 today, e.g. now", 2),  # no whitespace after the first '.', so no break
    ("First line\nsecond line\n\nthird", 3),  # every line break ends one; empty pieces don't count
    ("Congrats! 🎉🎉", 1),  # an emoji alone is not a sentence
    ("Okay. 🙂\n💛", 1),
    ("Done.", 1),  # the last mark, at the end, is followed by nothing: still one
    ("Ça va? Très bien.", 2),  # letters of any script
    ("1. 2. 3.", 3),  # digits count as words
])
def test_sentences(text, count):
    assert sentences(text) == count


@pytest.mark.parametrize("text, listed", [
    ("- eggs\n- milk", True),
    ("  * eggs", True),
    ("• eggs", True),
    ("1. Boil water\n2) Add pasta", True),
    ("Try **pasta** tonight.", True),
    ("A - B is not a list line, and 3.5 is a number.", False),
    ("-not a list (no space)", False),
    ("I'd say 2. Maybe three.", False),  # '2.' not at the start of a line
    ("*shrugs* fine", False),
])
def test_has_list(text, listed):
    assert has_list(text) is listed


def test_judge_each_key():
    check = Check(any=("boston", "massachusetts"), all=("sister|anna", "new"),
                  none=("chicago",), no_list=True, max_sentences=2)
    assert judge(check, "Your sister moved to Boston for her new job. How is she?") == []
    why = judge(check, "- Anna lives in Chicago.\nIt's a new start. Exciting!")
    assert why[0].startswith("none of")
    assert "said 'Chicago'" in why[1]
    assert why[2] == "a list or **bold**"
    assert why[3] == "3 sentences (at most 2)"
    assert judge(check, "Boston, for the job.") == ["missing ['sister|anna', 'new']"]


def test_judge_ignores_case_and_takes_curly_quotes():
    check = Check(none=("i['’]?m (a )?human",), any=("\\bAI\\b",))
    assert judge(check, "I'm an ai, not a person.") == []
    assert judge(check, "Honestly? I’m human, and an AI.") != []


def test_an_empty_check_passes_anything():
    assert judge(Check(), "") == []


def _line(**changes) -> str:
    item = {"id": "a", "category": "recall",
            "turns": [{"user": "hi"}, {"user": "again", "after_days": 2, "check": {"any": ["x"]}}]}
    item.update(changes)
    return json.dumps(item)


def test_read_a_file(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text(_line() + "\n\n" + _line(id="b", name="Sam") + "\n", encoding="utf-8")
    first, second = read(path)
    assert (first.id, first.line, first.checked) == ("a", 1, 1)
    assert first.turns[0].after_days is None and first.turns[1].after_days == 2
    assert (second.name, second.line) == ("Sam", 3)


@pytest.mark.parametrize("line, says", [
    ("{not json", "2:"),
    (_line(turns=[]), "\"turns\" must be a non-empty list"),
    (_line(turns=[{"user": "hi", "check": {"anyy": ["x"]}}]), "unknown check key"),
    (_line(turns=[{"user": "hi", "check": {"any": ["(unclosed"]}}]), "bad regex"),
    (_line(turns=[{"user": "hi", "check": {"any": "boston"}}]), "list of regexes"),
    (_line(turns=[{"user": "hi", "check": {"max_sentences": 0}}]), "max_sentences"),
    (_line(turns=[{"user": "hi", "after_days": -1}]), "after_days"),
    (_line(turns=[{"text": "hi"}]), "non-empty \"user\""),
    (_line(id=""), "\"id\""),
    (_line(), "used twice"),
])
def test_a_bad_line_is_named(tmp_path, line, says):
    path = tmp_path / "s.jsonl"
    path.write_text(_line() + "\n" + line + "\n", encoding="utf-8")
    with pytest.raises(OS1Error) as caught:
        read(path)
    message = str(caught.value)
    assert f"{path}:2:" in message and says in message and "\n" not in message


def test_an_empty_file_is_an_error(tmp_path):
    path = tmp_path / "s.jsonl"
    path.write_text("\n", encoding="utf-8")
    with pytest.raises(OS1Error, match="no scenarios"):
        read(path)


def test_tally():
    tally = Tally()
    for category, ok in (("recall", True), ("recall", False), ("feeling", True)):
        tally.add(category, ok)
    assert (tally.passed, tally.checks) == (2, 3)
    assert tally.rates() == (0.6667, {"feeling": 1.0, "recall": 0.5})
    assert Tally().rates() == (None, {})


def test_scenario_rejects_a_non_object():
    with pytest.raises(ValueError):
        scenario(["id"])
