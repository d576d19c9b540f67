"""The site's main navigation, built from URL names so that no link can be dead."""

from dataclasses import dataclass

from django.urls import reverse


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


def main_navigation(path: str) -> list[dict[str, object]]:
    current = path.strip("/").split("/", 1)[0]
    return [
        {
            "label": item.label,
            "url": reverse(item.url_name),
            "current": current == item.section,
            "description": item.description,
        }
        for item in MAIN_SECTIONS
    ]
