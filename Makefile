# Two commands on a fresh machine: `make run` and `make test`. See README.md.
SHELL := /bin/bash
PYTHON ?= python3.11
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test bench stack lint typecheck schema system-deps services clean help

help:
	@echo "make run    - serve the app on http://$(HOST):$(PORT) (SQLite, local media, demo data)"
	@echo "make test   - lint, type-check and run the whole suite against PostgreSQL, Redis, S3"
	@echo "make bench  - run the benchmarks and print ratios"
	@echo "make stack  - run the production topology as local processes"

# The virtualenv is rebuilt whenever the pinned dependencies change.
$(VENV)/.installed: pyproject.toml
	@command -v $(PYTHON) >/dev/null || { echo "Python 3.11 is required ($(PYTHON) not found)"; exit 1; }
	@bash scripts/system-deps.sh --build
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade "pip==25.3"
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

venv: $(VENV)/.installed

run: export SITE_URL ?= http://$(HOST):$(PORT)
run: $(VENV)/.installed
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py migrate --noinput
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py resign_credentials
	DJANGO_SETTINGS_MODULE=config.settings.local $(PY) manage.py seed_demo --with-activity
	@echo "Serving on http://$(HOST):$(PORT)/  (demo password: $${DEMO_PASSWORD:-demo-pass-2026})"
	HOST=$(HOST) PORT=$(PORT) bash scripts/run.sh

system-deps:
	@bash scripts/system-deps.sh

test: $(VENV)/.installed system-deps
	@bash scripts/test.sh

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

typecheck: $(VENV)/.installed
	$(VENV)/bin/mypy .

bench: $(VENV)/.installed system-deps
	@bash scripts/bench.sh

stack: $(VENV)/.installed system-deps
	@bash scripts/stack.sh

clean:
	rm -rf $(VENV) .test-media staticfiles media db.sqlite3 .stack
