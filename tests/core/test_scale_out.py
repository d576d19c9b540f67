"""Two gunicorn instances sharing one PostgreSQL and one Redis behave as one site.

The web tier keeps no state of its own: a learner who signs up on one instance is signed in
on the other, and an attempt started on one is answered on the other. This needs the
PostgreSQL + Redis configuration (CI's second run); on the SQLite default it is skipped.
"""

import http.cookiejar
import os
import re
import socket
import subprocess
import sys
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection

from tests.quizzes.attempt_pack import import_pack

ROOT = Path(__file__).resolve().parents[2]
needs_shared_services = pytest.mark.skipif(
    not (os.environ.get("DATABASE_URL", "").startswith("postgres") and os.environ.get("REDIS_URL")),
    reason="scale-out needs DATABASE_URL (PostgreSQL) and REDIS_URL",
)
pytestmark = [needs_shared_services, pytest.mark.django_db(transaction=True)]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def two_instances(tmp_path):
    db = settings.DATABASES["default"]
    database_url = (
        f"postgres://{db['USER']}:{urllib.parse.quote(db['PASSWORD'] or '')}"
        f"@{db['HOST']}:{db['PORT']}/{connection.settings_dict['NAME']}"
    )
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_HTTPS": "false",
        "DJANGO_SECRET_KEY": "scale-out-test-secret-key-that-is-long-enough-0123456789abcdef",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_STATIC_ROOT": str(tmp_path / "static"),
        "DATABASE_URL": database_url,
    }
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        check=True,
        timeout=120,
    )
    ports = [free_port(), free_port()]
    processes = [
        subprocess.Popen(
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
            stderr=subprocess.PIPE,
        )
        for port in ports
    ]
    try:
        for port in ports:
            deadline = time.monotonic() + 60
            while True:
                try:
                    urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10)
                    break
                except OSError:  # refused while binding, timed out while workers boot
                    if time.monotonic() > deadline:
                        raise
                    time.sleep(0.2)
        yield [f"http://127.0.0.1:{port}" for port in ports]
    finally:
        for process in processes:
            process.terminate()
            process.wait(timeout=10)


class Browser:
    """Just enough of a browser: one cookie jar across both instances."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))

    def get(self, url: str) -> str:
        with self.opener.open(url, timeout=10) as response:
            body: bytes = response.read()
            return body.decode()

    def post_form(self, url: str, data: dict[str, str | list[str]]) -> str:
        page = self.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        assert token, "the form page carries a CSRF token"
        body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)}, doseq=True)
        with self.opener.open(url, body.encode(), timeout=10) as response:
            reply: bytes = response.read()
            return reply.decode()


def test_two_instances_share_sessions_and_data(two_instances):
    import_pack()
    first, second = two_instances
    browser = Browser()
    password = "a-long-and-unusual-passphrase"
    browser.post_form(
        f"{first}/accounts/signup/",
        {"username": "roaming", "password1": password, "password2": password},
    )
    assert "Welcome back, roaming." in browser.get(f"{second}/")

    page = browser.post_form(
        f"{second}/quizzes/practice/", {"topics": ["messaging"], "length": "5"}
    )
    position = re.search(r'action="(/quizzes/attempts/(\d+)/q/1/answer/)"', page)
    assert position, "the practice quiz opened on its first question"
    answer_url = position.group(1)
    question_page = browser.get(f"{first}{answer_url.removesuffix('answer/')}")
    choice = re.search(r'name="(choice|number)" value="?(\w*)', question_page)
    assert choice
    data = {"number": "1"} if choice.group(1) == "number" else {"choice": choice.group(2)}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', question_page)
    assert token
    body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token.group(1)})
    with browser.opener.open(f"{first}{answer_url}", body.encode(), timeout=10) as response:
        feedback = response.read().decode()
    assert "Correct" in feedback or "Not quite" in feedback
    # The answer recorded through the first instance shows on the second.
    review = browser.get(f"{second}{answer_url.removesuffix('answer/')}")
    assert "Correct" in review or "Not quite" in review
