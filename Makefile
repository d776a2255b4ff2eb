# The README's commands. `demo` and `test` create .venv when it is missing (or pyproject changed).
# `make demo` writes only under output/demo/.
VENV ?= .venv
PY := $(VENV)/bin/python
PYTHON ?= python3

.PHONY: install demo test lint bench bench-shared bench-extract clean

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

demo: install
	$(PY) -m devtools.demo

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

test: lint
	$(VENV)/bin/pytest

# Speed: floor spider, `related` and news-please on a large nginx-served offline site (~6 min;
# installs nginx with apt-get and news-please in output/bench/ when missing), then the shared
# crawl: 1, 2 and 4 workers through Redis (~5 min; installs redis-server when missing).
bench: install
	$(PY) -m devtools.bench run
	$(PY) -m devtools.bench shared

# The shared crawl's part of the bench alone.
bench-shared: install
	$(PY) -m devtools.bench shared

# The extract functions alone over saved pages: parse, dates, links, ms/page median and p95.
bench-extract: install
	$(PY) -m devtools.bench extract

# Only what can be rebuilt: caches, the demo's folder, generated sites, the bench. Never the
# crawl's data (output/runs, output/state.sqlite3): `scrapy reset` clears those, together.
clean:
	rm -rf output/demo output/sites output/bench .pytest_cache .mypy_cache .ruff_cache
