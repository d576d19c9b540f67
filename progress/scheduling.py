"""Spaced-repetition scheduling with FSRS: plain card dicts in, plain values out (no ORM).

One scheduler for the whole app. Fuzzing is off so a review is reproducible (the same answer
at the same time always moves a card the same way), and there is a single ten-minute
learning step: a fact answered right on first sight graduates at once, a fact answered wrong
comes back within the session.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler
from fsrs import ReviewLog as FsrsReviewLog

DESIRED_RETENTION = 0.9
# Like Anki's learn-ahead limit: a learning step that falls due within this window counts as
# due now, so a fact just missed is asked again in the same sitting instead of minutes later.
LEARN_AHEAD = timedelta(minutes=20)
# A same-day review barely adds stability (FSRS's short-term formula), so the exam queue
# brings a card forward at most once a day instead of asking it again and again.
EXAM_REST = timedelta(days=1)

SCHEDULER = Scheduler(
    desired_retention=DESIRED_RETENTION,
    learning_steps=(timedelta(minutes=10),),
    relearning_steps=(timedelta(minutes=10),),
    enable_fuzzing=False,
)


def utc(moment: datetime) -> datetime:
    """fsrs insists on tzinfo being exactly datetime.UTC; refuse naive times outright."""
    if moment.tzinfo is None:
        raise ValueError("times must be timezone-aware")
    return moment.astimezone(UTC)


def rating_for(*, correct: bool) -> Rating:
    return Rating.Good if correct else Rating.Again


def new_card(*, card_id: int, now: datetime) -> Card:
    return Card(card_id=card_id, due=utc(now))


def card_from_dict(data: dict[str, Any]) -> Card:
    return Card.from_dict(data)  # type: ignore[arg-type]


def review_turn(card: Card) -> str:
    """Which showing of a card a question was asked for: its last review time ("" before
    the first). An answer for a turn already taken is a repeat."""
    return card.last_review.isoformat() if card.last_review else ""


def review(card: Card, *, correct: bool, at: datetime) -> tuple[Card, FsrsReviewLog]:
    # Exam answers are reviewed at submission with the time they were given; a card never
    # goes back in time, so a later review elsewhere is not undone by an earlier answer.
    moment = utc(at)
    if card.last_review is not None and moment < card.last_review:
        moment = card.last_review
    return SCHEDULER.review_card(card, rating_for(correct=correct), review_datetime=moment)


def retrievability(card: Card, *, at: datetime) -> float:
    return float(SCHEDULER.get_card_retrievability(card, current_datetime=utc(at)))


def is_due(card: Card, *, now: datetime) -> bool:
    return card.due <= utc(now) + LEARN_AHEAD


def exam_moment(exam_date: Any) -> datetime:
    """Retrievability is predicted for the start of the exam day (UTC): the cautious end."""
    return datetime(exam_date.year, exam_date.month, exam_date.day, tzinfo=UTC)


@dataclass(frozen=True)
class QueueEntry:
    key: str  # the fact key
    due: datetime
    retrievability: float  # now, or on the exam date for the exam queue
    reason: str  # "due" | "exam"


def review_queue(
    cards: dict[str, Card], *, now: datetime, exam_date: Any = None
) -> list[QueueEntry]:
    """The facts to review now: due ones first (longest overdue first), then, with an exam
    date ahead, the facts predicted below the desired retention on that day, most at risk
    first (not reviewed in the last day). Ties break by fact key so the order never wobbles."""
    now = utc(now)
    due = sorted(
        (
            QueueEntry(key, card.due, retrievability(card, at=now), "due")
            for key, card in cards.items()
            if is_due(card, now=now)
        ),
        key=lambda e: (e.due, e.key),
    )
    if exam_date is None:
        return due
    moment = exam_moment(exam_date)
    if moment < now.replace(hour=0, minute=0, second=0, microsecond=0):
        return due
    at_risk = []
    for key, card in cards.items():
        if is_due(card, now=now):
            continue
        if card.last_review is not None and now - card.last_review < EXAM_REST:
            continue
        predicted = retrievability(card, at=moment)
        if predicted < DESIRED_RETENTION:
            at_risk.append(QueueEntry(key, card.due, predicted, "exam"))
    at_risk.sort(key=lambda e: (e.retrievability, e.key))
    return due + at_risk
