"""The site's main navigation, built from URL names so that no link can be dead."""

from dataclasses import dataclass
from functools import cache

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # The first path segment that marks this section as current.
    section: str
    description: str = ""


MAIN_SECTIONS = (
    NavItem("Lessons", "studyguide:lesson_list", "lessons", "Short lessons in study order."),
    NavItem("Facts", "studyguide:fact_list", "facts", "Every limit, with source and date."),
    NavItem("Calculators", "calculators:index", "calculators", "Partitions, shards and capacity."),
    NavItem("Quizzes", "quizzes:index", "quizzes", "Practice and timed exams."),
    NavItem("Review", "progress:review", "review", "What you are about to forget."),
    NavItem("Progress", "progress:dashboard", "progress", "Mastery, exams and streak."),
)


@cache
def _section_urls(urlconf: str | None, prefix: str) -> tuple[str, ...]:
    # Every page shows the navigation; its URLs change only with the URLconf and prefix.
    return tuple(reverse(item.url_name, urlconf=urlconf) for item in MAIN_SECTIONS)


def _current_section(path: str) -> str:
    """The first path segment, which marks a section as the current one."""
    return path.strip("/").split("/", 1)[0]


def main_navigation(path: str) -> list[dict[str, object]]:
    current = _current_section(path)
    urls = _section_urls(get_urlconf(settings.ROOT_URLCONF), get_script_prefix())
    return [
        {
            "label": item.label,
            "url": url,
            "current": current == item.section,
            "description": item.description,
        }
        for item, url in zip(MAIN_SECTIONS, urls, strict=True)
    ]


@cache
def _nav_links(urlconf: str | None, prefix: str) -> tuple[tuple[str, str, str], ...]:
    """Each section's path segment and the two halves of its link, escaped once."""
    return tuple(
        (item.section, f'<li><a href="{escape(url)}"', f">{escape(item.label)}")
        for item, url in zip(MAIN_SECTIONS, _section_urls(urlconf, prefix), strict=True)
    )


def main_navigation_html(path: str, *, due: int) -> SafeString:
    """The navigation's list items, `due` facts shown on Review: built here from parts
    escaped once per URLconf, rather than in a template loop, which was a third of the cost
    of rendering the site's layout."""
    current = _current_section(path)
    links = _nav_links(get_urlconf(settings.ROOT_URLCONF), get_script_prefix())
    return mark_safe(  # noqa: S308  # the parts are escaped; `due` is a number
        "\n".join(
            f"{start}{' aria-current="page"' if section == current else ''}{label}"
            f"{f' ({due:d} due)' if due and section == 'review' else ''}</a></li>"
            for section, start, label in links
        )
    )
