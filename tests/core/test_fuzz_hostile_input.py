"""Hostile input on every page and form of the site never gets a 5xx.

The URL patterns come from the URLconf, so a page added later is fuzzed without being listed
here. For each one, hypothesis sends GETs with hostile query strings and POSTs with hostile
form bodies (field names taken from the page's own forms, plus stray ones), as an anonymous
visitor, a learner and an instructor: huge and non-finite numbers, NULs, unpaired and
invalid UTF-8, 100 KB strings, repeated keys where one is expected, missing fields, and
bodies in charsets Django refuses. Bounded: a few examples per endpoint, derandomized, so
the run is the same every time and takes seconds.
"""

import re
import urllib.parse
from typing import Any

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from quizzes import services as quiz_services
from tests.core.site_urls import SitePattern, site_patterns
from tests.factories import InstructorFactory, UserFactory
from tests.quizzes.attempt_pack import import_pack

pytestmark = pytest.mark.django_db

HOSTILE_TEXT = [
    "",
    " ",
    "0",
    "-1",
    "1e25",
    "1e308",
    "-1e999999999",
    "1e999999999",
    "9" * 40,
    "9" * 5000,
    "NaN",
    "Infinity",
    "-0",
    "0x1F",
    "1,000",
    "true",
    "null",
    "[]",
    "{}",
    "\x00",
    "a\x00b",
    "\u202e\u0000\ufeff",
    "💥" * 50,
    "<script>alert(1)</script>",
    "'; DROP TABLE accounts_user; --",
    "../../etc/passwd",
    "//evil.example/",
    "x" * 100_000,
    "2026-02-30",
    "9999-12-31",
    "0001-01-01",
    "2147483648",
    "18446744073709551616",
]
# Raw bytes, sent percent-encoded, as a client may: invalid UTF-8 and lone surrogates.
HOSTILE_BYTES = [b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"\x80" * 100]
STRAY_FIELDS = ["next", "page", "q", "topic", "id", "pk", "position", "csrfmiddlewaretoken", "x"]
CONTENT_TYPES = [
    "application/x-www-form-urlencoded",
    "application/x-www-form-urlencoded; charset=utf-16",
    "application/x-www-form-urlencoded; charset=no-such-charset",
    "multipart/form-data; boundary=broken",
    "application/json",
    "text/plain",
]
HUGE_INTS = ["0", "99999", "9223372036854775808", "9" * 30]
# Before the random draws, every field of the form gets each of these at once, so the
# values most likely to break a parser are always tried, whatever the draws.
SWEEP = [b"1e25", b"9" * 40, b"1e999999999", b"NaN", b"a\x00b", b"x" * 100_000]

values = st.one_of(
    st.sampled_from(HOSTILE_TEXT).map(str.encode),
    st.sampled_from(HOSTILE_TEXT).map(str.encode),
    st.sampled_from(HOSTILE_BYTES),
    st.text(max_size=30).map(lambda s: s.encode("utf-8", "surrogatepass")),
    st.integers(min_value=-(2**70), max_value=2**70).map(lambda n: str(n).encode()),
    st.floats(allow_nan=True, allow_infinity=True).map(lambda f: repr(f).encode()),
)


def encode_pairs(pairs: list[tuple[str, bytes]]) -> str:
    return "&".join(
        f"{urllib.parse.quote(key)}={urllib.parse.quote_from_bytes(value)}" for key, value in pairs
    )


@st.composite
def pairs_for(draw, field_names: list[str]) -> list[tuple[str, bytes]]:
    """A form body or query string as (name, value) pairs: each of the page's own fields
    hostile, missing or repeated, plus a few stray ones."""
    pairs: list[tuple[str, bytes]] = []
    for name in field_names:
        copies = draw(st.sampled_from([1, 1, 1, 0, 2]), label=f"copies of {name}")
        pairs += [(name, draw(values, label=name)) for _ in range(copies)]
    strays: list[tuple[str, bytes]] = draw(
        st.lists(st.tuples(st.sampled_from(STRAY_FIELDS), values), max_size=2)
    )
    return pairs + strays


