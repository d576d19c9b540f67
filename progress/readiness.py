"""The readiness estimate: the chance of passing the exam, from plain values (no ORM).

Method (stated on the page beside the figure):
1. Memory of a topic: the mean of its facts' predicted recall on the exam date (FSRS
   retrievability); a fact never reviewed counts as 0.
2. Each topic's chance of a right answer blends memory with recent practice-exam accuracy,
   memory counting as PRIOR_ANSWERS answers: p = (PRIOR_ANSWERS * memory + right) /
   (PRIOR_ANSWERS + answered).
3. The exam gives each topic its blueprint share of the questions (the same allocation the
   practice exam uses); the number right is the sum of one binomial per topic, computed
   exactly (no normal approximation), and the pass chance is the probability that it
   reaches the fewest right answers that score the pass mark.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from math import comb

PRIOR_ANSWERS = 10


@dataclass(frozen=True)
class TopicEvidence:
    slug: str
    title: str
    weight: int  # exam_weight from the blueprint
    recalls: tuple[float, ...]  # one per live fact, predicted for the exam date
    exam_right: int = 0  # recent practice-exam answers in this topic
    exam_answered: int = 0

    @property
    def memory(self) -> float:
        return sum(self.recalls) / len(self.recalls) if self.recalls else 0.0


def topic_chance(*, memory: float, right: int, answered: int) -> float:
    """Chance of a right answer on one question of the topic (step 2)."""
    if not 0 <= right <= answered:
        raise ValueError("right answers must be between 0 and the answers given")
    return (PRIOR_ANSWERS * memory + right) / (PRIOR_ANSWERS + answered)


def right_needed(*, questions: int, pass_mark: int, scale: int = 1000) -> int:
    """The fewest right answers whose score (rounded as the exam rounds it) reaches the mark."""
    if questions < 1:
        raise ValueError("an exam has at least one question")
    return next(k for k in range(questions + 1) if round(scale * k / questions) >= pass_mark)


def right_distribution(groups: Sequence[tuple[int, float]]) -> list[float]:
    """P(exactly k right) for k = 0..n, with `groups` of (questions, chance of each right):
    the convolution of one binomial per group."""
    dist = [1.0]
    for count, chance in groups:
        if count < 0 or not 0.0 <= chance <= 1.0:
            raise ValueError("a group has a non-negative count and a chance between 0 and 1")
        binomial = [
            comb(count, k) * chance**k * (1 - chance) ** (count - k) for k in range(count + 1)
        ]
        merged = [0.0] * (len(dist) + count)
        for i, p in enumerate(dist):
            for j, q in enumerate(binomial):
                merged[i + j] += p * q
        dist = merged
    return dist


def pass_probability(groups: Sequence[tuple[int, float]], *, needed: int) -> float:
    dist = right_distribution(groups)
    return min(1.0, max(0.0, sum(dist[needed:])))


@dataclass(frozen=True)
class TopicReadiness:
    slug: str
    title: str
    questions: int  # of the exam's questions
    memory: float
    accuracy: float | None
    chance: float
    gain: float  # pass probability gained if every fact of the topic were remembered
    questions_gained: float  # expected right answers gained the same way

    @property
    def gain_points(self) -> float:
        """The gain in percentage points, to one decimal."""
        return round(100 * self.gain, 1)


@dataclass(frozen=True)
class FactGain:
    key: str
    topic: str  # slug
    recall: float
    questions_gained: float  # expected extra right answers if this fact were remembered


@dataclass(frozen=True)
class Readiness:
    probability: float
    expected_right: float
    questions: int
    needed: int
    topics: tuple[TopicReadiness, ...]

    @property
    def percent(self) -> int:
        return round(100 * self.probability)

    def raise_most(self, limit: int = 3) -> list[TopicReadiness]:
        """Topics by pass chance gained; far from passing, where no single topic moves the
        chance, by expected right answers gained."""
        ranked = sorted(self.topics, key=lambda t: (-t.gain, -t.questions_gained, t.title))
        return [t for t in ranked if t.questions_gained > 0][:limit]


def estimate(
    topics: Sequence[TopicEvidence],
    *,
    questions: int,
    pass_mark: int,
    allocate: Callable[..., Mapping[str, int]],
) -> Readiness:
    """The pass chance for an exam of `questions` questions; `allocate(length=, weights=)`
    shares them among the topics by blueprint weight."""
    shares = allocate(length=questions, weights={t.slug: t.weight for t in topics})
    needed = right_needed(questions=questions, pass_mark=pass_mark)
    chances = {
        t.slug: topic_chance(memory=t.memory, right=t.exam_right, answered=t.exam_answered)
        for t in topics
    }
    groups = [(shares[t.slug], chances[t.slug]) for t in topics]
    probability = pass_probability(groups, needed=needed)
    rows = []
    for t in topics:
        perfect = topic_chance(memory=1.0, right=t.exam_right, answered=t.exam_answered)
        better = [
            (shares[o.slug], perfect if o.slug == t.slug else chances[o.slug]) for o in topics
        ]
        rows.append(
            TopicReadiness(
                slug=t.slug,
                title=t.title,
                questions=shares[t.slug],
                memory=t.memory,
                accuracy=t.exam_right / t.exam_answered if t.exam_answered else None,
                chance=chances[t.slug],
                gain=pass_probability(better, needed=needed) - probability,
                questions_gained=shares[t.slug] * (perfect - chances[t.slug]),
            )
        )
    return Readiness(
        probability=probability,
        expected_right=sum(count * chance for count, chance in groups),
        questions=questions,
        needed=needed,
        topics=tuple(rows),
    )


def fact_gains(
    topics: Sequence[TopicEvidence],
    keys: Mapping[str, Sequence[str]],
    readiness: Readiness,
    *,
    limit: int = 5,
) -> list[FactGain]:
    """The facts whose recall would add most expected right answers: a fact moves its
    topic's memory by (1 - recall) / facts, and so the topic's chance by
    PRIOR_ANSWERS / (PRIOR_ANSWERS + answered) of that, over the topic's questions.
    `keys` gives each topic's fact keys in the order of its `recalls`."""
    questions = {t.slug: t.questions for t in readiness.topics}
    gains = []
    for t in topics:
        if not t.recalls:
            continue
        weight = PRIOR_ANSWERS / (PRIOR_ANSWERS + t.exam_answered)
        for key, recall in zip(keys[t.slug], t.recalls, strict=True):
            gained = questions[t.slug] * weight * (1 - recall) / len(t.recalls)
            if gained > 0:
                gains.append(
                    FactGain(key=key, topic=t.slug, recall=recall, questions_gained=gained)
                )
    gains.sort(key=lambda g: (-g.questions_gained, g.key))
    return gains[:limit]


def brier_score(pairs: Sequence[tuple[float, bool]]) -> float:
    """Mean squared gap between each forecast chance and what happened (1 pass, 0 not)."""
    if not pairs:
        raise ValueError("a Brier score needs at least one forecast")
    return sum((p - (1.0 if passed else 0.0)) ** 2 for p, passed in pairs) / len(pairs)
