"""Background work: item statistics, recomputed off the request path."""

from django.tasks import task

from teaching import services


@task()
def recompute_item_statistics() -> int:
    """Recompute every scope marked stale; returns how many scopes it did."""
    return services.statistics_recompute_pending()
