"""Calculated questions: seeded, realistic inputs; the calculator's own function answers.

Each input set gives a numeric question (tolerance 0) and a single-choice variant whose
distractors are the results of typical mistakes (rounding down, ignoring the consumers,
1,000 instead of 1,024 KB per MB...). Where a mistake can be expressed as the calculator
run on other inputs (read mode "strong" instead of "eventual"), the calculator computes it.
"""

from __future__ import annotations

import math
import random
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal
from fractions import Fraction

from calculators import formulas
from calculators.registry import Calculator, calculators_for_topic
from core.formatting import format_number
from studyguide.records import ContentPack

from .seeding import short_hash, shuffle_choices, stable_rng
from .types import AnswerMode, Choice, Question, QuestionKind

VARIANTS_PER_CALCULATOR = 4
DECIMAL_KB_PER_MB = 1000  # the learner's mistake: a decimal megabyte


@dataclass(frozen=True)
class Mistake:
    value: int
    why: str


@dataclass(frozen=True)
class Calculation:
    calculator: str
    topic: str
    inputs: tuple[tuple[str, object], ...]
    prompt: str
    answer: int
    unit: str
    explanation: str
    steps: tuple[str, ...]
    mistakes: tuple[Mistake, ...]
    facts: tuple[str, ...]
    # Linked where no fact in the pack documents the rule.
    source_url: str = ""

    @property
    def uid_suffix(self) -> str:
        return f"{self.calculator}:{short_hash(*(f'{k}={v}' for k, v in self.inputs))}"


def _readable(value: int | Decimal | Fraction) -> str:
    return format_number(
        Decimal(value) if not isinstance(value, Fraction) else formulas.to_decimal(value)
    )


def _steps(steps: Sequence[formulas.Step]) -> tuple[str, ...]:
    return tuple(str(step) for step in steps)


# --- DynamoDB partitions ---------------------------------------------------------------


def _partitions(rng: random.Random, entry: Calculator) -> list[Calculation]:
    rcu = rng.choice(range(500, 30_001, 500))
    wcu = rng.choice(range(100, 8_001, 100))
    storage = rng.choice(range(5, 400, 5))
    result = formulas.dynamodb_partitions(rcu=rcu, wcu=wcu, storage_gb=storage)
    share = Fraction(rcu, formulas.PARTITION_RCU_MAX) + Fraction(wcu, formulas.PARTITION_WCU_MAX)
    by_size = Fraction(storage, formulas.PARTITION_STORAGE_GB)
    mistakes = (
        Mistake(
            formulas.dynamodb_partitions(rcu=rcu, wcu=wcu, storage_gb=0).partitions,
            f"Counts partitions for throughput only; every {formulas.PARTITION_STORAGE_GB} GB of "
            "data "
            "also needs a partition, and the table gets the larger of the two counts.",
        ),
        Mistake(
            formulas.dynamodb_partitions(rcu=0, wcu=0, storage_gb=storage).partitions,
            f"Counts partitions for size only; throughput ({formulas.PARTITION_RCU_MAX:,} RCU and "
            f"{formulas.PARTITION_WCU_MAX:,} WCU per partition) can need more.",
        ),
        Mistake(
            result.partitions_by_capacity + result.partitions_by_size,
            "Adds the throughput and size counts; the table needs the larger of the two.",
        ),
        Mistake(
            max(math.floor(share), math.floor(by_size), 1),
            "Rounds down; a fraction of a partition still takes a whole partition.",
        ),
        Mistake(
            max(
                math.ceil(Fraction(rcu, formulas.PARTITION_RCU_MAX))
                + math.ceil(Fraction(wcu, formulas.PARTITION_WCU_MAX)),
                result.partitions_by_size,
            ),
            "Rounds reads and writes up separately; add the two shares first, then round up.",
        ),
    )
    return [
        Calculation(
            calculator="dynamodb-partitions",
            topic=entry.topic,
            source_url=entry.source_url,
            inputs=(("rcu", rcu), ("wcu", wcu), ("storage_gb", storage)),
            prompt=(
                f"A provisioned DynamoDB table has {_readable(rcu)} RCU, {_readable(wcu)} WCU and "
                f"{_readable(storage)} GB of data. Using the classic partition formula, how many "
                f"partitions does it have?"
            ),
            answer=result.partitions,
            unit="partitions",
            explanation=(
                f"{result.partitions} partitions: the larger of {result.partitions_by_capacity} "
                f"for throughput and {result.partitions_by_size} for size "
                f"({result.binding_limit} decides)."
            ),
            steps=_steps(result.steps),
            mistakes=mistakes,
            facts=(
                "dynamodb.partition.rcu.max",
                "dynamodb.partition.wcu.max",
                "dynamodb.partition.storage.max",
                "dynamodb.partition.formula",
            ),
        )
    ]


