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

from django.db import connection, reset_queries  # noqa: E402
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
    client = Client()
    urls = [BASELINE]
    for url in PAGES:
        status = client.get(url).status_code
        if status == 200:
            urls.append(url)
        else:
            print(f"skipped {url}: status {status}", file=sys.stderr)
    samples: dict[str, list[float]] = {url: [] for url in urls}
    for _ in range(ROUNDS):
        for url in urls:  # interleaved, so drift in machine load hits every page alike
            samples[url].append(per_request_seconds(client, url))
    base = statistics.median(samples[BASELINE])
    base_memory = peak_bytes(client, BASELINE)
    print(f"{'page':<75} {'x bare':>7} {'queries':>7} {'x bare mem':>10}")
    for url in urls:
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            client.get(url)
        ratio = statistics.median(samples[url]) / base
        memory = peak_bytes(client, url) / base_memory
        print(f"{url:<75} {ratio:>7.1f} {len(queries):>7} {memory:>10.1f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
