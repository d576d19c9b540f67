"""GET forms for the calculators: each field checked by the formula module's own spec."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from fractions import Fraction
from typing import Any, ClassVar

from django import forms

from calculators import formulas
from calculators.formulas import CalculatorInputError


class SpecNumberField(forms.Field):
    """A number checked against `formulas.INPUTS[spec]`; typed as text so that the server,
    not the browser, explains what is wrong with "abc", "NaN" or "-1". `{bounds}` in the
    help text stands for what the spec accepts, so the text cannot drift from the check."""

    def __init__(self, spec: str, label: str, *, required_message: str, help_text: str) -> None:
        self.spec = spec
        bounds = formulas.INPUTS[spec].bounds
        help_text = help_text.format(bounds=bounds, Bounds=bounds[0].upper() + bounds[1:])
        widget = forms.TextInput(
            attrs={
                "inputmode": "numeric" if formulas.INPUTS[spec].whole else "decimal",
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

    def clean(self, value: Any) -> Decimal:
        text = super().clean(value)  # the required check
        try:
            number = formulas.INPUTS[self.spec].parse(self.spec, text)
        except CalculatorInputError as error:
            raise forms.ValidationError(error.message, code="invalid") from None
        return formulas.to_decimal(number)


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


READ = formulas.READ_MODE_FACTORS
WRITE = formulas.WRITE_MODE_FACTORS
SHARD_READ_MB = formulas.SHARD_READ_KB // formulas.KIB_PER_MIB


def _units(factor: Fraction | int) -> str:
    """Capacity units per request, from the formula's factor: "0.5 units", "1 unit"."""
    return f"{formulas.step_number(factor)} unit{'' if factor == 1 else 's'}"


class CalculatorForm(forms.Form):
    """Runs the calculator's formula once every field is valid; `result` is None until then."""

    # Form field name -> the formula's keyword argument, where the two differ.
    argument_names: ClassVar[dict[str, str]] = {}
    use_required_attribute = False

    result: Any = None

    def __init__(self, data: Mapping[str, Any], *, formula: Callable[..., Any]) -> None:
        super().__init__(data)
        self.formula = formula
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
            self.result = self.formula(**arguments)
        except CalculatorInputError as error:
            fields = {v: k for k, v in self.argument_names.items()}
            for name in (error.field, *error.also):
                self.add_error(fields.get(name, name), error.message)
        return cleaned


class PartitionsForm(CalculatorForm):
    rcu = SpecNumberField(
        "rcu",
        "Read capacity units (RCU)",
        required_message="Enter the table's read capacity units, for example 3000.",
        help_text="Provisioned reads, {bounds}.",
    )
    wcu = SpecNumberField(
        "wcu",
        "Write capacity units (WCU)",
        required_message="Enter the table's write capacity units, for example 1000.",
        help_text="Provisioned writes, {bounds}.",
    )
    storage_gb = SpecNumberField(
        "storage_gb",
        "Table size (GB)",
        required_message="Enter the table's size in GB, for example 25.",
        help_text="{Bounds}.",
    )


class CapacityForm(CalculatorForm):
    item_kb = SpecNumberField(
        "item_kb",
        "Item size (KB)",
        required_message="Enter the item size in KB, for example 6.5.",
        help_text="{Bounds}, DynamoDB's item size limit.",
    )
    reads_per_s = SpecNumberField(
        "reads_per_s",
        "Reads per second",
        required_message="Enter the reads per second, or 0 for none.",
        help_text="{Bounds}.",
    )
    writes_per_s = SpecNumberField(
        "writes_per_s",
        "Writes per second",
        required_message="Enter the writes per second, or 0 for none.",
        help_text="{Bounds}.",
    )
    read_mode = _choice_field(
        label="Read consistency",
        choices=[
            ("eventual", f"Eventually consistent ({_units(READ['eventual'])})"),
            ("strong", f"Strongly consistent ({_units(READ['strong'])})"),
            ("transactional", f"Transactional ({_units(READ['transactional'])})"),
        ],
        help_text=f"Units per {formulas.RCU_ITEM_KB} KB read.",
    )
    write_mode = _choice_field(
        label="Write kind",
        choices=[
            ("standard", f"Standard ({_units(WRITE['standard'])})"),
            ("transactional", f"Transactional ({_units(WRITE['transactional'])})"),
        ],
        help_text=f"Units per {formulas.WCU_ITEM_KB} KB written.",
    )


class ShardsForm(CalculatorForm):
    records_per_s = SpecNumberField(
        "records_per_s",
        "Records per second",
        required_message="Enter the records written per second, or 0 for none.",
        help_text="{Bounds}.",
    )
    record_kb = SpecNumberField(
        "record_kb",
        "Record size (KB)",
        required_message="Enter the average record size in KB, for example 2.",
        help_text="{Bounds} "
        f"({formulas.RECORD_SIZE_MAX_KB // formulas.KIB_PER_MIB} MiB), "
        f"the default record limit.",
    )
    consumers = SpecNumberField(
        "consumers",
        "Consumer applications",
        required_message="Enter how many applications read the stream, or 0.",
        help_text=f"A whole number: up to {formulas.MAX_SHARED_CONSUMERS:,} sharing reads, "
        f"or up to {formulas.EFO_CONSUMERS_MAX} with enhanced fan-out.",
    )
    fan_out = _choice_field(
        label="Fan-out",
        choices=[
            ("shared", f"Shared (consumers share {SHARD_READ_MB} MB/s per shard)"),
            ("enhanced", f"Enhanced ({SHARD_READ_MB} MB/s per shard for each consumer)"),
        ],
        help_text="How the consumers read.",
    )


class TargetTrackingForm(CalculatorForm):
    argument_names: ClassVar[dict[str, str]] = {"min": "min_capacity", "max": "max_capacity"}

    current = SpecNumberField(
        "current",
        "Current capacity (instances)",
        required_message="Enter how many instances run now.",
        help_text="A whole number from the group's minimum to its maximum.",
    )
    metric = SpecNumberField(
        "metric",
        "Metric value now",
        required_message="Enter the metric's current value, for example 90 (% CPU).",
        help_text="For example average CPU in %; {bounds}.",
    )
    target = SpecNumberField(
        "target",
        "Target value",
        required_message="Enter the target value, for example 60 (% CPU).",
        help_text="{Bounds}, in the metric's unit.",
    )
    min = SpecNumberField(
        "min_capacity",
        "Minimum capacity",
        required_message="Enter the group's minimum size.",
        help_text="{Bounds}, no more than the maximum.",
    )
    max = SpecNumberField(
        "max_capacity",
        "Maximum capacity",
        required_message="Enter the group's maximum size.",
        help_text="{Bounds}.",
    )