# --- DynamoDB capacity units -----------------------------------------------------------

ITEM_SIZES_KB = (
    "0.5", "1", "1.5", "2", "2.5", "3", "3.5", "4", "5", "6", "7.5", "8", "9", "10", "12",
    "15", "20", "24", "30", "40",
)  # fmt: skip
READ_MODE_TEXT = {
    "eventual": "eventually consistent",
    "strong": "strongly consistent",
    "transactional": "transactional",
}
READ_MODE_WHY = {
    "eventual": "Ignores that an eventually consistent read costs half a strong read.",
    "transactional": "Ignores that a transactional read costs twice a strong read.",
}


def _capacity(rng: random.Random, entry: Calculator) -> list[Calculation]:
    size = Decimal(rng.choice(ITEM_SIZES_KB))
    reads = rng.choice(range(10, 5_001, 10))
    writes = rng.choice(range(5, 2_001, 5))
    read_mode = rng.choice(("eventual", "eventual", "strong", "strong", "transactional"))
    write_mode = rng.choice(("standard", "standard", "standard", "transactional"))
    result = formulas.dynamodb_capacity(
        item_kb=size, reads_per_s=reads, writes_per_s=writes,
        read_mode=read_mode, write_mode=write_mode,
    )  # fmt: skip
    read_factor = formulas.READ_MODE_FACTORS[read_mode]
    write_factor = formulas.WRITE_MODE_FACTORS[write_mode]
    facts = ("dynamodb.rcu.item_size", "dynamodb.wcu.item_size")
    inputs = (("item_kb", str(size)), ("reads_per_s", reads), ("writes_per_s", writes))

    def capacity(**changes: str) -> formulas.CapacityResult:
        kwargs = {"read_mode": read_mode, "write_mode": write_mode, **changes}
        return formulas.dynamodb_capacity(
            item_kb=size, reads_per_s=reads, writes_per_s=writes, **kwargs
        )

    read_mistakes = [
        Mistake(
            math.ceil(reads * Fraction(size) / formulas.RCU_ITEM_KB * read_factor),
            f"Does not round the item size up to whole {formulas.RCU_ITEM_KB} KB blocks; an item "
            "of "
            f"{formulas.RCU_ITEM_KB + 1} KB takes two read units per strong read.",
        ),
        Mistake(
            math.ceil(reads * math.ceil(Fraction(size) / formulas.WCU_ITEM_KB) * read_factor),
            f"Uses the {formulas.WCU_ITEM_KB} KB write-unit size; one read unit covers up to "
            f"{formulas.RCU_ITEM_KB} KB.",
        ),
    ]
    if read_mode in READ_MODE_WHY:
        read_mistakes.insert(0, Mistake(capacity(read_mode="strong").rcu, READ_MODE_WHY[read_mode]))
    else:
        read_mistakes.insert(
            0,
            Mistake(
                capacity(read_mode="eventual").rcu,
                "Halves the units as for eventually consistent reads; these reads are strong.",
            ),
        )
    other_write = "standard" if write_mode == "transactional" else "transactional"
    write_mistakes = [
        Mistake(
            capacity(write_mode=other_write).wcu,
            "Ignores that a transactional write costs twice a standard write."
            if write_mode == "transactional"
            else "Doubles the units as for transactional writes; these are standard writes.",
        ),
        Mistake(
            math.ceil(writes * Fraction(size) * write_factor),
            f"Does not round the item size up to whole KB; each write unit covers "
            f"{formulas.WCU_ITEM_KB} KB.",
        ),
        Mistake(
            writes * math.ceil(Fraction(size) / formulas.RCU_ITEM_KB) * write_factor,
            f"Uses the {formulas.RCU_ITEM_KB} KB read-unit size; one write unit covers only "
            f"{formulas.WCU_ITEM_KB} KB.",
        ),
    ]
    return [
        Calculation(
            calculator="dynamodb-rcu",
            topic=entry.topic,
            source_url=entry.source_url,
            inputs=(*inputs, ("read_mode", read_mode)),
            prompt=(
                f"A provisioned DynamoDB table stores items of {_readable(size)} KB. The "
                "application "
                f"makes {_readable(reads)} {READ_MODE_TEXT[read_mode]} reads per second. How many "
                f"read capacity units (RCU) does the table need?"
            ),
            answer=result.rcu,
            unit="RCU",
            explanation=(
                f"{result.rcu} RCU: each read of a {_readable(size)} KB item takes "
                f"{result.read_units_per_item} read unit(s), times "
                f"{_readable(result.read_factor)} for {READ_MODE_TEXT[read_mode]} reads."
            ),
            steps=_steps(result.steps[:2]),
            mistakes=tuple(read_mistakes),
            facts=(facts[0], "dynamodb.rcu.eventual_reads", "dynamodb.transaction.cost_factor"),
        ),
        Calculation(
            calculator="dynamodb-wcu",
            topic=entry.topic,
            source_url=entry.source_url,
            inputs=(*inputs, ("write_mode", write_mode)),
            prompt=(
                f"A provisioned DynamoDB table stores items of {_readable(size)} KB. The "
                "application "
                f"makes {_readable(writes)} {write_mode} writes per second. How many write "
                "capacity "
                f"units (WCU) does the table need?"
            ),
            answer=result.wcu,
            unit="WCU",
            explanation=(
                f"{result.wcu} WCU: each write of a {_readable(size)} KB item takes "
                f"{result.write_units_per_item} write unit(s), times {write_factor} for "
                f"{write_mode} writes."
            ),
            steps=_steps(result.steps[2:]),
            mistakes=tuple(write_mistakes),
            facts=(facts[1], "dynamodb.transaction.cost_factor"),
        ),
    ]


