"""Benchmarks: measured and printed with the machine they ran on, never asserted."""
