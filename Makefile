# Two commands on a fresh machine with Python 3.11 and make:
#   make site   creates .venv, installs, builds the sample council into site/
#   make test   installs the test extras, checks the code (lint, types) and runs the whole suite
# and, for everyday work, the fast lane:
#   make check  lint, types and the core tests (contract rules, validation, status, CLI, a small build)
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV ?= .venv
BIN := $(VENV)/bin
AS_OF ?=

.PHONY: site guide test check lint bench serve sample screenshots catalogue clean

$(BIN)/build-site: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.test-deps: $(BIN)/build-site pyproject.toml
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

site: $(BIN)/build-site
	$(BIN)/build-site build . $(if $(AS_OF),--as-of $(AS_OF))
	$(MAKE) --no-print-directory guide

guide: $(BIN)/build-site  # build-site's own guide (guide/), beside the sample council in site/guide/
	NO_MKDOCS_2_WARNING=1 $(BIN)/python -m mkdocs build --quiet --strict -f guide/mkdocs.yml -d ../site/guide

# The core of the suite: everything the data contract promises, checked in under two minutes.
CHECK_TESTS := tests/test_status.py tests/test_periods.py tests/test_validate.py tests/test_refusals.py \
	tests/test_tableschema.py tests/test_promises.py tests/test_summaries.py tests/test_house.py tests/test_cli.py

lint: $(VENV)/.test-deps  # ruff and mypy, as configured in pyproject.toml
	$(BIN)/ruff check build_site tests tools benchmarks
	$(BIN)/mypy

check: lint
	$(BIN)/python -m pytest -q $(CHECK_TESTS)

# The whole suite over both cores: each test file on one worker (its module fixtures made once),
# the councils the session builds made once for the run and shared (tests/conftest.py: made_once).
test: lint
	$(BIN)/python -m pytest -n 2 --dist loadfile

bench: $(VENV)/.test-deps  # e.g. make bench BENCH="--sizes 1000 --bilingual"
	$(BIN)/python benchmarks/bench.py $(BENCH)

serve: $(BIN)/build-site
	$(BIN)/build-site serve .

screenshots: $(VENV)/.test-deps site
	$(BIN)/python tools/screenshots.py site screenshots

catalogue: $(BIN)/build-site
	$(BIN)/python tools/catalogue.py

sample: $(BIN)/build-site
	$(BIN)/python tools/make_sample.py

clean:
	rm -rf site .cache $(VENV) docs/.generated