# --- Kinesis shards --------------------------------------------------------------------

RECORD_SIZES_KB = ("0.5", "1", "2", "3", "5", "10", "20", "25", "50", "100", "200")


def _shard_count(
    records: int,
    write_kb: Fraction,
    read_share: Fraction,
    write_mb: int,
    read_mb: int,
    *,
    kb_per_mb: int,
) -> int:
    """The shard count with `kb_per_mb` KB in a MB: 1,000 is the decimal reading."""
    return max(
        math.ceil(Fraction(records, formulas.SHARD_WRITE_RECORDS)),
        math.ceil(write_kb / (kb_per_mb * write_mb)),
        math.ceil(read_share / (kb_per_mb * read_mb)),
        1,
    )


def _shards(rng: random.Random, entry: Calculator) -> list[Calculation]:
    write_mb, read_mb = (
        formulas.SHARD_WRITE_KB // formulas.KIB_PER_MIB,
        formulas.SHARD_READ_KB // formulas.KIB_PER_MIB,
    )
    # AWS's developer guide says 1 MB/s per shard and its API reference 1 MiB/s: draw figures
    # whose answer is the same either way, so the item is right under both readings. Most
    # draws differ, and are told apart by this arithmetic before the calculator (which
    # gives the answer, and the worked steps, of the draw that is kept) runs.
    for _ in range(200):
        size = Decimal(rng.choice(RECORD_SIZES_KB))
        records = rng.choice(range(200, 20_001, 100) if size <= 5 else range(50, 2_001, 50))
        fan_out = rng.choice(("shared", "shared", "shared", "enhanced"))
        consumers = rng.randint(1, 6) if fan_out == "shared" else rng.randint(2, 8)
        write_kb = Fraction(records) * Fraction(size)
        read_share = write_kb * consumers if fan_out == "shared" else write_kb
        counts = (records, write_kb, read_share, write_mb, read_mb)
        decimal = _shard_count(*counts, kb_per_mb=DECIMAL_KB_PER_MB)
        if decimal != _shard_count(*counts, kb_per_mb=formulas.KIB_PER_MIB):
            continue
        result = formulas.kinesis_shards(
            records_per_s=records, record_kb=size, consumers=consumers, fan_out=fan_out
        )
        if result.shards == decimal:
            break
    else:  # pragma: no cover - the draws above find such figures within a few tries
        raise RuntimeError("no Kinesis figures give the same answer in MB and MiB")
    mistakes = [
        Mistake(
            max(result.shards_by_write, result.shards_by_read, 1),
            f"Ignores the limit of {formulas.SHARD_WRITE_RECORDS:,} records per second per shard, "
            f"which small records reach before the {write_mb} MB/s limit.",
        ),
        Mistake(
            max(
                math.floor(Fraction(records, formulas.SHARD_WRITE_RECORDS)),
                math.floor(write_kb / formulas.SHARD_WRITE_KB),
                math.floor(read_share / formulas.SHARD_READ_KB),
                1,
            ),
            "Rounds down; a shard's limits cannot be exceeded, so round each count up.",
        ),
    ]
    if fan_out == "shared":
        mistakes.insert(
            0,
            Mistake(
                formulas.kinesis_shards(
                    records_per_s=records, record_kb=size, consumers=1, fan_out="shared"
                ).shards,
                "Ignores the consumers: shared-throughput consumers split one shard's "
                f"{read_mb} MB/s of reads between them.",
            ),
        )
        reading = (
            "1 consumer application reads"
            if consumers == 1
            else f"{consumers} consumer applications each read"
        )
        how = "with shared throughput (no enhanced fan-out)"
    else:
        mistakes.insert(
            0,
            Mistake(
                formulas.kinesis_shards(
                    records_per_s=records, record_kb=size, consumers=consumers, fan_out="shared"
                ).shards,
                f"Treats the consumers as sharing {read_mb} MB/s per shard; each enhanced "
                f"fan-out consumer gets its own {read_mb} MB/s per shard.",
            ),
        )
        reading = f"{consumers} consumer applications each read"
        how = "with enhanced fan-out"
    return [
        Calculation(
            calculator="kinesis-shards",
            topic=entry.topic,
            source_url=entry.source_url,
            inputs=(
                ("records_per_s", records),
                ("record_kb", str(size)),
                ("consumers", consumers),
                ("fan_out", fan_out),
            ),
            prompt=(
                f"Producers write {_readable(records)} records per second of {_readable(size)} KB "
                "each to a "
                f"Kinesis data stream in provisioned mode. {reading} every record {how}. "
                f"How many shards does the stream need?"
            ),
            answer=result.shards,
            unit="shards",
            explanation=(
                f"{result.shards} shards: the most that any per-shard limit needs "
                f"(here the {result.binding_limit} limit decides). AWS's developer guide "
                f"gives the limits as {write_mb} MB/s in and {read_mb} MB/s out, its API "
                "reference in MiB; these figures give the same answer either way."
            ),
            steps=_steps(result.steps),
            mistakes=tuple(mistakes),
            facts=(
                "kinesis.shard.write.records",
                "kinesis.shard.write.throughput",
                "kinesis.shard.read.throughput",
                *(("kinesis.efo.throughput",) if fan_out == "enhanced" else ()),
            ),
        )
    ]


