"""``os1 bench load`` holds every simulated person's live conversation: all of them connect
from 127.0.0.1, so the server it starts must not refuse them as one browser opening too many."""

from os1.bench import load


def test_more_people_than_one_address_may_connect_a_minute_are_all_held():
    result = load.run(users=30, turns=1, spread_s=2.0)
    assert result["sessions"] == 30 and result["errors"] == 0, result["error_kinds"]
    assert result["turns"] == 30
