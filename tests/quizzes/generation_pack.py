"""A small hand-built ContentPack for generator tests: every rule is visible right here."""

from dataclasses import replace
from datetime import date
from decimal import Decimal
from typing import Any

from studyguide.records import (
    AuthoredQuestionData,
    ChoiceData,
    ContentPack,
    FactData,
    LegacyValue,
    TableColumn,
    TableData,
    TableRow,
    TopicData,
)

AS_OF = date(2026, 11, 1)
SQS_URL = "https://docs.aws.amazon.com/AWSSimpleQueueService/latest/SQSDeveloperGuide/quotas.html"
KDS_URL = "https://docs.aws.amazon.com/streams/latest/dev/kinesis-extended-retention.html"


def fact(key: str, topic: str, name: str, value: str, unit: str = "", **extra: Any) -> FactData:
    """`value` is text; one that starts with a digit becomes a number, as the loader does."""
    return FactData(
        key=key,
        topic=topic,
        name=name,
        value=Decimal(value) if value[:1].isdigit() else value,
        unit=unit,
        source_url=extra.pop("source_url", SQS_URL),
        as_of=AS_OF,
        **extra,
    )


FACTS = (
    fact(
        "sqs.retention.max",
        "messaging",
        "the maximum retention period of an SQS queue",
        "14",
        "days",
        statement="An SQS queue keeps a message for at most 14 days.",
    ),
    fact(
        "sqs.retention.default",
        "messaging",
        "the default retention period of an SQS queue",
        "4",
        "days",
        statement="An SQS queue keeps a message for 4 days by default.",
    ),
    fact(
        "sqs.retention.min",
        "messaging",
        "the minimum retention period of an SQS queue",
        "60",
        "seconds",
        statement="An SQS queue can be set to keep messages for as little as 60 seconds.",
    ),
    fact(
        "sqs.message.size.max",
        "messaging",
        "the maximum size of an SQS message",
        "1024",
        "KiB",
        statement="An SQS message can be up to 1,024 KiB (1 MiB).",
        legacy=LegacyValue(Decimal(256), 2019),
    ),
    fact(
        "sqs.visibility.default",
        "messaging",
        "the default visibility timeout of an SQS queue",
        "30",
        "seconds",
        statement="A received SQS message stays hidden for 30 seconds by default.",
    ),
    fact(
        "sqs.fifo.name",
        "messaging",
        "the suffix a FIFO queue's name must end with",
        ".fifo",
        statement="A FIFO queue's name must end with .fifo.",
    ),
    fact(
        "kinesis.retention.max",
        "kinesis",
        "the maximum retention period of a Kinesis data stream",
        "8760",
        "hours",
        statement="A Kinesis data stream can keep records for up to 8,760 hours (365 days).",
        legacy=LegacyValue(Decimal(168), 2019),
        source_url=KDS_URL,
    ),
    fact(
        "kinesis.retention.default",
        "kinesis",
        "the default retention period of a Kinesis data stream",
        "24",
        "hours",
        statement="A Kinesis data stream keeps records for 24 hours by default.",
        source_url=KDS_URL,
    ),
    fact(
        "kinesis.analytics.name",
        "kinesis",
        "the current name of Kinesis Data Analytics",
        "Amazon Managed Service for Apache Flink",
        statement="Kinesis Data Analytics is now Amazon Managed Service for Apache Flink.",
        legacy=LegacyValue("Amazon Kinesis Data Analytics", 2019),
    ),
    fact(
        "kinesis.firehose.name",
        "kinesis",
        "the current name of Kinesis Data Firehose",
        "Amazon Data Firehose",
        statement="Kinesis Data Firehose is now called Amazon Data Firehose.",
    ),
    fact(
        "kinesis.kcl.v1_end_of_support",
        "kinesis",
        "the end-of-support date of KCL 1.x",
        "January 30, 2026",
        statement="Support for KCL 1.x ended on January 30, 2026.",
    ),
    fact(
        "kinesis.record.parts",
        "kinesis",
        "the parts of a Kinesis data record",
        "partition key, sequence number, data blob",
        statement="A record has a partition key, a sequence number and a data blob.",
    ),
)

