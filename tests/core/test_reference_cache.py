"""Places and taxonomies in memory: loaded once per generation of public content, fresh after a change."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from spona.core import page_cache, reference_cache
from spona.core.models import Sector

pytestmark = pytest.mark.django_db


def test_the_copy_is_loaded_once_and_then_served_from_memory():
    first = reference_cache.reference_data()

    with CaptureQueriesContext(connection) as queries:
        second = reference_cache.reference_data()

    assert second is first
    assert len(queries) == 0
    assert first.municipalities and first.legal_forms and first.sectors


def test_a_change_to_public_content_reloads_the_copy(django_capture_on_commit_callbacks):
    youth = Sector.objects.get(slug="youth")
    assert reference_cache.reference_data().sectors[youth.pk].name_en == "Youth"

    with django_capture_on_commit_callbacks(execute=True):
        youth.name_en = "Young people"
        youth.save()

    assert reference_cache.reference_data().sectors[youth.pk].name_en == "Young people"


def test_only_the_current_generation_is_kept():
    reference_cache.reference_data()
    page_cache._start_new_generation()
    reference_cache.reference_data()

    assert list(reference_cache._loaded) == [page_cache.current_generation()]
