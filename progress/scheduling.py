"""Spaced-repetition scheduling with FSRS: plain card dicts in, plain values out (no ORM).

One scheduler for the whole app. Fuzzing is off so a review is reproducible (the same answer
at the same time always moves a card the same way), and there is a single ten-minute
learning step: a fact answered right on first sight graduates at once, a fact answered wrong
comes back within the session.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from fsrs import Card, Rating, Scheduler
from fsrs import ReviewLog as FsrsReviewLog

from core.formatting import format_date

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


def review(
    card: Card, *, at: datetime, correct: bool | None = None, rating: Rating | None = None
) -> tuple[Card, FsrsReviewLog]:
    """Review `card` with a self-graded `rating` (flip cards) or from a marked answer
    (`correct`: wrong = Again, right = Good); exactly one of the two."""
    if (rating is None) == (correct is None):
        raise ValueError("give either a rating or whether the answer was correct")
    if rating is None:
        rating = rating_for(correct=bool(correct))
    # Exam answers are reviewed at submission with the time they were given; a card never
    # goes back in time, so a later review elsewhere is not undone by an earlier answer.
    moment = utc(at)
    if card.last_review is not None and moment < card.last_review:
        moment = card.last_review
    return SCHEDULER.review_card(card, rating, review_datetime=moment)


def retrievability(card: Card, *, at: datetime) -> float:
    return float(SCHEDULER.get_card_retrievability(card, current_datetime=utc(at)))


def is_due(card: Card, *, now: datetime) -> bool:
    return card.due <= utc(now) + LEARN_AHEAD


def exam_moment(exam_date: Any) -> datetime:
    """Retrievability is predicted for the start of the exam day (UTC): the cautious end."""
    return datetime(exam_date.year, exam_date.month, exam_date.day, tzinfo=UTC)


def _day_start(moment: datetime) -> datetime:
    return moment.replace(hour=0, minute=0, second=0, microsecond=0)


def next_showing(card: Card, *, now: datetime, exam_date: Any = None) -> datetime:
    """When review_queue will next offer `card`: LEARN_AHEAD before it falls due, or, with
    an exam ahead that it is predicted to miss, once it has rested EXAM_REST; never before
    `now` (the queue asks due facts longest overdue first, so "now" means "this sitting")."""
    now = utc(now)
    showing = card.due - LEARN_AHEAD
    if exam_date is not None and card.last_review is not None:
        rested = card.last_review + EXAM_REST
        if (
            rested < showing
            and exam_moment(exam_date) >= _day_start(rested)
            and retrievability(card, at=exam_moment(exam_date)) < DESIRED_RETENTION
        ):
            showing = rested
    return max(showing, now)


def next_review_text(showing: datetime, *, now: datetime) -> str:
    """Words for next_showing(): "again in this sitting", "again in 25 minutes", ..."""
    now = utc(now)
    showing = utc(showing)
    seconds = (showing - now).total_seconds()
    if seconds <= 0:
        return "again in this sitting, after any facts due before it"
    minutes = math.ceil(seconds / 60)
    if minutes <= 60:
        return f"again in {minutes} minute{'' if minutes == 1 else 's'}"
    if showing.date() == now.date():
        return "again later today"
    if showing.date() == now.date() + timedelta(days=1):
        return "again tomorrow"
    return f"again on {format_date(showing.date())}"


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
    if moment < _day_start(now):
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