# --- Auto Scaling target tracking ------------------------------------------------------


CLAMP_WORDS = {"min": "minimum", "max": "maximum"}


def _clamp(value: int, low: int, high: int) -> int:
    return min(max(value, low), high)


def _target_tracking(rng: random.Random, entry: Calculator) -> list[Calculation]:
    current = rng.randint(2, 20)
    target = rng.choice((40, 50, 60, 70, 75))
    metric = rng.choice([m for m in range(10, 100, 5) if m != target])
    low = rng.randint(1, current)
    high = rng.randint(current + 1, current * 3)
    result = formulas.autoscaling_target_tracking(
        current=current, metric=metric, target=target, min_capacity=low, max_capacity=high
    )
    ratio = Fraction(current * metric, target)
    mistakes = [
        Mistake(
            _clamp(math.floor(ratio), low, high),
            "Rounds down; target tracking rounds up so the metric ends at or below the target.",
        ),
        Mistake(
            _clamp(math.ceil(Fraction(current * target, metric)), low, high),
            "Divides the wrong way round: capacity scales by metric / target, not target / metric.",
        ),
        Mistake(
            current,
            "Assumes nothing changes; the metric is away from its target, so the group resizes.",
        ),
    ]
    if result.clamped_by is not None:
        mistakes.insert(
            0,
            Mistake(
                result.proportional,
                f"Forgets the group's {CLAMP_WORDS[result.clamped_by]} size; desired "
                f"capacity always stays between minimum and maximum.",
            ),
        )
    return [
        Calculation(
            calculator="autoscaling-target-tracking",
            topic=entry.topic,
            source_url=entry.source_url,
            inputs=(
                ("current", current),
                ("metric", metric),
                ("target", target),
                ("min_capacity", low),
                ("max_capacity", high),
            ),
            prompt=(
                f"An Auto Scaling group runs {current} instances (minimum {low}, maximum "
                f"{high}). Its target tracking policy keeps average CPU utilization at "
                f"{target} %, and the metric now reads {metric} %. Using the proportional "
                f"rule, what desired capacity does the policy set?"
            ),
            answer=result.desired,
            unit="instances",
            explanation=(
                f"{result.desired} instances: ceil({current} × {metric} / {target}) = "
                f"{result.proportional}"
                + (
                    f", kept within the group's {CLAMP_WORDS[result.clamped_by]} size."
                    if result.clamped_by
                    else "."
                )
            ),
            steps=_steps(result.steps),
            mistakes=tuple(mistakes),
            facts=(),
        )
    ]


