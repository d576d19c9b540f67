from decimal import Decimal
from fractions import Fraction

import pytest

from calculators.formulas import (
    CalculatorInputError,
    Step,
    autoscaling_target_tracking,
    dynamodb_capacity,
    dynamodb_partitions,
    kinesis_shards,
    plain_number,
    step_number,
)

# --- DynamoDB partitions ---------------------------------------------------------------


def test_study_text_25_gb_table_has_at_least_three_partitions():
    result = dynamodb_partitions(rcu=0, wcu=0, storage_gb=25)
    assert result.partitions_by_size == 3  # 25 / 10 = 2.5, rounded up
    assert result.partitions == 3
    assert result.binding_limit == "size"


def test_partitions_by_capacity_adds_the_read_and_write_shares():
    # 7500 / 3000 + 2500 / 1000 = 2.5 + 2.5 = 5; 25 GB needs only 3.
    result = dynamodb_partitions(rcu=7500, wcu=2500, storage_gb=25)
    assert result.partitions_by_capacity == 5
    assert result.partitions_by_size == 3
    assert result.partitions == 5
    assert result.binding_limit == "capacity"
    assert result.rcu_per_partition == Decimal(1500)
    assert result.wcu_per_partition == Decimal(500)


def test_partitions_exactly_at_the_limits_do_not_round_up():
    result = dynamodb_partitions(rcu=3000, wcu=1000, storage_gb=10)
    assert (result.partitions_by_capacity, result.partitions_by_size) == (2, 1)
    assert result.partitions == 2


def test_one_unit_over_a_limit_needs_another_partition():
    result = dynamodb_partitions(rcu=3001, wcu=0, storage_gb="10.0001")
    assert (result.partitions_by_capacity, result.partitions_by_size) == (2, 2)


def test_empty_table_still_has_one_partition():
    result = dynamodb_partitions(rcu=0, wcu=0, storage_gb=0)
    assert result.partitions == 1
    assert result.binding_limit == "minimum"
    assert result.rcu_per_partition == 0


def test_per_partition_share_is_rounded_to_four_places_when_it_does_not_divide():
    result = dynamodb_partitions(rcu=3500, wcu=1200, storage_gb=25)
    assert result.partitions == 3
    assert result.rcu_per_partition == Decimal("1166.6667")
    assert result.wcu_per_partition == Decimal(400)


def test_partition_steps_show_the_actual_numbers():
    result = dynamodb_partitions(rcu=3500, wcu=1200, storage_gb=25)
    assert [str(step) for step in result.steps] == [
        "Partitions by capacity: ceil(3500 / 3000 + 1200 / 1000) = ceil(≈2.3667) = 3",
        "Partitions by size: ceil(25 GB / 10 GB) = ceil(2.5) = 3",
        "Partitions: max(3, 3, 1) = 3",
        "Read capacity per partition: 3500 RCU / 3 = ≈1166.6667",
        "Write capacity per partition: 1200 WCU / 3 = 400",
    ]
    assert all(isinstance(step, Step) for step in result.steps)


# --- DynamoDB capacity units -----------------------------------------------------------


@pytest.mark.parametrize(
    ("read_mode", "rcu"),
    [("eventual", 100), ("strong", 200), ("transactional", 400)],
)
def test_rcu_for_a_6_5_kb_item_rounds_up_to_two_4_kb_units(read_mode, rcu):
    result = dynamodb_capacity(item_kb="6.5", reads_per_s=100, writes_per_s=0, read_mode=read_mode)
    assert result.read_units_per_item == 2
    assert result.rcu == rcu
    assert result.wcu == 0


@pytest.mark.parametrize(("write_mode", "wcu"), [("standard", 70), ("transactional", 140)])
def test_wcu_for_a_6_5_kb_item_rounds_up_to_seven_1_kb_units(write_mode, wcu):
    result = dynamodb_capacity(item_kb="6.5", reads_per_s=0, writes_per_s=10, write_mode=write_mode)
    assert result.write_units_per_item == 7
    assert result.wcu == wcu
    assert result.rcu == 0


def test_eventual_reads_round_the_half_units_up():
    # 3 reads x 1 unit x 0.5 = 1.5 -> 2 RCU; a single eventual read still takes a whole unit.
    assert (
        dynamodb_capacity(item_kb=1, reads_per_s=3, writes_per_s=0, read_mode="eventual").rcu == 2
    )
    assert (
        dynamodb_capacity(item_kb=4, reads_per_s=1, writes_per_s=0, read_mode="eventual").rcu == 1
    )


