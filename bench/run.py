"""Page cost as a ratio against a bare Django view, measured in the same run.

Runs in-process through the full middleware stack with Django's test client against the
database `make setup` prepared. Prints, per page, the median time per request divided by
the bare view's, the SQL queries per request, and the peak memory a request allocates.
Absolute times vary by machine; the ratios are what to compare between commits.
"""

import os
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
os.environ.setdefault("DJANGO_DEBUG", "true")

import django  # noqa: E402

django.setup()

from django.db import connection, reset_queries, transaction  # noqa: E402
from django.test import Client, override_settings  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

ROUNDS = int(os.environ.get("BENCH_ROUNDS", "7"))
REQUESTS = int(os.environ.get("BENCH_REQUESTS", "40"))
BASELINE = "/__bench/bare"
PAGES = [
    "/",
    "/healthz",
    "/lessons/",
    "/lessons/dynamodb/partitions/",
    "/facts/",
    "/facts/?q=partition",
    "/facts.json",
    "/calculators/dynamodb/partitions/?rcu=6000&wcu=2000&storage_gb=25",
    "/calculators/kinesis/shards/?records_per_s=5000&record_kb=2&consumers=3&fan_out=shared",
]
LESSON = "/lessons/dynamodb/partitions/"
# Pages of a signed-in learner with some history; {question} is a practice question page.
LEARNER_PAGES = ["/quizzes/", "{question}", "/review/", "/progress/"]


def learner_client() -> tuple[Client, list[str]]:
    """A learner with a few answered practice quizzes, signed in."""
    from django.contrib.auth import get_user_model

    from quizzes.services import answer_record, attempt_start_practice
    from studyguide.selectors import content_pack_from_database

    user, _ = get_user_model().objects.get_or_create(username="bench-learner")
    pack = content_pack_from_database()
    attempt = None
    for seed in range(3):
        attempt = attempt_start_practice(
            user=user, pack=pack, topics=["dynamodb", "kinesis"], length=10, seed=seed
        )
        for item in list(attempt.questions.all())[:5]:
            if item.question.answer_mode == "numeric":
                answer_record(attempt=attempt, position=item.position, number=item.question.answer)
            else:
                answer_record(attempt=attempt, position=item.position, selected=[0])
    assert attempt is not None
    client = Client()
    client.force_login(user)
    question = f"/quizzes/attempts/{attempt.pk}/q/7/"
    return client, [page.format(question=question) for page in LEARNER_PAGES]


def per_request_seconds(client: Client, url: str) -> float:
    start = time.perf_counter()
    for _ in range(REQUESTS):
        client.get(url)
    return (time.perf_counter() - start) / REQUESTS


def peak_bytes(client: Client, url: str) -> int:
    tracemalloc.start()
    client.get(url)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


@override_settings(ROOT_URLCONF="bench.urls", ALLOWED_HOSTS=["testserver"])
def main() -> int:
    # Everything the bench writes (its learner and attempts) is rolled back at the end.
    with transaction.atomic():
        code = measure()
        transaction.set_rollback(True)
    return code


def measure() -> int:
    from bench import teaching

    anonymous = Client()
    learner, learner_urls = learner_client()
    instructor, class_urls = teaching.class_client()
    clients = {BASELINE: anonymous}
    signed_in = [*((u, learner) for u in learner_urls), *((u, instructor) for u in class_urls)]
    for url, client in [*((u, anonymous) for u in PAGES), *signed_in]:
        status = client.get(url).status_code
        if status == 200:
            clients[url] = client
        else:
            print(f"skipped {url}: status {status}", file=sys.stderr)
    urls = list(clients)
    samples: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(ROUNDS):
        for url in urls:  # interleaved, so drift in machine load hits every page alike
            samples[url].append(per_request_seconds(clients[url], url))
    base = statistics.median(samples[BASELINE])
    base_memory = peak_bytes(anonymous, BASELINE)
    print(f"{'page':<75} {'x bare':>7} {'queries':>7} {'x bare mem':>10}")
    for url in urls:
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            clients[url].get(url)
        ratio = statistics.median(samples[url]) / base
        memory = peak_bytes(clients[url], url) / base_memory
        print(f"{url:<75} {ratio:>7.1f} {len(queries):>7} {memory:>10.1f}")
    lesson = statistics.median(samples[LESSON]) if LESSON in samples else None
    for url in class_urls:
        if lesson and url in samples:
            print(f"{url:<75} {statistics.median(samples[url]) / lesson:>7.1f} x the lesson page")
    wall, cpu = teaching.recompute_seconds()
    print(
        f"item statistics for {teaching.RECOMPUTE_ATTEMPTS:,} attempts: "
        f"{wall:.2f} s ({cpu:.2f} s of CPU)"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
