"""Reads shared by the site's own pages."""

from studyguide.caching import content_cached
from studyguide.models import Topic


def live_topics() -> list[Topic]:
    """The live topics in study order, each with its `.url` (cached per content version)."""
    return content_cached("live-topics", _live_topics)


def _live_topics() -> list[Topic]:
    topics = list(Topic.objects.active().order_by("order", "slug"))
    for topic in topics:
        topic.url = topic.get_absolute_url()  # type: ignore[attr-defined]
    return topics
