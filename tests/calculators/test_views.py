import re
from html import unescape
from urllib.parse import urlencode

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

HX = {"HX-Request": "true"}

VALID = {
    "calculators:dynamodb_partitions": {"rcu": "3500", "wcu": "1200", "storage_gb": "25"},
    "calculators:dynamodb_capacity": {
        "item_kb": "6.5",
        "reads_per_s": "100",
        "writes_per_s": "10",
        "read_mode": "eventual",
        "write_mode": "transactional",
    },
    "calculators:kinesis_shards": {
        "records_per_s": "3000",
        "record_kb": "1",
        "consumers": "3",
        "fan_out": "shared",
    },
    "calculators:autoscaling_target_tracking": {
        "current": "4",
        "metric": "90",
        "target": "60",
        "min": "2",
        "max": "10",
    },
}

# What each valid query above computes: output name -> data-value.
EXPECTED = {
    "calculators:dynamodb_partitions": {
        "partitions": "3",
        "partitions_by_capacity": "3",
        "partitions_by_size": "3",
        "rcu_per_partition": "1166.6667",
        "wcu_per_partition": "400",
    },
    "calculators:dynamodb_capacity": {
        "rcu": "100",
        "wcu": "140",
        "read_units_per_item": "2",
        "write_units_per_item": "7",
    },
    "calculators:kinesis_shards": {
        "shards": "5",
        "shards_by_records": "3",
        "shards_by_write": "3",
        "shards_by_read": "5",
        "write_kb": "3000",
    },
    "calculators:autoscaling_target_tracking": {"desired": "6", "change": "2", "proportional": "6"},
}

LESSONS = {
    "calculators:dynamodb_partitions": ("dynamodb", "partitions"),
    "calculators:dynamodb_capacity": ("dynamodb", "capacity-units"),
    "calculators:kinesis_shards": ("kinesis", "data-streams"),
    "calculators:autoscaling_target_tracking": ("auto-scaling", "scaling-policies"),
}


def outputs(html: str) -> dict[str, str]:
    return dict(re.findall(r'<output name="(\w+)"[^>]*data-value="([^"]*)"', html))


def field_errors(html: str, field: str) -> str:
    match = re.search(rf'<div id="id_{field}_errors"[^>]*>(.*?)</div>', html, re.S)
    assert match, f"no error slot for {field}"
    return unescape(re.sub(r"<[^>]+>", " ", match.group(1))).strip()


def get(client: Client, url_name: str, params: dict[str, str], **kwargs):
    return client.get(f"{reverse(url_name)}?{urlencode(params)}", **kwargs)


def test_index_lists_the_four_calculators_with_summaries(client):
    response = client.get(reverse("calculators:index"))
    assert response.status_code == 200
    html = response.content.decode()
    for url_name in VALID:
        assert f'href="{reverse(url_name)}"' in html
    assert "Kinesis Data Streams shards" in html
    assert "kept within the group&#x27;s minimum and maximum" in html


def test_index_is_in_the_main_navigation(client):
    html = client.get(reverse("calculators:index")).content.decode()
    assert re.search(r'<a href="/calculators/" aria-current="page">Calculators</a>', html)


# What each calculator's example figures (its first visit) compute.
EXAMPLE_RESULT = {
    "calculators:dynamodb_partitions": {"partitions": "3", "rcu_per_partition": "1000"},
    "calculators:dynamodb_capacity": {"rcu": "200", "wcu": "70"},
    "calculators:kinesis_shards": {"shards": "5", "write_kb": "3000"},
    "calculators:autoscaling_target_tracking": {"desired": "6", "change": "2"},
}


@pytest.mark.parametrize("url_name", VALID)
def test_first_visit_shows_the_example_figures_and_their_result(client, url_name):
    response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<form" in html
    assert 'hx-get="' in html
    assert 'hx-push-url="true"' in html
    shown = outputs(html)
    assert shown.items() >= EXAMPLE_RESULT[url_name].items()
    assert "Worked solution" in html
    assert 'class="errorlist' not in html
    assert 'aria-invalid="true"' not in html
    assert 'id="result" aria-live="polite"' in html
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("url_name", VALID)
def test_example_figures_fill_the_form(client, url_name):
    from calculators.registry import CALCULATORS

    [entry] = [c for c in CALCULATORS if c.url_name == url_name]
    html = client.get(reverse(url_name)).content.decode()
    for name, value in entry.examples.items():
        assert re.search(
            rf'(name="{name}"[^>]*value="{re.escape(value)}"|'
            rf'value="{re.escape(value)}"[^>]*name="{name}"[^>]*checked)',
            html,
        )


