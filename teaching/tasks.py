"""Background work: item statistics and heatmap mastery, recomputed off the request path."""

from django.db import transaction
from django.tasks import task

from teaching import services


@task()
def recompute_item_statistics() -> int:
    """Recompute every scope marked stale; returns how many scopes it did."""
    return services.statistics_recompute_pending()


def queue_recompute(*, keys: list[str]) -> None:
    """Mark the scopes stale and queue one recomputation unless one is waiting already.

    Inside a submission's transaction, the task row (database backend) commits with it."""
    if keys and services.statistics_mark_stale(keys=keys):
        # A savepoint: with the immediate backend a failing recomputation is logged by the
        # backend and must not undo the caller's writes.
        with transaction.atomic():
            recompute_item_statistics.enqueue()
