"""``os1 bench load`` holds every simulated person's live conversation: all of them connect
from 127.0.0.1, so the server it starts must not refuse them as one browser opening too many."""

from os1.bench import load


def test_more_people_than_one_address_may_connect_a_minute_are_all_held():
    result = load.run(users=30, turns=1, spread_s=5.0)
    # every conversation opened; a turn the server was too busy for is its own, measured answer
    assert result["sessions"] == 30, result["error_kinds"]
    assert result["turns"] + result["errors"] == 30 and result["turns"] > 0
    # what the turns cost the servers, and how busy the cores were meanwhile, are measured
    assert result["server_cpu_ms_per_turn"] > 0 and result["machine_busy_cores"] > 0
