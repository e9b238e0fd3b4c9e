"""Who may do what with personal data: every page that shows or changes it, for every kind of user (the
runner is tests/permission_matrix.py). Each person reaches only their own data; erasing an account also
needs a fresh sign-in."""

import pytest
from django.urls import reverse

from spona.privacy.models import Consent, DataRequest, DonorFigures
from tests.permission_matrix import ANONYMOUS, LOGIN, OTHER, OWN, STAFF, WRONG_GROUP, Case, check_case

pytestmark = pytest.mark.django_db

USER_KINDS = [ANONYMOUS, OTHER, OWN, STAFF, WRONG_GROUP]
SIGNED_IN = {OTHER, OWN, STAFF, WRONG_GROUP}


class Scenario:
    def __init__(self, users):
        self.users = users
        for user in users.values():
            if user is not None:  # everyone agreed, so that each withdrawal can be seen
                DonorFigures.objects.create(
                    user=user,
                    sex="female",
                    age_group="30-44",
                    consent=Consent.objects.create(user=user, purpose="donor-figures", text_version=1),
                )


@pytest.fixture
def scenario(member_user, other_user, organization, other_organization, staff_in_group):
    return Scenario(
        {
            ANONYMOUS: None,
            OTHER: other_user,
            OWN: member_user,
            STAFF: staff_in_group("Data protection officers"),
            WRONG_GROUP: staff_in_group("Editors"),
        }
    )


def _own_answers(s, user):
    return DonorFigures.objects.filter(user=user).values_list("age_group", flat=True).first() if user else None


def _active(s, user):
    return type(user).objects.get(pk=user.pk).is_active if user else None


EVERYONE = {kind: 200 for kind in USER_KINDS}
SIGNED_IN_GET = {ANONYMOUS: LOGIN, OTHER: 200, OWN: 200, STAFF: 200, WRONG_GROUP: 200}
SIGNED_IN_POST = {ANONYMOUS: LOGIN, OTHER: 302, OWN: 302, STAFF: 302, WRONG_GROUP: 302}

CASES = [
    Case("privacy-page", "get", lambda s: reverse("privacy:policy"), EVERYONE),
    Case("contact-removal-page", "get", lambda s: reverse("privacy:contact-removal"), EVERYONE),
    Case(
        "contact-removal",
        "post",
        lambda s: reverse("privacy:contact-removal"),
        EVERYONE,
        data=lambda s: {"name": "Mira", "email": "mira@example.org"},
        probe=lambda s, user: DataRequest.objects.count(),
        changes_for=set(USER_KINDS),
    ),
    Case("my-data", "get", lambda s: reverse("privacy:my-data"), SIGNED_IN_GET),
    Case("my-data-download", "get", lambda s: reverse("privacy:my-data-download"), SIGNED_IN_GET),
    Case("consents-page", "get", lambda s: reverse("privacy:consents"), SIGNED_IN_GET),
    Case(
        "consents-save",
        "post",
        lambda s: reverse("privacy:consents"),
        SIGNED_IN_POST,
        data=lambda s: {"sex": "male", "age_group": "65-plus", "agree": "on"},
        probe=_own_answers,
        changes_for=SIGNED_IN,
    ),
    Case(
        "consent-withdraw",
        "post",
        lambda s: reverse("privacy:consent-withdraw", args=["donor-figures"]),
        SIGNED_IN_POST,
        probe=_own_answers,
        changes_for=SIGNED_IN,
    ),
    # Without a fresh sign-in the page sends the person to confirm their password first: nothing changes.
    Case("account-delete-page", "get", lambda s: reverse("privacy:account-delete"), SIGNED_IN_POST),
    Case(
        "account-delete",
        "post",
        lambda s: reverse("privacy:account-delete"),
        SIGNED_IN_POST,
        data=lambda s: {"confirm": "on"},
        probe=_active,
        changes_for=set(),
    ),
]


@pytest.mark.parametrize(
    ("case", "user_kind"),
    [pytest.param(case, kind, id=f"{case.name}-{kind}") for case in CASES for kind in USER_KINDS],
)
def test_permission_matrix(client, scenario, case, user_kind):
    check_case(client, scenario, case, user_kind)


def test_each_person_downloads_their_own_data_only(client, member_user, other_user):
    client.force_login(member_user)

    text = client.get(reverse("privacy:my-data-download")).content.decode()

    assert member_user.email in text and other_user.email not in text


def test_erasing_an_account_needs_a_fresh_sign_in(client, member_user):
    client.force_login(member_user)
    delete = reverse("privacy:account-delete")

    assert reverse("account_reauthenticate") in client.post(delete, {"confirm": "on"}).url
    client.post(reverse("account_reauthenticate"), {"password": "correct horse battery staple"})
    response = client.post(delete, {"confirm": "on"})

    assert response.status_code == 302 and response.url == reverse("portal:home")
    member_user.refresh_from_db()
    assert not member_user.is_active
