"""The site's main navigation, built from URL names so that no link can be dead."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    # The first path segment that marks this section as current.
    section: str


# Each feature registers its section by URL name; a section whose app has no such
# URL yet is left out instead of linking to a 404.
MAIN_SECTIONS = (
    NavItem("Lessons", "studyguide:lesson_list", "lessons"),
    NavItem("Facts", "studyguide:fact_list", "facts"),
    NavItem("Calculators", "calculators:index", "calculators"),
    NavItem("Quizzes", "quizzes:index", "quizzes"),
    NavItem("Review", "progress:review", "review"),
    NavItem("Progress", "progress:dashboard", "progress"),
)


def main_navigation(path: str) -> list[dict[str, object]]:
    current = path.strip("/").split("/", 1)[0]
    items = []
    for item in MAIN_SECTIONS:
        try:
            url = reverse(item.url_name)
        except NoReverseMatch:
            continue
        items.append({"label": item.label, "url": url, "current": current == item.section})
    return items
