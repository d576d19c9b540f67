from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from calculators import formulas
from quizzes.generation import AnswerMode, QuestionKind
from quizzes.generation.calculated import Calculation, calculated_questions, calculations
from studyguide.records import FactData
from tests.quizzes.generation_pack import make_pack

TOPICS = ("dynamodb", "kinesis", "auto-scaling")


def recompute(calc: Calculation) -> tuple[int, tuple[formulas.Step, ...]]:
    inputs: dict[str, Any] = dict(calc.inputs)
    if calc.calculator == "dynamodb-partitions":
        partitions = formulas.dynamodb_partitions(**inputs)
        return partitions.partitions, partitions.steps
    if calc.calculator in ("dynamodb-rcu", "dynamodb-wcu"):
        capacity = formulas.dynamodb_capacity(**inputs)
        if calc.calculator == "dynamodb-rcu":
            return capacity.rcu, capacity.steps[:2]
        return capacity.wcu, capacity.steps[2:]
    if calc.calculator == "kinesis-shards":
        shards = formulas.kinesis_shards(**inputs)
        return shards.shards, shards.steps
    assert calc.calculator == "autoscaling-target-tracking"
    tracking = formulas.autoscaling_target_tracking(**inputs)
    return tracking.desired, tracking.steps


@pytest.mark.parametrize("seed", range(10))
@pytest.mark.parametrize("topic", TOPICS)
def test_answer_and_worked_steps_are_the_calculators_own(topic, seed):
    questions = {q.uid: q for q in calculated_questions(make_pack(), topic, seed=seed)}
    calcs = calculations(topic, seed=seed)
    assert calcs
    for calc in calcs:
        answer, steps = recompute(calc)
        numeric = questions[f"calc:{calc.uid_suffix}"]
        assert numeric.kind == QuestionKind.CALCULATED
        assert numeric.answer_mode == AnswerMode.NUMERIC
        assert numeric.answer == Decimal(answer)
        assert numeric.tolerance == 0
        assert numeric.worked_steps == tuple(str(step) for step in steps)
        assert numeric.unit
        choice = questions[f"calc-choice:{calc.uid_suffix}"]
        assert [c.text for c in choice.correct_choices] == [f"{answer:,} {numeric.unit}"]
        assert choice.worked_steps == numeric.worked_steps
        assert len(choice.choices) == 4
        assert all(c.why for c in choice.choices if not c.correct)


def test_the_same_seed_gives_the_same_questions_and_another_seed_new_inputs():
    pack = make_pack()
    first = calculated_questions(pack, "kinesis", seed=7)
    assert first == calculated_questions(pack, "kinesis", seed=7)
    other = calculated_questions(pack, "kinesis", seed=8)
    assert {q.uid for q in first}.isdisjoint({q.uid for q in other})


def test_typical_mistakes_are_the_distractors():
    found: set[str] = set()
    for seed in range(20):
        for question in calculated_questions(make_pack(), "kinesis", seed=seed):
            found.update(
                c.why.split(";")[0].split(":")[0] for c in question.choices if not c.correct
            )
    assert "Rounds down" in found
    assert "Ignores the consumers" in found


def test_calculated_questions_link_the_facts_they_use_when_the_pack_has_them():
    [question, *_] = calculated_questions(make_pack(), "dynamodb", seed=1)
    # The hand-built pack has no DynamoDB facts, so nothing dangles.
    assert question.facts == ()
    fact = FactData(
        key="dynamodb.partition.rcu.max",
        topic="dynamodb",
        name="the read capacity of one partition",
        statement="One partition serves up to 3,000 RCU.",
        value=Decimal(3000),
        unit="RCU",
        source_url="https://docs.aws.amazon.com/amazondynamodb/",
        as_of=date(2026, 11, 1),
    )
    [question, *_] = calculated_questions(make_pack(facts=(fact,)), "dynamodb", seed=1)
    assert question.facts == ("dynamodb.partition.rcu.max",)
    assert question.source_url == "https://docs.aws.amazon.com/amazondynamodb/"


def test_topics_without_a_calculator_have_no_calculated_questions():
    assert calculated_questions(make_pack(), "messaging", seed=1) == []


def test_mistake_reasons_quote_the_calculator_constants(monkeypatch):
    monkeypatch.setattr(formulas, "SHARD_READ_KB", 4096)
    monkeypatch.setattr(formulas, "PARTITION_STORAGE_GB", 25)
    whys = {
        mistake.why
        for topic in ("kinesis", "dynamodb")
        for calc in calculations(topic, seed=3)
        for mistake in calc.mistakes
    }
    assert any("4 MB/s" in why for why in whys)
    assert any("every 25 GB of data" in why for why in whys)
    assert not any("2 MB/s" in why or "10 GB" in why for why in whys)


def test_every_registered_calculator_makes_questions_and_nothing_else_does():
    from calculators.registry import CALCULATORS
    from quizzes.generation.calculated import QUESTION_MAKERS

    assert set(QUESTION_MAKERS) == {entry.slug for entry in CALCULATORS}


@pytest.mark.parametrize("topic", TOPICS)
def test_topics_come_from_the_calculator_registry(topic, monkeypatch):
    from dataclasses import replace

    from calculators import registry

    moved = tuple(replace(entry, topic="elsewhere") for entry in registry.CALCULATORS)
    monkeypatch.setattr(registry, "CALCULATORS", moved)
    assert calculations(topic, seed=1) == []
    assert {calc.topic for calc in calculations("elsewhere", seed=1)} == {"elsewhere"}


def test_without_a_fact_the_registry_source_page_is_linked(monkeypatch):
    from dataclasses import replace

    from calculators import registry

    source = (
        "https://docs.aws.amazon.com/autoscaling/ec2/userguide/what-is-amazon-ec2-auto-scaling.html"
    )
    moved = tuple(
        replace(entry, source_url=source) if entry.topic == "auto-scaling" else entry
        for entry in registry.CALCULATORS
    )
    monkeypatch.setattr(registry, "CALCULATORS", moved)
    questions = calculated_questions(make_pack(), "auto-scaling", seed=1)
    assert questions
    assert {question.source_url for question in questions} == {source}
    assert all(question.facts == () for question in questions)


@pytest.mark.parametrize("seed", range(40))
def test_kinesis_figures_give_the_same_answer_whether_a_mb_is_1000_or_1024_kb(seed):
    import math
    import random
    from fractions import Fraction

    from calculators.registry import calculator_by_slug
    from quizzes.generation.calculated import _shards

    rng = random.Random(seed)  # noqa: S311 - the generator's own seeded draws
    for calculation in _shards(rng, calculator_by_slug("kinesis-shards")):
        inputs = {key: str(value) for key, value in calculation.inputs}
        records, size = int(inputs["records_per_s"]), Fraction(inputs["record_kb"])
        consumers = int(inputs["consumers"])
        write_kb = records * size
        read_kb = write_kb * consumers if inputs["fan_out"] == "shared" else write_kb
        decimal = max(
            math.ceil(Fraction(records, formulas.SHARD_WRITE_RECORDS)),
            math.ceil(write_kb / 1000),
            math.ceil(read_kb / 2000),
            1,
        )
        assert calculation.answer == decimal
        assert "MiB" in calculation.explanation
