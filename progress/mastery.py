"""How mastery of a topic is scored: one formula for a learner's dashboard and a class's."""

from dataclasses import dataclass


@dataclass(frozen=True)
class TopicMastery:
    memory: int  # mean retrievability over the topic's facts (unmet facts count 0), percent
    accuracy: int | None  # right answers over the recent window, percent; None: no answers
    mastery: int  # memory and accuracy together, percent


def topic_mastery(*, recall_sum: float, facts_total: int, accuracy: float | None) -> TopicMastery:
    memory = recall_sum / facts_total if facts_total else 0.0
    if accuracy is None:
        return TopicMastery(round(100 * memory), None, round(100 * memory))
    return TopicMastery(
        round(100 * memory), round(100 * accuracy), round(100 * (memory + accuracy) / 2)
    )
