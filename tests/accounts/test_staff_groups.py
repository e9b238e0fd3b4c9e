"""The staff groups carry the back-office permissions of their work, and can be brought up to date again."""

import pytest
from django.contrib.auth.models import Group

from spona.accounts.staff_groups import STAFF_GROUPS, ensure_staff_groups

pytestmark = pytest.mark.django_db


def test_every_group_gets_the_four_permissions_of_each_of_its_models():
    counts = ensure_staff_groups()

    assert counts == {name: 4 * len(models) for name, models in STAFF_GROUPS.items()}
    coordinators = Group.objects.get(name="Training coordinators")
    assert coordinators.permissions.filter(codename="change_trainingsession").exists()
    assert coordinators.permissions.filter(codename="delete_certificate").exists()


def test_running_it_again_changes_nothing():
    first = ensure_staff_groups()

    assert ensure_staff_groups() == first
    assert Group.objects.filter(name__in=STAFF_GROUPS).count() == len(STAFF_GROUPS)
