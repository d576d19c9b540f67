"""The exam as a learner meets it: how many to choose, where focus goes, the clock, mistakes
that clear, an exam already in progress, and the result's filters and retry."""

import re
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from quizzes import selectors, services
from quizzes.generation.types import AnswerMode
from quizzes.models import Attempt
from tests.factories import UserFactory
from tests.quizzes.attempt_pack import import_pack
from tests.quizzes.choose_pack import CHOOSE_TWO, NUMERIC, SINGLE, attempt_with
from tests.quizzes.test_attempts import answer_data, answer_url, start_practice

pytestmark = pytest.mark.django_db
SWAP = {"HX-Request": "true"}
START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


@pytest.fixture
def pack():
    return import_pack()


def question_url(attempt: Attempt, position: int) -> str:
    return reverse("quizzes:question", args=[attempt.pk, position])


# "Choose two"


@pytest.mark.parametrize("mode", [Attempt.Mode.PRACTICE, Attempt.Mode.EXAM])
def test_a_choose_two_item_says_how_many_to_choose(client_logged_in, user, mode):
    attempt = attempt_with(user=user, questions=[CHOOSE_TWO], mode=mode, minutes=20)
    html = client_logged_in.get(question_url(attempt, 1)).content.decode()
    assert re.search(r"<legend>Choose two\.", html)
    assert html.count('type="checkbox" name="choice"') == 5


@pytest.mark.parametrize("mode", [Attempt.Mode.PRACTICE, Attempt.Mode.EXAM])
@pytest.mark.parametrize("headers", [{}, SWAP], ids=["plain", "htmx"])
@pytest.mark.parametrize(
    ("picked", "message"),
    [
        (["0"], "Choose exactly two answers; you chose one."),
        (["0", "1", "2"], "Choose exactly two answers; you chose three."),
        ([], "Choose an answer."),
    ],
)
def test_a_choose_two_answer_of_another_count_is_refused_and_saves_nothing(
    client_logged_in, user, mode, headers, picked, message
):
    attempt = attempt_with(user=user, questions=[CHOOSE_TWO, SINGLE], mode=mode, minutes=20)
    response = client_logged_in.post(answer_url(attempt, 1), {"choice": picked}, headers=headers)
    assert response.status_code == 400
    assert message in response.content.decode()
    item = attempt.questions.get(position=1)
    assert not item.is_answered
    assert item.selected is None


@pytest.mark.parametrize("mode", [Attempt.Mode.PRACTICE, Attempt.Mode.EXAM])
def test_a_choose_two_answer_of_two_is_marked(client_logged_in, user, mode):
    attempt = attempt_with(user=user, questions=[CHOOSE_TWO, SINGLE], mode=mode, minutes=20)
    response = client_logged_in.post(answer_url(attempt, 1), {"choice": ["1", "0"]})
    assert response.status_code == 302
    item = attempt.questions.get(position=1)
    assert item.selected == [0, 1]
    assert item.is_correct is True


def test_a_choose_two_answer_with_one_right_and_one_wrong_is_wrong(client_logged_in, user):
    attempt = attempt_with(user=user, questions=[CHOOSE_TWO, SINGLE])
    client_logged_in.post(answer_url(attempt, 1), {"choice": ["0", "3"]})
    assert attempt.questions.get(position=1).is_correct is False


# Focus follows the learner


def test_saving_an_exam_answer_with_htmx_moves_on_to_the_next_question_and_its_prompt(
    client_logged_in, user
):
    attempt = attempt_with(
        user=user, questions=[SINGLE, CHOOSE_TWO], mode=Attempt.Mode.EXAM, minutes=20
    )
    response = client_logged_in.post(answer_url(attempt, 1), {"choice": ["0"]}, headers=SWAP)
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert response["HX-Push-Url"] == question_url(attempt, 2)
    assert re.search(r'<h2 id="prompt" tabindex="-1" autofocus>An order service', html)
    assert "Answer to question 1 saved; this is question 2." in html
    assert attempt.questions.get(position=1).is_answered


def test_saving_the_last_exam_answer_with_htmx_offers_review_and_submit(client_logged_in, user):
    attempt = attempt_with(user=user, questions=[SINGLE], mode=Attempt.Mode.EXAM, minutes=20)
    response = client_logged_in.post(answer_url(attempt, 1), {"choice": ["0"]}, headers=SWAP)
    html = response.content.decode()
    assert "HX-Push-Url" not in response
    assert re.search(r'href="[^"]+/submit/" autofocus>Review and submit', html)
    assert "Answer saved." in html