@pytest.mark.parametrize("url_name", VALID)
def test_valid_query_shows_every_figure_with_its_plain_value(client, url_name):
    response = get(client, url_name, VALID[url_name])
    assert response.status_code == 200
    html = response.content.decode()
    assert outputs(html) == EXPECTED[url_name]
    assert "<html" in html
    assert "Worked solution" in html
    assert 'role="img"' in html
    assert "<desc id=" in html
    # The form keeps the learner's numbers, so the URL reproduces the page.
    for value in VALID[url_name].values():
        assert f'value="{value}"' in html


@pytest.mark.parametrize("url_name", VALID)
def test_htmx_request_gets_only_the_result_fragment(client, url_name):
    response = get(client, url_name, VALID[url_name], headers=HX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert outputs(html) == EXPECTED[url_name]
    assert 'hx-swap-oob="true"' in html  # clears the error slots beside the fields
    assert "HX-Request" in response["Vary"]


@pytest.mark.parametrize("url_name", VALID)
def test_history_restore_gets_the_whole_page(client, url_name):
    headers = {**HX, "HX-History-Restore-Request": "true"}
    response = get(client, url_name, VALID[url_name], headers=headers)
    assert response.status_code == 200
    assert "<html" in response.content.decode()
    assert "hx-swap-oob" not in response.content.decode()


@pytest.mark.parametrize("url_name", VALID)
def test_calculator_links_to_its_lesson(client, url_name):
    topic, lesson = LESSONS[url_name]
    lesson_url = reverse("studyguide:lesson_detail", kwargs={"topic": topic, "lesson": lesson})
    html = client.get(reverse(url_name)).content.decode()
    assert f'href="{lesson_url}"' in html


@pytest.mark.parametrize("url_name", VALID)
def test_post_is_not_allowed(client, url_name):
    assert client.post(reverse(url_name), VALID[url_name]).status_code == 405


def test_capacity_result_links_its_rcu_and_wcu_into_the_partitions_calculator(client):
    html = get(client, "calculators:dynamodb_capacity", VALID["calculators:dynamodb_capacity"])
    target = f"{reverse('calculators:dynamodb_partitions')}?rcu=100&wcu=140&storage_gb=0"
    assert f'href="{target.replace("&", "&amp;")}"' in html.content.decode()
    # Following the link shows a result, not a form error.
    followed = client.get(target)
    assert followed.status_code == 200
    assert re.search(r'<output name="partitions"[^>]*data-value="1"', followed.content.decode())


def test_partitions_page_explains_the_classic_model_and_hot_partitions(client):
    html = client.get(reverse("calculators:dynamodb_partitions")).content.decode()
    assert "Classic exam model" in html
    assert "hot partitions" in html
    assert "sensor ID" in html


def test_target_tracking_page_explains_cautious_scale_in(client):
    html = client.get(reverse("calculators:autoscaling_target_tracking")).content.decode()
    assert "near that target" in html
    assert "scales in cautiously" in html


def test_kinesis_result_says_which_limit_binds(client):
    html = get(client, "calculators:kinesis_shards", VALID["calculators:kinesis_shards"]).content
    assert "The binding limit is <strong>read throughput</strong>" in html.decode()


def test_autoscaling_result_says_when_the_maximum_caps_it(client):
    params = {"current": "10", "metric": "90", "target": "30", "min": "1", "max": "20"}
    html = get(client, "calculators:autoscaling_target_tracking", params).content.decode()
    assert outputs(html)["desired"] == "20"
    assert "maximum caps it at 20" in html


GENERIC_BAD = [
    ("", "Enter"),
    ("-1", "not a negative number"),
    ("abc", "Enter a number."),
    ("NaN", "not NaN"),
    ("Infinity", "finite"),
    ("-inf", "finite"),
]
# Absurdly large: past the ceiling, or past AWS's own limit where there is one.
HUGE_MESSAGE = {"item_kb": "item size limit is 400 KB", "record_kb": "10 MiB"}

# field -> (url name, extra bad values with the message each must give)
FIELDS = {
    "rcu": ("calculators:dynamodb_partitions", [("1.5", "whole number")]),
    "wcu": ("calculators:dynamodb_partitions", [("10000001", "at most 10,000,000")]),
    "storage_gb": ("calculators:dynamodb_partitions", [("1000001", "at most 1,000,000")]),
    "item_kb": (
        "calculators:dynamodb_capacity",
        [("401", "DynamoDB's item size limit is 400 KB"), ("0", "greater than zero")],
    ),
    "reads_per_s": ("calculators:dynamodb_capacity", [("2.5", "whole number")]),
    "writes_per_s": ("calculators:dynamodb_capacity", [("99999999", "at most 10,000,000")]),
    "records_per_s": ("calculators:kinesis_shards", [("0.5", "whole number")]),
    "record_kb": ("calculators:kinesis_shards", [("1025", "10 MiB")]),
    "consumers": ("calculators:kinesis_shards", [("1001", "at most 1,000")]),
    "current": ("calculators:autoscaling_target_tracking", [("100001", "at most 100,000")]),
    "metric": ("calculators:autoscaling_target_tracking", [("0.00001", "decimal places")]),
    "target": ("calculators:autoscaling_target_tracking", [("0", "greater than zero")]),
    "min": ("calculators:autoscaling_target_tracking", [("11", "greater than the maximum")]),
    # A maximum below the minimum is explained beside both limits (either may be the slip).
    "max": (
        "calculators:autoscaling_target_tracking",
        [("1.5", "whole number"), ("1", "greater than the maximum")],
    ),
}

BAD_CASES = [
    (field, url_name, value, message)
    for field, (url_name, extra) in FIELDS.items()
    for value, message in [*GENERIC_BAD, ("1e40", HUGE_MESSAGE.get(field, "at most")), *extra]
]


def assert_rejected(response, field: str, message: str, *, status: int) -> str:
    assert response.status_code == status
    html: str = response.content.decode()
    assert message in field_errors(html, field)
    assert outputs(html) == {}
    return html


@pytest.mark.parametrize(("field", "url_name", "value", "message"), BAD_CASES)
def test_bad_value_is_explained_beside_its_field(client, field, url_name, value, message):
    params = {**VALID[url_name], field: value}
    html = assert_rejected(get(client, url_name, params), field, message, status=400)
    assert re.search(rf'aria-invalid="true"[^>]*id="id_{field}"', html)
    assert f'href="#id_{field}"' in html  # the summary in the live region links to it


@pytest.mark.parametrize(("field", "url_name", "value", "message"), BAD_CASES)
def test_bad_value_in_htmx_request_gives_the_message_in_the_fragment(
    client, field, url_name, value, message
):
    params = {**VALID[url_name], field: value}
    response = get(client, url_name, params, headers=HX)
    html = assert_rejected(response, field, message, status=422)
    assert "<html" not in html
    assert re.search(rf'<div id="id_{field}_errors"[^>]*hx-swap-oob="true"', html)


@pytest.mark.parametrize("field", FIELDS)
def test_missing_field_is_required(client, field):
    url_name = FIELDS[field][0]
    params = {name: value for name, value in VALID[url_name].items() if name != field}
    assert_rejected(get(client, url_name, params), field, "Enter", status=400)


@pytest.mark.parametrize(
    ("url_name", "field", "choices"),
    [
        ("calculators:dynamodb_capacity", "read_mode", "eventual, strong or transactional"),
        ("calculators:dynamodb_capacity", "write_mode", "standard or transactional"),
        ("calculators:kinesis_shards", "fan_out", "shared or enhanced"),
    ],
)
@pytest.mark.parametrize("value", ["", "bogus", "STRONG", None])
def test_unknown_or_missing_mode_is_rejected(client, url_name, field, choices, value):
    params = {**VALID[url_name], field: value}
    if value is None:
        del params[field]
    assert_rejected(get(client, url_name, params), field, f"Choose {choices}", status=400)


def test_more_than_20_enhanced_consumers_names_the_quota(client):
    params = {**VALID["calculators:kinesis_shards"], "consumers": "21", "fan_out": "enhanced"}
    response = get(client, "calculators:kinesis_shards", params)
    assert_rejected(response, "consumers", "at most 20 registered enhanced fan-out", status=400)


def test_zero_load_is_a_valid_input(client):
    params = {**VALID["calculators:dynamodb_capacity"], "reads_per_s": "0", "writes_per_s": "0"}
    response = get(client, "calculators:dynamodb_capacity", params)
    assert response.status_code == 200
    assert outputs(response.content.decode())["rcu"] == "0"


def test_partial_query_string_shows_errors_for_the_missing_fields(client):
    response = get(client, "calculators:dynamodb_partitions", {"rcu": "100"})
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter the table&#x27;s write capacity units" in html
    assert field_errors(html, "rcu") == ""


def test_unrelated_query_parameters_count_as_a_first_visit(client):
    response = get(client, "calculators:kinesis_shards", {"utm_source": "mail"})
    assert response.status_code == 200
    assert 'class="errorlist' not in response.content.decode()


@settings(max_examples=60, deadline=None)
@given(
    url_name=st.sampled_from(sorted(VALID)),
    data=st.data(),
    value=st.text(max_size=40),
    htmx=st.booleans(),
)
def test_any_single_value_gives_a_page_never_a_server_error(url_name, data, value, htmx):
    field = data.draw(st.sampled_from(sorted(VALID[url_name])))
    params = {**VALID[url_name], field: value}
    response = get(Client(), url_name, params, headers=HX if htmx else {})
    assert response.status_code in {200, 400, 422}
    html = response.content.decode()
    if response.status_code == 200:
        assert outputs(html)
    else:
        assert field_errors(html, field)


@pytest.mark.parametrize("url_name", VALID)
def test_calculators_make_no_queries_of_their_own(client, url_name, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = get(client, url_name, VALID[url_name])
    assert response.status_code == 200


def test_page_prose_quotes_the_formula_constants_not_copies(client, monkeypatch):
    from calculators import formulas

    monkeypatch.setattr(formulas, "EFO_CONSUMERS_MAX", 37)
    monkeypatch.setattr(formulas, "SHARD_WRITE_RECORDS", 1234)
    html = client.get(reverse("calculators:kinesis_shards")).content.decode()
    assert "up to 37 such consumers per stream" in html
    assert "takes up to 1,234\n  records" in html
    monkeypatch.setattr(formulas, "ITEM_SIZE_MAX_KB", 512)
    html = client.get(reverse("calculators:dynamodb_capacity")).content.decode()
    assert "An item can be at most 512 KB." in html


def test_figures_for_people_group_thousands_and_drop_trailing_zeros():
    from decimal import Decimal

    from django.template import engines

    template = engines["django"].from_string(
        "{% load calculator_format %}{{ a|grouped_number }} {{ b|grouped_number }} "
        "{{ b|plain_number }} {{ up|signed_change }} {{ down|signed_change }} "
        "{{ zero|signed_change }}"
    )
    context = {"a": 3000, "b": Decimal("1875.50"), "up": 2, "down": -1200, "zero": 0}
    assert template.render(context) == "3,000 1,875.5 1875.5 +2 −1,200 0"


@pytest.mark.parametrize(
    ("url_name", "field", "value", "output", "expected"),
    [
        ("calculators:dynamodb_partitions", "rcu", "12,000", "partitions", "6"),
        ("calculators:dynamodb_partitions", "storage_gb", "1,000.5", "partitions_by_size", "101"),
        ("calculators:kinesis_shards", "records_per_s", "1,500,000", "shards_by_records", "1500"),
        ("calculators:autoscaling_target_tracking", "metric", "1,000", "proportional", "67"),
    ],
)
def test_thousands_separators_are_accepted(client, url_name, field, value, output, expected):
    response = get(client, url_name, {**VALID[url_name], field: value})
    assert response.status_code == 200
    html = response.content.decode()
    assert outputs(html)[output] == expected
    assert f'value="{value}"' in html  # the form keeps what the learner typed


@pytest.mark.parametrize("value", ["1,5", "10,00", "1,0000", ",100", "1,,000", "1.000,5"])
def test_a_misplaced_comma_is_explained(client, value):
    params = {**VALID["calculators:dynamodb_partitions"], "storage_gb": value}
    response = get(client, "calculators:dynamodb_partitions", params)
    assert_rejected(response, "storage_gb", "groups of three digits", status=400)


@pytest.mark.parametrize(
    ("current", "words"),
    [("12", "above the group's maximum (10)"), ("1", "below the group's minimum (2)")],
)
@pytest.mark.parametrize("htmx", [False, True])
def test_autoscaling_refuses_a_current_size_outside_the_group(client, current, words, htmx):
    params = {**VALID["calculators:autoscaling_target_tracking"], "current": current}
    response = get(
        client, "calculators:autoscaling_target_tracking", params, headers=HX if htmx else {}
    )
    html = assert_rejected(response, "current", words, status=422 if htmx else 400)
    assert "Scale in" not in html


def test_autoscaling_never_says_scale_in_while_the_metric_is_above_target(client):
    # 10 instances, the maximum, at 90% against 60%: the group stays at its maximum.
    params = {"current": "10", "metric": "90", "target": "60", "min": "2", "max": "10"}
    html = get(client, "calculators:autoscaling_target_tracking", params).content.decode()
    assert outputs(html)["change"] == "0"
    assert "Scale in" not in html
    assert "maximum caps it at 10" in html
