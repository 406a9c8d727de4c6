# Every target sets itself up from nothing: `make test` on a fresh clone creates .venv first.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp

.PHONY: venv ui test test-slow load-test mutation lint serve bench clean distclean

venv: $(STAMP)

# Reinstall whenever pyproject.toml (dependencies, entry points) is newer than the last install.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

# Web UI assets (YASGUI, the example gallery) into the package's static files; see docs/WEB-UI.md.
ui: ui/node_modules/.installed-stamp
	node ui/build.mjs

ui/node_modules/.installed-stamp: ui/package-lock.json
	cd ui && npm ci --no-audit --no-fund
	touch $@

# Each test is bounded by pytest-timeout (pyproject.toml); the 15 slowest are listed at the end.
# The long property and crash tests (marker `slow`) are a tier of their own: `make test-slow`.
test: venv ui
	$(BIN)/python -m pytest -q -m "not slow" --durations=15

test-slow: venv ui
	$(BIN)/python -m pytest -q -m slow --durations=15

# One-line breaks of the modules that guard data (writes, validation, fetch policy, ranking),
# each applied to a copy of the checkout; every one must make a test fail. Not part of `make test`.
mutation: venv
	$(BIN)/python -m tests.mutation.check

# 16 readers and 2 writers for QKG_LOAD_SECONDS (60) against a live server; see SECURITY.md.
load-test: venv
	$(BIN)/python -m pytest -q -s -m load tests/load

lint: venv
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy server/ tests/

serve: venv ui
	$(BIN)/qkg serve

# The bench extras (rdflib-endpoint, matplotlib, pyinstrument) install on first use.
bench: venv $(VENV)/.bench-stamp
	$(BIN)/python benchmarks/run.py

$(VENV)/.bench-stamp: pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	touch $@

# Keeps .venv and the store in var/ (it may hold triples added with `qkg load`).
clean:
	rm -rf build dist .pytest_cache .mypy_cache .ruff_cache .hypothesis
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -exec rm -rf {} +

distclean: clean
	rm -rf $(VENV) var
