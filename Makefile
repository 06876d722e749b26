# Two commands set up a fresh machine: `make demo` and `make test`. The site runs from requirements.lock alone;
# `make test` adds the dev tools from requirements-dev.lock. Both are installed by hash.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
PIP := $(BIN)/pip install --quiet --disable-pip-version-check
UV_VERSION := 0.13.9

.PHONY: install install-dev demo serve test lint typecheck unit lock screenshots clean

install: $(STAMP)

$(STAMP): requirements.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) --require-hashes -r requirements.lock
	$(PIP) --no-deps -e .
	touch $@

install-dev: $(DEV_STAMP)

$(DEV_STAMP): $(STAMP) requirements-dev.lock
	$(PIP) --require-hashes -r requirements-dev.lock
	touch $@

demo: install
	$(BIN)/dailypapers demo

serve: install
	$(BIN)/dailypapers serve

test: lint typecheck unit

lint: install-dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/python scripts/check_css.py
	$(BIN)/python scripts/template_names.py build/template_names.py
	$(BIN)/vulture dailypapers vulture_whitelist.py build/template_names.py

typecheck: install-dev
	$(BIN)/mypy

unit: install-dev
	$(BIN)/pytest -q

# Re-resolve the pinned versions from the ranges in pyproject.toml (run after changing dependencies). Versions
# already in the lock files are kept where the ranges allow; the dev lock is held to the runtime lock's versions.
lock:
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --disable-pip-version-check uv==$(UV_VERSION)
	.lock-venv/bin/uv pip compile --quiet --generate-hashes --custom-compile-command 'make lock' \
		pyproject.toml -o requirements.lock
	.lock-venv/bin/uv pip compile --quiet --generate-hashes --custom-compile-command 'make lock' \
		pyproject.toml --extra dev -c requirements.lock -o requirements-dev.lock
	rm -rf .lock-venv

screenshots: install-dev
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
