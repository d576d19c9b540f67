"""Reads shared by the site's own pages."""

from studyguide.caching import content_cached
from studyguide.models import Topic


def live_topics() -> list[Topic]:
    """The live topics in study order (cached per content version)."""
    return content_cached(
        "live-topics", lambda: list(Topic.objects.active().order_by("order", "slug"))
    )
