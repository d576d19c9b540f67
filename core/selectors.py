"""Reads shared by the site's own pages."""

from studyguide.models import Topic


def live_topics() -> list[Topic]:
    """The live topics in study order."""
    return list(Topic.objects.active().order_by("order", "slug"))
