"""Reads for progress: review queues, the dashboard's figures, the data export.

Each function makes a fixed number of queries whatever the learner's history holds; the
per-fact arithmetic (retrievability) runs in Python over one row per fact.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import Any

from django.core.cache import cache
from django.db.models import Count, Min, Q
from django.shortcuts import get_object_or_404
from django.urls import reverse

from accounts.models import User
from core.selectors import live_topics
from core.versions import bump_version, current_version
from progress import readiness, scheduling
from progress.charts import ColumnChart, ScoreChart, column_chart, score_chart
from progress.learner_cache import learner_cached
from progress.mastery import topic_mastery
from progress.models import ExamPlan, ReadinessEstimate, ReviewCard, ReviewLog
from progress.study_days import study_summary
from quizzes.models import PASS_MARK, Attempt, AttemptQuestion
from quizzes.services import exam_allocation
from studyguide.caching import content_cached, content_version
from studyguide.models import Fact, Lesson, StudiedLesson, Topic, live_q
from studyguide.records import FactData

RECENT_DAYS = 30
FORECAST_DAYS = 14
EXAM_CHART_LIMIT = 30
DUE_TTL = timedelta(hours=1)
DUE_TTL_SECONDS = int(DUE_TTL.total_seconds())


def _day_start(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0)


def _due_key(user_id: int) -> str:
    return f"due-count:{user_id}:{current_version(f'review-cards:{user_id}')}"


def due_count(*, user: User, now: datetime) -> int:
    """Facts due now (learning steps within the learn-ahead included).

    Shown on every page, so cached per learner until their next card falls due, any of
    their cards changes (on_cards_changed) or the course does (the content version).
    """
    version = content_version()
    key = _due_key(user.pk)
    cached = cache.get(key)
    if cached is not None and cached[0] == version and now < cached[2]:
        return int(cached[1])
    horizon = now + scheduling.LEARN_AHEAD
    figures = ReviewCard.objects.filter(live_q("fact__"), user=user).aggregate(
        due_now=Count("pk", filter=Q(due__lte=horizon)),
        due_next=Min("due", filter=Q(due__gt=horizon)),
    )
    upcoming = figures["due_next"]
    valid_until = upcoming - scheduling.LEARN_AHEAD if upcoming else now + DUE_TTL
    cache.set(key, (version, figures["due_now"], valid_until), DUE_TTL_SECONDS)
    return int(figures["due_now"])


def on_cards_changed(sender: object, *, instance: ReviewCard, **kwargs: object) -> None:
    """Receiver for ReviewCard saves and deletes (connected in ProgressConfig.ready)."""
    bump_version(f"review-cards:{instance.user_id}")


def exam_date_for(*, user: User) -> date | None:
    return ExamPlan.objects.filter(user=user).values_list("exam_date", flat=True).first()


def live_topic(*, slug: str) -> Topic:
    return get_object_or_404(Topic.objects.active(), slug=slug)


def fact_base() -> dict[str, FactData]:
    """The live facts as plain data, by key (one query, cached per content version)."""
    return content_cached("fact-base", _fact_base)


def _fact_base() -> dict[str, FactData]:
    facts = Fact.objects.live().select_related("topic")
    return {f.key: f.to_data(topic_slug=f.topic.slug) for f in facts}


def cards_for(*, user: User, keys: list[str] | None = None) -> dict[str, Any]:
    """The learner's cards for live facts as fsrs Cards, by fact key (one query)."""
    rows = ReviewCard.objects.filter(live_q("fact__"), user=user)
    if keys is not None:
        rows = rows.filter(fact__key__in=keys)
    return {
        key: scheduling.card_from_dict(card) for key, card in rows.values_list("fact__key", "card")
    }


@dataclass(frozen=True)
class ReviewQueue:
    entries: list[scheduling.QueueEntry]
    exam_date: date | None
    cards: dict[str, Any]  # fact key -> fsrs Card

    @property
    def due(self) -> int:
        return sum(1 for e in self.entries if e.reason == "due")

    @property
    def at_risk(self) -> int:
        return sum(1 for e in self.entries if e.reason == "exam")


