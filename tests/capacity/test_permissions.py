"""Who may change assessment frameworks: capacity-building coordinators, in the admin; everyone reads the
published ones (runner: tests/permission_matrix.py)."""

import pytest
from django.urls import reverse

from spona.capacity import services
from spona.capacity.models import Domain, FrameworkVersion
from tests.capacity.conftest import framework_data
from tests.permission_matrix import ADMIN_LOGIN, ANONYMOUS, OTHER, OWN, STAFF, WRONG_GROUP, Case, check_case

pytestmark = pytest.mark.django_db

USER_KINDS = [ANONYMOUS, OTHER, OWN, STAFF, WRONG_GROUP]


class Scenario:
    def __init__(self, users, version):
        self.users = users
        self.version = version
        self.framework = version.framework
        self.draft = services.start_new_version(framework=self.framework)
        self.draft_domain = self.draft.domains.get(slug="domain-1")
        self.published_domain = version.domains.get(slug="domain-1")


@pytest.fixture
def scenario(published_version, member_user, other_user, staff_in_group):
    return Scenario(
        {
            ANONYMOUS: None,
            OTHER: other_user,
            OWN: member_user,
            STAFF: staff_in_group("Capacity-building coordinators"),
            WRONG_GROUP: staff_in_group("Editors"),
        },
        published_version,
    )


def _version_count(s, user):
    return FrameworkVersion.objects.filter(framework=s.framework).count()


def _draft_domain_name(s, user):
    return Domain.objects.get(pk=s.draft_domain.pk).name_en


def _published_domain_name(s, user):
    return Domain.objects.get(pk=s.published_domain.pk).name_en


def _action(name):
    return lambda s: {"action": name, "_selected_action": [s.framework.pk]}


def _domain_form(s):
    return {"name_en": "Renamed", "name_bs": "", "name_sr_latn": "", "slug": "domain-1", "position": 0,
            "subareas-TOTAL_FORMS": 0, "subareas-INITIAL_FORMS": 0}  # fmt: skip


EVERYONE = {kind: 200 for kind in USER_KINDS}
COORDINATORS = {ANONYMOUS: ADMIN_LOGIN, OTHER: ADMIN_LOGIN, OWN: ADMIN_LOGIN, STAFF: 200, WRONG_GROUP: 403}
COORDINATORS_REDIRECTED = {**COORDINATORS, STAFF: 302}

CASES = [
    Case("framework-list", "get", lambda s: reverse("capacity:framework-list"), EVERYONE),
    Case("framework-page", "get", lambda s: reverse("capacity:framework-detail", args=[s.framework.slug]), EVERYONE),
    Case("admin-frameworks", "get", lambda s: reverse("admin:capacity_framework_changelist"), COORDINATORS),
    Case(
        "admin-clone-framework",
        "post",
        lambda s: reverse("admin:capacity_framework_changelist"),
        COORDINATORS_REDIRECTED,
        data=_action("clone"),
        probe=lambda s, user: FrameworkVersion.objects.count(),
        changes_for={STAFF},
    ),
    Case(
        "admin-edit-draft-domain",
        "post",
        lambda s: reverse("admin:capacity_domain_change", args=[s.draft_domain.pk]),
        COORDINATORS_REDIRECTED,
        data=_domain_form,
        probe=_draft_domain_name,
        changes_for={STAFF},
    ),
    Case(
        # A published version is frozen even for coordinators: its page is read-only, a POST changes nothing.
        "admin-edit-published-domain",
        "post",
        lambda s: reverse("admin:capacity_domain_change", args=[s.published_domain.pk]),
        {**COORDINATORS, STAFF: 403},
        data=_domain_form,
        probe=_published_domain_name,
        changes_for=set(),
    ),
]


@pytest.mark.parametrize("user_kind", USER_KINDS)
@pytest.mark.parametrize("case", CASES, ids=lambda case: case.name)
def test_permission_matrix(client, scenario, case, user_kind):
    check_case(client, scenario, case, user_kind)


def test_a_coordinator_sees_a_published_version_read_only(client, scenario):
    client.force_login(scenario.users[STAFF])

    response = client.get(reverse("admin:capacity_frameworkversion_change", args=[scenario.version.pk]))

    assert response.status_code == 200
    assert 'name="name_en"' not in response.content.decode() and "Save" not in response.content.decode()
    assert framework_data()["slug"] == scenario.framework.slug