def test_item_of_exactly_400_kb_is_allowed():
    result = dynamodb_capacity(item_kb=400, reads_per_s=1, writes_per_s=1)
    assert (result.rcu, result.wcu) == (100, 400)


def test_item_over_400_kb_names_dynamodbs_item_limit():
    with pytest.raises(CalculatorInputError) as caught:
        dynamodb_capacity(item_kb="400.5", reads_per_s=1, writes_per_s=1)
    assert caught.value.field == "item_kb"
    assert "DynamoDB's item size limit is 400 KB" in caught.value.message


def test_unknown_read_mode_is_rejected():
    with pytest.raises(CalculatorInputError) as caught:
        dynamodb_capacity(item_kb=1, reads_per_s=1, writes_per_s=1, read_mode="quorum")
    assert caught.value.field == "read_mode"
    assert "eventual, strong or transactional" in caught.value.message


def test_capacity_steps_name_the_mode_and_numbers():
    result = dynamodb_capacity(
        item_kb="6.5",
        reads_per_s=100,
        writes_per_s=10,
        read_mode="eventual",
        write_mode="transactional",
    )
    assert [str(step) for step in result.steps] == [
        "Read units per item: ceil(6.5 KB / 4 KB) = ceil(1.625) = 2",
        "RCU (eventual reads cost 0.5 × a strong read): ceil(100 reads/s × 2 × 0.5) = 100",
        "Write units per item: ceil(6.5 KB / 1 KB) = ceil(6.5) = 7",
        "WCU (transactional writes cost 2 × a standard write): 10 writes/s × 7 × 2 = 140",
    ]


# --- Kinesis shards --------------------------------------------------------------------


def test_three_shared_consumers_make_reads_the_binding_limit():
    # 3000 x 1 KB = 3000 KB/s; records 3, write ceil(2.93) = 3, read ceil(9000 / 2048) = 5.
    result = kinesis_shards(records_per_s=3000, record_kb=1, consumers=3, fan_out="shared")
    assert result.write_kb == Decimal(3000)
    assert (result.shards_by_records, result.shards_by_write, result.shards_by_read) == (3, 3, 5)
    assert result.shards == 5
    assert result.binding_limit == "read"


def test_enhanced_fan_out_reads_do_not_grow_with_consumers():
    result = kinesis_shards(records_per_s=3000, record_kb=1, consumers=3, fan_out="enhanced")
    assert result.shards_by_read == 2  # ceil(3000 / 2048)
    assert result.shards == 3
    assert result.binding_limit == "records"
    more = kinesis_shards(records_per_s=3000, record_kb=1, consumers=20, fan_out="enhanced")
    assert more.shards_by_read == 2


def test_large_records_make_write_throughput_bind():
    # 500 x 10 KB = 5000 KB/s: records 1, write ceil(4.88) = 5, read ceil(2.44) = 3.
    result = kinesis_shards(records_per_s=500, record_kb=10, consumers=1, fan_out="shared")
    assert (result.shards_by_records, result.shards_by_write, result.shards_by_read) == (1, 5, 3)
    assert result.shards == 5
    assert result.binding_limit == "write"


def test_small_records_make_the_record_count_bind():
    result = kinesis_shards(records_per_s=2500, record_kb="0.1", consumers=1, fan_out="shared")
    assert (result.shards_by_records, result.shards_by_write, result.shards_by_read) == (3, 1, 1)
    assert result.binding_limit == "records"


def test_idle_stream_keeps_one_shard():
    result = kinesis_shards(records_per_s=0, record_kb=1, consumers=0, fan_out="enhanced")
    assert result.shards == 1
    assert result.shards_by_read == 0
    assert result.binding_limit == "minimum"


def test_more_than_20_enhanced_consumers_names_the_quota():
    with pytest.raises(CalculatorInputError) as caught:
        kinesis_shards(records_per_s=1, record_kb=1, consumers=21, fan_out="enhanced")
    assert caught.value.field == "consumers"
    assert "20" in caught.value.message
    assert "enhanced fan-out consumers quota" in caught.value.message
    # Shared consumers have no such quota.
    assert kinesis_shards(records_per_s=1, record_kb=1, consumers=21, fan_out="shared").shards == 1


