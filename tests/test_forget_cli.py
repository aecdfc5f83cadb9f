"""``os1 memory forget --about`` and ``os1 erase``, through the real CLI."""

from click.testing import CliRunner

from os1 import config
from os1.cli import main

SECRET = "zebra4417"


def traces(home, secret=SECRET) -> list[str]:
    """Files under the data dir that hold ``secret`` in any case."""
    return [str(p) for p in home.rglob("*") if p.is_file() and secret.encode() in p.read_bytes().lower()]


def test_forget_about_asks_shows_and_forgets(run, os1_home):
    assert run("ask", f"My locker code is {SECRET.upper()}.").exit_code == 0
    assert run("ask", "I like long walks by the sea.").exit_code == 0
    kept = run("memory", "forget", "--about", SECRET, input="n\n")
    assert "Kept." in kept.output and SECRET.upper() in kept.output  # shown before it asks
    assert traces(os1_home)
    gone = run("memory", "forget", "--about", SECRET, input="y\n")
    assert "is gone" in gone.output, gone.output
    assert "Nothing matches." in run("memory", "search", SECRET).output
    assert traces(os1_home) == []  # the store was closed: the log is empty, no copy waits there
    assert "walks" in run("memory", "list").output
    assert "Nothing mentions that." in run("memory", "forget", "--about", SECRET).output


def test_forget_needs_an_id_or_about(run):
    result = CliRunner().invoke(main, ["memory", "forget"])
    assert result.exit_code == 2 and "--about" in result.output


def test_erase_asks_for_the_word_then_leaves_only_the_models(run, os1_home):
    run("ask", f"My locker code is {SECRET}.")
    (os1_home / "models").mkdir(exist_ok=True)
    (os1_home / "models" / "shared.gguf").write_bytes(b"GGUF weights")
    assert "Nothing erased." in run("erase", input="yes\n").output
    assert traces(os1_home)
    result = run("erase", input="erase\n")
    assert "Erased" in result.output, result.output
    assert sorted(p.name for p in os1_home.iterdir()) == ["models"]
    assert (os1_home / "models" / "shared.gguf").read_bytes() == b"GGUF weights"
    assert not config.config_path().exists()
    assert "Nothing remembered yet." in run("memory", "list").output  # a fresh start works


def test_forgetting_a_fact_says_what_goes_with_it(run, os1_home):
    run("ask", "I live in Zelda.")
    listed = run("memory", "list", "--kind", "fact").output
    fact_id = next(line.split()[0] for line in listed.splitlines() if "Zelda" in line)
    result = run("memory", "forget", fact_id, input="y\n")
    assert "in 5 memories and conversations" in result.output and "is gone" in result.output
    assert "zelda" not in run("memory", "export").output.lower()


def test_the_people_in_your_life_are_shown_with_where_each_came_from(run, os1_home):
    assert "No one yet" in run("memory", "people").output
    run("ask", "My sister Anna lives in Boston.")
    run("ask", "Anna moved to Chicago.")
    shown = run("memory", "people").output
    assert "People in your life" in shown and "Your sister Anna lives in Chicago." in shown
    assert "lives in Chicago (from" in shown and "Boston" not in shown
    assert "lives in Boston (from" in run("memory", "people", "--all").output
    result = run("memory", "forget", "--about", "Anna", input="y\n")
    assert "a person in your life: sister Anna" in result.output
    assert "No one yet" in run("memory", "people").output


def test_forgetting_the_turn_a_letter_was_asked_in_says_the_letter_goes_and_takes_it(run, os1_home):
    asked = run("ask", "Write a birthday note for my sister Anna, say I miss our walks by the river in Quillon.")
    assert asked.exit_code == 0 and "first draft" in asked.output, asked.output
    assert "Anna" in run("letter", "list").output
    listed = run("memory", "list").output
    turn_id = next(line.split()[0] for line in listed.splitlines() if "birthday note" in line)
    kept = run("memory", "forget", turn_id, input="n\n")
    assert "to Anna was drawn from it" in kept.output and "Kept." in kept.output, kept.output
    gone = run("memory", "forget", turn_id, input="y\n")
    assert "is gone" in gone.output, gone.output
    assert "Anna" not in run("letter", "list").output
    assert traces(os1_home, "quillon") == []
