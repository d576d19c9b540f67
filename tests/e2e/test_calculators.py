import re

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.django_db(transaction=True)

PAGES = [
    "/calculators/dynamodb/partitions/",
    "/calculators/dynamodb/capacity/",
    "/calculators/kinesis/shards/",
    "/calculators/autoscaling/target-tracking/",
]


def test_typing_updates_the_result_and_the_url(live_server, page: Page, assert_accessible):
    page.goto(live_server.url + "/calculators/dynamodb/partitions/")
    result = page.locator("#result")
    partitions = result.locator('output[name="partitions"]')
    # The example figures come with their result: 3000 / 3000 + 1000 / 1000 = 2; 25 GB needs 3.
    expect(partitions).to_have_text("3")

    # 7,500 / 3000 + 1000 / 1000 = 3.5 -> 4 partitions (25 GB alone needs 3).
    page.get_by_label("Read capacity units (RCU)").fill("7,500")
    expect(partitions).to_have_text("4")
    expect(partitions).to_have_attribute("data-value", "4")
    expect(page).to_have_url(re.compile(r"rcu=7(%2C|,)500&wcu=1000&storage_gb=25"))
    expect(result.get_by_role("img")).to_have_accessible_name(re.compile("Partitions by capacity"))
    assert_accessible(page)

    # A bad value gets its message beside the field, and the result goes away.
    page.get_by_label("Table size (GB)").fill("lots")
    expect(page.locator("#id_storage_gb_errors")).to_have_text("Enter a number.")
    expect(partitions).to_have_count(0)
    assert_accessible(page)

    page.get_by_label("Table size (GB)").fill("95")
    expect(partitions).to_have_text("10")
    expect(page.locator("#id_storage_gb_errors")).to_have_text("")

    # The pushed URL is a bookmark: opening it shows the same result.
    page.goto(page.url)
    expect(page.locator('output[name="partitions"]')).to_have_text("10")


def test_capacity_result_carries_into_the_partitions_calculator(live_server, page: Page):
    page.goto(live_server.url + "/calculators/dynamodb/capacity/")
    page.get_by_label("Reads per second").fill("3000")
    page.get_by_label("Transactional (2 units)").first.check()
    rcu = page.locator('output[name="rcu"]')
    expect(rcu).to_have_text("12,000")  # 3000 reads x 2 units x 2 (transactional)
    page.get_by_role("link", name=re.compile("See how many partitions")).click()
    expect(page).to_have_url(re.compile(r"/calculators/dynamodb/partitions/\?rcu=12000&wcu=70"))
    expect(page.get_by_label("Read capacity units (RCU)")).to_have_value("12000")
    # The carried capacity gives a result at once: ceil(12000/3000 + 70/1000) = 5.
    expect(page.locator('output[name="partitions"]')).to_have_text("5")


def test_form_works_without_javascript(live_server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/calculators/kinesis/shards/")
    page.get_by_label("Consumer applications").fill("5")
    page.get_by_role("button", name="Calculate").click()
    expect(page).to_have_url(re.compile(r"consumers=5"))
    expect(page.locator('output[name="shards"]')).to_have_text("8")  # ceil(15000 / 2048)
    context.close()


@pytest.mark.parametrize("path", ["/calculators/", *PAGES])
def test_calculator_pages_pass_axe(live_server, page: Page, assert_accessible, path):
    page.goto(live_server.url + path)
    assert_accessible(page)
    if path != "/calculators/":
        page.get_by_role("button", name="Calculate").click()
        expect(page.locator("#result output").first).to_be_visible()
        assert_accessible(page)


@pytest.mark.parametrize("path", PAGES)
def test_calculators_fit_a_phone_screen(live_server, page: Page, path):
    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(live_server.url + path)
    page.get_by_role("button", name="Calculate").click()
    expect(page.locator("#result output").first).to_be_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


@pytest.mark.parametrize("width", [1280, 375])
@pytest.mark.parametrize("path", PAGES)
def test_help_text_sits_below_its_input(live_server, page: Page, path, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + path)
    gaps = page.evaluate(
        """() => [...document.querySelectorAll('.calc-field')].map(field => {
            const input = field.querySelector('input').getBoundingClientRect();
            const help = field.querySelector('.helptext').getBoundingClientRect();
            return help.top - input.bottom;
        })"""
    )
    assert gaps
    assert min(gaps) >= 0


def test_autoscaling_refuses_a_current_size_above_the_maximum(live_server, page: Page):
    page.goto(live_server.url + "/calculators/autoscaling/target-tracking/")
    page.get_by_label("Current capacity (instances)").fill("12")
    expect(page.locator("#id_current_errors")).to_contain_text("above the group's maximum (10)")
    expect(page.locator('output[name="desired"]')).to_have_count(0)
    expect(page.locator("#result")).not_to_contain_text("Scale in")
