"""GET forms for the calculators: each field checked by the formula module's own spec."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any, ClassVar

from django import forms

from calculators import formulas
from calculators.formulas import CalculatorInputError


class SpecNumberField(forms.Field):
    """A number checked against `formulas.INPUTS[spec]`; typed as text so that the server,
    not the browser, explains what is wrong with "abc", "NaN" or "-1"."""

    def __init__(
        self, *, spec: str, label: str, required_message: str, help_text: str, decimal: bool
    ) -> None:
        self.spec = spec
        widget = forms.TextInput(
            attrs={
                "inputmode": "decimal" if decimal else "numeric",
                "autocomplete": "off",
                "spellcheck": "false",
                "aria-required": "true",
                "maxlength": 40,
            }
        )
        super().__init__(
            label=label,
            help_text=help_text,
            widget=widget,
            error_messages={"required": required_message},
        )

    def to_python(self, value: Any) -> str:
        return "" if value is None else str(value).strip()

    def validate(self, value: Any) -> None:
        super().validate(value)
        try:
            formulas.INPUTS[self.spec].parse(self.spec, value)
        except CalculatorInputError as error:
            raise forms.ValidationError(error.message, code="invalid") from None

    def clean(self, value: Any) -> Decimal:
        text = super().clean(value)
        return Decimal(text)


def _choice_field(
    *, label: str, choices: list[tuple[str, str]], help_text: str
) -> forms.ChoiceField:
    names = [value for value, _ in choices]
    options = ", ".join(names[:-1]) + " or " + names[-1]
    return forms.ChoiceField(
        label=label,
        choices=choices,
        help_text=help_text,
        widget=forms.RadioSelect,
        error_messages={
            "required": f"Choose {options}.",
            "invalid_choice": f"Choose {options}; “%(value)s” is not one of them.",
        },
    )


class CalculatorForm(forms.Form):
    """Runs the formula once every field is valid; `result` is None until then."""

    formula: ClassVar[Callable[..., Any]]
    # Form field name -> the formula's keyword argument, where the two differ.
    argument_names: ClassVar[dict[str, str]] = {}
    use_required_attribute = False

    result: Any = None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if field.widget.use_fieldset:
                continue  # the fieldset carries the description
            # Point at the error slot even while it is empty: htmx fills it in later
            # without re-rendering the input.
            auto_id = self[name].auto_id
            field.widget.attrs["aria-describedby"] = f"{auto_id}_helptext {auto_id}_errors"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        arguments = {self.argument_names.get(name, name): value for name, value in cleaned.items()}
        try:
            self.result = type(self).formula(**arguments)
        except CalculatorInputError as error:
            fields = {v: k for k, v in self.argument_names.items()}
            self.add_error(fields.get(error.field, error.field), error.message)
        return cleaned


class PartitionsForm(CalculatorForm):
    formula = staticmethod(formulas.dynamodb_partitions)

    rcu = SpecNumberField(
        spec="rcu",
        label="Read capacity units (RCU)",
        required_message="Enter the table's read capacity units, for example 3000.",
        help_text=f"Provisioned reads, a whole number from 0 to {formulas.MAX_CAPACITY_UNITS:,}.",
        decimal=False,
    )
    wcu = SpecNumberField(
        spec="wcu",
        label="Write capacity units (WCU)",
        required_message="Enter the table's write capacity units, for example 1000.",
        help_text=f"Provisioned writes, a whole number from 0 to {formulas.MAX_CAPACITY_UNITS:,}.",
        decimal=False,
    )
    storage_gb = SpecNumberField(
        spec="storage_gb",
        label="Table size (GB)",
        required_message="Enter the table's size in GB, for example 25.",
        help_text=f"From 0 to {formulas.MAX_STORAGE_GB:,} GB.",
        decimal=True,
    )


class CapacityForm(CalculatorForm):
    formula = staticmethod(formulas.dynamodb_capacity)

    item_kb = SpecNumberField(
        spec="item_kb",
        label="Item size (KB)",
        required_message="Enter the item size in KB, for example 6.5.",
        help_text=f"More than 0 and at most {formulas.ITEM_SIZE_MAX_KB} KB, "
        f"DynamoDB's item size limit.",
        decimal=True,
    )
    reads_per_s = SpecNumberField(
        spec="reads_per_s",
        label="Reads per second",
        required_message="Enter the reads per second, or 0 for none.",
        help_text=f"A whole number from 0 to {formulas.MAX_REQUESTS_PER_S:,}.",
        decimal=False,
    )
    writes_per_s = SpecNumberField(
        spec="writes_per_s",
        label="Writes per second",
        required_message="Enter the writes per second, or 0 for none.",
        help_text=f"A whole number from 0 to {formulas.MAX_REQUESTS_PER_S:,}.",
        decimal=False,
    )
    read_mode = _choice_field(
        label="Read consistency",
        choices=[
            ("eventual", "Eventually consistent (half a unit)"),
            ("strong", "Strongly consistent (one unit)"),
            ("transactional", "Transactional (two units)"),
        ],
        help_text=f"Units per {formulas.RCU_ITEM_KB} KB read.",
    )
    write_mode = _choice_field(
        label="Write kind",
        choices=[
            ("standard", "Standard (one unit)"),
            ("transactional", "Transactional (two units)"),
        ],
        help_text=f"Units per {formulas.WCU_ITEM_KB} KB written.",
    )


class ShardsForm(CalculatorForm):
    formula = staticmethod(formulas.kinesis_shards)

    records_per_s = SpecNumberField(
        spec="records_per_s",
        label="Records per second",
        required_message="Enter the records written per second, or 0 for none.",
        help_text=f"A whole number from 0 to {formulas.MAX_RECORDS_PER_S:,}.",
        decimal=False,
    )
    record_kb = SpecNumberField(
        spec="record_kb",
        label="Record size (KB)",
        required_message="Enter the average record size in KB, for example 2.",
        help_text=f"More than 0 and at most {formulas.RECORD_SIZE_MAX_KB} KB (1 MiB), "
        f"the default record limit.",
        decimal=True,
    )
    consumers = SpecNumberField(
        spec="consumers",
        label="Consumer applications",
        required_message="Enter how many applications read the stream, or 0.",
        help_text=f"A whole number: up to {formulas.MAX_SHARED_CONSUMERS:,} sharing reads, "
        f"or up to {formulas.EFO_CONSUMERS_MAX} with enhanced fan-out.",
        decimal=False,
    )
    fan_out = _choice_field(
        label="Fan-out",
        choices=[
            ("shared", "Shared (consumers share 2 MB/s per shard)"),
            ("enhanced", "Enhanced (2 MB/s per shard for each consumer)"),
        ],
        help_text="How the consumers read.",
    )


class TargetTrackingForm(CalculatorForm):
    formula = staticmethod(formulas.autoscaling_target_tracking)
    argument_names: ClassVar[dict[str, str]] = {"min": "min_capacity", "max": "max_capacity"}

    current = SpecNumberField(
        spec="current",
        label="Current capacity (instances)",
        required_message="Enter how many instances run now.",
        help_text=f"A whole number from 0 to {formulas.MAX_INSTANCES:,}.",
        decimal=False,
    )
    metric = SpecNumberField(
        spec="metric",
        label="Metric value now",
        required_message="Enter the metric's current value, for example 90 (% CPU).",
        help_text=f"For example average CPU in %; from 0 to {formulas.MAX_METRIC_VALUE:,}.",
        decimal=True,
    )
    target = SpecNumberField(
        spec="target",
        label="Target value",
        required_message="Enter the target value, for example 60 (% CPU).",
        help_text=f"More than 0 and at most {formulas.MAX_METRIC_VALUE:,}, in the metric's unit.",
        decimal=True,
    )
    min = SpecNumberField(
        spec="min_capacity",
        label="Minimum capacity",
        required_message="Enter the group's minimum size.",
        help_text=f"A whole number from 0 to {formulas.MAX_INSTANCES:,}, no more than the maximum.",
        decimal=False,
    )
    max = SpecNumberField(
        spec="max_capacity",
        label="Maximum capacity",
        required_message="Enter the group's maximum size.",
        help_text=f"A whole number from 0 to {formulas.MAX_INSTANCES:,}.",
        decimal=False,
    )
