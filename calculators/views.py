from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET
from django.views.decorators.vary import vary_on_headers

from calculators import formulas
from calculators.registry import CALCULATORS, calculator_by_slug
from core.htmx import page_or_fragment, wants_fragment


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
        "shard_write_mb": formulas.SHARD_WRITE_KB // formulas.KIB_PER_MIB,
        "shard_read_kb": formulas.SHARD_READ_KB,
        "shard_read_mb": formulas.SHARD_READ_KB // formulas.KIB_PER_MIB,
        "efo_consumers": formulas.EFO_CONSUMERS_MAX,
        "record_max_mib": formulas.RECORD_SIZE_MAX_KB // formulas.KIB_PER_MIB,
        "record_max_large_mib": formulas.RECORD_SIZE_MAX_LARGE_MIB,
    }


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    calculators = [{"info": info, "url": reverse(info.url_name)} for info in CALCULATORS]
    return render(request, "calculators/index.html", {"calculators": calculators})


@require_GET
@vary_on_headers("HX-Request")
def calculator(request: HttpRequest, slug: str) -> HttpResponse:
    """Every calculator's page. A query string with any of its fields is a submission;
    without one the page computes the calculator's example figures."""
    entry = calculator_by_slug(slug)
    submitted = any(name in request.GET for name in entry.form.base_fields)
    form = entry.form_for(request.GET if submitted else entry.examples)
    result = form.result if form.is_valid() else None
    fragment = wants_fragment(request)
    context = {
        "calculator": entry,
        "limits": limits(),
        "form": form,
        "result": result,
        "input_ids": " ".join(field.auto_id for field in form),
        "chart": entry.chart(result) if result else None,
        "oob": fragment,
        **(entry.links(result) if result else {}),
    }
    status = 200
    if result is None:
        # htmx swaps a 422 (see htmx-config in base.html); django-htmx's debug handler
        # would replace the whole page on a 400, so only the plain page uses 400.
        status = 422 if fragment else 400
    template = page_or_fragment(request, "calculators/calculator.html", "result")
    return render(request, template, context, status=status)
