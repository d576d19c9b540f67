"""Reads for teaching: a learner's classes and assignments, an instructor's classes, the
class heatmap, assignment statuses and marks, and the responses item statistics are
computed from. Each makes a fixed number of queries, whatever the class size."""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from django.db.models import Case, Count, Q, QuerySet, TextField, Value, When
from django.db.models.fields.json import KT
from django.db.models.functions import Cast
from django.shortcuts import get_object_or_404
from django.utils import timezone

from accounts.models import User
from core.compiled import CompiledQuery
from progress import scheduling
from progress.mastery import TopicMastery, topic_mastery
from progress.models import ReviewCard, ReviewLog
from progress.selectors import RECENT_DAYS
from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import Fact, Topic
from teaching.models import (
    BANK,
    Assignment,
    AssignmentAttempt,
    AssignmentStatistic,
    Classroom,
    ItemStatistic,
    LearnerMastery,
    Membership,
)
from teaching.statistics import Response

# Classes -----------------------------------------------------------------------------------


def classes_taught(*, user: User) -> QuerySet[Classroom]:
    return Classroom.objects.filter(instructors=user).annotate(
        learners=Count("memberships", distinct=True),
        assignment_count=Count("assignments", distinct=True),
    )


def classroom_for_instructor(*, user: User, slug: str) -> Classroom:
    """Another instructor's class is a 404: its existence is not theirs to know."""
    return get_object_or_404(Classroom, slug=slug, instructors=user)


def assignment_for_instructor(*, classroom: Classroom, pk: int) -> Assignment:
    return get_object_or_404(Assignment, pk=pk, classroom=classroom)


def member_of(*, classroom: Classroom, user_id: int) -> Membership:
    return get_object_or_404(
        Membership.objects.select_related("user"), classroom=classroom, user_id=user_id
    )


# Attempt status --------------------------------------------------------------------------

NOT_STARTED = "not started"
IN_PROGRESS = "in progress"
SUBMITTED = "submitted"
LATE = "late"


@dataclass
class LearnerResult:
    """A learner's standing on an assignment: the counted attempt is the best-scoring
    submitted one (the earliest of equals); late when it was submitted after the due time."""

    status: str = NOT_STARTED
    attempts: int = 0
    score: int | None = None
    seconds_used: int | None = None
    submitted_at: datetime | None = None
    attempt_id: int | None = None
    open_attempt_id: int | None = None


def _results(
    rows: Iterable[dict[str, Any]], due: dict[int, datetime]
) -> dict[tuple[int, int], LearnerResult]:
    results: dict[tuple[int, int], LearnerResult] = defaultdict(LearnerResult)
    for row in rows:
        result = results[(row["assignment_id"], row["user_id"])]
        result.attempts += 1
        submitted = row["attempt__submitted_at"]
        if submitted is None:
            result.open_attempt_id = row["attempt_id"]
            if result.score is None:
                result.status = IN_PROGRESS
            continue
        score = row["attempt__score"] or 0
        if result.score is not None and score <= result.score:
            continue
        result.score = score
        result.submitted_at = submitted
        result.attempt_id = row["attempt_id"]
        result.seconds_used = int((submitted - row["attempt__started_at"]).total_seconds())
        result.status = LATE if submitted > due[row["assignment_id"]] else SUBMITTED
    return results


_RESULT_FIELDS = (
    "assignment_id",
    "user_id",
    "attempt_id",
    "attempt__started_at",
    "attempt__submitted_at",
    "attempt__score",
)


def _attempt_rows(**filters: Any) -> QuerySet[AssignmentAttempt, dict[str, Any]]:
    rows: QuerySet[AssignmentAttempt, dict[str, Any]] = (
        AssignmentAttempt.objects.filter(**filters)
        .order_by("attempt__submitted_at", "attempt_id")
        .values(*_RESULT_FIELDS)
    )
    return rows


