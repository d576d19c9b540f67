"""Settings come from the environment; production settings pass Django's deploy checks."""

import ast
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
    "EMAIL_URL": "smtp://mailer:s%40cret@smtp.example.com:587/?tls=true",
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
    code = (
        "from django.conf import settings; database = settings.DATABASES['default']; "
        "print(database['ENGINE'], database['CONN_MAX_AGE'])"
    )
    engine, age = run_with_settings(code, tmp_path=tmp_path, **env).split()
    assert engine.endswith(expected)
    assert int(age) >= 60  # connections kept between requests (tests/core/test_connections.py)


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


def test_without_redis_url_sessions_are_read_from_a_folder_every_worker_shares(tmp_path):
    code = (
        "from django.conf import settings; "
        "print(settings.SESSION_ENGINE, settings.SESSION_CACHE_ALIAS, "
        "settings.CACHES[settings.SESSION_CACHE_ALIAS]['BACKEND'], "
        "settings.CACHES[settings.SESSION_CACHE_ALIAS]['LOCATION'])"
    )
    engine, alias, backend, location = run_with_settings(code, tmp_path=tmp_path).split()
    assert engine == "django.contrib.sessions.backends.cached_db"
    assert alias == "sessions"
    # Not a per-process cache: a session signed out in one worker must be gone in all.
    assert backend.endswith("FileBasedCache")
    assert location.startswith(str(tmp_path))


def test_a_session_signed_out_in_one_process_is_gone_in_another(tmp_path):
    # Two processes sharing the session folder and database, as gunicorn's workers do.
    database = f"sqlite:///{tmp_path / 'shared.sqlite3'}"
    setup = (
        "from django.core.management import call_command; "
        "call_command('migrate', verbosity=0); "
        "from django.contrib.sessions.backends.cached_db import SessionStore; "
    )
    key = run_with_settings(
        setup + "s = SessionStore(); s['who'] = 'learner'; s.create(); s.save(); "
        "print(s.session_key)",
        tmp_path=tmp_path,
        DATABASE_URL=database,
    ).strip()
    read = f"print(SessionStore('{key}').get('who'))"
    # With the row gone from the database, another process still finds the session in the
    # shared folder: the cache is one for every process, not one per process.
    run_with_settings(
        "from django.contrib.sessions.models import Session; "
        f"Session.objects.filter(session_key='{key}').delete()",
        tmp_path=tmp_path,
        DATABASE_URL=database,
    )
    assert run_with_settings(setup + read, tmp_path=tmp_path, DATABASE_URL=database).strip() == (
        "learner"
    )
    run_with_settings(
        setup + f"SessionStore('{key}').delete()", tmp_path=tmp_path, DATABASE_URL=database
    )
    assert run_with_settings(setup + read, tmp_path=tmp_path, DATABASE_URL=database).strip() == (
        "None"
    )


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


def serve_with_stub_tools(
    tmp_path: Path, target: str, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run `make <target>` with a stand-in virtualenv: its python skips manage.py commands
    and its gunicorn prints the HTTPS settings the served site would get, then exits."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    (venv / ".installed-prod").touch()
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\n[ "$1" = manage.py ] && exit 0\nexec {sys.executable} "$@"\n')
    gunicorn = venv / "bin" / "gunicorn"
    gunicorn.write_text(
        f"#!/bin/sh\nexec {sys.executable} -c 'import django; django.setup(); "
        "from django.conf import settings as s; "
        'print("SETTINGS", s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, '
        "s.SECURE_SSL_REDIRECT, s.SECURE_HSTS_SECONDS > 0)'\n"
    )
    python.chmod(0o755)
    gunicorn.chmod(0o755)
    inherited = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("DJANGO_") and k not in {"DATABASE_URL", "REDIS_URL"}
    }
    return subprocess.run(
        ["make", "--no-print-directory", target, f"VENV={venv}"],
        cwd=ROOT,
        env={
            **inherited,
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "DJANGO_VAR_DIR": str(tmp_path),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_make_serve_is_https_only_by_default(tmp_path):
    result = serve_with_stub_tools(tmp_path, "serve")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SETTINGS True True True True" in result.stdout
    assert "HTTPS-only" in result.stdout
    assert "make serve-local" in result.stdout


@pytest.mark.parametrize(
    ("target", "env"), [("serve-local", {}), ("serve", {"DJANGO_HTTPS": "false"})]
)
def test_plain_http_is_an_explicit_choice_and_says_so(tmp_path, target, env):
    result = serve_with_stub_tools(tmp_path, target, **env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SETTINGS False False False False" in result.stdout
    assert "Serving PLAIN HTTP" in result.stdout
    assert "never in production" in result.stdout


def test_serve_local_refuses_a_non_loopback_address(tmp_path):
    result = serve_with_stub_tools(tmp_path, "serve-local", HOST="0.0.0.0")
    assert result.returncode != 0
    assert "only on loopback" in result.stderr


def test_email_url_configures_the_smtp_mailer(tmp_path):
    code = "from django.conf import settings; print(repr(settings.MAILERS['default']))"
    mailer = ast.literal_eval(run_with_settings(code, tmp_path=tmp_path))
    assert mailer == {
        "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
        "OPTIONS": {
            "host": "smtp.example.com",
            "port": 587,
            "username": "mailer",
            "password": "s@cret",
            "use_tls": True,
            "use_ssl": False,
            "timeout": 20,
        },
    }


def test_smtps_email_url_uses_implicit_tls_on_port_465(tmp_path):
    code = "from django.conf import settings; print(repr(settings.MAILERS['default']['OPTIONS']))"
    options = ast.literal_eval(
        run_with_settings(code, tmp_path=tmp_path, EMAIL_URL="smtps://relay.example.com")
    )
    assert (options["port"], options["use_ssl"], options["use_tls"]) == (465, True, False)
    assert (options["username"], options["password"]) == ("", "")


@pytest.mark.parametrize("email_url", ["", "console://"])
def test_without_an_smtp_email_url_mail_is_printed_to_the_console(tmp_path, email_url):
    code = "from django.conf import settings; print(settings.MAILERS['default']['BACKEND'])"
    out = run_with_settings(code, tmp_path=tmp_path, EMAIL_URL=email_url)
    assert out.strip() == "django.core.mail.backends.console.EmailBackend"


@pytest.mark.parametrize(
    ("email_url", "message"),
    [
        ("http://smtp.example.com", "must start with smtp://"),
        ("smtp://", "must name the mail server"),
        ("smtp://smtp.example.com:port/", "port that is not a number"),
        ("smtp://smtp.example.com/?tls=maybe", "accepts only tls=true|false"),
        ("smtp://smtp.example.com/?starttls=true", "accepts only tls=true|false"),
        ("smtps://smtp.example.com/?tls=true", "not both"),
    ],
)
def test_a_bad_email_url_is_refused_with_the_reason(email_url, message):
    result = run_manage("check", env={**PRODUCTION_ENV, "EMAIL_URL": email_url})
    assert result.returncode != 0
    assert message in result.stderr
