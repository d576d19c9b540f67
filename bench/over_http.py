"""Requests per second over HTTP: gunicorn (4 workers) on loopback, driven by wrk.

Each page's cost is the anchor's requests per second divided by the page's, so it reads
like `make bench`'s multiples. Needs wrk (Debian: apt-get install wrk); without it, says so.
The bench learners it makes are deleted at the end.
"""

import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
os.environ.setdefault("DJANGO_DEBUG", "false")
os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-" + "x" * 40)
os.environ["DJANGO_HTTPS"] = "false"  # plain HTTP on loopback, on purpose
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from bench.history import learner_with_history  # noqa: E402
from bench.run import ANCHOR, HISTORY, PAGES  # noqa: E402

SECONDS = int(os.environ.get("BENCH_HTTP_SECONDS", "5"))
WORKERS = 4


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def session_cookie(user) -> str:  # type: ignore[no-untyped-def]
    client = Client()
    client.force_login(user)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def wrk(url: str, cookie: str | None, headers: dict[str, str]) -> float:
    command = ["wrk", "-t2", "-c8", f"-d{SECONDS}s", url]
    for name, value in {**headers, **({"Cookie": cookie} if cookie else {})}.items():
        command[1:1] = ["-H", f"{name}: {value}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", output)
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        print(f"  {url}: {non_2xx[1]} non-2xx responses", file=sys.stderr)
    return float(match[1]) if match else 0.0


def main() -> int:
    if shutil.which("wrk") is None:
        print("wrk is not installed: apt-get install wrk, then make bench-http again.")
        return 0
    from accounts.models import User
    from quizzes.services import attempt_start_practice
    from studyguide.selectors import content_pack_from_database

    User.objects.filter(username__startswith="bench-").delete()
    learner = User.objects.create(username="bench-learner")
    attempt = attempt_start_practice(
        user=learner, pack=content_pack_from_database(), topics=["dynamodb"], length=10, seed=1
    )
    users = {
        "learner": learner,
        "heavy": learner_with_history(username="bench-heavy", attempts=HISTORY),
        "heavy10": learner_with_history(username="bench-heavy10", attempts=10 * HISTORY),
    }
    cookies = {who: session_cookie(user) for who, user in users.items()}
    port = free_port()
    server = subprocess.Popen(
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "config.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(WORKERS),
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "bench.settings"},
    )
    try:
        base_url = f"http://127.0.0.1:{port}"
        for _ in range(100):
            try:
                urllib.request.urlopen(base_url + "/healthz", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        fill = {"question": f"/quizzes/attempts/{attempt.pk}/q/2/"}
        results = []
        for page in PAGES:
            rate = wrk(
                base_url + page.url.format(**fill), cookies.get(page.who), page.headers or {}
            )
            results.append((page, rate))
        anchor = next(rate for page, rate in results if page.url == ANCHOR)
        print(f"{'page':<34} {'req/s':>8} {'x base':>7} {'target':>7}")
        for page, rate in results:
            ratio = anchor / rate if rate else float("inf")
            target = f"{page.target:.1f}" if page.target is not None else "-"
            print(f"{page.label:<34} {rate:>8.0f} {ratio:>7.1f} {target:>7}")
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=30)
        User.objects.filter(username__startswith="bench-").delete()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
