"""Reads for the question bank: the filtered list, one question's history, the pickers'
choices and the generated questions. Each makes a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet

from quizzes.generation import ALL_KINDS, Question, QuestionKind, questions_for_topic
from studyguide.models import AuthoredQuestion, Fact, Lesson, Topic
from studyguide.selectors import content_pack_from_database
from workspace.models import ChangeRecord, QuestionReport, QuestionVersion

GENERATED_KINDS = tuple(kind for kind in ALL_KINDS if kind != QuestionKind.AUTHORED)


@dataclass(frozen=True)
class BankFilters:
    topic: str = ""
    kind: str = ""
    style: str = ""
    status: str = ""
    tag: str = ""
    reported: bool = False
    text: str = ""


def _open_reports() -> Count:
    return Count("reports", filter=Q(reports__status=QuestionReport.Status.OPEN))


def _filtered(filters: BankFilters, *, with_status: bool) -> QuerySet[AuthoredQuestion]:
    questions = AuthoredQuestion.objects.live()
    if filters.topic:
        questions = questions.filter(topic__slug=filters.topic)
    if filters.kind:
        questions = questions.filter(kind=filters.kind)
    if filters.style:
        questions = questions.filter(style=filters.style)
    if with_status and filters.status:
        questions = questions.filter(status=filters.status)
    if filters.tag:
        # Tags are lower-case slugs (TAG_RE), so the quoted tag matches the JSON list's text
        # on SQLite and PostgreSQL alike, where a JSON "contains" lookup is not portable.
        questions = questions.filter(tags__icontains=f'"{filters.tag}"')
    if filters.reported:
        questions = questions.filter(
            pk__in=QuestionReport.objects.filter(status=QuestionReport.Status.OPEN)
            .exclude(question=None)
            .values("question")
        )
    for word in filters.text.split():
        questions = questions.filter(Q(key__icontains=word) | Q(prompt__icontains=word))
    return questions


def question_bank(*, filters: BankFilters) -> QuerySet[AuthoredQuestion]:
    """Every question of the live course (drafts and retired ones too) that the filters
    keep, with its topic and `open_reports`, in course order."""
    return (
        _filtered(filters, with_status=True)
        .select_related("topic", "edited_by")
        .annotate(open_reports=_open_reports())
        .order_by("topic__order", "topic__slug", "order", "key")
    )


def status_counts(*, filters: BankFilters) -> dict[str, int]:
    """How many questions each status has under the other filters (one query)."""
    counts = dict.fromkeys(AuthoredQuestion.Status.values, 0)
    rows = (
        _filtered(filters, with_status=False)
        .order_by()
        .values_list("status")
        .annotate(count=Count("pk"))
    )
    for status, count in rows:
        counts[status] = count
    return counts


def bank_tags() -> list[str]:
    """Every tag in use, sorted (one query)."""
    tags: set[str] = set()
    for row in AuthoredQuestion.objects.live().values_list("tags", flat=True):
        tags.update(tag for tag in row or () if isinstance(tag, str))
    return sorted(tags)


def bank_topics() -> list[Topic]:
    return list(Topic.objects.active().order_by("order", "slug"))


def question_get(*, key: str) -> AuthoredQuestion | None:
    return (
        AuthoredQuestion.objects.live()
        .select_related("topic", "edited_by")
        .annotate(open_reports=_open_reports())
        .filter(key=key)
        .first()
    )


@dataclass
class QuestionHistory:
    versions: list[QuestionVersion] = field(default_factory=list)
    changes: list[ChangeRecord] = field(default_factory=list)


HISTORY_LIMIT = 50


def question_history(*, question: AuthoredQuestion) -> QuestionHistory:
    """The question's stored versions (newest first) and its latest changes (two queries)."""
    return QuestionHistory(
        versions=list(
            QuestionVersion.objects.filter(question=question)
            .select_related("created_by")
            .order_by("-number")
        ),
        changes=list(
            ChangeRecord.objects.filter(subject=ChangeRecord.Subject.QUESTION, key=question.key)
            .select_related("user")
            .order_by("-at", "-pk")[:HISTORY_LIMIT]
        ),
    )


FactChoices = list[tuple[str, list[tuple[str, str]]]]


def fact_choices() -> FactChoices:
    """Live facts grouped by topic title, for the facts picker (one query)."""
    groups: dict[str, list[tuple[str, str]]] = {}
    facts = (
        Fact.objects.live()
        .select_related("topic")
        .only("key", "name", "topic__title", "topic__order", "topic__slug")
        .order_by("topic__order", "topic__slug", "order", "key")
    )
    for fact in facts:
        groups.setdefault(fact.topic.title, []).append((fact.key, f"{fact.key}: {fact.name}"))
    return list(groups.items())


def lesson_choices(*, topic: Topic) -> list[tuple[str, str]]:
    return list(
        Lesson.objects.live()
        .filter(topic=topic)
        .order_by("order", "slug")
        .values_list("slug", "title")
    )


@dataclass(frozen=True)
class GeneratedGroup:
    kind: str
    questions: list[Question]


def generated_questions(*, topic: str, kind: str = "") -> list[GeneratedGroup]:
    """What the generators make for a topic from the live fact base, grouped by generator
    kind (every kind, or one). Calculated questions draw their figures with seed 0."""
    kinds = [kind] if kind else list(GENERATED_KINDS)
    pool = questions_for_topic(content_pack_from_database(), topic, kinds=kinds)
    groups: dict[str, list[Question]] = {str(k): [] for k in kinds}
    for question in pool:
        groups.setdefault(str(question.kind), []).append(question)
    return [GeneratedGroup(kind=k, questions=qs) for k, qs in groups.items()]