@dataclass
class LearnerAssignment:
    assignment: Assignment
    result: LearnerResult

    @property
    def is_open(self) -> bool:
        return timezone.now() >= self.assignment.opens_at

    @property
    def can_start(self) -> bool:
        return (
            self.is_open
            and self.result.open_attempt_id is None
            and self.result.attempts < self.assignment.max_attempts
        )


@dataclass
class LearnerClass:
    classroom: Classroom
    assignments: list[LearnerAssignment] = field(default_factory=list)


# The home and progress pages ask every learner, most of whom are in no class: compiled
# (core/compiled.py), as the ORM's own work for this query cost several times the query.
_MEMBERSHIPS = CompiledQuery(
    lambda user: Membership.objects.filter(user_id=user).select_related("classroom").order_by(),
    arguments=1,
)


def learner_classes(*, user: User) -> list[LearnerClass]:
    """The learner's classes with their assignments and where the learner stands (one query
    for a learner in no class, three for one in a class)."""
    classes = {m.classroom_id: LearnerClass(m.classroom) for m in _MEMBERSHIPS.models(user.pk)}
    if not classes:
        return []
    assignments = list(Assignment.objects.filter(classroom_id__in=list(classes)))
    results = _results(
        _attempt_rows(user=user, assignment__classroom_id__in=list(classes)),
        {a.pk: a.due_at for a in assignments},
    )
    for assignment in assignments:
        classes[assignment.classroom_id].assignments.append(
            LearnerAssignment(assignment, results.get((assignment.pk, user.pk), LearnerResult()))
        )
    return sorted(classes.values(), key=lambda c: (c.classroom.name, c.classroom.pk))


def learner_assignment(*, user: User, pk: int) -> Assignment:
    """An assignment of one of the learner's classes; any other is a 404."""
    return get_object_or_404(Assignment, pk=pk, classroom__memberships__user=user)


@dataclass
class AssignmentRow:
    user: User
    result: LearnerResult


def class_members(*, classroom: Classroom) -> QuerySet[Membership]:
    return (
        Membership.objects.filter(classroom=classroom)
        .select_related("user")
        .order_by("user__username", "pk")
    )


def assignment_roster(
    *, assignment: Assignment, members: list[Membership] | None = None
) -> list[AssignmentRow]:
    """The learners (every member, or the page given) with their results (2 queries)."""
    if members is None:
        members = list(class_members(classroom=assignment.classroom))
    rows = _attempt_rows(assignment=assignment, user_id__in=[m.user_id for m in members])
    results = _results(rows, {assignment.pk: assignment.due_at})
    return [
        AssignmentRow(m.user, results.get((assignment.pk, m.user_id), LearnerResult()))
        for m in members
    ]


@dataclass
class AssignmentSummary:
    assignment: Assignment
    counts: dict[str, int]

    @property
    def not_started(self) -> int:
        return self.counts[NOT_STARTED]

    @property
    def in_progress(self) -> int:
        return self.counts[IN_PROGRESS]

    @property
    def submitted(self) -> int:
        return self.counts[SUBMITTED]

    @property
    def late(self) -> int:
        return self.counts[LATE]


def assignment_summaries(*, classroom: Classroom, learners: int) -> list[AssignmentSummary]:
    """Each assignment with how many learners stand at each status (2 queries)."""
    assignments = list(classroom.assignments.all())
    results = _results(
        _attempt_rows(assignment__classroom=classroom), {a.pk: a.due_at for a in assignments}
    )
    counts: dict[int, dict[str, int]] = {
        a.pk: {NOT_STARTED: learners, IN_PROGRESS: 0, SUBMITTED: 0, LATE: 0} for a in assignments
    }
    for (assignment_id, _), result in results.items():
        counts[assignment_id][result.status] += 1
        counts[assignment_id][NOT_STARTED] -= 1
    # A learner who left keeps their attempts; the count of not started never goes below 0.
    for row in counts.values():
        row[NOT_STARTED] = max(0, row[NOT_STARTED])
    return [AssignmentSummary(a, counts[a.pk]) for a in assignments]


