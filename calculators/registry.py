"""Which calculators exist and which lesson each belongs to (lessons link back by this)."""

from dataclasses import dataclass


@dataclass(frozen=True)
class CalculatorInfo:
    slug: str
    title: str
    url_name: str  # "calculators:<name>"
    summary: str
    topic: str  # lesson topic slug
    lesson: str  # lesson slug


CALCULATORS: tuple[CalculatorInfo, ...] = ()


def calculators_for_lesson(topic: str, lesson: str) -> list[CalculatorInfo]:
    return [c for c in CALCULATORS if c.topic == topic and c.lesson == lesson]
