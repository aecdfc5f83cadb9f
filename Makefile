# The two commands of the README. Both install whatever is missing first.
.PHONY: chat test test-fast install

chat: install
	.venv/bin/os1 chat

test:
	bash scripts/install.sh --dev
	.venv/bin/python -m pytest

# Only the fast, offline unit tests (for the edit-test loop).
test-fast:
	bash scripts/install.sh --dev
	.venv/bin/python -m pytest -m "not slow"

install:
	bash scripts/install.sh
