"""Quiz question generation: plain data in (a ContentPack), plain questions out.

No ORM and no request: practice pages, exams, the `generate_quiz` command and tests all
call the same pure functions, and the same seed always gives the same questions.
"""

from __future__ import annotations

import logging
import math
import random
from collections.abc import Callable, Collection, Iterable, Sequence

from studyguide.records import ContentPack

from .authored import authored_questions
from .calculated import calculated_questions
from .fact_value import fact_value_questions
from .quality import item_problems
from .scenario import scenario_questions
from .table_cell import table_cell_questions
from .true_false import true_false_questions
from .types import ALL_KINDS, AnswerMode, Choice, Question, QuestionKind, question_problems

__all__ = [
    "ALL_KINDS",
    "EXAM_SCENARIO_SHARE",
    "MAX_COUNT",
    "SEEDED_KINDS",
    "AnswerMode",
    "Choice",
    "KindSource",
    "Question",
    "QuestionKind",
    "generate_questions",
    "kind_questions",
    "parse_kinds",
    "question_problems",
    "questions_for_topic",
]

MAX_COUNT = 200
# Practice exams look like the real one: at least a third of each are scenario items.
EXAM_SCENARIO_SHARE = 1 / 3
logger = logging.getLogger(__name__)

Generator = Callable[[ContentPack, str, int], list[Question]]

GENERATORS: dict[QuestionKind, Generator] = {
    QuestionKind.FACT_VALUE: lambda pack, topic, seed: fact_value_questions(pack, topic),
    QuestionKind.TRUE_FALSE: lambda pack, topic, seed: true_false_questions(pack, topic),
    QuestionKind.TABLE_CELL: lambda pack, topic, seed: table_cell_questions(pack, topic),
    QuestionKind.SCENARIO: lambda pack, topic, seed: scenario_questions(pack, topic),
    QuestionKind.CALCULATED: lambda pack, topic, seed: calculated_questions(pack, topic, seed=seed),
    QuestionKind.AUTHORED: lambda pack, topic, seed: authored_questions(pack, topic),
}


def parse_kinds(kinds: Iterable[QuestionKind | str]) -> tuple[QuestionKind, ...]:
    """The kinds as QuestionKind, in the canonical order; ValueError names an unknown one."""
    wanted = set()
    for kind in kinds:
        try:
            wanted.add(QuestionKind(kind))
        except ValueError:
            known = ", ".join(ALL_KINDS)
            raise ValueError(f"unknown question kind {kind!r}; known kinds: {known}") from None
    return tuple(kind for kind in ALL_KINDS if kind in wanted)


# Only calculated questions draw from the seed; every other kind's pool is fixed by the
# content, so callers may cache it (see KindSource).
SEEDED_KINDS = frozenset({QuestionKind.CALCULATED})

# (topic, kind, seed) -> that kind's questions for the topic, as kind_questions gives them.
KindSource = Callable[[str, QuestionKind, int], list[Question]]


def kind_questions(
    pack: ContentPack, topic: str, kind: QuestionKind, *, seed: int = 0
) -> list[Question]:
    """One kind's questions for one topic that are fit to ask (an item that breaks a rule
    of `quality` is left out and logged)."""
    kept = []
    try:
        made = GENERATORS[kind](pack, topic, seed)
    except (ValueError, TypeError, KeyError, AttributeError, ArithmeticError):
        # Content a generator cannot read must cost this kind's questions on this topic,
        # never the whole quiz; the traceback goes to the log for whoever fixes it.
        logger.exception("left out every %s question on %s: the generator failed", kind, topic)
        return []
    for question in made:
        problems = item_problems(question)
        if problems:
            logger.info("left out %s: %s", question.uid, "; ".join(problems))
            continue
        kept.append(question)
    return kept


def questions_for_topic(
    pack: ContentPack,
    topic: str,
    *,
    seed: int = 0,
    kinds: Collection[QuestionKind | str] = ALL_KINDS,
    source: KindSource | None = None,
) -> list[Question]:
    """Every question fit to ask that the pack yields for one topic, in a fixed order, uids
    unique. `source`, when given, stands in for kind_questions on this pack.

    Only calculated questions depend on `seed` (it draws their inputs); the rest are the
    same for every seed.
    """
    questions: list[Question] = []
    seen: set[str] = set()
    for kind in parse_kinds(kinds):
        made = source(topic, kind, seed) if source else kind_questions(pack, topic, kind, seed=seed)
        for question in made:
            if question.uid not in seen:
                seen.add(question.uid)
                questions.append(question)
    return questions