def test_flagging_with_htmx_keeps_focus_on_the_flag_button(client_logged_in, user):
    attempt = attempt_with(user=user, questions=[SINGLE], mode=Attempt.Mode.EXAM, minutes=20)
    flag_url = reverse("quizzes:flag", args=[attempt.pk, 1])
    html = client_logged_in.post(flag_url, {"flagged": "1"}, headers=SWAP).content.decode()
    assert re.search(r"<button [^>]*autofocus>Remove flag</button>", html)
    assert "autofocus>Which service" not in html


def test_a_refused_numeric_answer_focuses_the_answer_box_again(client_logged_in, user):
    attempt = attempt_with(user=user, questions=[NUMERIC], mode=Attempt.Mode.EXAM, minutes=20)
    response = client_logged_in.post(answer_url(attempt, 1), {"number": "lots"}, headers=SWAP)
    html = response.content.decode()
    assert response.status_code == 400
    assert "<html" not in html
    assert re.search(r'name="number"[^>]*aria-invalid="true"[^>]*autofocus', html)
    assert 'hx-post="' + answer_url(attempt, 1) in html


def test_question_page_lists_the_shortcuts_and_loads_the_script_without_inline_code(
    client_logged_in, user
):
    attempt = attempt_with(user=user, questions=[SINGLE], mode=Attempt.Mode.EXAM, minutes=20)
    html = client_logged_in.get(question_url(attempt, 1)).content.decode()
    assert '<details class="shortcuts" id="shortcuts">' in html
    for key in ("<kbd>N</kbd>", "<kbd>P</kbd>", "<kbd>F</kbd>", "<kbd>?</kbd>"):
        assert key in html
    assert re.search(r'<script src="[^"]*exam[^"]*\.js" nonce="[^"]+" defer></script>', html)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


# The clock


def test_the_countdown_starts_from_the_servers_time_and_the_end_time_is_utc_iso(
    client_logged_in, user
):
    with time_machine.travel(START, tick=False):
        attempt = attempt_with(user=user, questions=[SINGLE], mode=Attempt.Mode.EXAM, minutes=20)
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        html = client_logged_in.get(question_url(attempt, 1)).content.decode()
    assert 'data-ms-left="900000"' in html
    assert '<time class="local-time" datetime="2026-11-26T09:20:00+00:00">09:20 UTC</time>' in html
    assert 'aria-live="assertive"' in html


def test_the_submit_page_keeps_the_countdown(client_logged_in, user):
    with time_machine.travel(START, tick=False):
        attempt = attempt_with(user=user, questions=[SINGLE], mode=Attempt.Mode.EXAM, minutes=20)
        html = client_logged_in.get(reverse("quizzes:submit", args=[attempt.pk])).content.decode()
    assert 'data-ms-left="1200000"' in html
    assert f'data-expire-url="{reverse("quizzes:attempt", args=[attempt.pk])}"' in html


@pytest.mark.parametrize("headers", [{}, SWAP], ids=["plain", "htmx"])
def test_saving_after_the_deadline_says_so_and_links_to_the_result_not_to_a_form(
    client_logged_in, user, headers
):
    with time_machine.travel(START, tick=False):
        attempt = attempt_with(user=user, questions=[SINGLE], mode=Attempt.Mode.EXAM, minutes=2)
    with time_machine.travel(START + timedelta(minutes=3), tick=False):
        response = client_logged_in.post(answer_url(attempt, 1), {"choice": ["0"]}, headers=headers)
    html = response.content.decode()
    assert response.status_code == 409
    assert "Time is up: this exam was submitted at its deadline" in html
    assert f'href="{reverse("quizzes:result", args=[attempt.pk])}">See your result</a>' in html
    assert 'name="choice"' not in html
    assert "Save answer" not in html
    assert 'class="countdown"' not in html
    assert not attempt.questions.get(position=1).is_answered


def test_an_expired_exam_sends_the_timed_out_page_to_its_result(client_logged_in, user):
    """What the countdown asks for at zero: the server decides, and it submits."""
    with time_machine.travel(START, tick=False):
        attempt = attempt_with(user=user, questions=[SINGLE], mode=Attempt.Mode.EXAM, minutes=2)
    attempt_url = reverse("quizzes:attempt", args=[attempt.pk])
    with time_machine.travel(START + timedelta(minutes=1, seconds=59), tick=False):
        early = client_logged_in.get(attempt_url)
    assert early.url == question_url(attempt, 1)
    with time_machine.travel(START + timedelta(minutes=2), tick=False):
        late = client_logged_in.get(attempt_url)
    assert late.url == reverse("quizzes:result", args=[attempt.pk])
    attempt.refresh_from_db()
    assert attempt.submitted_at == attempt.deadline


