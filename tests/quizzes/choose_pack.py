"""Attempts made directly from hand-written questions, for rules about one kind of item
(a "Choose two" item) that a generated quiz may or may not draw."""

from datetime import datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from quizzes.generation.types import AnswerMode, Choice, Question, QuestionKind
from quizzes.models import Attempt
from quizzes.services import attempt_question_rows

CHOOSE_TWO = Question(
    uid="authored:decouple-two",
    kind=QuestionKind.AUTHORED,
    topic="messaging",
    prompt=(
        "An order service must keep accepting orders while the billing service is down, and "
        "each order must reach both billing and shipping. Which two services meet this? "
        "Choose two."
    ),
    answer_mode=AnswerMode.MULTIPLE,
    explanation="SNS fans each order out; an SQS queue per consumer holds it until it is read.",
    choices=(
        Choice(text="Amazon SNS", correct=True),
        Choice(text="Amazon SQS", correct=True),
        Choice(text="AWS Batch", why="Batch runs jobs; it does not deliver messages."),
        Choice(text="Amazon EMR", why="EMR runs Hadoop and Spark; it delivers no messages."),
        Choice(text="Amazon CloudFront", why="A CDN caches content; it does not queue orders."),
    ),
)

SINGLE = Question(
    uid="authored:fanout-one",
    kind=QuestionKind.AUTHORED,
    topic="messaging",
    prompt="Which service fans one message out to many subscribers?",
    answer_mode=AnswerMode.SINGLE,
    explanation="SNS is publish/subscribe; SQS hands each message to one consumer.",
    choices=(
        Choice(text="Amazon SNS", correct=True),
        Choice(text="Amazon SQS", why="A queue delivers each message to one consumer."),
        Choice(text="AWS Batch", why="Batch runs jobs; it does not deliver messages."),
        Choice(text="Amazon Kinesis Data Streams", why="A stream keeps records for readers."),
    ),
)


def attempt_with(
    *,
    user: User,
    questions: list[Question],
    mode: str = Attempt.Mode.PRACTICE,
    minutes: float | None = None,
    now: datetime | None = None,
) -> Attempt:
    now = now or timezone.now()
    attempt = Attempt.objects.create(
        user=user,
        mode=mode,
        topics=sorted({q.topic for q in questions}),
        seed=1,
        started_at=now,
        deadline=None if minutes is None else now + timedelta(minutes=minutes),
        question_count=len(questions),
    )
    for row in attempt_question_rows(attempt, questions):
        row.save()
    return attempt


NUMERIC = Question(
    uid="calculated:shards-1",
    kind=QuestionKind.CALCULATED,
    topic="kinesis",
    prompt="A stream takes 3,000 records a second. How many shards does it need at least?",
    answer_mode=AnswerMode.NUMERIC,
    explanation="A shard takes 1,000 records a second: 3,000 / 1,000 = 3.",
    answer=Decimal(3),
    unit="shards",
)
