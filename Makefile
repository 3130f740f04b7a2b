# The two commands in the README: `make demo` and `make test`. Both set up first.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test test-fast lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: scripts/setup.sh requirements.lock pyproject.toml
	bash scripts/setup.sh

demo: setup
	$(BIN)/callqa run samples/calls --db callqa.duckdb

test: setup
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/python -m pytest

test-fast: setup
	$(BIN)/python -m pytest -m "not slow"

lint: setup
	$(BIN)/ruff check . && $(BIN)/ruff format --check .

bench: setup
	$(BIN)/python benchmarks/asr.py
	$(BIN)/python benchmarks/diarization.py
	$(BIN)/python benchmarks/scoring_eval.py --split heldout
	$(BIN)/python benchmarks/scoring_speed.py
	$(BIN)/python benchmarks/snapshot.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