def _review_inputs(*, user: User, now: datetime) -> tuple[date | None, dict[str, Any]]:
    """The exam date and the cards, read once per version of the learner's records (review
    asks for them on every visit; they change only when the learner answers or plans)."""
    return learner_cached(
        "review-inputs",
        user_id=user.pk,
        now=now,
        build=lambda: (exam_date_for(user=user), cards_for(user=user)),
    )


def review_queue(*, user: User, now: datetime) -> ReviewQueue:
    exam_date, cards = _review_inputs(user=user, now=now)
    entries = scheduling.review_queue(cards, now=now, exam_date=exam_date)
    return ReviewQueue(entries=entries, exam_date=exam_date, cards=cards)


def cram_links() -> list[tuple[str, str]]:
    """Each live topic's cram URL and title, in study order (cached per content version:
    review lists them on every visit)."""
    return content_cached(
        "cram-links",
        lambda: [(reverse("progress:cram", args=[t.slug]), t.title) for t in live_topics()],
    )


def cram_facts(*, user: User, topic: Topic, now: datetime) -> list[str]:
    """The topic's live facts, least remembered first (never-answered facts count as 0)."""
    keys = list(
        Fact.objects.live()
        .filter(topic=topic)
        .order_by("order", "key")
        .values_list("key", flat=True)
    )
    cards = cards_for(user=user, keys=keys)
    recall = {
        key: scheduling.retrievability(cards[key], at=now) if key in cards else 0.0 for key in keys
    }
    return sorted(keys, key=lambda key: (recall[key], keys.index(key)))


# The dashboard --------------------------------------------------------------------------


@dataclass
class TopicProgress:
    slug: str
    title: str
    lessons_total: int = 0
    lessons_studied: int = 0
    facts_total: int = 0
    facts_seen: int = 0
    slipping: int = 0
    memory: int = 0  # mean retrievability now over the topic's facts, as a percentage
    accuracy: int | None = None  # right answers in the last RECENT_DAYS, as a percentage
    mastery: int = 0
    # What the learner should do next (a NextStep); the template words it and links it.
    next_step: str = ""
    next_lesson: dict[str, Any] | None = None  # the first unread lesson's slug and title
    next_due: datetime | None = None

    @property
    def facts_new(self) -> int:
        return self.facts_total - self.facts_seen


@dataclass(frozen=True)
class ExamRow:
    pk: int
    submitted_at: datetime
    score: int

    @property
    def passed(self) -> bool:
        return self.score >= PASS_MARK


@dataclass
class Dashboard:
    topics: list[TopicProgress]
    exams: list[ExamRow]  # oldest first, the last EXAM_CHART_LIMIT
    more_exams: bool
    score_chart: ScoreChart | None
    latest_breakdown: list[dict[str, Any]]
    forecast: list[tuple[date, int]]
    forecast_chart: ColumnChart
    streak: int
    study_days: int
    studied_today: bool
    exam_date: date | None
    due_now: int
    pass_mark: int = PASS_MARK
    lessons_studied: int = field(default=0)


class NextStep(StrEnum):
    START_LESSON = "start-lesson"
    START_QUIZ = "start-quiz"
    REVIEW = "review"
    READ_NEXT = "read-next"
    PRACTISE_NEW = "practise-new"
    GOOD_UNTIL = "good-until"
    GOOD = "good"


def _next_step(topic: TopicProgress) -> NextStep:
    if topic.lessons_studied == 0 and topic.facts_seen == 0:
        return NextStep.START_LESSON if topic.next_lesson else NextStep.START_QUIZ
    if topic.slipping:
        return NextStep.REVIEW
    if topic.next_lesson:
        return NextStep.READ_NEXT
    if topic.facts_new:
        return NextStep.PRACTISE_NEW
    return NextStep.GOOD_UNTIL if topic.next_due is not None else NextStep.GOOD


@dataclass(frozen=True)
class _Outline:
    topics: list[tuple[int, str, str]]  # id, slug, title in study order
    lessons: list[tuple[int, int, str, str]]  # id, topic id, title, url in study order
    fact_topic: dict[int, int]  # live fact id -> topic id