# Heatmap -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class HeatCell:
    topic_slug: str
    mastery: TopicMastery
    facts_met: int
    facts_total: int

    # Strings, not numbers: the template engine localises every number it prints, which
    # costs more than the rest of a 25 × 10 heatmap.
    @property
    def band(self) -> str:
        """heat-0 .. heat-4 for the colour scale; the number is always shown too."""
        return f"heat-{min(4, self.mastery.mastery // 20)}"

    @property
    def label(self) -> str:
        return str(self.mastery.mastery)

    @property
    def coverage(self) -> str:
        return f"{self.facts_met}/{self.facts_total}"


@dataclass
class HeatRow:
    user: User
    membership: Membership
    cells: list[HeatCell]


def class_topics() -> list[dict[str, Any]]:
    rows = Topic.objects.active().order_by("order", "slug").values("id", "slug", "title")
    return [dict(row) for row in rows]


def topic_mastery_for(
    *, user_ids: list[int], topics: list[dict[str, Any]], now: datetime
) -> dict[int, list[HeatCell]]:
    """Each learner's mastery of each topic, as /progress/ scores it, in 3 queries for any
    number of learners: the same per-fact retrievability and the same formula."""
    topic_ids = [t["id"] for t in topics]
    fact_topic = dict(
        Fact.objects.active().filter(topic_id__in=topic_ids).values_list("id", "topic_id")
    )
    facts_total: dict[int, int] = defaultdict(int)
    for topic_id in fact_topic.values():
        facts_total[topic_id] += 1
    recall: dict[tuple[int, int], float] = defaultdict(float)
    met: dict[tuple[int, int], int] = defaultdict(int)
    cards = ReviewCard.objects.filter(user_id__in=user_ids, fact_id__in=list(fact_topic))
    for user_id, fact_id, card in cards.values_list("user_id", "fact_id", "card").iterator(
        chunk_size=5000
    ):
        key = (user_id, fact_topic[fact_id])
        recall[key] += scheduling.retrievability(scheduling.card_from_dict(card), at=now)
        met[key] += 1
    recent = (
        ReviewLog.objects.filter(
            user_id__in=user_ids,
            reviewed_at__gte=now - timedelta(days=RECENT_DAYS),
            card__fact__topic_id__in=topic_ids,
        )
        .values("user_id", "card__fact__topic_id")
        .annotate(total=Count("id"), right=Count("id", filter=~Q(rating=ReviewLog.Rating.AGAIN)))
    )
    accuracy = {
        (row["user_id"], row["card__fact__topic_id"]): row["right"] / row["total"] for row in recent
    }
    return {
        user_id: [
            HeatCell(
                topic_slug=topic["slug"],
                mastery=topic_mastery(
                    recall_sum=recall[(user_id, topic["id"])],
                    facts_total=facts_total[topic["id"]],
                    accuracy=accuracy.get((user_id, topic["id"])),
                ),
                facts_met=met[(user_id, topic["id"])],
                facts_total=facts_total[topic["id"]],
            )
            for topic in topics
        ]
        for user_id in user_ids
    }


@dataclass
class StoredHeatmap:
    """The heatmap rows of some learners, from their stored mastery."""

    cells: dict[int, list[HeatCell]]
    missing: list[int]  # learners without a stored figure for every topic
    oldest: datetime | None  # when the oldest figure was computed


