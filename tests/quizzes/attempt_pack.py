"""A small fact base imported into the database for attempt tests (practice and exams)."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from studyguide.records import (
    AuthoredQuestionData,
    ChoiceData,
    ContentPack,
    FactData,
    LegacyValue,
    LessonData,
    TopicData,
)
from studyguide.services import content_import

if TYPE_CHECKING:
    from quizzes.models import AttemptQuestion

AS_OF = date(2026, 11, 1)
SQS_URL = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas-messages.html"
KINESIS_URL = "https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html"


def _fact(key: str, topic: str, name: str, value: int, unit: str, **extra) -> FactData:
    return FactData(
        key=key,
        topic=topic,
        name=name,
        statement=f"{name[0].upper()}{name[1:]} is {value} {unit}.",
        value=Decimal(value),
        unit=unit,
        source_url=SQS_URL if topic == "messaging" else KINESIS_URL,
        as_of=AS_OF,
        **extra,
    )


FACTS = (
    _fact("sqs.retention.default", "messaging", "the default retention of an SQS queue", 4, "days"),
    _fact("sqs.retention.max", "messaging", "the maximum retention of an SQS queue", 14, "days"),
    _fact("sqs.visibility.default", "messaging", "the default visibility timeout", 30, "seconds"),
    _fact("sqs.long_poll.max", "messaging", "the longest long-polling wait", 20, "seconds"),
    _fact(
        "kinesis.retention.max",
        "kinesis",
        "the maximum retention of a Kinesis data stream",
        8760,
        "hours",
        legacy=LegacyValue(value=Decimal(168), year=2019),
    ),
    _fact("kinesis.retention.default", "kinesis", "the default Kinesis retention", 24, "hours"),
    _fact("kinesis.shard.write.records", "kinesis", "a shard's write rate", 1000, "records/s"),
    _fact("kinesis.efo.consumers.max", "kinesis", "the most EFO consumers", 20, "consumers"),
)

QUESTION = AuthoredQuestionData(
    id="sqs-fanout-1",
    topic="messaging",
    kind="single",
    prompt="Which service fans one message out to many subscribers?",
    explanation="SNS is publish/subscribe; SQS hands each message to one consumer.",
    choices=(
        ChoiceData(text="Amazon SNS", correct=True),
        ChoiceData(text="Amazon SQS", why="A queue delivers each message to one consumer."),
        ChoiceData(text="AWS Batch", why="Batch runs jobs; it does not deliver messages."),
        ChoiceData(text="Amazon Kinesis Data Streams", why="A stream keeps records for readers."),
    ),
    facts=(),
)

PACK = ContentPack(
    topics=(
        TopicData(slug="kinesis", title="Kinesis", summary="Streams.", order=1),
        TopicData(slug="messaging", title="Messaging", summary="Queues and topics.", order=2),
    ),
    lessons=(
        LessonData(
            slug="data-streams",
            topic="kinesis",
            title="Data streams",
            summary="Streams.",
            order=1,
            body="Streams keep data for {{fact:kinesis.retention.max}}.",
        ),
        LessonData(
            slug="sqs",
            topic="messaging",
            title="SQS",
            summary="Queues.",
            order=1,
            body="Queues keep messages for {{fact:sqs.retention.max}}.",
        ),
    ),
    facts=FACTS,
    questions=(QUESTION,),
)


def import_pack(pack: ContentPack = PACK) -> ContentPack:
    content_import(pack=pack)
    return pack


def with_changed_fact(pack: ContentPack, key: str, value: int) -> ContentPack:
    facts = tuple(
        replace(f, value=Decimal(value), statement=f"Changed to {value}.") if f.key == key else f
        for f in pack.facts
    )
    return replace(pack, facts=facts)


def numeric_practice_item(user: Any) -> "AttemptQuestion":
    """The first numeric (calculated) question of a kinesis practice attempt: the first seed
    whose draw holds one (the draw is random, and a calculated item is one kind of many)."""
    from quizzes import services
    from quizzes.generation.types import AnswerMode
    from studyguide.selectors import content_pack_from_database

    pack = content_pack_from_database()
    for seed in range(1, 40):
        attempt = services.attempt_start_practice(
            user=user, pack=pack, topics=["kinesis"], length=20, seed=seed
        )
        item: AttemptQuestion
        for item in attempt.questions.order_by("position"):
            if item.question.answer_mode == AnswerMode.NUMERIC:
                return item
        attempt.delete()
    raise AssertionError("no kinesis practice draw held a numeric (calculated) question")
