# The commands of the README. Each installs whatever is missing first.
.PHONY: chat test test-fast lint install

chat: install
	.venv/bin/os1 chat

test:
	bash scripts/install.sh --dev
	.venv/bin/python -m pytest

# Only the fast, offline unit tests (for the edit-test loop).
test-fast:
	bash scripts/install.sh --dev
	.venv/bin/python -m pytest -m "not slow"

# ruff and mypy, configured in pyproject.toml; run by CI before the tests.
lint:
	bash scripts/install.sh --dev
	.venv/bin/ruff check . && .venv/bin/mypy

install:
	bash scripts/install.sh