# Which known part of the test data each path parameter points at; others get a placeholder.
def path_values(world: dict[str, Any]) -> dict[str, object]:
    return {
        "pk": world["exam"].pk,
        "position": world["position"],
        "topic": "kinesis",
        "slug": "kinesis",
        "lesson": "data-streams",
        "uidb64": "MQ",
        "token": "set-password",
    }


@pytest.fixture
def world(db):
    import_pack()
    learner = UserFactory(username="fuzzed-learner")
    instructor = InstructorFactory(username="fuzzed-instructor")
    from studyguide.selectors import content_pack_from_database

    pack = content_pack_from_database()
    exam = quiz_services.attempt_start_exam(user=learner, pack=pack, length=10, seed=3)
    # A numeric question, where numbers (the most hostile values) are parsed, if there is one.
    numeric = [q.position for q in exam.questions.all() if q.question.answer_mode == "numeric"]
    clients = {"anonymous": Client(), "learner": Client(), "instructor": Client()}
    clients["learner"].force_login(learner)
    clients["instructor"].force_login(instructor)
    return {"clients": clients, "exam": exam, "position": min(numeric, default=1)}


def form_field_names(client: Client, path: str) -> list[str]:
    """The field names of the forms on the page and on its parent page (where the form that
    posts to an action URL such as .../answer/ lives)."""
    names: set[str] = set()
    for page in {path, path.rstrip("/").rsplit("/", 1)[0] + "/"}:
        response = client.get(page, follow=True)
        page_html = response.content.decode(errors="replace")
        names |= set(re.findall(r'<(?:input|select|textarea)\b[^>]*\bname="([\w-]+)"', page_html))
    return sorted(names - {"csrfmiddlewaretoken"}) or ["value"]


ROLES = ("anonymous", "learner", "instructor")


def fuzz_cases() -> list[Any]:
    cases = []
    for pattern in site_patterns():
        for role in ROLES:
            cases.append(pytest.param(pattern, role, id=f"{pattern.name}-{role}"))
    return cases


@pytest.mark.parametrize(("pattern", "role"), fuzz_cases())
def test_hostile_input_never_gets_a_server_error(world, pattern: SitePattern, role: str):
    client = world["clients"][role]
    fields = form_field_names(client, pattern.path(path_values(world)))
    int_params = [name for conv, name in pattern.parameters if conv == "int"]

    path = pattern.path(path_values(world))
    for value in SWEEP:
        query = encode_pairs([(name, value) for name in fields])
        for method in ("GET", "POST"):
            body = query.encode() if method == "POST" else b""
            response = client.generic(
                method,
                f"{path}?{query}",
                body,
                content_type="application/x-www-form-urlencoded",
            )
            assert response.status_code < 500, (role, method, path, value[:20])

    @settings(
        max_examples=4,
        derandomize=True,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(data=st.data())
    def check(data):
        overrides = {
            name: data.draw(st.sampled_from(HUGE_INTS), label=name)
            for name in int_params
            if data.draw(st.booleans(), label=f"bad {name}")
        }
        path = pattern.path({**path_values(world), **overrides})
        query = encode_pairs(data.draw(pairs_for(fields), label="query"))
        url = f"{path}?{query}" if query else path
        headers = {"HX-Request": "true"} if data.draw(st.booleans(), label="htmx") else {}
        if data.draw(st.sampled_from([True, True, False]), label="post"):
            body = encode_pairs(data.draw(pairs_for(fields), label="body")).encode()
            content_type = data.draw(
                st.one_of(st.just(CONTENT_TYPES[0]), st.sampled_from(CONTENT_TYPES)),
                label="content type",
            )
            response = client.generic("POST", url, body, content_type=content_type, headers=headers)
        else:
            response = client.get(url, headers=headers)
        assert response.status_code < 500, (role, url, response.status_code)

    check()
