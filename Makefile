# Scaling Study: `make run` to use it, `make test` to test it. Nothing else is needed.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
WORKERS ?= 3
PYTEST_ARGS ?=
CHROMIUM ?= /usr/bin/chromium

# The first Python >= 3.12 found: on PATH, then pyenv's versions.
PYTHON_CANDIDATES := python3.14 python3.13 python3.12 python3 python \
	$(sort $(wildcard $(HOME)/.pyenv/versions/3.1[2-9]*/bin/python3)) \
	$(sort $(wildcard /usr/local/bin/python3.1[2-9]))
FIND_PYTHON := for p in $(PYTHON_CANDIDATES); do \
	  if command -v $$p >/dev/null 2>&1 && $$p -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	    command -v $$p; break; fi; done

DEV_ENV := DJANGO_DEBUG=$${DJANGO_DEBUG:-true}

.PHONY: help setup run test test-fast lint serve bench clean

help:
	@echo "make run    set up and serve the site at http://$(HOST):$(PORT)/"
	@echo "make test   set up and run the whole test suite"
	@echo "make setup  everything 'make run' does before it serves"
	@echo "make lint   ruff (lint and format check) and mypy"
	@echo "make serve  production-like: gunicorn with $(WORKERS) workers, whitenoise and a task worker"
	@echo "make bench  benchmarks in bench/ (ratios against a bare Django view)"

# Production needs only requirements.txt; development and tests add requirements-dev.txt.
$(VENV)/.installed-prod: requirements.txt
	@py="$$($(FIND_PYTHON))"; \
	if [ -z "$$py" ]; then \
	  echo "Scaling Study needs Python 3.12 or newer (Django 6 does)." >&2; \
	  echo "Looked for: $(PYTHON_CANDIDATES)" >&2; \
	  echo "Install one (e.g. 'pyenv install 3.12' or your OS's python3.12) and run make again." >&2; \
	  exit 1; fi; \
	if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
	  echo "Creating $(VENV) with $$py"; rm -rf $(VENV); "$$py" -m venv $(VENV); fi
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.installed: $(VENV)/.installed-prod requirements-dev.txt
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@

setup: $(VENV)/.installed
	$(DEV_ENV) $(PY) manage.py migrate --noinput
	$(DEV_ENV) $(PY) manage.py import_content

run: setup
	@echo ""
	@echo "Scaling Study is at http://$(HOST):$(PORT)/  (Ctrl-C stops it)"
	@echo ""
	$(DEV_ENV) $(PY) manage.py runserver $(HOST):$(PORT)

test: setup
	@if [ -x "$(CHROMIUM)" ]; then \
	  $(PY) -m pytest $(PYTEST_ARGS); \
	elif [ -n "$$CI" ]; then \
	  echo "Browser tests need Chromium at $(CHROMIUM), and CI must run them." >&2; \
	  echo "Install it: sudo apt-get install chromium" >&2; exit 1; \
	else \
	  echo "" >&2; \
	  echo "Chromium is not installed at $(CHROMIUM): the browser tests in tests/e2e are NOT run." >&2; \
	  echo "Install it with: sudo apt-get install chromium   (or set CHROMIUM=/path/to/chromium)" >&2; \
	  echo "" >&2; \
	  $(PY) -m pytest -m "not e2e" $(PYTEST_ARGS); \
	fi

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(DEV_ENV) $(VENV)/bin/mypy .

# Production-like on this machine: DEBUG off, hashed and compressed static files, several
# workers. Plain HTTP on loopback, so HTTPS-only cookies and redirects are switched off here;
# behind a TLS load balancer leave DJANGO_HTTPS unset.
serve: $(VENV)/.installed-prod
	@mkdir -p var
	@[ -s var/secret_key ] || $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key
	@export DJANGO_DEBUG=false DJANGO_HTTPS=$${DJANGO_HTTPS:-false} DJANGO_TASKS_WORKER=true \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" \
	  DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py import_content && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	echo "Serving with gunicorn at http://$(HOST):$(PORT)/ and a background task worker" && \
	{ $(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT; \
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -; }

bench: setup
	$(DEV_ENV) $(PY) bench/run.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
