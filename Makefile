# Two commands on a fresh machine: `make demo` and `make test`. Both create and own .venv.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-stamp
export PIP_DISABLE_PIP_VERSION_CHECK := 1
# The PostgreSQL database the suite runs against a second time (production's engine).
PG_URL ?= postgres://postgres@127.0.0.1:5432/povmis

.PHONY: setup demo test lint typecheck unit pgtest bench clean browser-deps gettext-deps messages

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(STAMP)

setup: $(STAMP)

# The whole synthetic province in the browser; `make demo DEMO_ARGS="--reset"` builds it again.
demo: setup
	$(BIN)/povmis demo $(DEMO_ARGS)

# The browser tests drive Debian's Chromium (Playwright cannot download its own here); install it when missing.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

# makemessages, compilemessages and tests/test_translations.py (which extracts again) run Debian's gettext
# (xgettext, msgmerge, msgfmt); install it when missing.
gettext-deps:
	@command -v msgfmt >/dev/null 2>&1 || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }

# The catalogues in src/povmis/locale, extracted again and compiled (the .mo files are committed too).
# Run from src/povmis so the .po files name paths relative to the package. The API is left out: its
# answers are read by scripts, in English like its field names. tests/test_translations.py extracts
# with the same options.
MESSAGES_OPTIONS := --locale vi --locale id --ignore api --add-location file --no-wrap --no-obsolete
# POVMIS_DEMO=1: extracting text needs the settings, not a production secret key.
messages: setup gettext-deps
	cd src/povmis && POVMIS_DEMO=1 $(abspath $(BIN))/povmis makemessages $(MESSAGES_OPTIONS)
	cd src/povmis && POVMIS_DEMO=1 $(abspath $(BIN))/povmis compilemessages

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports

typecheck: setup
	$(BIN)/mypy

# The suite runs on TEST_WORKERS processes (pytest-xdist), each test file on one of them, so a file's
# module fixtures are built once; each process has its own test database. The 25 slowest tests are listed.
TEST_WORKERS ?= 2
PYTEST := $(BIN)/pytest -n $(TEST_WORKERS) --dist loadfile --durations=25

unit: setup browser-deps gettext-deps
	$(PYTEST)
	# The same suite on PostgreSQL, production's engine. Run once only: the pure core (no database) and the
	# documented commands (each runs in a shell of its own on a SQLite file of its own, whatever DATABASE_URL).
	DATABASE_URL=$(PG_URL) $(PYTEST) --ignore=tests/core --ignore=tests/test_docs.py

test: lint typecheck unit

bench: setup
	$(BIN)/python bench/classify.py --households 1000000

clean:
	rm -rf $(VENV) demo-output test-artifacts .pytest_cache .mypy_cache .ruff_cache
