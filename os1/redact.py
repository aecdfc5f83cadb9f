"""Secrets out of text that leaves the process: the one rule for what an error message or a
log line may carry. A URL keeps its scheme, host, port and path, never its user:password or
its query; a bearer token or an API key becomes ``***``."""

from __future__ import annotations

import re

_USERINFO = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://)[^/\s@]*@")
_QUERY = re.compile(r"(?i)\b([a-z][a-z0-9+.-]*://[^\s?#'\"]*)\?[^\s#'\"]*")
_BEARER = re.compile(r"(?i)\b(bearer\s+)[a-z0-9._~+/=-]+")
_KEYS = re.compile(r"(?i)\b(api[_-]?key|token|password|secret)(['\"]?\s*[:=]\s*['\"]?)[^\s'\",}]+")
_INPUT = re.compile(r"input_value=(?:'[^']*'|\"[^\"]*\"|\S+)")


def redact(text: object) -> str:
    """``text`` with credentials taken out: URL userinfo and queries, bearer tokens, values
    of ``api_key=``/``token:``/``password=`` pairs, and the input pydantic quotes back."""
    out = _USERINFO.sub(r"\1", str(text))
    out = _QUERY.sub(r"\1", out)
    out = _BEARER.sub(r"\1***", out)
    out = _KEYS.sub(r"\1\2***", out)
    return _INPUT.sub("input_value=***", out)
