"""The calculators' formulas: plain values in, frozen dataclasses out.

No Django here, so quiz generators can call these to make calculated questions whose
answer and worked solution are the calculator's own. Arithmetic is exact (Fraction),
so a ceiling never lands on the wrong side of a whole number through float error.
Sizes in KB are KiB, as AWS's capacity rules use them.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from fractions import Fraction
from functools import lru_cache
from typing import Literal

# DynamoDB (each held equal to its fact in content/dynamodb/facts.yaml by a test).
PARTITION_RCU_MAX = 3000  # dynamodb.partition.rcu.max
PARTITION_WCU_MAX = 1000  # dynamodb.partition.wcu.max
PARTITION_STORAGE_GB = 10  # dynamodb.partition.storage.max
RCU_ITEM_KB = 4  # dynamodb.rcu.item_size
WCU_ITEM_KB = 1  # dynamodb.wcu.item_size
ITEM_SIZE_MAX_KB = 400  # dynamodb.item.size.max
TRANSACTION_COST_FACTOR = 2  # dynamodb.transaction.cost_factor
READ_MODE_FACTORS: dict[str, Fraction] = {
    "eventual": Fraction(1, 2),
    "strong": Fraction(1),
    "transactional": Fraction(TRANSACTION_COST_FACTOR),
}
WRITE_MODE_FACTORS: dict[str, int] = {"standard": 1, "transactional": TRANSACTION_COST_FACTOR}

# Kinesis Data Streams (held equal to content/kinesis/facts.yaml).
KIB_PER_MIB = 1024  # AWS's MB in these limits is binary
SHARD_WRITE_RECORDS = 1000  # kinesis.shard.write.records, records/s
SHARD_WRITE_KB = 1024  # kinesis.shard.write.throughput, 1 MB/s
SHARD_READ_KB = 2048  # kinesis.shard.read.throughput, 2 MB/s
EFO_CONSUMERS_MAX = 20  # kinesis.efo.consumers.max
RECORD_SIZE_MAX_KB = 1024  # kinesis.record.size.max, 1 MiB
RECORD_SIZE_MAX_LARGE_MIB = 10  # kinesis.record.size.max_large
FAN_OUT_MODES = ("shared", "enhanced")

# Ceilings far beyond any real account; past them an input is a typo, not a workload.
MAX_CAPACITY_UNITS = 10_000_000
MAX_STORAGE_GB = 1_000_000
MAX_REQUESTS_PER_S = 10_000_000
MAX_RECORDS_PER_S = 100_000_000
MAX_SHARED_CONSUMERS = 1000
MAX_INSTANCES = 100_000
MAX_METRIC_VALUE = 1_000_000_000_000
MAX_DECIMAL_PLACES = 4

Number = int | Decimal | Fraction | float | str
ReadMode = Literal["eventual", "strong", "transactional"]
WriteMode = Literal["standard", "transactional"]
FanOut = Literal["shared", "enhanced"]


class CalculatorInputError(ValueError):
    """An input outside the calculator's domain; `field` is the keyword argument's name, and
    `also` names other arguments the same message concerns (two limits that disagree)."""

    def __init__(self, field: str, message: str, *, also: tuple[str, ...] = ()) -> None:
        super().__init__(f"{field}: {message}")
        self.field = field
        self.also = also
        self.message = message


@dataclass(frozen=True)
class Step:
    """One line of a worked solution: `label: expression = result`."""

    label: str
    expression: str
    result: str

    def __str__(self) -> str:
        return f"{self.label}: {self.expression} = {self.result}"


# --- input checking -------------------------------------------------------------------


@dataclass(frozen=True)
class NumberSpec:
    """What one numeric input accepts; forms use the same specs to check each field."""

    maximum: int
    whole: bool = False
    positive: bool = False
    too_large: str = ""
    unit: str = ""

    @property
    def bounds(self) -> str:
        """What the input accepts, in words: "a whole number from 0 to 1,000"."""
        unit = f" {self.unit}" if self.unit else ""
        if self.positive:
            return f"more than 0 and at most {self.maximum:,}{unit}"
        kind = "a whole number from" if self.whole else "from"
        return f"{kind} 0 to {self.maximum:,}{unit}"

    def parse(self, field: str, value: object) -> Fraction:
        too_large = self.too_large or f"Enter at most {self.maximum:,}."
        if isinstance(value, bool) or not isinstance(value, int | Decimal | Fraction | float | str):
            raise CalculatorInputError(field, "Enter a number.")
        if isinstance(value, Fraction):
            number = value
        elif type(value) is int:  # generated questions pass plain ints: no text to check
            number = Fraction(value)
        else:
            text = without_separators(field, value) if isinstance(value, str) else str(value)
            try:
                decimal = Decimal(text)
            except InvalidOperation:
                raise CalculatorInputError(field, "Enter a number.") from None
            if decimal.is_nan():
                raise CalculatorInputError(field, "Enter a number, not NaN.")
            if decimal.is_infinite():
                raise CalculatorInputError(field, "Enter a finite number.")
            if decimal.adjusted() > len(str(self.maximum)):
                raise CalculatorInputError(field, too_large)
            if _decimal_places(decimal) > MAX_DECIMAL_PLACES:
                raise CalculatorInputError(
                    field, f"Use at most {MAX_DECIMAL_PLACES} decimal places."
                )
            number = Fraction(decimal)
        if self.whole and number.denominator != 1:
            raise CalculatorInputError(field, "Enter a whole number.")
        if number < 0:
            raise CalculatorInputError(field, "Enter zero or more, not a negative number.")
        if self.positive and number == 0:
            raise CalculatorInputError(field, "Enter a number greater than zero.")
        if number > self.maximum:
            raise CalculatorInputError(field, too_large)
        return number


INPUTS: dict[str, NumberSpec] = {
    "rcu": NumberSpec(MAX_CAPACITY_UNITS, whole=True),
    "wcu": NumberSpec(MAX_CAPACITY_UNITS, whole=True),
    "storage_gb": NumberSpec(MAX_STORAGE_GB, unit="GB"),
    "item_kb": NumberSpec(
        ITEM_SIZE_MAX_KB,
        positive=True,
        unit="KB",
        too_large=f"DynamoDB's item size limit is {ITEM_SIZE_MAX_KB} KB; "
        f"store larger data in S3 and keep a pointer to it in the item.",
    ),
    "reads_per_s": NumberSpec(MAX_REQUESTS_PER_S, whole=True),
    "writes_per_s": NumberSpec(MAX_REQUESTS_PER_S, whole=True),
    "records_per_s": NumberSpec(MAX_RECORDS_PER_S, whole=True),
    "record_kb": NumberSpec(
        RECORD_SIZE_MAX_KB,
        positive=True,
        unit="KB",
        too_large=f"A record's data can be at most {RECORD_SIZE_MAX_KB} KB "
        f"({RECORD_SIZE_MAX_KB // KIB_PER_MIB} MiB) by default. "
        f"A stream can be configured to accept large records of up to "
        f"{RECORD_SIZE_MAX_LARGE_MIB} MiB, which this calculator does not model.",
    ),
    "consumers": NumberSpec(MAX_SHARED_CONSUMERS, whole=True),
    "current": NumberSpec(MAX_INSTANCES, whole=True),
    "metric": NumberSpec(MAX_METRIC_VALUE),
    "target": NumberSpec(MAX_METRIC_VALUE, positive=True),
    "min_capacity": NumberSpec(MAX_INSTANCES, whole=True),
    "max_capacity": NumberSpec(MAX_INSTANCES, whole=True),
}


# Whole-number part grouped by three with commas: "1,000", "12,500.5".
GROUPED_NUMBER = re.compile(r"[+-]?\d{1,3}(,\d{3})+(\.\d*)?")


def without_separators(field: str, text: str) -> str:
    """The number text without thousands separators; a comma anywhere else is refused,
    so that "1,5" (a decimal comma) is not read as fifteen."""
    text = text.strip()
    if "," not in text:
        return text
    if not GROUPED_NUMBER.fullmatch(text):
        raise CalculatorInputError(
            field,
            "Use commas only between groups of three digits, as in 1,000, "
            "and a point for decimals, as in 2.5.",
        )
    return text.replace(",", "")


def _number(field: str, value: object) -> Fraction:
    return INPUTS[field].parse(field, value)


def _decimal_places(decimal: Decimal) -> int:
    # Counted by hand: normalize() overflows on exponents as large as a typo can make.
    _, digits, exponent = decimal.as_tuple()
    if not isinstance(exponent, int):
        raise ValueError(f"{decimal} is not finite, so it has no decimal places.")
    trailing_zeros = len(digits) - len("".join(map(str, digits)).rstrip("0"))
    return max(0, -(exponent + trailing_zeros)) if any(digits) else 0


def _choice(field: str, value: object, choices: tuple[str, ...]) -> str:
    if value not in choices:
        options = ", ".join(choices[:-1]) + " or " + choices[-1]
        raise CalculatorInputError(field, f"Choose {options}.")
    return str(value)


# --- formatting the worked steps ------------------------------------------------------


# The steps' numbers repeat (limits, common inputs) and each is formatted exactly once per
# value: memoised, since the generated exam questions format thousands of them. Results
# depend only on a number's value, whatever its type.
@lru_cache(maxsize=8192)
def to_decimal(number: Fraction | int) -> Decimal:
    """The number as a Decimal, rounded to 4 places where it needs more."""
    fraction = Fraction(number)
    decimal = Decimal(fraction.numerator) / Decimal(fraction.denominator)
    exponent = decimal.as_tuple().exponent
    if Fraction(decimal) != fraction or (isinstance(exponent, int) and exponent < -4):
        decimal = decimal.quantize(Decimal("0.0001"))
    return decimal


def _plain(decimal: Decimal) -> str:
    text = f"{decimal:f}"
    return text.rstrip("0").rstrip(".") if "." in text else text


def plain_number(number: Fraction | int | Decimal) -> str:
    """A number without exponent, separators or trailing zeros: '2.5', '3000'."""
    return _plain(to_decimal(Fraction(number)))


@lru_cache(maxsize=8192)
def step_number(number: Fraction | int | Decimal) -> str:
    """A number as the steps show it: exact where it can be, else '≈' and 4 places."""
    fraction = Fraction(number)
    decimal = to_decimal(fraction)
    return _plain(decimal) if Fraction(decimal) == fraction else f"≈{_plain(decimal)}"


def _ceil(number: Fraction) -> int:
    return math.ceil(number)


# --- DynamoDB partitions ---------------------------------------------------------------


@dataclass(frozen=True)
class PartitionsResult:
    rcu: int
    wcu: int
    storage_gb: Decimal
    partitions_by_capacity: int
    partitions_by_size: int
    partitions: int
    rcu_per_partition: Decimal
    wcu_per_partition: Decimal
    binding_limit: Literal["capacity", "size", "minimum"]
    steps: tuple[Step, ...]


def dynamodb_partitions(*, rcu: Number, wcu: Number, storage_gb: Number) -> PartitionsResult:
    """The classic exam model of how many partitions a provisioned table has."""
    rcu_n = _number("rcu", rcu)
    wcu_n = _number("wcu", wcu)
    size = _number("storage_gb", storage_gb)

    capacity_share = rcu_n / PARTITION_RCU_MAX + wcu_n / PARTITION_WCU_MAX
    by_capacity = _ceil(capacity_share)
    by_size = _ceil(size / PARTITION_STORAGE_GB)
    partitions = max(by_capacity, by_size, 1)
    rcu_each = rcu_n / partitions
    wcu_each = wcu_n / partitions
    binding: Literal["capacity", "size", "minimum"]
    if by_capacity == 0 and by_size == 0:
        binding = "minimum"
    elif by_capacity >= by_size:
        binding = "capacity"
    else:
        binding = "size"

    steps = (
        Step(
            "Partitions by capacity",
            f"ceil({step_number(rcu_n)} / {PARTITION_RCU_MAX} + {step_number(wcu_n)} / "
            f"{PARTITION_WCU_MAX})"
            f" = ceil({step_number(capacity_share)})",
            str(by_capacity),
        ),
        Step(
            "Partitions by size",
            f"ceil({step_number(size)} GB / {PARTITION_STORAGE_GB} GB)"
            f" = ceil({step_number(size / PARTITION_STORAGE_GB)})",
            str(by_size),
        ),
        Step(
            "Partitions",
            f"max({by_capacity}, {by_size}, 1)",
            str(partitions),
        ),
        Step(
            "Read capacity per partition",
            f"{step_number(rcu_n)} RCU / {partitions}",
            step_number(rcu_each),
        ),
        Step(
            "Write capacity per partition",
            f"{step_number(wcu_n)} WCU / {partitions}",
            step_number(wcu_each),
        ),
    )
    return PartitionsResult(
        rcu=int(rcu_n),
        wcu=int(wcu_n),
        storage_gb=to_decimal(size),
        partitions_by_capacity=by_capacity,
        partitions_by_size=by_size,
        partitions=partitions,
        rcu_per_partition=to_decimal(rcu_each),
        wcu_per_partition=to_decimal(wcu_each),
        binding_limit=binding,
        steps=steps,
    )


# --- DynamoDB capacity units -----------------------------------------------------------


@dataclass(frozen=True)
class CapacityResult:
    item_kb: Decimal
    reads_per_s: int
    writes_per_s: int
    read_mode: str
    write_mode: str
    read_units_per_item: int
    write_units_per_item: int
    read_factor: Decimal
    write_factor: int
    rcu: int
    wcu: int
    steps: tuple[Step, ...]


def dynamodb_capacity(
    *,
    item_kb: Number,
    reads_per_s: Number,
    writes_per_s: Number,
    read_mode: ReadMode | str = "strong",
    write_mode: WriteMode | str = "standard",
) -> CapacityResult:
    """Provisioned read and write capacity units for a steady load of same-size items."""
    size = _number("item_kb", item_kb)
    reads = _number("reads_per_s", reads_per_s)
    writes = _number("writes_per_s", writes_per_s)
    read_mode = _choice("read_mode", read_mode, tuple(READ_MODE_FACTORS))
    write_mode = _choice("write_mode", write_mode, tuple(WRITE_MODE_FACTORS))

    read_units = _ceil(size / RCU_ITEM_KB)
    write_units = _ceil(size / WCU_ITEM_KB)
    read_factor = READ_MODE_FACTORS[read_mode]
    write_factor = WRITE_MODE_FACTORS[write_mode]
    rcu = _ceil(reads * read_units * read_factor)
    wcu = int(writes) * write_units * write_factor

    steps = (
        Step(
            "Read units per item",
            f"ceil({step_number(size)} KB / {RCU_ITEM_KB} KB) = "
            f"ceil({step_number(size / RCU_ITEM_KB)})",
            str(read_units),
        ),
        Step(
            f"RCU ({read_mode} reads cost {step_number(read_factor)} × a strong read)",
            f"ceil({step_number(reads)} reads/s × {read_units} × {step_number(read_factor)})",
            str(rcu),
        ),
        Step(
            "Write units per item",
            f"ceil({step_number(size)} KB / {WCU_ITEM_KB} KB) = "
            f"ceil({step_number(size / WCU_ITEM_KB)})",
            str(write_units),
        ),
        Step(
            f"WCU ({write_mode} writes cost {write_factor} × a standard write)",
            f"{step_number(writes)} writes/s × {write_units} × {write_factor}",
            str(wcu),
        ),
    )
    return CapacityResult(
        item_kb=to_decimal(size),
        reads_per_s=int(reads),
        writes_per_s=int(writes),
        read_mode=read_mode,
        write_mode=write_mode,
        read_units_per_item=read_units,
        write_units_per_item=write_units,
        read_factor=to_decimal(read_factor),
        write_factor=write_factor,
        rcu=rcu,
        wcu=wcu,
        steps=steps,
    )


# --- Kinesis Data Streams shards -------------------------------------------------------


@dataclass(frozen=True)
class ShardsResult:
    records_per_s: int
    record_kb: Decimal
    consumers: int
    fan_out: str
    write_kb: Decimal
    shards_by_records: int
    shards_by_write: int
    shards_by_read: int
    shards: int
    binding_limit: Literal["records", "write", "read", "minimum"]
    steps: tuple[Step, ...]


def kinesis_shards(
    *,
    records_per_s: Number,
    record_kb: Number,
    consumers: Number,
    fan_out: FanOut | str = "shared",
) -> ShardsResult:
    """Provisioned shards for a stream: the most any single per-shard limit needs."""
    records = _number("records_per_s", records_per_s)
    size = _number("record_kb", record_kb)
    readers = _number("consumers", consumers)
    fan_out = _choice("fan_out", fan_out, FAN_OUT_MODES)
    if fan_out == "enhanced" and readers > EFO_CONSUMERS_MAX:
        raise CalculatorInputError(
            "consumers",
            f"A stream can have at most {EFO_CONSUMERS_MAX} registered enhanced fan-out "
            f"consumers (the enhanced fan-out consumers quota).",
        )

    write_kb = records * size
    by_records = _ceil(records / SHARD_WRITE_RECORDS)
    by_write = _ceil(write_kb / SHARD_WRITE_KB)
    if fan_out == "shared":
        by_read = _ceil(write_kb * readers / SHARD_READ_KB)
        read_step = Step(
            f"Shards by read (consumers share {SHARD_READ_KB // KIB_PER_MIB} MB/s per shard)",
            f"ceil({step_number(write_kb)} KB/s × {step_number(readers)} consumers / "
            f"{SHARD_READ_KB} KB/s)"
            f" = ceil({step_number(write_kb * readers / SHARD_READ_KB)})",
            str(by_read),
        )
    else:
        # Each enhanced fan-out consumer has its own 2 MB/s per shard, so their number
        # does not matter (as long as there is one to read at all).
        by_read = _ceil(write_kb / SHARD_READ_KB) if readers else 0
        expression = (
            f"ceil({step_number(write_kb)} KB/s / {SHARD_READ_KB} KB/s)"
            f" = ceil({step_number(write_kb / SHARD_READ_KB)})"
        )
        read_step = Step(
            f"Shards by read (each enhanced consumer has its own "
            f"{SHARD_READ_KB // KIB_PER_MIB} MB/s per shard)",
            expression if readers else "no consumer reads the stream",
            str(by_read),
        )
    shards = max(by_records, by_write, by_read, 1)
    binding: Literal["records", "write", "read", "minimum"]
    if max(by_records, by_write, by_read) == 0:
        binding = "minimum"
    elif by_records == shards:
        binding = "records"
    elif by_write == shards:
        binding = "write"
    else:
        binding = "read"

    steps = (
        Step(
            "Write throughput",
            f"{step_number(records)} records/s × {step_number(size)} KB",
            f"{step_number(write_kb)} KB/s",
        ),
        Step(
            "Shards by records",
            f"ceil({step_number(records)} / {SHARD_WRITE_RECORDS}) = "
            f"ceil({step_number(records / SHARD_WRITE_RECORDS)})",
            str(by_records),
        ),
        Step(
            "Shards by write throughput",
            f"ceil({step_number(write_kb)} KB/s / {SHARD_WRITE_KB} KB/s)"
            f" = ceil({step_number(write_kb / SHARD_WRITE_KB)})",
            str(by_write),
        ),
        read_step,
        Step("Shards", f"max({by_records}, {by_write}, {by_read}, 1)", str(shards)),
    )
    return ShardsResult(
        records_per_s=int(records),
        record_kb=to_decimal(size),
        consumers=int(readers),
        fan_out=fan_out,
        write_kb=to_decimal(write_kb),
        shards_by_records=by_records,
        shards_by_write=by_write,
        shards_by_read=by_read,
        shards=shards,
        binding_limit=binding,
        steps=steps,
    )


# --- Auto Scaling target tracking ------------------------------------------------------


@dataclass(frozen=True)
class TargetTrackingResult:
    current: int
    metric: Decimal
    target: Decimal
    min_capacity: int
    max_capacity: int
    proportional: int
    desired: int
    change: int
    clamped_by: Literal["min", "max", None]
    steps: tuple[Step, ...]

    @property
    def action(self) -> str:
        if self.change > 0:
            return "scale out"
        if self.change < 0:
            return "scale in"
        return "no change"


def autoscaling_target_tracking(
    *,
    current: Number,
    metric: Number,
    target: Number,
    min_capacity: Number,
    max_capacity: Number,
) -> TargetTrackingResult:
    """The proportional rule behind target tracking, clamped to the group's size limits."""
    now = _number("current", current)
    value = _number("metric", metric)
    goal = _number("target", target)
    low = _number("min_capacity", min_capacity)
    high = _number("max_capacity", max_capacity)
    if low > high:
        raise CalculatorInputError(
            "min_capacity",
            f"The minimum ({step_number(low)}) is greater than the maximum ({step_number(high)}).",
            also=("max_capacity",),
        )
    # A group never runs outside its limits (AWS resizes it to them at once), and a
    # current size outside them would make the rule "scale in" above the target.
    if now > high:
        raise CalculatorInputError(
            "current",
            f"The current capacity ({step_number(now)}) is above the group's maximum "
            f"({step_number(high)}); a group never runs more instances than its maximum.",
        )
    if now < low:
        raise CalculatorInputError(
            "current",
            f"The current capacity ({step_number(now)}) is below the group's minimum "
            f"({step_number(low)}); a group never runs fewer instances than its minimum.",
        )

    proportional = _ceil(now * value / goal)
    desired = min(max(proportional, int(low)), int(high))
    clamped_by: Literal["min", "max", None] = None
    if proportional < low:
        clamped_by = "min"
    elif proportional > high:
        clamped_by = "max"
    change = desired - int(now)

    steps = (
        Step(
            "Proportional capacity",
            f"ceil({step_number(now)} × {step_number(value)} / {step_number(goal)}) = "
            f"ceil({step_number(now * value / goal)})",
            str(proportional),
        ),
        Step(
            "Desired capacity (kept within min and max)",
            f"min(max({proportional}, {step_number(low)}), {step_number(high)})",
            str(desired),
        ),
        Step("Change", f"{desired} − {step_number(now)}", f"{change:+d}" if change else "0"),
    )
    return TargetTrackingResult(
        current=int(now),
        metric=to_decimal(value),
        target=to_decimal(goal),
        min_capacity=int(low),
        max_capacity=int(high),
        proportional=proportional,
        desired=desired,
        change=change,
        clamped_by=clamped_by,
        steps=steps,
    )
