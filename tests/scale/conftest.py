"""Two gunicorn instances on loopback sharing one PostgreSQL database and one Redis: the
scale-out set-up, started from the test database so the tests can read what they wrote."""

import http.cookiejar
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]
ON_SHARED_SERVICES = os.environ.get("DATABASE_URL", "").startswith("postgres") and bool(
    os.environ.get("REDIS_URL")
)
# CI's PostgreSQL run sets this, so a misconfigured run fails instead of skipping the suite.
REQUIRED = os.environ.get("SCALING_STUDY_REQUIRE_SCALE", "") == "1"
REQUEST_TIMEOUT = 15


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "/scale/" in str(item.fspath):
            item.add_marker(pytest.mark.scale)
            if not ON_SHARED_SERVICES and not REQUIRED:
                item.add_marker(
                    pytest.mark.skip(
                        reason="the scale suite needs DATABASE_URL=postgres://... and REDIS_URL "
                        "(shared services for two instances); the SQLite default has neither"
                    )
                )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def static_root(tmp_path_factory):
    root = tmp_path_factory.mktemp("static")
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env={**instance_env(), "DJANGO_STATIC_ROOT": str(root)},
        check=True,
        timeout=120,
    )
    return root


def instance_env() -> dict[str, str]:
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{urllib.parse.quote(db['USER'] or '')}:"
        f"{urllib.parse.quote(db['PASSWORD'] or '')}"
        f"@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
    )
    return {
        **os.environ,
        "DJANGO_DEBUG": "false",
        # Plain HTTP on loopback, chosen explicitly as `make serve-local` does.
        "DJANGO_HTTPS": "false",
        "DJANGO_SECRET_KEY": "scale-test-secret-key-that-is-long-enough-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": database_url,
    }


@dataclass
class Instance:
    url: str
    process: subprocess.Popen[bytes]

    def kill(self) -> None:
        """SIGKILL the master and its workers at once, as a machine that dies."""
        os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(timeout=10)

    def stop(self) -> None:
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


@pytest.fixture
def two_instances(static_root):
    env = {**instance_env(), "DJANGO_STATIC_ROOT": str(static_root)}
    instances = []
    for port in (free_port(), free_port()):
        process = subprocess.Popen(
            [
                str(Path(sys.executable).parent / "gunicorn"),
                "config.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--no-control-socket",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,  # its own process group, so kill() reaches the workers
        )
        instances.append(Instance(f"http://127.0.0.1:{port}", process))
    try:
        for instance in instances:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"{instance.url}/healthz", timeout=10)
                    break
                except OSError:  # refused while binding, timed out while workers boot
                    if time.monotonic() > deadline or instance.process.poll() is not None:
                        raise
                    time.sleep(0.2)
        yield instances
    finally:
        for instance in instances:
            instance.stop()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@dataclass
class Response:
    status: int
    body: str
    location: str = ""


@dataclass
class Browser:
    """Just enough of a browser: one cookie jar for both instances, redirects not followed
    (a 302 after a POST is the server's acknowledgement)."""

    jar: http.cookiejar.CookieJar = field(default_factory=http.cookiejar.CookieJar)

    def __post_init__(self) -> None:
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), NoRedirect()
        )

    def request(self, url: str, data: dict[str, Any] | None = None) -> Response:
        body = None
        if data is not None:
            body = urllib.parse.urlencode(
                {**data, "csrfmiddlewaretoken": self.csrf_token()}, doseq=True
            ).encode()
        try:
            with self.opener.open(url, body, timeout=REQUEST_TIMEOUT) as response:
                return Response(response.status, response.read().decode())
        except urllib.error.HTTPError as error:
            return Response(error.code, error.read().decode(), error.headers.get("Location", ""))

    def get(self, url: str) -> Response:
        return self.request(url)

    def post(self, url: str, data: dict[str, Any]) -> Response:
        return self.request(url, data)

    def csrf_token(self) -> str:
        for cookie in self.jar:
            if cookie.name == "csrftoken" and cookie.value is not None:
                return cookie.value
        raise AssertionError("no CSRF cookie yet: GET a page first")


def answer_for(question_page: str) -> dict[str, str | list[str]]:
    """A well-formed answer to the question on the page: the first choice (two for a
    'choose two'), or a number."""
    if 'name="number"' in question_page:
        return {"number": "7"}
    choices = re.findall(r'type="(radio|checkbox)" name="choice" value="(\d+)"', question_page)
    assert choices, "the question offers choices or a number"
    if choices[0][0] == "checkbox":
        return {"choice": [value for _, value in choices[:2]]}
    return {"choice": choices[0][1]}
