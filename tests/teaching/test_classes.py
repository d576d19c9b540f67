import pytest
from django.urls import reverse

from teaching import joincodes, selectors, services
from teaching.models import Classroom, Membership
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_join_codes_are_8_crockford_characters_without_look_alikes():
    codes = {joincodes.new_code() for _ in range(300)}
    assert len(codes) == 300
    for code in codes:
        assert len(code) == 8
        assert not set(code) & set("ILOU")
        assert set(code) <= set(joincodes.ALPHABET)


def test_typed_codes_are_normalised_like_crockford_reads_them():
    assert joincodes.normalise(" 7k3m-9qxo ") == "7K3M9QX0"
    assert joincodes.normalise("il") == "11"


def test_a_new_class_gets_a_code_a_unique_slug_and_its_creator_as_instructor(instructor):
    first = services.classroom_create(name="Cloud 101", instructor=instructor)
    second = services.classroom_create(name="Cloud 101", instructor=instructor)
    assert first.slug == "cloud-101"
    assert second.slug == "cloud-101-2"
    assert first.join_code != second.join_code
    assert list(first.instructors.all()) == [instructor]


def test_a_class_needs_a_name(instructor):
    with pytest.raises(services.TeachingError):
        services.classroom_create(name="   ", instructor=instructor)


def test_a_learner_joins_with_the_code_in_any_case_and_with_a_hyphen(classroom, user):
    code = classroom.join_code.lower()
    services.membership_join(user=user, code=f"{code[:4]}-{code[4:]}")
    assert Membership.objects.filter(classroom=classroom, user=user).exists()


def test_joining_twice_is_refused(classroom, learner):
    with pytest.raises(services.TeachingError, match="already a member"):
        services.membership_join(user=learner, code=classroom.join_code)


def test_a_closed_code_admits_nobody(classroom, user):
    services.classroom_code_close(classroom=classroom)
    with pytest.raises(services.TeachingError, match="not taking new learners"):
        services.membership_join(user=user, code=classroom.join_code)


def test_a_regenerated_code_replaces_the_old_one_and_reopens(classroom, user):
    old = classroom.join_code
    services.classroom_code_close(classroom=classroom)
    services.classroom_code_regenerate(classroom=classroom)
    assert classroom.join_code != old
    assert classroom.join_open
    with pytest.raises(services.TeachingError, match="No class has that code"):
        services.membership_join(user=user, code=old)
    services.membership_join(user=user, code=classroom.join_code)


def test_an_instructor_cannot_join_their_own_class(classroom, instructor):
    with pytest.raises(services.TeachingError, match="You teach"):
        services.membership_join(user=instructor, code=classroom.join_code)


def test_a_learner_leaves_a_class(classroom, learner):
    services.membership_leave(user=learner, classroom=classroom)
    assert not Membership.objects.filter(user=learner).exists()
    with pytest.raises(services.TeachingError):
        services.membership_leave(user=learner, classroom=classroom)


# The join page ------------------------------------------------------------------------


def test_join_page_joins_and_lists_the_class(client_logged_in, classroom, user):
    response = client_logged_in.post(reverse("join:join"), {"code": classroom.join_code})
    assert response.status_code == 302
    page = client_logged_in.get(reverse("join:join"))
    assert "Cloud 101" in page.text
    assert "Leave Cloud 101" in page.text


@pytest.mark.parametrize(
    ("code", "status", "message"),
    [
        ("", 400, "This field is required"),
        ("ABC", 400, "A join code is 8 letters and digits"),
        ("ZZZZZZZZ", 404, "No class has that code"),
    ],
)
def test_join_page_explains_a_bad_code(client_logged_in, classroom, code, status, message):
    response = client_logged_in.post(reverse("join:join"), {"code": code})
    assert response.status_code == status
    assert message in response.text
    assert not Membership.objects.exists()


def test_join_page_explains_a_closed_code_and_membership(client_logged_in, classroom, user):
    services.membership_join(user=user, code=classroom.join_code)
    response = client_logged_in.post(reverse("join:join"), {"code": classroom.join_code})
    assert response.status_code == 409
    assert "already a member of Cloud 101" in response.text
    services.classroom_code_close(classroom=classroom)
    other = UserFactory()
    client_logged_in.force_login(other)
    response = client_logged_in.post(reverse("join:join"), {"code": classroom.join_code})
    assert response.status_code == 409
    assert "not taking new learners" in response.text


def test_join_page_needs_sign_in(client):
    response = client.get(reverse("join:join"))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_leave_view_removes_membership_and_is_404_for_a_stranger(client_logged_in, classroom, user):
    services.membership_join(user=user, code=classroom.join_code)
    url = reverse("join:leave", args=[classroom.slug])
    assert client_logged_in.post(url).status_code == 302
    assert not Membership.objects.filter(user=user).exists()
    assert client_logged_in.post(url).status_code == 404


# Instructor pages -----------------------------------------------------------------------


