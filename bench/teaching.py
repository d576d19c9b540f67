"""Bench data for classes: a class of 500 learners with 20 assignments, and a recomputation
of item statistics over 10,000 attempts. Bulk-made; the caller rolls everything back."""

import random
import time
from datetime import UTC, datetime, timedelta
from typing import Any

from django.contrib.auth import get_user_model
from django.test import Client

LEARNERS = 500
ASSIGNMENTS = 20
RECOMPUTE_ATTEMPTS = 10_000
RECOMPUTE_ITEMS = 20


def _snapshot(uid: str, topic: str) -> dict[str, Any]:
    from quizzes.generation.types import AnswerMode, Choice, Question, QuestionKind

    choices = (
        Choice("Amazon SNS", correct=True),
        Choice("Amazon SQS", why="A queue hands each message to one consumer."),
        Choice("AWS Batch", why="Batch runs jobs."),
        Choice("Amazon MQ", why="A broker for existing protocols."),
    )
    question = Question(
        uid=uid,
        kind=QuestionKind.AUTHORED,
        topic=topic,
        prompt=f"Bench question {uid}: which service fans a message out?",
        answer_mode=AnswerMode.SINGLE,
        explanation="SNS is publish/subscribe.",
        choices=choices,
    )
    return question.to_dict()


def _attempts(
    assignment: Any, users: list[Any], *, items: int, rng: random.Random, now: datetime
) -> None:
    from quizzes.models import Attempt, AttemptQuestion
    from teaching.models import AssignmentAttempt

    uids = [f"bench-q{i}" for i in range(items)]
    snapshots = {uid: _snapshot(uid, "messaging") for uid in uids}
    ability = {u.pk: rng.random() for u in users}
    marks = {u.pk: [rng.random() < 0.3 + 0.6 * ability[u.pk] for _ in uids] for u in users}
    attempts = Attempt.objects.bulk_create(
        [
            Attempt(
                user=u,
                mode="exam",
                seed=1,
                started_at=now - timedelta(minutes=30),
                submitted_at=now,
                question_count=items,
                correct_count=sum(marks[u.pk]),
                score=round(1000 * sum(marks[u.pk]) / items),
            )
            for u in users
        ],
        batch_size=1000,
    )
    AssignmentAttempt.objects.bulk_create(
        [AssignmentAttempt(assignment=assignment, attempt=a, user_id=a.user_id) for a in attempts],
        batch_size=1000,
    )
    AttemptQuestion.objects.bulk_create(
        (
            AttemptQuestion(
                attempt=a,
                position=i + 1,
                question_uid=uid,
                kind="authored",
                topic="messaging",
                snapshot=snapshots[uid],
                selected=[0] if marks[a.user_id][i] else [rng.randrange(1, 4)],
                is_correct=marks[a.user_id][i],
                answered_at=now,
            )
            for a in attempts
            for i, uid in enumerate(uids)
        ),
        batch_size=2000,
    )


def _users(prefix: str, count: int) -> list[Any]:
    User = get_user_model()
    User.objects.bulk_create(
        [User(username=f"{prefix}{i}", password="!") for i in range(count)], batch_size=1000
    )
    return list(User.objects.filter(username__startswith=prefix).order_by("pk"))


def class_client() -> tuple[Client, list[str]]:
    """An instructor of a class of 500 learners (some with review cards) and 20 assignments,
    with statistics computed; returns the signed-in client and the class pages."""
    from accounts.roles import ensure_instructor_group
    from progress.models import ReviewCard
    from progress.scheduling import new_card, review
    from studyguide.models import Fact
    from teaching import services
    from teaching.models import Membership

    now = datetime.now(UTC)
    rng = random.Random(12)
    instructor, _ = get_user_model().objects.get_or_create(username="bench-instructor")
    instructor.groups.add(ensure_instructor_group())
    classroom = services.classroom_create(name="Bench class", instructor=instructor)
    users = _users("bench-class-learner-", LEARNERS)
    Membership.objects.bulk_create([Membership(classroom=classroom, user=u) for u in users])
    facts = list(Fact.objects.values_list("pk", flat=True))
    cards = []
    for user in users:
        for fact in rng.sample(facts, min(len(facts), 20)):
            card, _ = review(
                new_card(card_id=fact, now=now - timedelta(days=3)),
                correct=True,
                at=now - timedelta(days=3),
            )
            cards.append(ReviewCard(user=user, fact_id=fact, card=card.to_dict(), due=card.due))
    ReviewCard.objects.bulk_create(cards, batch_size=2000)
    assignments = [
        services.assignment_create(
            classroom=classroom,
            title=f"Week {i + 1}",
            kind="exam",
            topics=[],
            length=20,
            opens_at=now - timedelta(days=30),
            due_at=now + timedelta(days=i),
            fixed_form=True,
        )
        for i in range(ASSIGNMENTS)
    ]
    _attempts(assignments[0], users, items=RECOMPUTE_ITEMS, rng=rng, now=now)
    services.assignment_statistics_store(assignment=assignments[0])
    client = Client()
    client.force_login(instructor)
    base = f"/instructor/classes/{classroom.slug}/"
    pages = [
        base,
        f"{base}?page=5",
        f"{base}assignments/{assignments[0].pk}/",
        f"{base}assignments/{assignments[0].pk}/?page=5",
        f"{base}assignments/{assignments[0].pk}/statistics/",
    ]
    return client, pages


def recompute_seconds() -> tuple[float, float]:
    """Seconds (wall clock, and CPU of this process, which includes SQLite's work) to
    recompute an assignment's item statistics from 10,000 first attempts of 20 questions
    each (200,000 answers), plus the same items in the bank view."""
    from teaching import services

    now = datetime.now(UTC)
    rng = random.Random(7)
    instructor, _ = get_user_model().objects.get_or_create(username="bench-instructor")
    classroom = services.classroom_create(name="Bench recompute", instructor=instructor)
    assignment = services.assignment_create(
        classroom=classroom,
        title="Big exam",
        kind="exam",
        topics=[],
        length=20,
        opens_at=now - timedelta(days=1),
        due_at=now + timedelta(days=1),
        fixed_form=True,
    )
    users = _users("bench-recompute-", RECOMPUTE_ATTEMPTS)
    _attempts(assignment, users, items=RECOMPUTE_ITEMS, rng=rng, now=now)
    start, cpu = time.perf_counter(), time.process_time()
    services.assignment_statistics_store(assignment=assignment)
    services.bank_statistics_store(question_uids=[f"bench-q{i}" for i in range(RECOMPUTE_ITEMS)])
    return time.perf_counter() - start, time.process_time() - cpu
