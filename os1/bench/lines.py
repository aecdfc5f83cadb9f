"""JSON-lines files for the benches: one object a line, blank lines skipped, and a line that is
not JSON named by file and line number."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from os1.errors import OS1Error


def json_lines(path: Path) -> Iterator[tuple[int, object]]:
    """(line number, the parsed value) for each non-blank line."""
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            yield number, json.loads(line)
        except json.JSONDecodeError:
            raise OS1Error(f"{path}:{number} is not a JSON object; one object a line, please.") from None