def test_instructor_creates_a_class_through_the_page(instructor_client, instructor):
    response = instructor_client.post(reverse("teaching:classes"), {"name": "Night class"})
    classroom = Classroom.objects.get(name="Night class")
    assert response.status_code == 302
    assert response["Location"] == reverse("teaching:class_detail", args=[classroom.slug])
    page = instructor_client.get(response["Location"])
    assert classroom.join_code in page.text


def test_creating_a_class_without_a_name_is_a_400(instructor_client):
    response = instructor_client.post(reverse("teaching:classes"), {"name": ""})
    assert response.status_code == 400
    assert not Classroom.objects.exists()


def test_code_actions_through_the_page(instructor_client, classroom):
    url = reverse("teaching:class_code", args=[classroom.slug])
    old = classroom.join_code
    instructor_client.post(url, {"action": "close"})
    classroom.refresh_from_db()
    assert not classroom.join_open
    instructor_client.post(url, {"action": "regenerate"})
    classroom.refresh_from_db()
    assert classroom.join_open
    assert classroom.join_code != old
    response = instructor_client.post(url, {"action": "explode"}, follow=True)
    assert "Choose to regenerate, close or open" in response.text


def test_a_second_instructor_can_be_added_and_then_sees_the_class(
    instructor_client, classroom, other_instructor, client
):
    url = reverse("teaching:instructor_add", args=[classroom.slug])
    instructor_client.post(url, {"username": other_instructor.username})
    client.force_login(other_instructor)
    assert client.get(reverse("teaching:class_detail", args=[classroom.slug])).status_code == 200


def test_a_learner_cannot_be_added_as_instructor(instructor_client, classroom, user):
    url = reverse("teaching:instructor_add", args=[classroom.slug])
    response = instructor_client.post(url, {"username": user.username}, follow=True)
    assert "No instructor has that username" in response.text
    assert not classroom.instructors.filter(pk=user.pk).exists()


def _instructor_urls(classroom, assignment_pk, learner_pk):
    slug = classroom.slug
    return [
        ("get", reverse("teaching:class_detail", args=[slug])),
        ("post", reverse("teaching:class_code", args=[slug])),
        ("post", reverse("teaching:instructor_add", args=[slug])),
        ("get", reverse("teaching:learner_detail", args=[slug, learner_pk])),
        ("post", reverse("teaching:learner_time", args=[slug, learner_pk])),
        ("get", reverse("teaching:assignment_create", args=[slug])),
        ("get", reverse("teaching:assignment_detail", args=[slug, assignment_pk])),
        ("get", reverse("teaching:assignment_marks_csv", args=[slug, assignment_pk])),
        ("get", reverse("teaching:assignment_statistics", args=[slug, assignment_pk])),
    ]


def test_instructors_of_another_class_get_404_and_learners_403(
    client, classroom, learner, other_instructor
):
    from tests.teaching.conftest import make_assignment

    assignment = make_assignment(classroom)
    urls = _instructor_urls(classroom, assignment.pk, learner.pk)
    client.force_login(other_instructor)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 404, url
    client.force_login(learner)
    for method, url in urls:
        assert getattr(client, method)(url).status_code == 403, url
    assert client.get(reverse("teaching:classes")).status_code == 403
    assert client.get(reverse("teaching:bank_statistics")).status_code == 403


def test_a_learner_not_in_the_class_is_404_on_the_instructors_learner_page(
    instructor_client, classroom, user
):
    url = reverse("teaching:learner_detail", args=[classroom.slug, user.pk])
    assert instructor_client.get(url).status_code == 404


def test_learners_never_see_each_other(client, classroom, learner):
    other = UserFactory(username="someone-else")
    services.membership_join(user=other, code=classroom.join_code)
    client.force_login(learner)
    for url in (reverse("join:join"), reverse("home"), reverse("progress:dashboard")):
        page = client.get(url)
        assert page.status_code == 200
        assert "Cloud 101" in page.text
        assert "someone-else" not in page.text


def test_time_multiplier_is_set_on_the_learner_page_and_bad_values_refused(
    instructor_client, classroom, learner
):
    url = reverse("teaching:learner_time", args=[classroom.slug, learner.pk])
    instructor_client.post(url, {"multiplier": "1.5"})
    membership = Membership.objects.get(user=learner)
    assert str(membership.time_multiplier) == "1.50"
    for bad in ("0.5", "9", "lots"):
        response = instructor_client.post(url, {"multiplier": bad}, follow=True)
        assert "Extra time is a multiplier" in response.text
    membership.refresh_from_db()
    assert str(membership.time_multiplier) == "1.50"


def test_a_learners_classes_are_theirs_in_name_order(
    classroom, learner, instructor, django_assert_num_queries
):
    earlier = services.classroom_create(name="Architecture 9", instructor=instructor)
    services.membership_join(user=learner, code=earlier.join_code)
    services.classroom_create(name="Another class", instructor=instructor)
    names = [found.classroom.name for found in selectors.learner_classes(user=learner)]
    assert names == ["Architecture 9", "Cloud 101"]
    loner = UserFactory()
    with django_assert_num_queries(1):
        assert selectors.learner_classes(user=loner) == []
