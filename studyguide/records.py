"""Plain data for the fact base: what content files parse into and what generators read.

No ORM and no request here, so quiz generators and calculators can use the fact base as
plain values (and tests can build it by hand).
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

FactValue = Decimal | str


@dataclass(frozen=True)
class LegacyValue:
    value: FactValue
    year: int


@dataclass(frozen=True)
class FactData:
    key: str
    topic: str  # topic slug
    name: str  # noun phrase: "the maximum retention period of an SQS queue"
    statement: str
    value: FactValue  # Decimal where the fact is a number
    unit: str
    source_url: str
    as_of: date
    legacy: LegacyValue | None = None
    verified: bool = True

    @property
    def is_numeric(self) -> bool:
        return isinstance(self.value, Decimal)


@dataclass(frozen=True)
class TableColumn:
    key: str
    label: str
    question: str = ""  # "Which {subject} is multithreaded?"


@dataclass(frozen=True)
class TableRow:
    label: str
    cells: dict[str, str]


@dataclass(frozen=True)
class TableData:
    slug: str
    topic: str
    title: str
    subject: str  # what one row is: "engine", "scaling type"
    caption: str
    source_url: str
    as_of: date
    columns: tuple[TableColumn, ...]
    rows: tuple[TableRow, ...]


@dataclass(frozen=True)
class ChoiceData:
    text: str
    correct: bool = False
    why: str = ""  # why this choice is right, or the misconception a wrong one catches


@dataclass(frozen=True)
class AuthoredQuestionData:
    id: str
    topic: str
    kind: str  # single | multiple | numeric
    prompt: str
    explanation: str
    choices: tuple[ChoiceData, ...] = ()
    answer: Decimal | None = None
    tolerance: Decimal = Decimal(0)
    unit: str = ""
    facts: tuple[str, ...] = ()
    style: str = "recall"  # recall | scenario (an exam-style item)
    lesson: str = ""  # slug of the lesson in the same topic that the item rests on
    status: str = "published"  # draft | published | retired: only published reach quizzes
    tags: tuple[str, ...] = ()
    version: int = 1  # the database's version number; files carry none


@dataclass(frozen=True)
class LessonData:
    slug: str
    topic: str
    title: str
    summary: str
    order: int
    body: str  # Markdown


@dataclass(frozen=True)
class TopicData:
    slug: str
    title: str
    summary: str
    order: int
    exam_weight: int = 1  # the topic's share of a practice exam, relative to the others


@dataclass(frozen=True)
class ContentPack:
    topics: tuple[TopicData, ...] = ()
    lessons: tuple[LessonData, ...] = ()
    facts: tuple[FactData, ...] = ()
    tables: tuple[TableData, ...] = ()
    questions: tuple[AuthoredQuestionData, ...] = ()
    diagrams: frozenset[str] = field(default_factory=frozenset)
    # The content version a pack read from the database was read at ("" for one built by
    # hand or from files): values derived from it may be cached under that version.
    version: str = ""
