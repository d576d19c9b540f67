"""A pytest plugin (see pyproject) loaded before pytest-django starts Django."""

import os

# Tests use the development defaults (a dev secret key, plain static storage); Django
# still runs every test with DEBUG off.
os.environ.setdefault("DJANGO_DEBUG", "true")
# pytest-django's live_server with sync Playwright runs in an event loop thread.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
