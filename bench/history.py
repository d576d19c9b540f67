"""A learner with a long history, made in bulk for the benchmarks: N attempts of five
answered questions each and 5 N review logs, spread over the past year and a half."""

from datetime import datetime, timedelta
from typing import Any

from django.db import transaction
from django.utils import timezone
from fsrs import Card

from accounts.models import User
from progress import scheduling
from progress.models import ReviewCard, ReviewLog
from progress.study_days import study_days_rebuild
from quizzes.models import Attempt, AttemptQuestion
from studyguide.models import Fact
from studyguide.selectors import content_pack_from_database

QUESTIONS_PER_ATTEMPT = 5
LOGS_PER_ATTEMPT = 5
FACTS_REVIEWED = 60


@transaction.atomic
def learner_with_history(*, username: str, attempts: int) -> User:
    from quizzes.services import attempt_start_practice

    user = User.objects.create(username=username)
    pack = content_pack_from_database()
    template = attempt_start_practice(
        user=user, pack=pack, topics=["dynamodb", "kinesis"], length=10, seed=1
    )
    snapshots = list(template.questions.all()[:QUESTIONS_PER_ATTEMPT])
    template.delete()
    fact_rows = list(Fact.objects.filter(archived=False)[:FACTS_REVIEWED])
    now = timezone.now()
    span = timedelta(days=540)
    new_attempts = Attempt.objects.bulk_create(
        Attempt(
            user=user,
            mode=Attempt.Mode.PRACTICE,
            topics=["dynamodb", "kinesis"],
            seed=i,
            started_at=now - span * (i / attempts),
            submitted_at=now - span * (i / attempts) + timedelta(minutes=5),
            question_count=QUESTIONS_PER_ATTEMPT,
            correct_count=3,
            score=600,
        )
        for i in range(attempts)
    )
    AttemptQuestion.objects.bulk_create(
        AttemptQuestion(
            attempt=attempt,
            position=position,
            question_uid=item.question_uid,
            kind=item.kind,
            topic=item.topic,
            snapshot=item.snapshot,
            selected=[0],
            is_correct=position % 2 == 1,
            answered_at=attempt.started_at + timedelta(minutes=position),
        )
        for attempt in new_attempts
        for position, item in enumerate(snapshots, start=1)
    )
    reviewed = {fact.pk: _reviewed_card(fact.pk, now - span) for fact in fact_rows}
    cards = ReviewCard.objects.bulk_create(
        ReviewCard(
            user=user, fact=fact, card=reviewed[fact.pk][0].to_dict(), due=reviewed[fact.pk][0].due
        )
        for fact in fact_rows
    )
    ReviewLog.objects.bulk_create(
        ReviewLog(
            card=cards[i % len(cards)],
            user=user,
            rating=ReviewLog.Rating.GOOD if i % 3 else ReviewLog.Rating.AGAIN,
            reviewed_at=now - span * (i / (attempts * LOGS_PER_ATTEMPT)),
            source=ReviewLog.Source.PRACTICE,
            log=reviewed[cards[i % len(cards)].fact_id][1],
        )
        for i in range(attempts * LOGS_PER_ATTEMPT)
    )
    study_days_rebuild(user_id=user.pk)  # bulk writes send no signals
    return user


def _reviewed_card(card_id: int, start: datetime) -> tuple[Card, dict[str, Any]]:
    """A card reviewed right four times from `start`, and its last review log."""
    card = scheduling.new_card(card_id=card_id, now=start)
    at = start
    for _ in range(4):
        card, log = scheduling.review(card, correct=True, at=at)
        at = card.due
    return card, dict(log.to_dict())
