# Two commands on a fresh machine: `make demo` and `make test`. Both create and own .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The PostgreSQL database the suite runs against a second time (production's engine).
PG_URL ?= postgres://postgres@127.0.0.1:5432/povmis

.PHONY: setup demo test lint typecheck unit pgtest bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

demo: setup
	$(BIN)/povmis classify standards/vn-2022-2025/sample/households.csv \
		--members standards/vn-2022-2025/sample/members.csv \
		--standard vn-2022-2025 -o demo-output/classified.csv

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

unit: setup
	$(BIN)/pytest
	# The same suite on PostgreSQL, production's engine (the pure core needs no database: run once).
	DATABASE_URL=$(PG_URL) $(BIN)/pytest --ignore=tests/core

test: lint typecheck unit

bench: setup
	$(BIN)/python bench/classify.py --households 1000000

clean:
	rm -rf $(VENV) demo-output .pytest_cache .mypy_cache .ruff_cache
