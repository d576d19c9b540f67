"""The site's settings with the bench's anchor view added to its URLs."""

from config.settings import *  # noqa: F403

ROOT_URLCONF = "bench.urls"
