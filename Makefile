# Everything goes through the project's own virtualenv so a fresh machine needs only Python 3.11+.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install test lint run eval bench image clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(STAMP): $(BIN)/python pyproject.toml
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

install: $(STAMP)

lint: $(STAMP)
	$(BIN)/ruff check obm_bot tests scripts
	$(BIN)/ruff format --check obm_bot tests scripts
	$(BIN)/mypy

test: lint
	$(BIN)/pytest

run: $(STAMP)
	$(BIN)/obm-bot run

eval: $(STAMP)
	$(BIN)/obm-bot eval ../shared/eval/dev_intents.jsonl

bench: $(STAMP)
	$(BIN)/python scripts/bench_understanding.py
	$(BIN)/python scripts/bench_dialogue.py
	$(BIN)/python scripts/bench_telegram.py
	$(BIN)/python scripts/bench_report.py
	$(BIN)/python scripts/bench_process.py
	$(BIN)/python scripts/bench_cases.py
	$(BIN)/python scripts/bench_startup.py

image:
	scripts/build_image.sh

clean:
	rm -rf $(VENV) .mypy_cache .pytest_cache .ruff_cache
