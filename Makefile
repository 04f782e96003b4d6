# Joint Stamp Studio — every task a developer or CI runs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PG_TEST_URL ?= postgresql+psycopg://postgres@127.0.0.1:5432/test
# Test processes (pytest-xdist): each builds its own template database, so they share nothing.
TEST_WORKERS ?= auto
export STAMPS_DATA_DIR ?= var

.PHONY: install lock system-deps browser-deps run migrate demo serve test test-sqlite test-postgres lint messages bench clean

# Debian tools the tests use to look at what the service makes (PDF tools, a headless browser,
# Ghostscript for an independent render of press files; the soft proof uses it too).
SYSTEM_TOOLS := pdftoppm:poppler-utils qpdf:qpdf chromium:chromium gs:ghostscript

# Installs take the exact versions of the lock files (requirements/*.txt, from PyPI); the
# ranges in pyproject.toml are what `make lock` resolves them from.
LOCK := $(BIN)/pip-compile --quiet --strip-extras --allow-unsafe --no-emit-index-url \
	--no-emit-find-links --index-url https://pypi.org/simple

$(BIN)/stamps: pyproject.toml requirements/dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements/dev.txt
	$(BIN)/python -m pip install --quiet --no-deps -e .
	touch $(BIN)/stamps

install: $(BIN)/stamps ## virtual environment with the service and its test tools

lock: ## re-resolve the lock files from pyproject.toml's ranges (newest versions on PyPI)
	@test -x $(BIN)/pip-compile || $(BIN)/python -m pip install --quiet "pip-tools>=7.4,<8"
	$(LOCK) --upgrade -o requirements/runtime.txt pyproject.toml
	$(LOCK) --upgrade --extra dev -c requirements/runtime.txt -o requirements/dev.txt pyproject.toml

system-deps: ## the Debian tools above, when missing and we may install them (root)
	@missing=""; for pair in $(SYSTEM_TOOLS); do \
		command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair##*:}"; \
	done; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "installing:$$missing"; \
		apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	else \
		echo "not installed:$$missing (the tests that need them are skipped)"; \
	fi

# What the browser tests inject into pages (axe-core), from the npm registry at the exact versions
# of tests/browser/package-lock.json; installed again when the lock file changes. `--prefer-offline`
# takes npm's cache when it holds them, so a machine that installed once needs no network.
BROWSER_DIR := tests/browser
AXE_DIR := $(BROWSER_DIR)/node_modules/axe-core

browser-deps: ## axe-core for the accessibility tests (skipped, with a message, without npm)
	@if [ -d $(AXE_DIR) ] && [ ! $(BROWSER_DIR)/package-lock.json -nt $(BROWSER_DIR)/node_modules/.package-lock.json ]; then \
		exit 0; \
	elif command -v npm >/dev/null 2>&1; then \
		npm ci --prefix $(BROWSER_DIR) --no-audit --no-fund --prefer-offline; \
	else \
		echo "npm not installed: axe-core is missing, the accessibility tests are skipped"; \
	fi

migrate: install
	$(BIN)/stamps db upgrade

demo: migrate
	$(BIN)/stamps demo

run: demo ## install, migrate, load the demo data and serve on $(HOST):$(PORT)
	$(BIN)/stamps serve --host $(HOST) --port $(PORT)

test: install system-deps browser-deps ## every test, on SQLite and (when it answers) on PostgreSQL
	@$(MAKE) --no-print-directory test-sqlite
	@if [ -n "$$TEST_DATABASE_URL" ] || $(BIN)/python -c "import psycopg,sys; psycopg.connect('postgresql://postgres@127.0.0.1:5432/test', connect_timeout=3).close()" 2>/dev/null; then \
		$(MAKE) --no-print-directory test-postgres; \
	else \
		echo "PostgreSQL not reachable: suite ran on SQLite only"; \
	fi

test-sqlite: install browser-deps
	@echo "== tests on SQLite =="
	env -u TEST_DATABASE_URL $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS)

test-postgres: install browser-deps
	@echo "== tests on PostgreSQL =="
	@# The unit tests touch no database, and the browser tests drive pages whose data the
	@# HTTP tests already check on this database: the SQLite pass has run both.
	TEST_DATABASE_URL=$${TEST_DATABASE_URL:-$(PG_TEST_URL)} $(BIN)/pytest -q -p no:cacheprovider -n $(TEST_WORKERS) --ignore=tests/unit --ignore=tests/browser

lint: install ## ruff (lint + format check) and mypy --strict
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy

messages: install ## extract the words of every page and mail into app/i18n/locale/{ar,en}/*.po
	$(BIN)/python -m app.i18n.extract

bench: install ## performance figures, written to docs/benchmarks.md (load from Debian's wrk)
	@command -v wrk >/dev/null 2>&1 || { \
		if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
			apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; \
		else echo "wrk not installed: throughput is measured with Python clients"; fi; }
	$(BIN)/python -m pip install --quiet -e ".[dev,bench]"
	$(BIN)/python -m bench $(BENCH)

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
