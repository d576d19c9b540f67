"""Question pools cached per content version.

Every kind but the calculated one yields the same questions for every seed, so building
them once per content version (rather than for every topic of every exam) is safe. Only a
pack read from the database carries a version; a pack built by hand or from files is
generated afresh, as before.
"""

from quizzes.generation import SEEDED_KINDS, KindSource, kind_questions
from quizzes.generation.types import Question, QuestionKind
from studyguide.caching import content_cached_at_version
from studyguide.records import ContentPack


def pool_source(pack: ContentPack) -> KindSource | None:
    if not pack.version:
        return None
    version = pack.version

    def source(topic: str, kind: QuestionKind, seed: int) -> list[Question]:
        if kind in SEEDED_KINDS:
            return kind_questions(pack, topic, kind, seed=seed)
        return content_cached_at_version(
            "question-pool",
            lambda _: kind_questions(pack, topic, kind),
            topic,
            str(kind),
            version=version,
        )

    return source
