"""Writes for progress: reviewing cards and the exam date."""

from datetime import UTC, date, datetime
from typing import Any

from django.db import IntegrityError, transaction
from fsrs import Rating

from accounts.models import User
from progress import scheduling
from progress.models import ExamPlan, ReadinessEstimate, ReviewCard, ReviewLog
from progress.selectors import ReadinessReport, readiness_report
from studyguide.models import Fact


def card_review(
    *,
    user: User,
    fact: Fact,
    at: datetime,
    source: str,
    correct: bool | None = None,
    rating: int | None = None,
    attempt_question: Any = None,
    turn: str | None = None,
) -> ReviewCard:
    """Review the learner's card for `fact` and keep the log: with `rating` (1 Again ..
    4 Easy, a flip card graded by the learner) or from `correct` (wrong = Again, right =
    Good).

    The card row is locked for the read-modify-write, so two answers at once (two tabs)
    are applied one after the other rather than one overwriting the other. With `turn`
    (see scheduling.review_turn), an answer to a showing already answered (a double click,
    a resent form) counts once: the card is returned unchanged and no log is written.
    """
    with transaction.atomic():
        row = ReviewCard.objects.select_for_update().filter(user=user, fact=fact).first()
        if row is None:
            try:
                with transaction.atomic():
                    card = scheduling.new_card(card_id=fact.pk, now=at)
                    row = ReviewCard.objects.create(
                        user=user, fact=fact, card=card.to_dict(), due=card.due
                    )
            except IntegrityError:
                # Another request created it first: use theirs, under the lock.
                row = ReviewCard.objects.select_for_update().get(user=user, fact=fact)
        current = scheduling.card_from_dict(row.card)
        if turn is not None and scheduling.review_turn(current) != turn:
            return row
        card, log = scheduling.review(
            current,
            correct=correct,
            rating=None if rating is None else Rating(rating),
            at=at,
        )
        row.card = card.to_dict()
        row.due = card.due
        row.save(update_fields=["card", "due", "updated_at"])
        ReviewLog.objects.create(
            card=row,
            user=user,
            rating=int(log.rating),
            reviewed_at=log.review_datetime,
            source=source,
            attempt_question=attempt_question,
            log=log.to_dict(),
        )
    return row


def cards_review_for_answer(
    *,
    user: User,
    fact_keys: tuple[str, ...] | list[str],
    correct: bool,
    at: datetime,
    source: str,
    attempt_question: Any = None,
    turn: str | None = None,
) -> list[ReviewCard]:
    """One answer reviews every fact it tested; keys no longer in the fact base are skipped."""
    facts = {f.key: f for f in Fact.objects.filter(key__in=list(fact_keys))}
    return [
        card_review(
            user=user,
            fact=facts[key],
            correct=correct,
            at=at,
            source=source,
            attempt_question=attempt_question,
            turn=turn,
        )
        for key in dict.fromkeys(fact_keys)
        if key in facts
    ]


def on_question_answered(
    sender: object,
    *,
    user: User,
    fact_keys: tuple[str, ...],
    correct: bool,
    answered_at: datetime,
    attempt_question: Any = None,
    **kwargs: object,
) -> None:
    """Receiver for quizzes.signals.question_answered (connected in ProgressConfig.ready)."""
    source = ReviewLog.Source.PRACTICE
    if attempt_question is not None:
        mode = attempt_question.attempt.mode
        if mode in ReviewLog.Source.values:
            source = mode
    cards_review_for_answer(
        user=user,
        fact_keys=fact_keys,
        correct=correct,
        at=answered_at,
        source=source,
        attempt_question=attempt_question,
    )


def exam_date_set(*, user: User, exam_date: date) -> ExamPlan:
    plan, _ = ExamPlan.objects.update_or_create(user=user, defaults={"exam_date": exam_date})
    return plan


def exam_date_clear(*, user: User) -> None:
    ExamPlan.objects.filter(user=user).delete()


def readiness_record(
    *,
    user: User,
    at: datetime,
    exam_date: date | None,
    probability: float,
    today: dict[str, list[float]],
) -> ReadinessEstimate:
    """Keep the estimate shown to the learner, one a day (the day's last showing wins), so
    the mock exams taken afterwards can score it."""
    estimate, _ = ReadinessEstimate.objects.update_or_create(
        user=user,
        made_on=at.astimezone(UTC).date(),
        defaults={
            "made_at": at,
            "exam_date": exam_date,
            "probability": probability,
            "today": today,
        },
    )
    return estimate


def readiness_show(*, user: User, now: datetime) -> ReadinessReport:
    """The readiness estimate for a page, recorded (one a day) to be scored by later exams."""
    report = readiness_report(user=user, now=now)
    readiness_record(
        user=user,
        at=now,
        exam_date=report.exam_date,
        probability=report.estimate.probability,
        today=report.today,
    )
    return report