# Mistakes that clear


def test_a_mistake_answered_right_later_no_longer_counts(client_logged_in, user, pack):
    attempt = start_practice(client_logged_in)
    item = next(q for q in attempt.questions.all() if q.question.answer_mode != "numeric")
    client_logged_in.post(answer_url(attempt, item.position), answer_data(item, right=False))
    assert selectors.mistake_count(user=user) == 1
    assert (
        "You have got 1 question wrong"
        in client_logged_in.get(reverse("quizzes:index")).content.decode()
    )

    client_logged_in.post(reverse("quizzes:mistakes"), {"length": 5})
    retry = Attempt.objects.filter(mode="mistakes").get()
    again = retry.questions.get(question_uid=item.question_uid)
    client_logged_in.post(answer_url(retry, again.position), answer_data(again, right=True))

    assert selectors.mistake_count(user=user) == 0
    page = client_logged_in.get(reverse("quizzes:index")).content.decode()
    assert "Nothing here yet" in page
    assert "Practise up to 10 of my mistakes" not in page
    with pytest.raises(services.QuizError, match="no mistakes"):
        services.attempt_start_mistakes(user=user, length=5)


def test_a_mistake_made_again_after_a_right_answer_counts_again(user):
    first = attempt_with(user=user, questions=[SINGLE], now=START)
    services.answer_record(attempt=first, position=1, selected=[1], now=START)
    second = attempt_with(user=user, questions=[SINGLE], now=START + timedelta(hours=1))
    services.answer_record(attempt=second, position=1, selected=[0], now=START + timedelta(hours=1))
    assert selectors.mistake_count(user=user) == 0
    third = attempt_with(user=user, questions=[SINGLE], now=START + timedelta(hours=2))
    services.answer_record(attempt=third, position=1, selected=[2], now=START + timedelta(hours=2))
    assert selectors.mistake_count(user=user) == 1


def test_another_learners_right_answer_clears_none_of_my_mistakes(user):
    mine = attempt_with(user=user, questions=[SINGLE], now=START)
    services.answer_record(attempt=mine, position=1, selected=[1], now=START)
    other = UserFactory()
    theirs = attempt_with(user=other, questions=[SINGLE], now=START + timedelta(hours=1))
    services.answer_record(attempt=theirs, position=1, selected=[0], now=START + timedelta(hours=1))
    assert selectors.mistake_count(user=user) == 1


# An exam already in progress


def test_the_exam_page_says_an_exam_is_in_progress_with_a_link_to_resume(
    client_logged_in, user, pack
):
    exam = services.attempt_start_exam(user=user, pack=pack, length=10, seed=3)
    resume = f'href="{reverse("quizzes:attempt", args=[exam.pk])}">Resume the exam'
    for url in (reverse("quizzes:exam"), reverse("quizzes:index")):
        html = client_logged_in.get(url).content.decode()
        assert "You have an exam in progress" in html
        assert resume in html
    assert (
        "Start another exam anyway"
        in client_logged_in.get(reverse("quizzes:exam")).content.decode()
    )


def test_starting_a_second_exam_unasked_is_refused_and_starts_nothing(client_logged_in, user, pack):
    services.attempt_start_exam(user=user, pack=pack, length=10, seed=3)
    response = client_logged_in.post(reverse("quizzes:exam"), {"length": 10})
    assert response.status_code == 409
    assert "You already have an exam in progress." in response.content.decode()
    assert Attempt.objects.filter(user=user, mode="exam").count() == 1


def test_a_second_exam_starts_when_the_learner_asks_for_another(client_logged_in, user, pack):
    services.attempt_start_exam(user=user, pack=pack, length=10, seed=3)
    response = client_logged_in.post(reverse("quizzes:exam"), {"length": 10, "another": "1"})
    assert response.status_code == 302
    assert Attempt.objects.filter(user=user, mode="exam").count() == 2


