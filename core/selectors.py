"""Reads shared by the site's own pages."""

from django.template.loader import render_to_string
from django.urls import get_script_prefix
from django.utils.safestring import SafeString, mark_safe

from core.navigation import main_navigation
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


def course_overview_html() -> SafeString:
    """The home page's "Where to start" and course outline, rendered once per content
    version: it is the same for every visitor."""
    html = content_cached(
        "course-overview",
        lambda: render_to_string(
            "core/_course_overview.html",
            {"sections": main_navigation("/"), "topics": live_topics()},
        ),
        get_script_prefix(),  # the links in it
    )
    return mark_safe(html)  # noqa: S308  # rendered by our own escaping template
