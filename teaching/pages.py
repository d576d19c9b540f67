"""The parts of the instructor's class pages that cost: learner counts, the assignment
table, a page of the heatmap, a page of a roster and the item statistics. Each is built
once per version of its class (teaching.caching) and then read from the cache, so a page of
a 500-learner class costs about what a plain page does."""

import functools
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from functools import cached_property
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString

from studyguide.caching import content_version
from teaching import caching, selectors, services
from teaching.forms import InstructorAddForm
from teaching.models import Classroom, Membership
from teaching.tasks import queue_recompute

# Mastery moves slowly; a heatmap row is recomputed when the learner submits an attempt,
# and once it is older than this, whatever they did meanwhile (reviews, time passing).
MASTERY_MAX_AGE = timedelta(minutes=15)


class CountedPaginator(Paginator[Membership]):
    """A paginator told how many learners there are, so a page costs no COUNT query."""

    def __init__(self, object_list: QuerySet[Membership], per_page: int, *, count: int) -> None:
        super().__init__(object_list, per_page)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


class ClassPage:
    """One request's view of a class's cached parts."""

    def __init__(self, classroom: Classroom) -> None:
        self.classroom = classroom
        self.parts = caching.ClassParts(classroom.pk)

    @cached_property
    def learner_count(self) -> int:
        def build() -> int:
            return selectors.class_members(classroom=self.classroom).count()

        return self.parts.get("learners", build)

    def page_number(self, raw: str | None, size: int) -> int:
        """The page of learners asked for, as Paginator.get_page reads it (a bad or missing
        number is the first page, one past the end the last), without a query."""
        return Paginator(range(self.learner_count), size).get_page(raw).number

    def learners(self, number: int, size: int) -> Page[Membership]:
        """A page of learners, for building a part (a cached part needs none)."""
        members = selectors.class_members(classroom=self.classroom)
        return CountedPaginator(members, size, count=self.learner_count).page(number)

    def rendered(
        self, name: str, template: str, context: Callable[[], dict[str, Any]], *parts: object
    ) -> SafeString:
        """A part rendered once per version of the class; `context` is only called (and its
        queries made) when the part is not cached."""
        return self.parts.get(name, lambda: render_to_string(template, context()), *parts)

    def instructors(self) -> list[str]:
        def build() -> list[str]:
            names = self.classroom.instructors.order_by("username")
            return list(names.values_list("username", flat=True))

        return self.parts.get("instructors", build)

    def heatmap(self, number: int, size: int) -> SafeString:
        def build() -> HeatmapPart:
            return _heatmap_part(self.classroom, self.learners(number, size))

        def cached(parts: caching.ClassParts) -> HeatmapPart:
            return parts.get("heatmap", build, content_version(), number, size)

        part = cached(self.parts)
        if part.oldest is not None and timezone.now() - part.oldest > MASTERY_MAX_AGE:
            queue_recompute(keys=[services.mastery_key(user_id) for user_id in part.user_ids])
            # The immediate backend has recomputed them (a new version of the class, so this
            # builds afresh); with a worker the page shows the figures it has meanwhile, and
            # says when they were computed.
            self.parts = caching.ClassParts(self.classroom.pk)
            part = cached(self.parts)
        return part.html


@functools.cache
def instructor_field() -> SafeString:
    """The label and input to add an instructor. The class page always shows the form
    unbound (a refusal comes back as a message), so it is rendered once a process."""
    field = InstructorAddForm()["username"]
    return format_html("{}\n{}", field.label_tag(label_suffix=""), field.as_widget())


@dataclass(frozen=True)
class HeatmapPart:
    html: SafeString
    user_ids: list[int]
    oldest: datetime | None


def _heatmap_part(classroom: Classroom, page: Page[Membership]) -> HeatmapPart:
    members: list[Membership] = list(page.object_list)
    user_ids = [m.user_id for m in members]
    topics = selectors.class_topics()
    stored = selectors.stored_mastery(user_ids=user_ids, topics=topics)
    if stored.missing:
        # New learners: fill them in now rather than show a row of blanks.
        now = timezone.now()
        stored.cells.update(
            services.mastery_store(user_ids=stored.missing, now=now, topics=topics, announce=False)
        )
        stored.oldest = min(stored.oldest or now, now)
    context = {
        "classroom": classroom,
        "page": page,
        "topics": topics,
        "rows": [selectors.HeatRow(m.user, m, stored.cells[m.user_id]) for m in members],
        "computed_at": stored.oldest,
        "max_age_minutes": int(MASTERY_MAX_AGE.total_seconds() // 60),
    }
    html = render_to_string("teaching/class_detail.html#heatmap", context)
    return HeatmapPart(html, user_ids, stored.oldest)


def content_part(
    template: str, context: Callable[[], dict[str, Any]]
) -> Callable[[], dict[str, Any]]:
    """A builder of a page's whole content (and its title), for pages whose content holds
    nothing of the request's own (no form, no token): `context` is only called on a miss."""

    def build() -> dict[str, Any]:
        values = context()
        title = values.get("assignment")
        return {
            "title": str(title) if title else "",
            "content_html": render_to_string(f"{template}#content", values),
        }

    return build