def _outline() -> _Outline:
    """The course's shape the dashboard needs, cached per content version."""
    lessons = (
        Lesson.objects.live()
        .select_related("topic")
        .only("slug", "title", "topic__slug")
        .order_by("order", "slug")
    )
    return _Outline(
        topics=list(
            Topic.objects.active().order_by("order", "slug").values_list("id", "slug", "title")
        ),
        lessons=[
            (lesson.id, lesson.topic_id, lesson.title, lesson.get_absolute_url())
            for lesson in lessons
        ],
        fact_topic=dict(Fact.objects.live().values_list("id", "topic_id")),
    )


def _topics(*, user: User, now: datetime) -> list[TopicProgress]:
    outline = content_cached("dashboard-outline", _outline)
    topics = {
        topic_id: TopicProgress(slug=slug, title=title) for topic_id, slug, title in outline.topics
    }
    studied = set(StudiedLesson.objects.filter(user=user).values_list("lesson_id", flat=True))
    for lesson_id, topic_id, title, url in outline.lessons:
        topic = topics[topic_id]
        topic.lessons_total += 1
        if lesson_id in studied:
            topic.lessons_studied += 1
        elif topic.next_lesson is None:
            topic.next_lesson = {"title": title, "url": url}
    fact_topic = outline.fact_topic
    recall: dict[int, float] = defaultdict(float)
    for fact_id, card_data in ReviewCard.objects.filter(
        user=user, fact_id__in=list(fact_topic)
    ).values_list("fact_id", "card"):
        topic = topics[fact_topic[fact_id]]
        card = scheduling.card_from_dict(card_data)
        r = scheduling.retrievability(card, at=now)
        recall[fact_topic[fact_id]] += r
        topic.facts_seen += 1
        if r < scheduling.DESIRED_RETENTION:
            topic.slipping += 1
        if topic.next_due is None or card.due < topic.next_due:
            topic.next_due = card.due
    for topic_id in fact_topic.values():
        topics[topic_id].facts_total += 1
    recent = (
        ReviewLog.objects.filter(user=user, reviewed_at__gte=now - timedelta(days=RECENT_DAYS))
        .values("card__fact__topic_id")
        .annotate(total=Count("id"), right=Count("id", filter=~Q(rating=ReviewLog.Rating.AGAIN)))
    )
    accuracy: dict[int, float] = {}
    for row in recent:
        accuracy[row["card__fact__topic_id"]] = row["right"] / row["total"]
    for topic_id, topic in topics.items():
        scored = topic_mastery(
            recall_sum=recall[topic_id],
            facts_total=topic.facts_total,
            accuracy=accuracy.get(topic_id),
        )
        topic.memory, topic.accuracy, topic.mastery = scored.memory, scored.accuracy, scored.mastery
        topic.next_step = _next_step(topic)
    return list(topics.values())


def forecast(*, user: User, now: datetime) -> list[tuple[date, int]]:
    """Reviews falling due on each of the next FORECAST_DAYS days; overdue ones count today."""
    today = _day_start(now)
    end = today + timedelta(days=FORECAST_DAYS)
    counts = [0] * FORECAST_DAYS
    dues = ReviewCard.objects.filter(live_q("fact__"), user=user, due__lt=end).values_list(
        "due", flat=True
    )
    for due in dues:
        counts[max(0, (due - today).days)] += 1
    return [((today + timedelta(days=i)).date(), counts[i]) for i in range(FORECAST_DAYS)]


