# Two commands matter (see README.md): `make serve` and `make test`.
# Everything installs into .venv from pinned requirements; installs are skipped when
# the requirement files have not changed since the last install.
SHELL := /bin/bash
.DEFAULT_GOAL := help

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
SITE_STAMP := $(VENV)/.site-installed
TEST_STAMP := $(VENV)/.test-installed
CHROMIUM ?= /usr/bin/chromium
NODE_STAMP := $(VENV)/.node-installed
# npm from requirements-node.txt (in .venv), not whatever the machine has.
NPM := $(abspath $(BIN))/npm
NPM_CI := $(NPM) ci --ignore-scripts --no-audit --no-fund --loglevel=error
# Lighthouse and axe-core (audit, accessibility tests); mermaid and KaTeX copied into the site.
AUDIT_STAMP := scripts/audit/node_modules/.installed
VENDOR_STAMP := scripts/vendor/node_modules/.installed
export NO_MKDOCS_2_WARNING := 1
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: help install serve build check test lint bench audit new stale translations translation-stamp clean browser vendor test-fast

help:
	@echo "make serve   install and serve the site with live reload (http://127.0.0.1:8000/<sub-path>/)"
	@echo "make test    install and run every check, the strict build and the test suite"
	@echo "make test-fast  the tests that need no site build and no browser"
	@echo "make lint    ruff on scripts/ and tests/, zizmor on the workflows"
	@echo "make build   strict build of both languages into site/"
	@echo "make check   check links, anchors, tables, front matter and HTML in docs/"
	@echo "make new     create a new note from the template (asks for section, slug, title)"
	@echo "make stale   list notes not re-verified for 12 months and old dated statements"
	@echo "make translations  list English translations that are missing or behind the Korean note"
	@echo "make translation-stamp FILE=docs/en/<section>/<slug>.md  record that a translation is up to date"
	@echo "make bench   print build, checker and search-index figures"
	@echo "make vendor  install mermaid and KaTeX so that the site serves them itself (no CDN)"
	@echo "make audit   Lighthouse on the built site (mobile and desktop), summary in build/audit/"

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): requirements.txt pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $@

$(TEST_STAMP): requirements-test.txt $(SITE_STAMP)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-test.txt
	@touch $@

$(NODE_STAMP): requirements-node.txt | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements-node.txt
	@touch $@

$(AUDIT_STAMP): scripts/audit/package.json scripts/audit/package-lock.json $(NODE_STAMP)
	cd scripts/audit && $(NPM_CI)
	@touch $@

# Optional for the site: without it, pages with diagrams or math load them from the CDN.
$(VENDOR_STAMP): scripts/vendor/package.json scripts/vendor/package-lock.json $(NODE_STAMP)
	cd scripts/vendor && $(NPM_CI)
	@touch $@

# Self-hosted mermaid and KaTeX for the next build (the deploy workflow runs it).
vendor: $(VENDOR_STAMP)

install: $(SITE_STAMP)

serve: $(SITE_STAMP)
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: $(SITE_STAMP)
	$(BIN)/mkdocs build --strict

check: $(SITE_STAMP)
	$(BIN)/python -m ai_notes.check

# Debian's Chromium drives the browser tests; install it when we may (root with apt).
browser:
	@if [ ! -x "$(CHROMIUM)" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing Debian's chromium for the browser tests"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else \
	    echo "note: $(CHROMIUM) is missing; install Debian's 'chromium' package to run the browser tests"; \
	  fi; \
	fi

# The checker and the strict build run inside the suite (tests/test_check.py, the site fixture):
# the site is built once and shared by every test and every worker.
test: $(TEST_STAMP) $(AUDIT_STAMP) $(VENDOR_STAMP) browser lint
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile --no-loadscope-reorder --durations=15

# One worker per core; tests of one file stay together (they share a module's browser page or build).
TEST_WORKERS ?= auto

lint: $(TEST_STAMP)
	$(BIN)/ruff check scripts tests
	$(BIN)/zizmor --offline --no-progress .github/workflows

# The tests that need no site build and no browser (checker, tools, examples, data): a quick loop.
# No site build to wait for: xdist's own order (files with the most tests first) balances it best.
test-fast: $(TEST_STAMP)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) --dist loadfile -m "not build and not browser"

bench: $(TEST_STAMP) $(VENDOR_STAMP)
	$(BIN)/python -m ai_notes.bench

# e.g. make audit AUDIT_ARGS="--runs 5 --pages home note"
audit: $(TEST_STAMP) $(AUDIT_STAMP) $(VENDOR_STAMP) browser
	CHROME_PATH=$(CHROMIUM) $(BIN)/python -m ai_notes.audit $(AUDIT_ARGS)

new: $(SITE_STAMP)
	$(BIN)/python -m ai_notes.new_note

stale: $(SITE_STAMP)
	$(BIN)/python -m ai_notes.review_dates

translations: $(SITE_STAMP)
	$(BIN)/python -m ai_notes.translations

translation-stamp: $(SITE_STAMP)
	@test -n "$(FILE)" || { echo "FILE=docs/en/<섹션>/<노트>.md 를 준다"; exit 2; }
	$(BIN)/python -m ai_notes.translations stamp $(FILE)

clean:
	rm -rf site build .pytest_cache
