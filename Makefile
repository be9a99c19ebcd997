# The two commands of the README:
#   make run   - set up and run the main job on the embedded case
#   make test  - set up and run the whole test suite (what CI runs)
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PG_URL ?= postgres://postgres@127.0.0.1:5432/test

.PHONY: run test setup browser lint report catalogues bench

# Builds the study (report/index.html in Russian, index.en.html in English, with
# study.<lang>.pdf, .docx, tables.<lang>.xlsx and results.json), then starts the portal on
# http://127.0.0.1:8000/ with the embedded case (Ctrl+C stops it).
run: setup
	$(BIN)/regiocluster report --case leningrad --out report --lang ru --lang en
	$(BIN)/regiocluster serve --demo --data-dir regiocluster-data

report: setup
	$(BIN)/regiocluster report --case leningrad --out report --lang ru --lang en

# Re-extract the study's messages and merge them into report/locale (then translate ru).
catalogues: setup
	$(BIN)/python -m regiocluster.report.locale.catalogues

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[test,bench]"
	touch $@

# Browser tests drive Debian's Chromium (never a downloaded browser); the study's
# PDF tests read pages with poppler's pdftoppm; WeasyPrint needs a Cyrillic font.
DEBIAN_PACKAGES := chromium poppler-utils fonts-dejavu-core
browser:
	@if command -v chromium >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1 \
	    && fc-list 2>/dev/null | grep -qi dejavu; then :; \
	elif [ "$$(id -u)" = 0 ]; then apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(DEBIAN_PACKAGES) >/dev/null; \
	else echo "missing Debian packages ($(DEBIAN_PACKAGES)) and not root: those tests fail"; fi

# The whole suite on SQLite, then the portal's suite again on PostgreSQL.
test: setup browser
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/pytest
	$(BIN)/pytest --nbmake docs/notebooks
	DATABASE_URL=$(PG_URL) $(BIN)/pytest tests/portal

lint: setup
	$(BIN)/ruff check src tests benchmarks
	$(BIN)/ruff format --check src tests benchmarks

bench: setup
	for b in benchmarks/bench_*.py; do echo "== $$b"; $(BIN)/python $$b --quick || exit 1; done