# Registry slug -> the questions its calculator makes from one draw of inputs.
QUESTION_MAKERS: dict[str, Callable[[random.Random, Calculator], list[Calculation]]] = {
    "dynamodb-partitions": _partitions,
    "dynamodb-capacity": _capacity,
    "kinesis-shards": _shards,
    "autoscaling-target-tracking": _target_tracking,
}


def calculations(
    topic: str, *, seed: int, variants: int = VARIANTS_PER_CALCULATOR
) -> list[Calculation]:
    found: list[Calculation] = []
    for entry in calculators_for_topic(topic):
        make = QUESTION_MAKERS[entry.slug]
        rng = stable_rng("calculated", entry.slug, seed)
        for _ in range(variants):
            found.extend(make(rng, entry))
    return found


def _questions(calc: Calculation, *, facts: tuple[str, ...], source_url: str) -> list[Question]:
    numeric = Question(
        uid=f"calc:{calc.uid_suffix}",
        kind=QuestionKind.CALCULATED,
        topic=calc.topic,
        prompt=calc.prompt,
        answer_mode=AnswerMode.NUMERIC,
        answer=Decimal(calc.answer),
        tolerance=Decimal(0),
        unit=calc.unit,
        explanation=calc.explanation,
        worked_steps=calc.steps,
        facts=facts,
        source_url=source_url,
    )
    seen = {calc.answer}
    wrong: list[Mistake] = []
    for mistake in (
        *calc.mistakes,
        # Near misses fill the choices when typical mistakes happen to give the answer.
        Mistake(calc.answer + 1, "One too many; check where each count is rounded up."),
        Mistake(calc.answer - 1, "One too few; check where each count is rounded up."),
        Mistake(calc.answer + 2, "Two too many; check which limit decides the count."),
        Mistake(calc.answer - 2, "Two too few; check which limit decides the count."),
        Mistake(calc.answer + 3, "Three too many; check which limit decides the count."),
    ):
        if mistake.value in seen or mistake.value < 1:
            continue
        seen.add(mistake.value)
        wrong.append(mistake)
    uid = f"calc-choice:{calc.uid_suffix}"
    choices = [Choice(f"{_readable(calc.answer)} {calc.unit}", correct=True)] + [
        Choice(f"{_readable(m.value)} {calc.unit}", why=m.why) for m in wrong[:3]
    ]
    single = replace(
        numeric,
        uid=uid,
        answer_mode=AnswerMode.SINGLE,
        choices=shuffle_choices(choices, uid),
        answer=None,
        unit="",
    )
    return [numeric, single]


def calculated_questions(
    pack: ContentPack, topic: str, *, seed: int, variants: int = VARIANTS_PER_CALCULATOR
) -> list[Question]:
    by_key = {fact.key: fact for fact in pack.facts}
    questions: list[Question] = []
    seen: set[str] = set()
    for calc in calculations(topic, seed=seed, variants=variants):
        facts = tuple(key for key in calc.facts if key in by_key)
        source_url = by_key[facts[0]].source_url if facts else calc.source_url
        for question in _questions(calc, facts=facts, source_url=source_url):
            if question.uid not in seen:
                seen.add(question.uid)
                questions.append(question)
    return questions
