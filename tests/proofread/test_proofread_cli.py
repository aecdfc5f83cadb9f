"""``os1 proofread`` and ``os1 bench proofread`` through the real CLI."""

import json

SENTENCE = "Their going to the beach tomorow"


def test_yes_prints_the_corrected_text_from_stdin(run):
    result = run("proofread", "--yes", "-", input=SENTENCE + "\n")
    assert result.exit_code == 0
    assert result.stdout == "They're going to the beach tomorrow.\n"


def test_each_change_is_asked_about(run, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(SENTENCE + "\n")
    result = run("proofread", str(path), input="y\nn\nx\ny\n")  # x is asked again
    assert result.exit_code == 0
    assert "they're = they are" in result.stderr and "spelling" in result.stderr
    assert result.stdout.endswith("They're going to the beach tomorow.\n")
    assert "2 of 3 accepted" in result.stderr


def test_a_accepts_the_rest_and_q_rejects_it(run, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text(SENTENCE + "\n")
    accepted = run("proofread", str(path), input="n\na\n")
    assert accepted.stdout.endswith("Their going to the beach tomorrow.\n")
    rejected = run("proofread", str(path), input="y\nq\n")
    assert rejected.stdout.endswith("They're going to the beach tomorow\n")


def test_json_gives_changes_with_spans_and_reasons(run, tmp_path):
    path = tmp_path / "note.txt"
    path.write_text("My favourite colour is grey")
    out = json.loads(run("proofread", "--json", str(path)).stdout)
    assert out["english"] == "en-GB" and out["corrected"] == "My favourite colour is grey."
    out = json.loads(run("proofread", "--json", "--english", "en-US", str(path)).stdout)
    assert out["corrected"] == "My favorite color is grey."  # grey is American too
    first = out["changes"][0]
    assert set(first) == {"start", "end", "old", "new", "reason"}
    assert "My favourite colour is grey"[first["start"]:first["end"]] == first["old"]


def test_bad_input_is_one_line(run, tmp_path):
    missing = run("proofread", str(tmp_path / "nope.txt"))
    assert missing.exit_code == 1 and "cannot read" in missing.stderr
    assert len(missing.stderr.strip().splitlines()) == 1
    empty = run("proofread", "--yes", "-", input="  \n")
    assert empty.exit_code == 1 and "nothing to proofread" in empty.stderr
    binary = tmp_path / "b.bin"
    binary.write_bytes(b"\xff\xfe\x00bad")
    assert "not UTF-8" in run("proofread", "--yes", str(binary)).stderr


def test_bench_proofread_on_jfleg_lines(run, tmp_path):
    data = tmp_path / "mini.jsonl"
    rows = [{"source": "their going to the beach tomorow .",
             "references": ["They 're going to the beach tomorrow .",
                            "They are going to the beach tomorrow ."]},
            {"source": "He do n't like it and he have no car .",
             "references": ["He does n't like it and he has no car .",
                            "He does not like it , and he has no car ."]},
            {"source": "This sentence is fine as it is .",
             "references": ["This sentence is fine as it is .",
                            "This sentence is fine as it is ."]}]
    data.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    out = json.loads(run("bench", "proofread", "--data", str(data), "--json", "--no-model").stdout)
    base = json.loads(run("bench", "proofread", "--data", str(data), "--json",
                          "--unchanged").stdout)
    assert out["sentences"] == 3 and out["changed"] == 2
    assert out["gleu"] > base["gleu"]
    assert {"gleu", "sentences", "ms_per_sentence"} <= set(out)
    text = run("bench", "proofread", "--data", str(data), "--no-model", "--limit", "2").stdout
    assert "GLEU" in text and "2 sentences" in text
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"text": "x"}\n')
    failed = run("bench", "proofread", "--data", str(bad))
    assert failed.exit_code == 1 and "not a JFLEG line" in failed.stderr