def stored_mastery(*, user_ids: list[int], topics: list[dict[str, Any]]) -> StoredHeatmap:
    """The learners' stored mastery of each topic (1 query)."""
    found: dict[int, dict[int, HeatCell]] = defaultdict(dict)
    slugs = {t["id"]: t["slug"] for t in topics}
    oldest: datetime | None = None
    rows = LearnerMastery.objects.filter(user_id__in=user_ids, topic_id__in=list(slugs))
    for user_id, topic_id, memory, accuracy, mastery, met, total, computed_at in rows.values_list(
        "user_id",
        "topic_id",
        "memory",
        "accuracy",
        "mastery",
        "facts_met",
        "facts_total",
        "computed_at",
    ):
        found[user_id][topic_id] = HeatCell(
            topic_slug=slugs[topic_id],
            mastery=TopicMastery(memory, accuracy, mastery),
            facts_met=met,
            facts_total=total,
        )
        oldest = computed_at if oldest is None else min(oldest, computed_at)
    cells = {
        user_id: [found[user_id][t["id"]] for t in topics]
        for user_id in user_ids
        if len(found[user_id]) == len(topics)
    }
    return StoredHeatmap(cells, [u for u in user_ids if u not in cells], oldest)


# Item statistics: the responses ------------------------------------------------------------

# An item is a question version: editing an authored question makes a new version, whose
# figures start afresh. Generated questions and snapshots older than versions are version 0.
ItemKey = tuple[str, int]


@dataclass
class ItemResponses:
    topic: str
    prompt: str
    choices: list[tuple[str, bool]] = field(default_factory=list)
    responses: list[Response] = field(default_factory=list)

    def add_choices(self, choices: list[dict[str, Any]] | None) -> None:
        known = {identity for identity, _ in self.choices}
        for choice in choices or ():
            if choice["text"] not in known:
                known.add(choice["text"])
                self.choices.append((choice["text"], bool(choice["correct"])))


def _picked(choices: list[dict[str, Any]] | None, selected: list[int] | None) -> frozenset[str]:
    """The picked choices by identity (their text in the snapshot), not by position."""
    if not choices or not selected:
        return frozenset()
    return frozenset(choices[i]["text"] for i in selected if 0 <= i < len(choices))


_ITEM_FIELDS = (
    "attempt_id",
    "attempt__user_id",
    "attempt__correct_count",
    "attempt__question_count",
    "question_uid",
    "question_version",
    "topic",
    "mark_text",
    "selected_json",
    "choices_json",
    "prompt_text",
)


def _item_rows(rows: QuerySet[AttemptQuestion]) -> Iterable[tuple[Any, ...]]:
    # The choices come as JSON text and are parsed once per distinct text (every attempt of
    # a question version shows the same choices), which keeps 10,000 attempts cheap.
    return (
        rows.annotate(
            # "1" or "": a boolean column would pass every row through a converter.
            mark_text=Case(When(is_correct=True, then=Value("1")), default=Value("")),
            question_version=KT("snapshot__version"),
            choices_json=KT("snapshot__choices"),
            prompt_text=KT("snapshot__prompt"),
            selected_json=Cast("selected", TextField()),
        )
        .values_list(*_ITEM_FIELDS)
        .iterator(chunk_size=5000)
    )


def _collect(
    rows: Iterable[tuple[Any, ...]], keep: Callable[[int, int, ItemKey], bool]
) -> dict[ItemKey, ItemResponses]:
    items: dict[ItemKey, ItemResponses] = {}
    parsed: dict[str | None, list[dict[str, Any]] | None] = {None: None}
    shown: set[tuple[ItemKey, str | None]] = set()
    picks: dict[tuple[str | None, str | None], frozenset[str]] = {}
    for (
        attempt_id,
        user_id,
        correct,
        count,
        uid,
        version,
        topic,
        right,
        selected,
        text,
        prompt,
    ) in rows:
        # A JSON number comes back as text from some databases and as a number from others.
        key = (uid, int(version or 0))
        if not keep(attempt_id, user_id, key):
            continue
        if text not in parsed:
            parsed[text] = json.loads(text)
        choices = parsed[text]
        picked = picks.get((text, selected))
        if picked is None:
            picked = picks[(text, selected)] = _picked(
                choices, json.loads(selected) if selected else None
            )
        item = items.get(key)
        if item is None:
            item = items[key] = ItemResponses(topic=topic, prompt=str(prompt or ""))
        if (key, text) not in shown:
            shown.add((key, text))
            item.add_choices(choices)
        # The item's mark, with the rest of the attempt as a proportion of the rest's
        # questions (forms differ between learners, so counts would not compare).
        mark = 1.0 if right else 0.0
        item.responses.append(
            Response(
                attempt_id,
                mark,
                (correct - mark) / (count - 1) if count > 1 else None,
                correct / count if count else 0.0,
                picked,
            )
        )
    return items


