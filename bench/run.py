"""Page cost as a multiple of a bare template that renders the site's base layout.

Runs in-process through the full middleware stack with Django's test client against the
database `make setup` prepared; everything the bench writes is rolled back at the end. Per
page it prints the median time per request divided by the anchor's (measured in the same
run, interleaved, so machine load hits every page alike), the target from the issues, the
SQL queries and the bytes of one response. Absolute times vary by machine; the multiples
are what to compare between commits.
"""

import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from bench.history import learner_with_history  # noqa: E402

if TYPE_CHECKING:
    from accounts.models import User

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "20"))
# The heavy learner of issue 14: 1,000 attempts and 5,000 review logs, and ten times that.
HISTORY = int(os.environ.get("BENCH_HISTORY", "1000"))
# BENCH_ONLY="quiz,review": only the pages whose label holds one of these (the anchor and
# the exam start always run; "none" leaves out every other page); BENCH_CLASSES=0 leaves
# out the class pages and item statistics.
ONLY = [part.strip() for part in os.environ.get("BENCH_ONLY", "").split(",") if part.strip()]
CLASSES = os.environ.get("BENCH_CLASSES", "1") != "0"
ANCHOR = "/__bench/base"
HTMX = {"HX-Request": "true"}


@dataclass
class Page:
    label: str
    url: str
    who: str = "anonymous"  # anonymous | learner | heavy | heavy10
    target: float | None = None
    headers: dict[str, str] | None = None
    method: str = "get"
    data: dict[str, str] | None = None


PAGES = [
    Page("base layout (anchor)", ANCHOR, target=1.0),
    # What signing in adds to every page (session, user, the learner's navigation): no
    # target of its own, but part of every signed-in page's multiple.
    Page("base layout, signed in", ANCHOR, who="learner"),
    Page("home", "/", target=1.5),
    Page("healthz", "/healthz"),
    Page("lessons list", "/lessons/", target=2.0),
    Page("lesson", "/lessons/dynamodb/partitions/", target=2.0),
    Page("facts", "/facts/", target=3.0),
    Page("facts filtered (htmx)", "/facts/?q=partition", headers=HTMX),
    Page("facts.json", "/facts.json"),
    Page(
        "calculator page",
        "/calculators/dynamodb/partitions/?rcu=6000&wcu=2000&storage_gb=25",
    ),
    Page(
        "calculator partial (htmx)",
        "/calculators/dynamodb/partitions/?rcu=6000&wcu=2000&storage_gb=25",
        headers=HTMX,
        target=2.0,
    ),
    Page("quizzes", "/quizzes/", who="learner"),
    Page("quiz question", "{question}", who="learner", target=3.0),
    Page("review", "/review/", who="learner", target=3.0),
    Page("progress, light history", "/progress/", who="learner"),
    Page(f"progress, {HISTORY} attempts", "/progress/", who="heavy", target=5.0),
    Page(f"progress, {10 * HISTORY} attempts", "/progress/", who="heavy10", target=5.0),
]
# Class dashboard and statistics pages: at most 3x the lesson page (issue 12).
CLASS_PAGE_TARGET = 3.0


def signed_in(user: "User") -> Client:
    client = Client()
    client.force_login(user)
    return client


def clients() -> tuple[dict[str, Client], dict[str, str]]:
    from accounts.models import User
    from quizzes.services import attempt_start_practice
    from studyguide.selectors import content_pack_from_database

    learner = User.objects.create(username="bench-learner")
    attempt = attempt_start_practice(
        user=learner, pack=content_pack_from_database(), topics=["dynamodb"], length=10, seed=1
    )
    print(
        f"making a learner with {HISTORY} and one with {10 * HISTORY} attempts ...", file=sys.stderr
    )
    made = {
        "anonymous": Client(),
        "learner": signed_in(learner),
        "heavy": signed_in(learner_with_history(username="bench-heavy", attempts=HISTORY)),
        "heavy10": signed_in(learner_with_history(username="bench-heavy10", attempts=10 * HISTORY)),
    }
    return made, {"question": f"/quizzes/attempts/{attempt.pk}/q/2/"}


def request_maker(client: Client, url: str, headers: dict[str, str]) -> Callable[[], Any]:
    return lambda: client.get(url, headers=headers)


def timed(call: Callable[[], object], repeat: int) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        call()
    return (time.perf_counter() - start) / repeat


def exam_start_cost(client: Client, anchor: Callable[[], object]) -> float:
    """Starting a 65-question exam, as a multiple of one anchor request."""
    samples = []
    # "another": the exam started in the round before is still in progress.
    start = {"length": "65", "another": "1"}
    for _ in range(ROUNDS):
        base = timed(anchor, REQUESTS)
        response_time = timed(lambda: client.post("/quizzes/exam/", start), 1)
        samples.append(response_time / base)
    return statistics.median(samples)


