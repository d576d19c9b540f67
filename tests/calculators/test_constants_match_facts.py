"""Each calculator constant equals its fact in the fact base (read straight from the YAML)."""

from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import yaml

from calculators import formulas

CONTENT = Path(__file__).resolve().parents[2] / "content"
KB_PER = {"KB": 1, "KB/s": 1, "MB": 1024, "MB/s": 1024, "MiB": 1024}


def facts(topic: str) -> dict[str, dict[str, Any]]:
    entries = yaml.safe_load((CONTENT / topic / "facts.yaml").read_text(encoding="utf-8"))
    return {entry["key"]: entry for entry in entries}


def in_kb(fact: dict[str, Any]) -> Decimal:
    return Decimal(str(fact["value"])) * KB_PER[fact["unit"]]


@pytest.mark.parametrize(
    ("topic", "key", "unit", "constant"),
    [
        ("dynamodb", "dynamodb.partition.rcu.max", "RCU", formulas.PARTITION_RCU_MAX),
        ("dynamodb", "dynamodb.partition.wcu.max", "WCU", formulas.PARTITION_WCU_MAX),
        ("dynamodb", "dynamodb.partition.storage.max", "GB", formulas.PARTITION_STORAGE_GB),
        ("dynamodb", "dynamodb.transaction.cost_factor", "", formulas.TRANSACTION_COST_FACTOR),
        ("kinesis", "kinesis.shard.write.records", "records/s", formulas.SHARD_WRITE_RECORDS),
        ("kinesis", "kinesis.efo.consumers.max", "consumers", formulas.EFO_CONSUMERS_MAX),
        (
            "kinesis",
            "kinesis.record.size.max_large",
            "MiB",
            formulas.RECORD_SIZE_MAX_LARGE_MIB,
        ),
    ],
)
def test_count_constant_equals_its_fact(topic, key, unit, constant):
    fact = facts(topic)[key]
    assert fact["unit"] == unit
    assert Decimal(str(fact["value"])) == constant


@pytest.mark.parametrize(
    ("topic", "key", "constant_kb"),
    [
        ("dynamodb", "dynamodb.rcu.item_size", formulas.RCU_ITEM_KB),
        ("dynamodb", "dynamodb.wcu.item_size", formulas.WCU_ITEM_KB),
        ("dynamodb", "dynamodb.item.size.max", formulas.ITEM_SIZE_MAX_KB),
        ("kinesis", "kinesis.shard.write.throughput", formulas.SHARD_WRITE_KB),
        ("kinesis", "kinesis.shard.read.throughput", formulas.SHARD_READ_KB),
        ("kinesis", "kinesis.efo.throughput", formulas.SHARD_READ_KB),
        ("kinesis", "kinesis.record.size.max", formulas.RECORD_SIZE_MAX_KB),
    ],
)
def test_size_constant_equals_its_fact_in_kb(topic, key, constant_kb):
    # AWS's capacity rules count 1 MB as 1024 KB, as the calculators do.
    assert in_kb(facts(topic)[key]) == constant_kb


def test_read_mode_factors_follow_the_facts():
    dynamodb = facts("dynamodb")
    eventual_reads_per_unit = Decimal(str(dynamodb["dynamodb.rcu.eventual_reads"]["value"]))
    assert formulas.READ_MODE_FACTORS["eventual"] == 1 / eventual_reads_per_unit
    cost = dynamodb["dynamodb.transaction.cost_factor"]["value"]
    assert formulas.READ_MODE_FACTORS["transactional"] == cost
    assert formulas.WRITE_MODE_FACTORS["transactional"] == cost
