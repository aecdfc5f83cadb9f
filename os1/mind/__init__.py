"""The companion: the turn pipeline (perceive → recall → feel → think → speak → remember)."""
