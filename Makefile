# bilateral: `make run` starts the app, `make test` runs linters and the whole suite.
# Both create .venv from nothing but python3 on first use.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
ARGS ?=
SCALE ?= 1

.PHONY: run test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@ $(VENV)/.installed

run: $(VENV)/.installed
	$(BIN)/bilateral $(ARGS)

lint: $(VENV)/.installed-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy

test: lint
	$(BIN)/pytest -n 2

# The whole benchmark (benchmarks/run.py): generates the synthetic department on first use
# (cached in $TMPDIR/bilateral-bench), includes the live-notes benchmark; not part of `test`.
# SCALE=10 measures a department ten times the size (a whole ministry).
bench: $(VENV)/.installed-test
	$(BIN)/python -m benchmarks --scale $(SCALE)

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .ruff_cache