def dashboard(*, user: User, now: datetime) -> Dashboard:
    topics = _topics(user=user, now=now)
    exam_rows = list(
        Attempt.objects.filter(user=user, mode=Attempt.Mode.EXAM, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "submitted_at", "score")[: EXAM_CHART_LIMIT + 1]
    )
    more = len(exam_rows) > EXAM_CHART_LIMIT
    exams = [
        ExamRow(pk, at, score or 0)
        for pk, at, score in exam_rows[:EXAM_CHART_LIMIT]
        if at is not None
    ]
    exams.reverse()
    breakdown: list[dict[str, Any]] = []
    if exams:
        titles = {t.slug: t.title for t in topics}
        rows = (
            AttemptQuestion.objects.filter(attempt_id=exams[-1].pk)
            .values("topic")
            .annotate(total=Count("id"), correct=Count("id", filter=Q(is_correct=True)))
            .order_by("topic")
        )
        breakdown = sorted(
            (
                {
                    "topic": row["topic"],
                    "title": titles.get(row["topic"], row["topic"]),
                    "total": row["total"],
                    "correct": row["correct"],
                    "percent": round(100 * row["correct"] / row["total"]),
                }
                for row in rows
            ),
            key=lambda r: (r["percent"], r["title"]),
        )
    days = forecast(user=user, now=now)
    studied = study_summary(user_id=user.pk, today=now.astimezone(UTC).date())
    return Dashboard(
        topics=topics,
        exams=exams,
        more_exams=more,
        score_chart=(
            score_chart(
                scores=[(f"{e.submitted_at.day} {e.submitted_at:%b}", e.score) for e in exams],
                pass_mark=PASS_MARK,
            )
            if exams
            else None
        ),
        latest_breakdown=breakdown,
        forecast=days,
        forecast_chart=column_chart(values=[(str(d.day), n) for d, n in days]),
        streak=studied.streak,
        study_days=studied.days,
        studied_today=studied.studied_today,
        exam_date=exam_date_for(user=user),
        due_now=due_count(user=user, now=now),
        lessons_studied=sum(t.lessons_studied for t in topics),
    )


# Readiness ------------------------------------------------------------------------------

EXAM_QUESTIONS = 65  # AWS's associate exams: 65 questions, pass mark 720 of 1000
# A mock exam is scored against the last estimate made at most this long before it started.
ESTIMATE_FRESH = timedelta(days=7)
BRIER_MIN_EXAMS = 5
BRIER_EXAMS = 50


@dataclass(frozen=True)
class FactToReview:
    key: str
    name: str
    topic_slug: str
    topic_title: str
    recall: float
    questions_gained: float


@dataclass(frozen=True)
class ScoredExam:
    pk: int
    submitted_at: datetime
    score: int
    questions: int
    forecast: float  # the chance of passing the estimate gave an exam of this length

    @property
    def passed(self) -> bool:
        return self.score >= PASS_MARK


@dataclass
class ReadinessReport:
    estimate: readiness.Readiness
    exam_date: date | None  # None: estimated for today, no exam date set
    on: date  # the day the estimate is for
    raise_topics: list[readiness.TopicReadiness]
    raise_facts: list[FactToReview]
    today: dict[str, list[float]]  # slug -> [weight, chance today], as recorded
    scored: list[ScoredExam]  # newest first
    brier: float | None  # once BRIER_MIN_EXAMS mock exams have an estimate before them
    brier_min_exams: int = BRIER_MIN_EXAMS
    prior_answers: int = readiness.PRIOR_ANSWERS
    pass_mark: int = PASS_MARK


def _scored_exams(*, user: User) -> list[ScoredExam]:
    """The last BRIER_EXAMS mock exams, each with the estimate made before it (2 queries)."""
    exams = list(
        Attempt.objects.filter(user=user, mode=Attempt.Mode.EXAM, submitted_at__isnull=False)
        .order_by("-submitted_at", "-pk")
        .values_list("pk", "started_at", "submitted_at", "score", "question_count")[:BRIER_EXAMS]
    )
    if not exams:
        return []
    oldest = min(started for _, started, _, _, _ in exams)
    estimates = list(
        ReadinessEstimate.objects.filter(
            user=user, made_at__gte=oldest - ESTIMATE_FRESH
        ).values_list("made_at", "today")
    )
    scored = []
    for pk, started, submitted, score, questions in exams:
        before = [
            (at, today) for at, today in estimates if started - ESTIMATE_FRESH <= at <= started
        ]
        if not before or not questions or submitted is None:
            continue
        _, today = max(before, key=lambda pair: pair[0])
        shares = exam_allocation(
            length=questions, weights={s: int(w) for s, (w, _) in today.items()}
        )
        forecast = readiness.pass_probability(
            [(shares[s], float(chance)) for s, (_, chance) in today.items()],
            needed=readiness.right_needed(questions=questions, pass_mark=PASS_MARK),
        )
        scored.append(ScoredExam(pk, submitted, score or 0, questions, forecast))
    return scored


