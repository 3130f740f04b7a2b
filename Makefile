# The two commands in the README: `make demo` and `make test`. Both set up first.
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: setup demo test test-fast lint bench clean

setup: $(VENV)/.installed

$(VENV)/.installed: scripts/setup.sh requirements.lock pyproject.toml
	bash scripts/setup.sh

demo: setup
	$(BIN)/callqa run samples/calls --db callqa.duckdb
	@echo ""
	@echo "What to open next:"
	@echo "  the QA lead's review desk:  $(BIN)/callqa review --db callqa.duckdb"
	@echo "                              then open http://127.0.0.1:8000/ in a browser"
	@echo "  agreement with reviewers:   $(BIN)/callqa calibrate --db callqa.duckdb"
	@echo "  the coaching notebook:      $(BIN)/marimo run notebooks/coaching.py -- --db callqa.duckdb"
	@echo "  SQL on the published snapshot (works while a run writes):"
	@echo "    $(BIN)/python -c \"import duckdb; duckdb.connect('callqa.snapshot.duckdb', read_only=True).sql('SELECT c.agent_name, c.team, count(*) AS calls, round(avg(s.overall)) AS mean_score FROM scorecards s JOIN calls c USING (call_id) GROUP BY ALL ORDER BY mean_score').show()\""

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
	$(BIN)/python benchmarks/review_list.py
	$(BIN)/python benchmarks/redaction.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
