"""The memory benchmark's plumbing, on a tiny LoCoMo-format file written for the tests."""

import json
from pathlib import Path

from click.testing import CliRunner

from os1.bench.locomo import load, normalise_evidence, parse_when
from os1.cli import main

MINI = Path(__file__).parent.parent / "data" / "mini_locomo.json"


def test_loader_normalises_evidence_and_reads_dates_and_photos():
    assert normalise_evidence(["D8:6; D9:17", "D30:05"]) == {"D8:6", "D9:17", "D30:5"}
    assert parse_when("1:56 pm on 8 May, 2023").isoformat() == "2023-05-08T13:56:00+00:00"
    conv = load(MINI)[0]
    assert [len(s) for s in conv.sessions] == [4, 4]
    assert conv.sessions[0][3].text.endswith("[shares a photo of a small brown dog]")
    assert conv.questions[1].evidence == {"D1:4"}
    assert conv.questions[3].evidence == {"D2:3", "D2:4"}


def test_bench_memory_json_has_the_documented_shape():
    result = CliRunner().invoke(main, ["bench", "memory", "--data", str(MINI), "--json",
                                       "--embedder", "hashing"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data["recall_at_5"]) == {"1", "2", "3", "4", "5", "1-4"}
    assert set(data["recall_at_10"]) == {"1", "2", "3", "4", "5", "1-4"}
    assert data["questions"] == 5
    # eight turns and top 10: every evidence turn of an answerable question comes back
    assert all(data["recall_at_10"][c] == 1.0 for c in ("1", "2", "3", "4", "1-4"))
    assert 0.0 <= data["recall_at_10"]["5"] <= 1.0
    assert data["recall_at_5"]["4"] == 1.0  # "pottery class" is found by its words
    assert set(data["latency_ms"]) == {"p50", "p95"}


def test_bench_memory_measures_each_store_in_one_run(pg_url):
    result = CliRunner().invoke(main, ["bench", "memory", "--data", str(MINI), "--json",
                                       "--embedder", "hashing", "--store", "sqlite",
                                       "--store", pg_url])
    assert result.exit_code == 0, result.output
    stores = json.loads(result.stdout)["stores"]
    assert list(stores) == ["sqlite", pg_url]
    lite, pg = stores.values()
    assert lite["questions"] == pg["questions"] == 5
    assert lite["recall_at_5"] == pg["recall_at_5"] and lite["recall_at_10"] == pg["recall_at_10"]
    again = CliRunner().invoke(main, ["bench", "memory", "--data", str(MINI), "--json",
                                      "--embedder", "hashing", "--store", pg_url])
    assert json.loads(again.stdout)["recall_at_5"] == pg["recall_at_5"]  # nothing left over


def test_bench_memory_scale_and_errors():
    result = CliRunner().invoke(main, ["bench", "memory", "--scale", "500", "--json",
                                       "--embedder", "hashing"])
    data = json.loads(result.stdout)
    assert data["scale"]["memories"] == 500 and data["scale"]["latency_ms"]["p95"] > 0
    bad = CliRunner().invoke(main, ["bench", "memory"])
    assert bad.exit_code == 2 and "--data" in bad.output


def test_bench_memory_cross_fits_on_the_other_conversations(tmp_path):
    out = tmp_path / "ranker.json"
    result = CliRunner().invoke(main, ["bench", "memory", "--data", str(MINI), "--json",
                                       "--embedder", "hashing", "--cross", "--fit", str(out)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["conversations"] == 1 and data["questions"] == 5
    # with one conversation, the held-out fit has nothing to learn from: the first look's order
    assert data["recall_at_10"]["1-4"] == 1.0
    from os1.memory.rank import FEATURES, load_model

    assert load_model(out) is not None and json.loads(out.read_text())["features"] == list(FEATURES)
    alone = CliRunner().invoke(main, ["bench", "memory", "--data", str(MINI), "--fit", str(out)])
    assert alone.exit_code == 2 and "--cross" in alone.output
