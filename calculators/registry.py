"""Every calculator, each one entry: its page, form, formula, chart, example figures and topic.

One view (`calculators.views.calculator`) serves every entry through one page template;
lessons link to the calculators of their topic, and the quiz's calculated questions take
their topic and source page from here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlencode

from django.urls import reverse

from calculators import charts, formulas
from calculators.charts import BarChart
from calculators.forms import (
    CalculatorForm,
    CapacityForm,
    PartitionsForm,
    ShardsForm,
    TargetTrackingForm,
)

# The template blocks each calculator's template defines with {% partialdef %}:
# the page's opening, the sentence that reads the result, and the background after it.
TEMPLATE_BLOCKS = ("lead", "explanation", "about")


@dataclass(frozen=True)
class Figure:
    """One number of the result: `name` is the result's attribute and the <output>'s name."""

    name: str
    label: str
    unit: str = ""
    main: bool = False
    signed: bool = False  # a change, shown with its sign


@dataclass(frozen=True)
class Calculator:
    slug: str
    title: str
    path: str  # below /calculators/
    url_name: str  # "calculators:<name>"
    summary: str
    topic: str  # lesson topic slug
    lesson: str  # lesson slug
    lesson_title: str
    form: type[CalculatorForm]
    formula: Callable[..., Any]
    figures: tuple[Figure, ...]
    chart: Callable[[Any], BarChart]
    # What the form shows and computes on a first visit: the study text's own examples.
    examples: dict[str, str]
    template: str  # defines the partials named in TEMPLATE_BLOCKS
    # Links the result offers into other calculators.
    links: Callable[[Any], dict[str, str]] = field(default=lambda result: {})
    # The AWS page that documents the rule, where no fact in the course does.
    source_url: str = ""

    @property
    def blocks(self) -> dict[str, str]:
        return {name: f"{self.template}#{name}" for name in TEMPLATE_BLOCKS}

    @property
    def lesson_url(self) -> str:
        return reverse(
            "studyguide:lesson_detail", kwargs={"topic": self.topic, "lesson": self.lesson}
        )

    def form_for(self, data: dict[str, Any]) -> CalculatorForm:
        return self.form(data, formula=self.formula)


def _capacity_links(result: formulas.CapacityResult) -> dict[str, str]:
    # Capacity alone fixes partitions by capacity; the learner adds the table size there.
    query = urlencode({"rcu": result.rcu, "wcu": result.wcu, "storage_gb": 0})
    return {"partitions_url": f"{reverse('calculators:dynamodb_partitions')}?{query}"}


CALCULATORS: tuple[Calculator, ...] = (
    Calculator(
        slug="dynamodb-partitions",
        title="DynamoDB partitions",
        path="dynamodb/partitions/",
        url_name="calculators:dynamodb_partitions",
        summary="How many partitions a table needs by capacity and by size, and the share of "
        "capacity each partition gets (the classic exam model).",
        topic="dynamodb",
        lesson="partitions",
        lesson_title="DynamoDB partitions",
        form=PartitionsForm,
        formula=formulas.dynamodb_partitions,
        figures=(
            Figure("partitions", "Partitions", main=True),
            Figure("partitions_by_capacity", "Partitions by capacity"),
            Figure("partitions_by_size", "Partitions by size"),
            Figure("rcu_per_partition", "Read capacity per partition", unit="RCU"),
            Figure("wcu_per_partition", "Write capacity per partition", unit="WCU"),
        ),
        chart=charts.partitions_chart,
        examples={"rcu": "3000", "wcu": "1000", "storage_gb": "25"},
        template="calculators/dynamodb_partitions.html",
    ),
    Calculator(
        slug="dynamodb-capacity",
        title="DynamoDB capacity units",
        path="dynamodb/capacity/",
        url_name="calculators:dynamodb_capacity",
        summary="Read and write capacity units for an item size, a request rate and a "
        "consistency or transaction mode.",
        topic="dynamodb",
        lesson="capacity-units",
        lesson_title="DynamoDB capacity units",
        form=CapacityForm,
        formula=formulas.dynamodb_capacity,
        figures=(
            Figure("rcu", "Read capacity units", unit="RCU", main=True),
            Figure("wcu", "Write capacity units", unit="WCU", main=True),
            Figure("read_units_per_item", "Read units per item (in read-size steps)"),
            Figure("write_units_per_item", "Write units per item (in write-size steps)"),
        ),
        chart=charts.capacity_chart,
        examples={
            "item_kb": "6.5",
            "reads_per_s": "100",
            "writes_per_s": "10",
            "read_mode": "strong",
            "write_mode": "standard",
        },
        template="calculators/dynamodb_capacity.html",
        links=_capacity_links,
    ),
    Calculator(
        slug="kinesis-shards",
        title="Kinesis Data Streams shards",
        path="kinesis/shards/",
        url_name="calculators:kinesis_shards",
        summary="Shards a stream needs for its record rate, write throughput and readers, "
        "and which per-shard limit decides.",
        topic="kinesis",
        lesson="data-streams",
        lesson_title="Kinesis Data Streams",
        form=ShardsForm,
        formula=formulas.kinesis_shards,
        figures=(
            Figure("shards", "Shards", main=True),
            Figure("shards_by_records", "Shards by records"),
            Figure("shards_by_write", "Shards by write throughput"),
            Figure("shards_by_read", "Shards by read throughput"),
            Figure("write_kb", "Write throughput", unit="KB/s"),
        ),
        chart=charts.shards_chart,
        examples={"records_per_s": "3000", "record_kb": "1", "consumers": "3", "fan_out": "shared"},
        template="calculators/kinesis_shards.html",
    ),
    Calculator(
        slug="autoscaling-target-tracking",
        title="Auto Scaling target tracking",
        path="autoscaling/target-tracking/",
        url_name="calculators:autoscaling_target_tracking",
        summary="The capacity a target tracking policy aims for from the metric and its "
        "target, kept within the group's minimum and maximum.",
        topic="auto-scaling",
        lesson="scaling-policies",
        lesson_title="scaling policies",
        form=TargetTrackingForm,
        formula=formulas.autoscaling_target_tracking,
        figures=(
            Figure("desired", "Desired capacity", unit="instances", main=True),
            Figure("change", "Change", signed=True),
            Figure("proportional", "Before min and max"),
        ),
        chart=charts.target_tracking_chart,
        examples={"current": "4", "metric": "90", "target": "60", "min": "2", "max": "10"},
        template="calculators/autoscaling_target_tracking.html",
        source_url=(
            "https://docs.aws.amazon.com/autoscaling/ec2/userguide/as-scaling-target-tracking.html"
        ),
    ),
)


def calculators_for_lesson(topic: str, lesson: str) -> list[Calculator]:
    return [c for c in CALCULATORS if c.topic == topic and c.lesson == lesson]


def calculators_for_topic(topic: str) -> list[Calculator]:
    return [c for c in CALCULATORS if c.topic == topic]


def calculator_by_slug(slug: str) -> Calculator:
    return next(c for c in CALCULATORS if c.slug == slug)
