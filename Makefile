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

.PHONY: help setup run test test-fast lint serve serve-local check-questions bench bench-http clean

help:
	@echo "make run    set up and serve the site at http://$(HOST):$(PORT)/"
	@echo "make test   set up and run the whole test suite"
	@echo "make setup  everything 'make run' does before it serves"
	@echo "make lint   ruff (lint and format check) and mypy"
	@echo "make serve  production: gunicorn with $(WORKERS) workers, whitenoise, a task worker, HTTPS-only"
	@echo "make serve-local  the same over plain HTTP on loopback (DJANGO_HTTPS=false)"
	@echo "make check-questions  the question-quality report (CI runs it)"
	@echo "make bench  page cost as multiples of the bare base layout, in-process"
	@echo "make bench-http  the same over HTTP: gunicorn and wrk"

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
	$(DEV_ENV) $(PY) manage.py import_content --if-changed

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

# Production: DEBUG off, hashed and compressed static files, several workers, and HTTPS-only
# cookies, HSTS and the HTTPS redirect unless DJANGO_HTTPS=false is given explicitly.
# `make serve-local` is that explicit choice for plain HTTP on this machine's loopback.
serve: $(VENV)/.installed-prod
	@mkdir -p var
	@[ -s var/secret_key ] || $(PY) -c 'import secrets; print(secrets.token_urlsafe(64))' > var/secret_key
	@export DJANGO_DEBUG=false DJANGO_HTTPS="$${DJANGO_HTTPS:-true}" DJANGO_TASKS_WORKER=true \
	  DJANGO_SECRET_KEY="$${DJANGO_SECRET_KEY:-$$(cat var/secret_key)}" \
	  DJANGO_ALLOWED_HOSTS="$${DJANGO_ALLOWED_HOSTS:-127.0.0.1,localhost}"; \
	$(PY) manage.py migrate --noinput && \
	$(PY) manage.py import_content --if-changed && \
	$(PY) manage.py collectstatic --noinput -v0 && \
	if [[ "$${DJANGO_HTTPS,,}" =~ ^(false|0|no|off)$$ ]]; then \
	  echo "Serving PLAIN HTTP at http://$(HOST):$(PORT)/ (DJANGO_HTTPS=false): cookies are not"; \
	  echo "HTTPS-only and there is no HSTS. Use this only on loopback, never in production."; \
	else \
	  echo "Serving with gunicorn on $(HOST):$(PORT) for HTTPS: cookies are HTTPS-only, HSTS is on"; \
	  echo "and plain-HTTP requests are redirected to https://. Put a TLS load balancer in front"; \
	  echo "(with DJANGO_BEHIND_PROXY=true), or try it locally with 'make serve-local'."; \
	fi && \
	echo "A background task worker (db_worker) runs beside gunicorn." && \
	{ $(PY) manage.py db_worker & worker=$$!; trap 'kill $$worker' EXIT; \
	$(VENV)/bin/gunicorn config.wsgi --bind $(HOST):$(PORT) --workers $(WORKERS) --access-logfile -; }

# The explicit choice of plain HTTP, for trying the production set-up on loopback.
serve-local:
	@case "$(HOST)" in 127.*|localhost|::1) ;; \
	  *) echo "serve-local serves plain HTTP and only on loopback, not on $(HOST)." >&2; exit 1;; esac
	@DJANGO_HTTPS=false $(MAKE) --no-print-directory serve

# Every authored and generated question against the item-writing rules, with a report.
check-questions: setup
	$(DEV_ENV) $(PY) manage.py check_questions

bench: setup
	$(DEV_ENV) $(PY) bench/run.py

# Over HTTP: gunicorn with 4 workers on loopback, driven by wrk (where it is installed).
bench-http: setup
	DJANGO_DEBUG=false DJANGO_SETTINGS_MODULE=bench.settings DJANGO_SECRET_KEY=bench-only-$$RANDOM$$RANDOM-not-secret-0123456789abcdefghijklmnop \
	  DJANGO_HTTPS=false $(PY) manage.py collectstatic --noinput -v0
	$(PY) bench/over_http.py

clean:
	rm -rf $(VENV) staticfiles .pytest_cache .mypy_cache .ruff_cache
