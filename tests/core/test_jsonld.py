"""JSON-LD in pages: no value can end its block or open an HTML comment (spona/core/jsonld.py)."""

import json
import re

import pytest
from django.urls import reverse

from spona.core.jsonld import json_for_html, jsonld_script
from tests.factories import OrganizationFactory
from tests.learning.factories import TrainerFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

HOSTILE = "Novi pogled <!--<script> </script><b>&amp;"
BLOCK = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


def test_angle_brackets_and_ampersands_are_escaped_inside_the_json():
    text = json_for_html({"name": HOSTILE})

    assert "<" not in text and ">" not in text and "&" not in text
    assert json.loads(text) == {"name": HOSTILE}
    assert jsonld_script({"a": 1}) == '<script type="application/ld+json">{"a": 1}</script>'


def _only_block(page: str) -> dict:
    (block,) = BLOCK.findall(page)
    assert "<!--" not in block and "</" not in block
    return json.loads(block)


def test_a_profile_of_an_organization_with_such_a_name_keeps_its_page(client):
    organization = OrganizationFactory(name=HOSTILE)

    page = client.get(organization.get_absolute_url()).content.decode()

    assert _only_block(page)["name"] == HOSTILE
    assert page.rstrip().endswith("</html>")


def test_a_session_taught_by_a_trainer_with_such_a_name_keeps_its_page(client):
    session = TrainingSessionFactory(trainers=[TrainerFactory(name=HOSTILE)])

    page = client.get(reverse("learning:session-detail-short", args=[session.pk]), follow=True).content.decode()

    data = _only_block(page)
    assert HOSTILE in json.dumps(data, ensure_ascii=False)
