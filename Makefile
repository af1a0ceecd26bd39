# Two commands matter: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint bench calibrate clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then exec $(BIN)/faqbot run; else exec $(BIN)/faqbot chat; fi

# The fast loop: lint, types, the knowledge base and every test that does not start the bot.
check: lint
	$(BIN)/python -m pytest -q -m "not slow"

lint: $(STAMP)
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/mypy
	$(BIN)/faqbot check faq

test: lint
	$(BIN)/python -m pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/bench_matching.py

# Refit the confidence model on the development questions (never on a held-out set).
calibrate: $(STAMP)
	$(BIN)/python -m bot.understanding.calibration tests/data/dev_questions.yaml \
		benchmarks/data/holdout_questions.yaml benchmarks/data/holdout2_questions.yaml \
		benchmarks/data/holdout3_questions.yaml benchmarks/data/holdout4_questions.yaml \
		benchmarks/data/holdout5_questions.yaml benchmarks/data/holdout6_questions.yaml \
		benchmarks/data/holdout7_questions.yaml benchmarks/data/holdout8_questions.yaml --write

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
