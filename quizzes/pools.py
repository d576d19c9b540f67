"""Question pools cached per content version.

Every kind but the calculated one yields the same questions for every seed, so building
them once per content version (rather than for every topic of every exam) is safe. Only a
pack read from the database carries a version; a pack built by hand or from files is
generated afresh, as before.
"""

from quizzes.generation import SEEDED_KINDS, KindSource, kind_questions
from quizzes.generation.types import Question, QuestionKind
from studyguide.caching import content_cached_at_version, content_version
from studyguide.records import ContentPack
from studyguide.selectors import content_pack_from_database

# This process's copies of the pools of one content version: an exam start reads some fifty
# pools, and unpickling each from the cache again was a tenth of its cost. Keyed by the
# version like the cache, so a copy from an older version is never read; a new version
# starts the dict afresh.
_local: dict[tuple[str, str, str], list[Question]] = {}
_local_version = ""


def _cached_pool(pack: ContentPack, version: str, topic: str, kind: QuestionKind) -> list[Question]:
    global _local_version
    if version != _local_version:
        _local.clear()
        _local_version = version
    key = (version, topic, str(kind))
    pool = _local.get(key)
    if pool is None:
        pool = content_cached_at_version(
            "question-pool",
            lambda _: kind_questions(pack, topic, kind),
            topic,
            str(kind),
            version=version,
        )
        _local[key] = pool
    return list(pool)  # the caller's own list: the kept one is never changed


def pool_source(pack: ContentPack) -> KindSource | None:
    if not pack.version:
        return None
    version = pack.version

    def source(topic: str, kind: QuestionKind, seed: int) -> list[Question]:
        if kind in SEEDED_KINDS:
            return kind_questions(pack, topic, kind, seed=seed)
        return _cached_pool(pack, version, topic, kind)

    return source


_pack: ContentPack | None = None


def quiz_pack() -> ContentPack:
    """The published course as quizzes read it: content_pack_from_database(), kept in this
    process while the content version stands (unpickling it from the cache on every start
    of a quiz cost as much as a page). The pack is frozen, so sharing it is safe."""
    global _pack
    pack = _pack
    if pack is None or pack.version != content_version():
        pack = _pack = content_pack_from_database()
    return pack
