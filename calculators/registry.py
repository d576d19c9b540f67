"""Which calculators exist and which lesson each belongs to (lessons link back by this)."""

from dataclasses import dataclass

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class CalculatorInfo:
    slug: str
    title: str
    url_name: str  # "calculators:<name>"
    summary: str
    topic: str  # lesson topic slug
    lesson: str  # lesson slug


CALCULATORS: tuple[CalculatorInfo, ...] = (
    CalculatorInfo(
        slug="dynamodb-partitions",
        title="DynamoDB partitions",
        url_name="calculators:dynamodb_partitions",
        summary="How many partitions a table needs by capacity and by size, and the share of "
        "capacity each partition gets (the classic exam model).",
        topic="dynamodb",
        lesson="partitions",
    ),
    CalculatorInfo(
        slug="dynamodb-capacity",
        title="DynamoDB capacity units",
        url_name="calculators:dynamodb_capacity",
        summary="Read and write capacity units for an item size, a request rate and a "
        "consistency or transaction mode.",
        topic="dynamodb",
        lesson="capacity-units",
    ),
    CalculatorInfo(
        slug="kinesis-shards",
        title="Kinesis Data Streams shards",
        url_name="calculators:kinesis_shards",
        summary="Shards a stream needs for its record rate, write throughput and readers, "
        "and which per-shard limit decides.",
        topic="kinesis",
        lesson="data-streams",
    ),
    CalculatorInfo(
        slug="autoscaling-target-tracking",
        title="Auto Scaling target tracking",
        url_name="calculators:autoscaling_target_tracking",
        summary="The capacity a target tracking policy aims for from the metric and its "
        "target, kept within the group's minimum and maximum.",
        topic="auto-scaling",
        lesson="scaling-policies",
    ),
)


def calculators_for_lesson(topic: str, lesson: str) -> list[CalculatorInfo]:
    return [c for c in CALCULATORS if c.topic == topic and c.lesson == lesson]


def calculator_by_slug(slug: str) -> CalculatorInfo:
    return next(c for c in CALCULATORS if c.slug == slug)


def lesson_url(info: CalculatorInfo) -> str | None:
    """The calculator's lesson page, or None while the study guide has no such URL."""
    try:
        return reverse(
            "studyguide:lesson_detail", kwargs={"topic": info.topic, "lesson": info.lesson}
        )
    except NoReverseMatch:
        return None
