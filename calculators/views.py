from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_GET

from calculators import formulas
from calculators.charts import Bar, BarChart, bar_chart
from calculators.forms import (
    CalculatorForm,
    CapacityForm,
    PartitionsForm,
    ShardsForm,
    TargetTrackingForm,
)
from calculators.registry import CALCULATORS, calculator_by_slug, lesson_url
from core.http import HtmxHttpRequest

# What the form shows on a first visit: the study text's own examples.
EXAMPLES: dict[str, dict[str, Any]] = {
    "dynamodb-partitions": {"rcu": 3000, "wcu": 1000, "storage_gb": 25},
    "dynamodb-capacity": {
        "item_kb": "6.5",
        "reads_per_s": 100,
        "writes_per_s": 10,
        "read_mode": "strong",
        "write_mode": "standard",
    },
    "kinesis-shards": {"records_per_s": 3000, "record_kb": 1, "consumers": 3, "fan_out": "shared"},
    "autoscaling-target-tracking": {"current": 4, "metric": 90, "target": 60, "min": 2, "max": 10},
}


def limits() -> dict[str, Any]:
    """The formula constants the page prose quotes, so the text and the maths cannot differ."""
    return {
        "partition_rcu": formulas.PARTITION_RCU_MAX,
        "partition_wcu": formulas.PARTITION_WCU_MAX,
        "rcu_item_kb": formulas.RCU_ITEM_KB,
        "wcu_item_kb": formulas.WCU_ITEM_KB,
        "item_max_kb": formulas.ITEM_SIZE_MAX_KB,
        "shard_records": formulas.SHARD_WRITE_RECORDS,
        "shard_write_kb": formulas.SHARD_WRITE_KB,
        "shard_write_mb": formulas.SHARD_WRITE_KB // 1024,
        "shard_read_kb": formulas.SHARD_READ_KB,
        "shard_read_mb": formulas.SHARD_READ_KB // 1024,
        "efo_consumers": formulas.EFO_CONSUMERS_MAX,
        "record_max_mib": formulas.RECORD_SIZE_MAX_KB // 1024,
        "record_max_large_mib": formulas.RECORD_SIZE_MAX_LARGE_MIB,
    }


def _calculator_page(
    request: HtmxHttpRequest,
    *,
    slug: str,
    form_class: type[CalculatorForm],
    template: str,
    chart: Any,
    extra: Any = None,
) -> HttpResponse:
    """One GET form per calculator; a query string with any of its fields is a submission."""
    info = calculator_by_slug(slug)
    submitted = any(name in request.GET for name in form_class.base_fields)
    form = form_class(request.GET if submitted else None, initial=EXAMPLES[slug])
    result = form.result if submitted and form.is_valid() else None
    # A history restore asks with HX-Request too, but needs the whole page.
    partial = bool(request.htmx) and not request.htmx.history_restore_request
    context = {
        "info": info,
        "limits": limits(),
        "lesson_url": lesson_url(info),
        "form": form,
        "result": result,
        "input_ids": " ".join(field.auto_id for field in form),
        "chart": chart(result) if result else None,
        "oob": partial,
        **(extra(result) if extra and result else {}),
    }
    status = 200
    if submitted and result is None:
        # htmx swaps a 422 (see htmx-config in base.html); django-htmx's debug handler
        # would replace the whole page on a 400, so only the plain page uses 400.
        status = 422 if partial else 400
    response = render(request, template + ("#result" if partial else ""), context, status=status)
    patch_vary_headers(response, ("HX-Request",))
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    calculators = [{"info": info, "url": reverse(info.url_name)} for info in CALCULATORS]
    return render(request, "calculators/index.html", {"calculators": calculators})


def _partitions_chart(result: formulas.PartitionsResult) -> BarChart:
    return bar_chart(
        title="Partitions by capacity and by size",
        bars=[
            Bar("By capacity", result.partitions_by_capacity),
            Bar("By size", result.partitions_by_size),
            Bar("Partitions", result.partitions, highlight=True),
        ],
    )


@require_GET
def dynamodb_partitions(request: HtmxHttpRequest) -> HttpResponse:
    return _calculator_page(
        request,
        slug="dynamodb-partitions",
        form_class=PartitionsForm,
        template="calculators/dynamodb_partitions.html",
        chart=_partitions_chart,
    )


def _capacity_chart(result: formulas.CapacityResult) -> BarChart:
    return bar_chart(
        title="Read and write capacity units",
        bars=[
            Bar("Read capacity units", result.rcu, highlight=True),
            Bar("Write capacity units", result.wcu, highlight=True),
        ],
    )


def _capacity_links(result: formulas.CapacityResult) -> dict[str, str]:
    # Capacity alone fixes partitions by capacity; the learner adds the table size there.
    query = urlencode({"rcu": result.rcu, "wcu": result.wcu, "storage_gb": 0})
    return {"partitions_url": f"{reverse('calculators:dynamodb_partitions')}?{query}"}


@require_GET
def dynamodb_capacity(request: HtmxHttpRequest) -> HttpResponse:
    return _calculator_page(
        request,
        slug="dynamodb-capacity",
        form_class=CapacityForm,
        template="calculators/dynamodb_capacity.html",
        chart=_capacity_chart,
        extra=_capacity_links,
    )


def _shards_chart(result: formulas.ShardsResult) -> BarChart:
    binding = result.binding_limit
    return bar_chart(
        title="Shards each limit needs",
        bars=[
            Bar("By records (1,000/s)", result.shards_by_records, binding == "records"),
            Bar("By write (1 MB/s)", result.shards_by_write, binding == "write"),
            Bar("By read (2 MB/s)", result.shards_by_read, binding == "read"),
        ],
        highlight_note="the binding limit",
    )


@require_GET
def kinesis_shards(request: HtmxHttpRequest) -> HttpResponse:
    return _calculator_page(
        request,
        slug="kinesis-shards",
        form_class=ShardsForm,
        template="calculators/kinesis_shards.html",
        chart=_shards_chart,
    )


def _target_tracking_chart(result: formulas.TargetTrackingResult) -> BarChart:
    return bar_chart(
        title="Capacity now and desired, within the group's limits",
        bars=[
            Bar("Minimum", result.min_capacity),
            Bar("Current", result.current),
            Bar("Desired", result.desired, highlight=True),
            Bar("Maximum", result.max_capacity),
        ],
        unit="instances",
    )


@require_GET
def autoscaling_target_tracking(request: HtmxHttpRequest) -> HttpResponse:
    return _calculator_page(
        request,
        slug="autoscaling-target-tracking",
        form_class=TargetTrackingForm,
        template="calculators/autoscaling_target_tracking.html",
        chart=_target_tracking_chart,
    )
