"""The public pages of the frameworks: what an organization will be assessed on, in every language."""

import pytest
from django.urls import reverse

from spona.capacity import services
from tests.capacity.conftest import framework_data

pytestmark = pytest.mark.django_db


def test_the_capacity_page_lists_the_published_frameworks(client, published_version):
    services.start_new_version(framework=published_version.framework)  # a draft is not shown

    response = client.get(reverse("capacity:framework-list"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Test framework" in content and "2 domains" in content
    assert reverse("capacity:framework-detail", args=["test-framework"]) in content


@pytest.mark.parametrize(
    ("language", "expected"),
    [("en", "Descriptor 1.2 at 3"), ("bs", "Descriptor 1.2 at 3 (bs)"), ("sr-latn", "Descriptor 1.2 at 3 (sr)")],
)
def test_a_framework_page_shows_every_sub_area_with_its_descriptors(client, published_version, language, expected):
    response = client.get(f"/{language}/capacity/frameworks/test-framework/")

    assert response.status_code == 200
    content = response.content.decode()
    assert expected in content
    assert content.count('class="framework-subarea"') == 4
    assert "A written policy" in content


def test_the_cyrillic_page_is_in_cyrillic(client, published_version):
    content = client.get("/sr/capacity/frameworks/test-framework/").content.decode()

    assert "Десцриптор 1.2 ат 3 (ср)" in content


def test_the_latest_version_is_shown_and_the_earlier_ones_linked(client, write_framework, published_version):
    services.load_framework_file(write_framework(framework_data(subareas=3, note=" v2")))

    latest = client.get(reverse("capacity:framework-detail", args=["test-framework"])).content.decode()
    first = client.get(reverse("capacity:framework-version", args=["test-framework", 1])).content.decode()

    assert latest.count('class="framework-subarea"') == 6
    assert reverse("capacity:framework-version", args=["test-framework", 1]) in latest
    assert first.count('class="framework-subarea"') == 4


def test_the_framework_page_takes_a_fixed_number_of_queries(client, write_framework, django_assert_max_num_queries):
    services.load_framework_file(write_framework(framework_data(domains=5, subareas=6)))

    with django_assert_max_num_queries(12):
        response = client.get(reverse("capacity:framework-detail", args=["test-framework"]))
    assert response.content.decode().count('class="framework-subarea"') == 30


@pytest.mark.parametrize(
    "path", ["frameworks/nothing/", "frameworks/test-framework/v9/", "frameworks/test-framework/v2/"]
)
def test_a_missing_framework_or_version_is_a_404(client, published_version, path):
    services.start_new_version(framework=published_version.framework)  # v2 is a draft: not public

    assert client.get(f"/en/capacity/{path}").status_code == 404