def test_record_over_1024_kb_mentions_the_large_record_option():
    assert kinesis_shards(records_per_s=1, record_kb=1024, consumers=1).shards == 1
    with pytest.raises(CalculatorInputError) as caught:
        kinesis_shards(records_per_s=1, record_kb=1025, consumers=1)
    assert caught.value.field == "record_kb"
    assert "1024 KB" in caught.value.message
    assert "10 MiB" in caught.value.message


# --- Auto Scaling target tracking ------------------------------------------------------


def test_metric_above_target_scales_out_in_proportion():
    result = autoscaling_target_tracking(
        current=4, metric=90, target=60, min_capacity=2, max_capacity=10
    )
    assert (result.proportional, result.desired, result.change) == (6, 6, 2)
    assert result.action == "scale out"
    assert result.clamped_by is None
    assert [str(step) for step in result.steps] == [
        "Proportional capacity: ceil(4 × 90 / 60) = ceil(6) = 6",
        "Desired capacity (kept within min and max): min(max(6, 2), 10) = 6",
        "Change: 6 − 4 = +2",
    ]


def test_metric_below_target_scales_in_and_rounds_up():
    # 10 x 20 / 60 = 3.33 -> 4 instances.
    result = autoscaling_target_tracking(
        current=10, metric=20, target=60, min_capacity=2, max_capacity=10
    )
    assert (result.desired, result.change) == (4, -6)
    assert result.action == "scale in"


def test_desired_capacity_is_clamped_to_the_maximum_and_minimum():
    high = autoscaling_target_tracking(
        current=10, metric=90, target=30, min_capacity=1, max_capacity=20
    )
    assert (high.proportional, high.desired, high.clamped_by) == (30, 20, "max")
    low = autoscaling_target_tracking(
        current=4, metric=0, target=50, min_capacity=2, max_capacity=8
    )
    assert (low.proportional, low.desired, low.clamped_by) == (0, 2, "min")


def test_exact_arithmetic_avoids_the_float_rounding_trap():
    # In floats 3 * 0.1 / 0.3 is 1.0000000000000002, whose ceiling would be 2.
    result = autoscaling_target_tracking(
        current=3, metric=0.1, target=0.3, min_capacity=0, max_capacity=10
    )
    assert result.proportional == 1
    assert result.change == -2


def test_minimum_above_maximum_is_rejected():
    with pytest.raises(CalculatorInputError) as caught:
        autoscaling_target_tracking(current=1, metric=1, target=1, min_capacity=5, max_capacity=3)
    assert caught.value.field == "min_capacity"
    assert "greater than the maximum" in caught.value.message


# --- input checking shared by all calculators -------------------------------------------


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (-1, "negative"),
        ("abc", "Enter a number."),
        (None, "Enter a number."),
        (True, "Enter a number."),
        ("NaN", "not NaN"),
        (float("nan"), "not NaN"),
        ("inf", "finite"),
        (float("-inf"), "finite"),
        ("1.5", "whole number"),
        ("1e30", "at most 10,000,000"),
        ("1e999999999", "at most 10,000,000"),
        ("10000001", "at most 10,000,000"),
        ("0.00001", "decimal places"),
    ],
)
def test_bad_numbers_raise_a_clear_error_for_their_field(value, message):
    with pytest.raises(CalculatorInputError) as caught:
        dynamodb_partitions(rcu=value, wcu=0, storage_gb=1)
    assert caught.value.field == "rcu"
    assert message in caught.value.message
    assert isinstance(caught.value, ValueError)


def test_zero_is_not_a_valid_target_or_item_size():
    with pytest.raises(CalculatorInputError, match="greater than zero"):
        autoscaling_target_tracking(current=1, metric=1, target=0, min_capacity=0, max_capacity=1)
    with pytest.raises(CalculatorInputError, match="greater than zero"):
        dynamodb_capacity(item_kb=0, reads_per_s=1, writes_per_s=1)


def test_inputs_accept_ints_decimals_floats_and_numeric_strings_alike():
    expected = dynamodb_partitions(rcu=3000, wcu=1000, storage_gb=Decimal("25.5"))
    assert dynamodb_partitions(rcu="3000", wcu=Decimal(1000), storage_gb=25.5) == expected


def test_numbers_print_without_exponents_or_trailing_zeros():
    assert plain_number(Decimal("1E+3")) == "1000"
    assert plain_number(Decimal("2.500")) == "2.5"
    assert step_number(Decimal("0.5")) == "0.5"
    assert step_number(Fraction(1, 3)) == "≈0.3333"