ENGINES = TableData(
    slug="memcached-vs-redis",
    topic="caching",
    title="Memcached vs Redis OSS vs Valkey",
    subject="engine",
    caption="How the engines differ.",
    source_url="https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/SelectEngine.html",
    as_of=AS_OF,
    columns=(
        TableColumn("threads", "Threads", "Which {subject} is multithreaded?"),
        TableColumn("replication", "Replication", "Which {subject} replicates like this?"),
        TableColumn("pub_sub", "Pub/sub", "Which {subject} has this pub/sub support?"),
        TableColumn("cluster", "Cluster mode"),
        TableColumn("managed", "Managed by", "Which {subject} is run like this?"),
    ),
    rows=(
        TableRow(
            "Memcached",
            {
                "threads": "Multithreaded",
                "replication": "None",
                "pub_sub": "No",
                "cluster": "Client-side sharding only",
                "managed": "ElastiCache",
            },
        ),
        TableRow(
            "Redis OSS",
            {
                "threads": "Commands run on one main thread",
                "replication": "One primary and up to 5 replicas per shard",
                "pub_sub": "Yes",
                "cluster": "Cluster mode with up to 500 shards",
                "managed": "ElastiCache",
            },
        ),
        TableRow(
            "Valkey",
            {
                "threads": "Commands run on one main thread; multithreaded I/O",
                "replication": "One primary and up to 5 replicas per shard",
                "pub_sub": "Yes",
                "cluster": "Cluster mode with up to 500 shards",
                "managed": "ElastiCache",
            },
        ),
    ),
)

SCALING_TYPES = TableData(
    slug="scaling-types",
    topic="auto-scaling",
    title="Ways to size an Auto Scaling group",
    subject="scaling type",
    caption="The four classic scaling types.",
    source_url="https://docs.aws.amazon.com/autoscaling/ec2/userguide/what-is-amazon-ec2-auto-scaling.html",
    as_of=AS_OF,
    columns=(TableColumn("when", "When you would use it", "Which {subject} fits this situation?"),),
    rows=(
        TableRow("Maintain", {"when": '"Two web servers must always be up."'}),
        TableRow("Manual", {"when": '"We resize by hand twice a year."'}),
        TableRow("Scheduled", {"when": '"Every Monday morning we get a rush on our website."'}),
        TableRow("Dynamic", {"when": '"Add instances when CPU goes above 60 %."'}),
    ),
)

MESSAGING = TableData(
    slug="sqs-vs-sns-vs-kinesis",
    topic="messaging",
    title="SQS vs SNS vs Kinesis Data Streams",
    subject="service",
    caption="How the three services differ.",
    source_url="https://docs.aws.amazon.com/streams/latest/dev/key-concepts.html",
    as_of=AS_OF,
    columns=(
        TableColumn("model", "Model", "Which {subject} follows this model?"),
        TableColumn("replay", "Replay", "Which {subject} allows replay like this?"),
        TableColumn(
            "typical_use", "Typical use", "Which {subject} is the typical choice for this?"
        ),
    ),
    rows=(
        TableRow(
            "Amazon SQS",
            {"model": "Queue", "replay": "No", "typical_use": "Decoupling a producer from workers"},
        ),
        TableRow(
            "Amazon SNS",
            {"model": "Publish/subscribe", "replay": "No", "typical_use": "Fan-out"},
        ),
        TableRow(
            "Kinesis Data Streams",
            {"model": "Sharded log", "replay": "Yes", "typical_use": "Real-time analytics"},
        ),
    ),
)

AUTHORED = (
    AuthoredQuestionData(
        id="sqs-fanout-1",
        topic="messaging",
        kind="single",
        prompt="Which service fans one message out to many subscribers?",
        explanation="SNS is publish/subscribe.",
        choices=(
            ChoiceData("Amazon SNS", correct=True),
            ChoiceData("Amazon SQS", why="A queue delivers each message to one consumer."),
        ),
        facts=("sqs.retention.max",),
    ),
    AuthoredQuestionData(
        id="sqs-decouple-1",
        topic="messaging",
        kind="multiple",
        prompt="Which services decouple a producer from its consumers? Choose all that apply.",
        explanation="Both SQS and SNS sit between producer and consumer.",
        choices=(
            ChoiceData("Amazon SQS", correct=True),
            ChoiceData("Amazon SNS", correct=True),
            ChoiceData("Amazon EC2", why="EC2 runs servers; it is not a messaging service."),
        ),
    ),
    AuthoredQuestionData(
        id="sqs-retention-number-1",
        topic="messaging",
        kind="numeric",
        prompt="For how many days at most can SQS keep a message?",
        explanation="Up to 14 days.",
        answer=Decimal(14),
        tolerance=Decimal("0.5"),
        unit="days",
        facts=("sqs.retention.max",),
    ),
)

TOPICS = (
    TopicData("messaging", "Messaging", "SNS, SQS and Kinesis compared.", 0),
    TopicData("kinesis", "Kinesis", "Streams.", 1),
    TopicData("caching", "Caching", "ElastiCache.", 2),
    TopicData("auto-scaling", "Auto Scaling", "Groups and policies.", 3),
    TopicData("dynamodb", "DynamoDB", "Partitions and capacity.", 4),
)


def make_pack(**changes: Any) -> ContentPack:
    pack = ContentPack(
        topics=TOPICS,
        facts=FACTS,
        tables=(ENGINES, SCALING_TYPES, MESSAGING),
        questions=AUTHORED,
    )
    return replace(pack, **changes)


def fact_by_key(key: str) -> FactData:
    return next(f for f in FACTS if f.key == key)
