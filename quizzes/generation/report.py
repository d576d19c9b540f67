"""The question-quality report behind `manage.py check_questions` (pure: a pack in, figures
out)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from studyguide.records import ContentPack

from . import ALL_KINDS, GENERATORS, QuestionKind, generate_questions, questions_for_topic
from .quality import is_true_false, item_problems, near_duplicates

OVERLAP_SEEDS = (1, 7)
OVERLAP_LENGTH = 40
# Two quizzes on one topic share at most half their questions (issue 10).
MAX_OVERLAP_SHARE = 0.5


@dataclass
class TopicReport:
    topic: str
    pool: int = 0
    kinds: Counter[str] = field(default_factory=Counter)
    scenario_items: int = 0
    true_false: int = 0
    keyed_false: int = 0
    left_out: Counter[str] = field(default_factory=Counter)
    near_duplicates: list[tuple[str, str]] = field(default_factory=list)
    quiz_lengths: tuple[int, int] = (0, 0)
    overlap: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def scenario_share(self) -> float:
        return self.scenario_items / self.pool if self.pool else 0.0

    @property
    def false_share(self) -> float:
        return self.keyed_false / self.true_false if self.true_false else 0.0

    @property
    def overlap_share(self) -> float:
        shortest = min(self.quiz_lengths)
        return self.overlap / shortest if shortest else 0.0


def topic_report(pack: ContentPack, topic: str) -> TopicReport:
    report = TopicReport(topic=topic)
    for kind in ALL_KINDS:
        for question in GENERATORS[kind](pack, topic, OVERLAP_SEEDS[0]):
            for problem in item_problems(question):
                if kind == QuestionKind.AUTHORED:
                    # Authored items are fixed in content, not left out quietly.
                    report.errors.append(f"{question.uid}: {problem}")
                else:
                    report.left_out[problem.split(" (")[0]] += 1
    pool = questions_for_topic(pack, topic, seed=OVERLAP_SEEDS[0])
    report.pool = len(pool)
    report.kinds = Counter(str(q.kind) for q in pool)
    report.scenario_items = sum(q.is_scenario for q in pool)
    tf = [q for q in pool if is_true_false(q)]
    report.true_false = len(tf)
    report.keyed_false = sum(q.choices[1].correct for q in tf)
    report.near_duplicates = near_duplicates(pool)
    report.errors.extend(f"near-duplicates: {a} and {b}" for a, b in report.near_duplicates)
    first, second = (
        generate_questions(pack, topics=[topic], count=OVERLAP_LENGTH, seed=seed)
        for seed in OVERLAP_SEEDS
    )
    report.quiz_lengths = (len(first), len(second))
    report.overlap = len({q.uid for q in first} & {q.uid for q in second})
    if report.overlap_share > MAX_OVERLAP_SHARE:
        report.errors.append(
            f"two seeds of a {OVERLAP_LENGTH}-question quiz share {report.overlap} questions: "
            "the pool is too small (at most half may repeat)"
        )
    return report


def pack_report(pack: ContentPack) -> list[TopicReport]:
    return [topic_report(pack, topic.slug) for topic in pack.topics]