def _tested(question: Question) -> set[object]:
    # Two questions on one fact, cell or stem in a quiz would give each other away. A
    # scenario item applies facts rather than asking them, so it only excludes itself.
    if question.is_scenario:
        return {("uid", question.uid), ("prompt", question.prompt)}
    return {*question.facts, *question.table_cells, ("prompt", question.prompt)}


def select_questions(
    pool: Sequence[Question], *, count: int, seed: int, scenario_share: float = 0.0
) -> list[Question]:
    """Pick up to `count` questions: shuffled by seed, spread across topics and kinds, no
    two testing the same fact, table cell or stem, and at least `scenario_share` of them
    exam-style scenario items where the pool has them."""
    scenarios = [q for q in pool if q.is_scenario]
    wanted = min(math.ceil(count * scenario_share), len(scenarios))
    picked = _spread(scenarios, count=wanted, seed=seed, used=set()) if wanted else []
    used: set[object] = set().union(*(_tested(q) for q in picked))
    chosen = {q.uid for q in picked}
    rest = [q for q in pool if q.uid not in chosen]
    picked += _spread(rest, count=count - len(picked), seed=seed, used=used)
    if wanted:
        random.Random(seed).shuffle(picked)  # scenario items were picked first
    return picked


def _spread(
    pool: Sequence[Question], *, count: int, seed: int, used: set[object]
) -> list[Question]:
    rng = random.Random(seed)
    shuffled = list(pool)
    rng.shuffle(shuffled)
    # Each group's members in the order of the one shuffle: a random order within each
    # group too, so one shuffle serves both passes below.
    groups: dict[tuple[str, str], list[Question]] = {}
    for question in shuffled:
        groups.setdefault((question.topic, question.kind), []).append(question)
    order = sorted(groups)
    rng.shuffle(order)
    picked: list[Question] = []
    picked_uids: set[str] = set()

    def pick(candidates: Iterable[Question], *, once_per_group: bool) -> None:
        taken = set()
        for question in candidates:
            if len(picked) == count:
                return
            group = (question.topic, question.kind)
            if question.uid in picked_uids or (once_per_group and group in taken):
                continue
            tested = _tested(question)
            if tested & used:
                continue  # asking a fact, cell or stem twice would give the answer away
            picked.append(question)
            picked_uids.add(question.uid)
            taken.add(group)
            used.update(tested)

    # First one item of each topic and kind (the first in its group that does not repeat a
    # fact), so a short quiz mixes them; then the rest in the shuffled order, so that every
    # item is as likely as any other and two seeds share little. Dealing group by group
    # would put every item of a small group into every quiz.
    pick((q for key in order for q in groups[key]), once_per_group=True)
    pick(shuffled, once_per_group=False)
    return picked


def generate_questions(
    pack: ContentPack,
    *,
    topics: Sequence[str] | None = None,
    count: int,
    seed: int,
    kinds: Collection[QuestionKind | str] = ALL_KINDS,
    scenario_share: float = 0.0,
    source: KindSource | None = None,
) -> list[Question]:
    """Up to `count` distinct questions on `topics` (None: every topic in the pack), at
    least `scenario_share` of them scenario items where the topics have enough.

    Fewer come back only when the topics cannot yield more without asking a fact, cell or
    stem twice. The same arguments always give the same questions in the same order.
    """
    if count < 0:
        raise ValueError("count must be zero or more")
    wanted = [t.slug for t in pack.topics] if topics is None else list(dict.fromkeys(topics))
    pool: list[Question] = []
    seen: set[str] = set()
    for topic in wanted:
        for question in questions_for_topic(pack, topic, seed=seed, kinds=kinds, source=source):
            if question.uid not in seen:
                seen.add(question.uid)
                pool.append(question)
    return select_questions(pool, count=count, seed=seed, scenario_share=scenario_share)
