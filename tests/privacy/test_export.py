"""'My data': everything kept about the person, and nothing of anyone else."""

import json

import pytest
from django.urls import reverse

from tests.privacy.conftest import COLLEAGUE_EMAIL, COLLEAGUE_NAME, EMAIL, NAME, PHONE

pytestmark = pytest.mark.django_db


def _download(client, user) -> tuple[dict, str]:
    client.force_login(user)
    response = client.get(reverse("privacy:my-data-download"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith('attachment; filename="spona-my-data-')
    assert response["Cache-Control"] == "private, no-store"
    text = response.content.decode()
    return json.loads(text), text


def test_the_download_holds_everything_of_every_part_of_the_site(client, person):
    data, text = _download(client, person.user)

    sections = {section["title"] for category in data["categories"] for section in category["sections"]}
    # The person's language (Bosnian) names the sections.
    assert {"Račun", "Prijave na obuke", "Certifikati", "Sačuvane pretrage"} <= sections, sections
    for value in [EMAIL, NAME, PHONE, "Mladi i kultura", "Udruženje Čuvari podataka", "Novi pozivi", "Evo izmjena."]:
        assert value in text, value
    assert person.certificate.code in text


def test_the_download_holds_nothing_of_a_colleague_who_shares_the_records(client, person):
    _data, text = _download(client, person.user)

    assert COLLEAGUE_EMAIL not in text
    assert COLLEAGUE_NAME not in text


def test_the_page_shows_the_same_in_the_persons_language(client, person):
    client.force_login(person.user)

    page = client.get("/bs/me/data/").content.decode()

    assert "Moji podaci" in page
    assert NAME in page and PHONE in page
    assert COLLEAGUE_EMAIL not in page and COLLEAGUE_NAME not in page
