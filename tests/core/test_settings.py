"""Settings come from the environment; production settings pass Django's deploy checks."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION_ENV = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "a" * 10 + "-production-secret-that-is-long-and-random-9f8e7d6c5b4a3",
    "DJANGO_ALLOWED_HOSTS": "study.example.com",
}


def run_manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_checks_without_warnings():
    result = run_manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION_ENV.items() if k != "DJANGO_SECRET_KEY"}
    result = run_manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set" in result.stderr


def test_a_malformed_boolean_is_refused_with_its_name():
    result = run_manage("check", env={**PRODUCTION_ENV, "DJANGO_DEBUG": "maybe"})
    assert result.returncode != 0
    assert "DJANGO_DEBUG must be true or false" in result.stderr


def run_with_settings(code: str, *, tmp_path: Path, **env: str) -> str:
    """Run `code` after django.setup() in a fresh process with production settings plus env;
    DATABASE_URL and REDIS_URL come only from env."""
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    result = subprocess.run(
        [sys.executable, "-c", f"import django; django.setup(); {code}"],
        cwd=ROOT,
        env={
            **inherited,
            **PRODUCTION_ENV,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "sqlite3"),
        ({"DATABASE_URL": "postgres://postgres@127.0.0.1:5432/test"}, "postgresql"),
    ],
)
def test_database_comes_from_database_url(env, expected, tmp_path):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    assert run_with_settings(code, tmp_path=tmp_path, **env).strip().endswith(expected)


def test_redis_url_switches_cache_and_sessions_to_redis(tmp_path):
    code = (
        "from django.conf import settings; "
        "print(settings.CACHES['default']['BACKEND'], settings.SESSION_ENGINE)"
    )
    out = run_with_settings(code, tmp_path=tmp_path, REDIS_URL="redis://127.0.0.1:6379/0")
    assert out.split() == [
        "django.core.cache.backends.redis.RedisCache",
        "django.contrib.sessions.backends.cached_db",
    ]


def test_without_redis_url_the_cache_is_local_memory(tmp_path):
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    assert run_with_settings(code, tmp_path=tmp_path).strip().endswith("LocMemCache")


def test_default_sqlite_file_runs_in_wal_mode(tmp_path):
    code = (
        "from django.db import connection; c = connection.cursor(); "
        "c.execute('PRAGMA journal_mode'); print(c.fetchone()[0], connection.settings_dict['NAME'])"
    )
    mode, name = run_with_settings(code, tmp_path=tmp_path).split()
    assert mode == "wal"
    assert name == str(tmp_path / "db.sqlite3")
