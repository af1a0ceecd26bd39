# Two commands matter: `make run` and `make test`. Both set up .venv on first use.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test check lint format mutation bench calibrate clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	@if [ -n "$$TELEGRAM_BOT_TOKEN" ]; then exec $(BIN)/faqbot run; else exec $(BIN)/faqbot chat; fi

# The fast loop: lint, types, the knowledge base and every test that does not start the bot.
check: lint
	$(BIN)/python -m pytest -q -m "not slow" -n auto

lint: $(STAMP)
	$(BIN)/ruff check bot tests benchmarks
	$(BIN)/ruff format --check bot tests benchmarks
	$(BIN)/mypy
	$(BIN)/faqbot check faq

# Rewrites the code in the house style that `make lint` checks.
format: $(STAMP)
	$(BIN)/ruff format bot tests benchmarks

# The whole suite under coverage, the processes it starts included; the report comes last and
# fails below [tool.coverage.report] fail_under.
test: lint
	$(BIN)/coverage erase
	$(BIN)/coverage run -m pytest -q
	@$(BIN)/coverage combine -q
	$(BIN)/coverage report

# Mutation testing of the rule-heavy modules ([tool.mutmut] in pyproject.toml): about ten minutes,
# not part of `make test`. Each run starts afresh; mutants/ keeps the results for `mutmut show`.
mutation: $(STAMP)
	rm -rf mutants
	$(BIN)/mutmut run
	$(BIN)/python tests/support/mutation_score.py

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
	rm -rf $(VENV) .pytest_cache .ruff_cache mutants .coverage .coverage.*