@dataclass
class AssignmentResponses:
    learners: int
    items: dict[ItemKey, ItemResponses]
    matrix: list[list[float]]  # fixed form only: learners × items, else empty
    mean_score: float | None


def assignment_responses(*, assignment: Assignment) -> AssignmentResponses:
    """Each learner's first submitted attempt of the assignment, item by item (2 queries)."""
    first: dict[int, int] = {}
    for user_id, attempt_id in _attempt_rows(
        assignment=assignment, attempt__submitted_at__isnull=False
    ).values_list("user_id", "attempt_id"):
        first.setdefault(user_id, attempt_id)
    counted = set(first.values())
    rows = _item_rows(
        AttemptQuestion.objects.filter(attempt__assignment_link__assignment=assignment).order_by(
            "attempt_id", "position"
        )
    )
    marks: dict[int, dict[ItemKey, float]] = defaultdict(dict)

    def keep(attempt_id: int, user_id: int, key: ItemKey) -> bool:
        return attempt_id in counted

    items = _collect(rows, keep)
    for key, item in items.items():
        for response in item.responses:
            marks[response.attempt][key] = response.mark
    scores = [sum(m.values()) / len(m) for m in marks.values() if m]
    matrix: list[list[float]] = []
    keys = sorted(items)
    # A question edited while the assignment ran gives learners different versions: the
    # forms then differ and alpha is not defined.
    if assignment.fixed_form and all(len(m) == len(keys) for m in marks.values()):
        matrix = [[m[key] for key in keys] for _, m in sorted(marks.items())]
    return AssignmentResponses(
        learners=len(counted),
        items=items,
        matrix=matrix,
        mean_score=1000 * sum(scores) / len(scores) if scores else None,
    )


def bank_responses(*, question_uids: list[str]) -> dict[ItemKey, ItemResponses]:
    """Per item (question version), each learner's first submitted exam attempt containing
    it (1 query)."""
    rows = _item_rows(
        AttemptQuestion.objects.filter(
            question_uid__in=question_uids,
            attempt__mode=Attempt.Mode.EXAM,
            attempt__submitted_at__isnull=False,
        ).order_by("attempt__submitted_at", "attempt_id")
    )
    seen: set[tuple[int, ItemKey]] = set()

    def keep(attempt_id: int, user_id: int, key: ItemKey) -> bool:
        if (user_id, key) in seen:
            return False
        seen.add((user_id, key))
        return True

    return _collect(rows, keep)


# Item statistics: the stored figures ------------------------------------------------------


def assignment_statistics(
    *, assignment: Assignment
) -> tuple[AssignmentStatistic | None, list[ItemStatistic]]:
    form = AssignmentStatistic.objects.filter(assignment=assignment).first()
    items = list(ItemStatistic.objects.filter(assignment=assignment).order_by("topic", "pk"))
    return form, items


def exam_question_uids() -> list[str]:
    return sorted(
        AttemptQuestion.objects.filter(
            attempt__mode=Attempt.Mode.EXAM, attempt__submitted_at__isnull=False
        )
        .values_list("question_uid", flat=True)
        .distinct()
    )


def bank_statistics(*, question_uid: str | None = None) -> list[ItemStatistic]:
    rows = ItemStatistic.objects.filter(scope=BANK).order_by("topic", "question_uid", "version")
    if question_uid:
        rows = rows.filter(question_uid=question_uid)
    return list(rows)