def exam_started(client: Client) -> bool:
    """The measured POST really starts an exam (it redirects to its first question)."""
    response = client.post("/quizzes/exam/", {"length": "65", "another": "1"})
    return response.status_code == 302 and response["Location"].endswith("/q/1/")


def class_pages(
    client: Client,
    urls: list[str],
    *,
    samples_of: dict[str, Callable[[], object]],
    lesson_label: str,
) -> int:
    """Instructor class pages against the lesson page (issue 12: at most 3x); returns how
    many are over. Each round times a batch of lesson requests and then a batch of the page,
    so load from elsewhere on the machine hits both alike; the median round ratio counts.
    The first URL is the class page; the others are shown relative to it."""

    class QueryCounter:
        def __init__(self) -> None:
            self.count = 0

        def __call__(self, execute: Callable[..., Any], *args: Any) -> Any:
            self.count += 1
            return execute(*args)

    lesson_call = samples_of[lesson_label]
    over = 0
    for url in urls:
        label = "class " + url.removeprefix(urls[0]) if url != urls[0] else "class page"
        call = request_maker(client, url, {})
        if call().status_code != 200:
            print(f"skipped {label} ({url}): not 200", file=sys.stderr)
            over += 1
            continue
        # Counted by a wrapper: the test client's request_started signal clears the query log
        # that CaptureQueriesContext reads. The parts are cached by now, as in steady use.
        counter = QueryCounter()
        with connection.execute_wrapper(counter):
            size = len(call().content)
        ratios = []
        for _ in range(ROUNDS):
            lesson = timed(lesson_call, REQUESTS)
            page = timed(call, REQUESTS)
            ratios.append(page / lesson)
        ratio = statistics.median(ratios)
        verdict = "ok" if ratio <= CLASS_PAGE_TARGET else "OVER"
        over += verdict == "OVER"
        print(
            f"{label[:34]:<34} {ratio:>7.1f} {CLASS_PAGE_TARGET:>7.1f} {counter.count:>7} "
            f"{size:>8}  {verdict} (x the lesson page)"
        )
    return over


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"])
def main() -> int:
    with transaction.atomic():
        code = measure()
        transaction.set_rollback(True)
    return code


def measure() -> int:
    from bench import teaching

    made, fill = clients()
    class_urls: list[str] = []
    if CLASSES:
        made["instructor"], class_urls = teaching.class_client()
    calls: dict[str, Callable[[], object]] = {}
    rows = []
    for page in PAGES:
        if ONLY and page is not PAGES[0] and not any(part in page.label for part in ONLY):
            continue
        client = made[page.who]
        url = page.url.format(**fill)
        call = request_maker(client, url, page.headers or {})
        response = call()
        if response.status_code != 200:
            print(f"skipped {page.label} ({url}): status {response.status_code}", file=sys.stderr)
            continue
        calls[page.label] = call
        with CaptureQueriesContext(connection) as captured:
            size = len(call().content)
        rows.append((page, len(captured), size))
    samples: dict[str, list[float]] = {label: [] for label in calls}
    for _ in range(ROUNDS):
        for label, call in calls.items():  # interleaved
            samples[label].append(timed(call, REQUESTS))
    anchor = statistics.median(samples[PAGES[0].label])
    over = 0
    print(f"{'page':<34} {'x base':>7} {'target':>7} {'queries':>7} {'bytes':>8}  verdict")
    for page, queries, size in rows:
        ratio = statistics.median(samples[page.label]) / anchor
        verdict = ""
        if page.target is not None:
            verdict = "ok" if ratio <= page.target else "OVER"
            over += verdict == "OVER"
        target = f"{page.target:.1f}" if page.target is not None else "-"
        print(f"{page.label:<34} {ratio:>7.1f} {target:>7} {queries:>7} {size:>8}  {verdict}")
    exam = exam_start_cost(made["learner"], calls[PAGES[0].label])
    if not exam_started(made["learner"]):
        print("the exam start did not start an exam", file=sys.stderr)
        over += 1
    verdict = "ok" if exam <= 25 else "OVER"
    over += verdict == "OVER"
    print(f"{'start a 65-question exam':<34} {exam:>7.1f} {25.0:>7.1f} {'':>7} {'':>8}  {verdict}")
    if CLASSES and "lesson" in calls:
        over += class_pages(made["instructor"], class_urls, samples_of=calls, lesson_label="lesson")
        wall, cpu = teaching.recompute_seconds()
        print(
            f"item statistics for {teaching.RECOMPUTE_ATTEMPTS:,} attempts: "
            f"{wall:.2f} s ({cpu:.2f} s of CPU)"
        )
    print(f"\n{over} over target" if over else "\nevery page within its target")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