def test_the_exam_in_progress_is_the_latest_one_still_open(user, pack):
    with time_machine.travel(START, tick=False):
        long = services.attempt_start_exam(user=user, pack=pack, length=20, seed=3)
    # The small pack makes every exam short: give this one a long deadline.
    Attempt.objects.filter(pk=long.pk).update(deadline=START + timedelta(hours=2))
    long.refresh_from_db()
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        short = services.attempt_start_exam(user=user, pack=pack, length=10, seed=4)
    with time_machine.travel(START + timedelta(minutes=6), tick=False):
        services.attempt_start_practice(user=user, pack=pack, topics=["messaging"], length=5)
    # Both open: the later one. The short one past its deadline: the long one, started first.
    assert selectors.exam_in_progress(user=user, now=START + timedelta(minutes=10)) == short
    assert short.deadline is not None
    assert long.deadline is not None
    assert short.deadline < START + timedelta(minutes=30) < long.deadline
    assert selectors.exam_in_progress(user=user, now=START + timedelta(minutes=30)) == long
    assert selectors.exam_in_progress(user=user, now=long.deadline) is None
    in_progress = selectors.exam_in_progress(user=user, now=START + timedelta(minutes=30))
    assert in_progress is not None
    assert (in_progress.pk, in_progress.deadline, in_progress.question_count) == (
        long.pk,
        long.deadline,
        long.question_count,
    )


def test_submitted_expired_and_other_learners_exams_are_not_in_progress(
    client_logged_in, user, pack
):
    submitted = services.attempt_start_exam(user=user, pack=pack, length=10, seed=3)
    services.attempt_submit(attempt=submitted)
    with time_machine.travel(START, tick=False):
        services.attempt_start_exam(user=user, pack=pack, length=10, seed=4)
    services.attempt_start_exam(user=UserFactory(), pack=pack, length=10, seed=5)
    assert selectors.exam_in_progress(user=user) is None
    html = client_logged_in.get(reverse("quizzes:exam")).content.decode()
    assert "exam in progress" not in html
    assert "Start the exam" in html
    response = client_logged_in.post(reverse("quizzes:exam"), {"length": 10})
    assert response.status_code == 302


# Results: filters, per-topic scores, retry what was missed


@pytest.fixture
def marked_exam(user):
    """Four questions: right, wrong and flagged, unanswered, right and flagged."""
    attempt = attempt_with(
        user=user, questions=[SINGLE, CHOOSE_TWO, SINGLE, CHOOSE_TWO], mode="exam", minutes=20
    )
    services.answer_record(attempt=attempt, position=1, selected=[0])
    services.answer_record(attempt=attempt, position=2, selected=[2, 3])
    services.answer_record(attempt=attempt, position=4, selected=[0, 1])
    services.question_flag(attempt=attempt, position=2, flagged=True)
    services.question_flag(attempt=attempt, position=4, flagged=True)
    return services.attempt_submit(attempt=attempt)


def listed_positions(html: str) -> list[int]:
    return [int(p) for p in re.findall(r'<li class="review-item [^"]*" value="(\d+)">', html)]


@pytest.mark.parametrize(
    ("show", "positions", "heading"),
    [
        ("all", [1, 2, 3, 4], "Every question"),
        ("wrong", [2, 3], "Only wrong"),
        ("flagged", [2, 4], "Only flagged"),
    ],
)
def test_result_filters_list_only_the_chosen_questions(
    client_logged_in, marked_exam, show, positions, heading
):
    url = reverse("quizzes:result", args=[marked_exam.pk])
    html = client_logged_in.get(url, {"show": show}).content.decode()
    assert listed_positions(html) == positions
    assert f'<h2 id="review-heading">{heading}</h2>' in html
    assert f'href="?show={show}#review" aria-current="true"' in html


def test_result_without_a_filter_lists_every_question(client_logged_in, marked_exam):
    html = client_logged_in.get(reverse("quizzes:result", args=[marked_exam.pk])).content.decode()
    assert listed_positions(html) == [1, 2, 3, 4]
    for key in ("wrong", "flagged"):
        assert f'href="?show={key}#review"' in html


@pytest.mark.parametrize("show", ["bogus", "", "WRONG"])
def test_an_unknown_result_filter_is_a_400_with_a_message(client_logged_in, marked_exam, show):
    url = reverse("quizzes:result", args=[marked_exam.pk])
    response = client_logged_in.get(url, {"show": show})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Show every question, only the wrong ones or only the flagged ones." in html
    assert listed_positions(html) == [1, 2, 3, 4]


def test_result_shows_the_score_of_each_topic(client_logged_in, user, pack):
    attempt = services.attempt_start_practice(
        user=user, pack=pack, topics=["kinesis", "messaging"], length=10, seed=3
    )
    for item in attempt.questions.all():
        data = answer_data(item, right=item.topic == "kinesis")
        client_logged_in.post(answer_url(attempt, item.position), data)
    html = client_logged_in.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    counts = {
        topic: attempt.questions.filter(topic=topic).count() for topic in ("kinesis", "messaging")
    }
    assert re.search(
        rf'<th scope="row">Kinesis</th><td>{counts["kinesis"]} of {counts["kinesis"]}</td><td>100%',
        html,
    )
    assert re.search(
        rf'<th scope="row">Messaging</th><td>0 of {counts["messaging"]}</td><td>0%', html
    )