def readiness_report(*, user: User, now: datetime) -> ReadinessReport:
    """The estimate for the exam date (or today without one), what would raise it most, and
    how past estimates fared: a fixed number of queries whatever the history."""
    exam_date = exam_date_for(user=user)
    today = now.astimezone(UTC).date()
    on = exam_date if exam_date is not None and exam_date >= today else today
    moment = max(scheduling.exam_moment(on), now)
    topics = list(
        Topic.objects.active()
        .order_by("order", "slug")
        .values_list("id", "slug", "title", "exam_weight")
    )
    facts = list(
        Fact.objects.live().order_by("order", "key").values_list("id", "key", "name", "topic_id")
    )
    cards = dict(
        ReviewCard.objects.filter(user=user, fact_id__in=[f[0] for f in facts]).values_list(
            "fact_id", "card"
        )
    )
    since = now - timedelta(days=RECENT_DAYS)
    accuracy = {
        row["topic"]: (row["right"], row["total"])
        for row in AttemptQuestion.objects.filter(
            attempt__user=user,
            attempt__mode=Attempt.Mode.EXAM,
            attempt__submitted_at__gte=since,
        )
        .values("topic")
        .annotate(total=Count("id"), right=Count("id", filter=Q(is_correct=True)))
        .order_by()
    }
    keys: dict[str, list[str]] = defaultdict(list)
    on_day: dict[str, list[float]] = defaultdict(list)
    now_recall: dict[str, list[float]] = defaultdict(list)
    slug_of = {pk: slug for pk, slug, _, _ in topics}
    names = {}
    for fact_id, key, name, topic_id in facts:
        slug = slug_of.get(topic_id)
        if slug is None:
            continue
        names[key] = name
        keys[slug].append(key)
        card = scheduling.card_from_dict(cards[fact_id]) if fact_id in cards else None
        on_day[slug].append(scheduling.retrievability(card, at=moment) if card else 0.0)
        now_recall[slug].append(scheduling.retrievability(card, at=now) if card else 0.0)
    evidence = [
        readiness.TopicEvidence(
            slug=slug,
            title=title,
            weight=weight,
            recalls=tuple(on_day[slug]),
            exam_right=accuracy.get(slug, (0, 0))[0],
            exam_answered=accuracy.get(slug, (0, 0))[1],
        )
        for _, slug, title, weight in topics
    ]
    estimate = readiness.estimate(
        evidence, questions=EXAM_QUESTIONS, pass_mark=PASS_MARK, allocate=exam_allocation
    )
    titles = {slug: title for _, slug, title, _ in topics}
    raise_facts = [
        FactToReview(
            key=g.key,
            name=names[g.key],
            topic_slug=g.topic,
            topic_title=titles[g.topic],
            recall=g.recall,
            questions_gained=g.questions_gained,
        )
        for g in readiness.fact_gains(evidence, keys, estimate)
    ]
    today_chances = {
        e.slug: [
            e.weight,
            readiness.topic_chance(
                memory=sum(now_recall[e.slug]) / len(now_recall[e.slug])
                if now_recall[e.slug]
                else 0.0,
                right=e.exam_right,
                answered=e.exam_answered,
            ),
        ]
        for e in evidence
    }
    scored = _scored_exams(user=user)
    brier = (
        readiness.brier_score([(s.forecast, s.passed) for s in scored])
        if len(scored) >= BRIER_MIN_EXAMS
        else None
    )
    return ReadinessReport(
        estimate=estimate,
        exam_date=exam_date if on == exam_date else None,
        on=on,
        raise_topics=estimate.raise_most(),
        raise_facts=raise_facts,
        today=today_chances,
        scored=scored,
        brier=brier,
    )


# Home: today's plan ----------------------------------------------------------------------


@dataclass(frozen=True)
class TodayPlan:
    next_lesson: Lesson | None
    streak: int
    studied_today: bool


def next_lesson(*, user: User) -> Lesson | None:
    """The first live lesson, in course order, that the learner has not marked studied."""
    return (
        Lesson.objects.live()
        .exclude(studied_by__user=user)
        .select_related("topic")
        .order_by("topic__order", "topic__slug", "order", "slug")
        .first()
    )


def today_plan(*, user: User, now: datetime) -> TodayPlan:
    """The home page's plan; the due count comes from the site context processor."""
    studied = study_summary(user_id=user.pk, today=now.astimezone(UTC).date())
    return TodayPlan(
        next_lesson=next_lesson(user=user),
        streak=studied.streak,
        studied_today=studied.studied_today,
    )