def test_retry_starts_a_practice_quiz_of_exactly_the_missed_questions(
    client_logged_in, user, marked_exam
):
    html = client_logged_in.get(reverse("quizzes:result", args=[marked_exam.pk])).content.decode()
    assert "Retry the 2 questions I missed" in html
    response = client_logged_in.post(reverse("quizzes:retry", args=[marked_exam.pk]))
    retry = Attempt.objects.exclude(pk=marked_exam.pk).get(user=user)
    assert response.url == reverse("quizzes:attempt", args=[retry.pk])
    assert retry.mode == "practice"
    assert retry.deadline is None
    missed = [marked_exam.questions.get(position=p) for p in (2, 3)]
    got = list(retry.questions.order_by("position"))
    assert [q.snapshot for q in got] == [q.snapshot for q in missed]
    assert [q.question_uid for q in got] == [q.question_uid for q in missed]
    assert not any(q.is_answered or q.flagged for q in got)


def test_retry_with_nothing_missed_is_refused_with_a_message(client_logged_in, user):
    attempt = attempt_with(user=user, questions=[SINGLE])
    services.answer_record(attempt=attempt, position=1, selected=[0])
    html = client_logged_in.get(reverse("quizzes:result", args=[attempt.pk])).content.decode()
    assert "I missed" not in html
    response = client_logged_in.post(reverse("quizzes:retry", args=[attempt.pk]))
    assert response.status_code == 409
    assert "You missed nothing in this attempt" in response.content.decode()
    assert Attempt.objects.filter(user=user).count() == 1


def test_retry_of_an_unfinished_attempt_sends_the_learner_back_to_it(client_logged_in, user):
    attempt = attempt_with(user=user, questions=[SINGLE, CHOOSE_TWO])
    response = client_logged_in.post(reverse("quizzes:retry", args=[attempt.pk]), follow=True)
    assert "Finish or submit the attempt before retrying" in response.content.decode()
    assert Attempt.objects.filter(user=user).count() == 1


def test_retry_of_another_learners_attempt_is_404_and_get_is_405(client_logged_in, user):
    theirs = attempt_with(user=UserFactory(), questions=[SINGLE])
    services.attempt_submit(attempt=theirs)
    assert client_logged_in.post(reverse("quizzes:retry", args=[theirs.pk])).status_code == 404
    mine = attempt_with(user=user, questions=[SINGLE])
    services.attempt_submit(attempt=mine)
    assert client_logged_in.get(reverse("quizzes:retry", args=[mine.pk])).status_code == 405
    assert Attempt.objects.count() == 2


def test_result_page_queries_do_not_grow_with_the_questions(
    client_logged_in, user, django_assert_max_num_queries
):
    attempt = attempt_with(user=user, questions=[SINGLE, CHOOSE_TWO] * 10, mode="exam", minutes=60)
    services.attempt_submit(attempt=attempt)
    with django_assert_max_num_queries(10):
        response = client_logged_in.get(
            reverse("quizzes:result", args=[attempt.pk]), {"show": "wrong"}
        )
    assert response.status_code == 200


def test_validate_response_names_the_count_for_a_choose_two_item():
    with pytest.raises(services.QuizError, match=r"Choose exactly two answers; you chose four\."):
        services.validate_response(CHOOSE_TWO, selected=[0, 1, 2, 3], number=None)
    services.validate_response(CHOOSE_TWO, selected=[2, 4], number=None)
    assert CHOOSE_TWO.answer_mode == AnswerMode.MULTIPLE


def test_a_swapped_question_brings_its_heading_and_title_but_a_page_has_them_once(
    client_logged_in, user
):
    attempt = attempt_with(
        user=user, questions=[SINGLE, CHOOSE_TWO], mode=Attempt.Mode.EXAM, minutes=20
    )
    fragment = client_logged_in.post(
        answer_url(attempt, 1), {"choice": ["0"]}, headers=SWAP
    ).content.decode()
    assert '<h1 id="attempt-heading" hx-swap-oob="true">' in fragment
    assert "· question 2 of 2</span></h1>" in fragment
    assert "<title>Question 2 of 2 · " in fragment
    page = client_logged_in.get(question_url(attempt, 2)).content.decode()
    assert page.count("<h1") == 1
    assert "hx-swap-oob" not in page
    assert page.count("<title>") == 1
