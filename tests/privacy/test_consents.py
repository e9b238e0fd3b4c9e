"""Consents: recorded with their text's version and time, seen on one page, withdrawn at once."""

import pytest
from django.urls import reverse

from spona.privacy import services
from spona.privacy.models import Consent, DonorFigures
from spona.privacy.registry import ConsentPurpose, registry
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_answers_are_saved_with_a_consent_and_removed_when_it_is_withdrawn(client, member_user):
    client.force_login(member_user)

    refused = client.post(reverse("privacy:consents"), {"sex": "female", "age_group": "30-44"})
    assert refused.status_code == 400 and not DonorFigures.objects.exists()  # no answers without the consent

    client.post(reverse("privacy:consents"), {"sex": "female", "age_group": "30-44", "agree": "on"})
    consent = Consent.objects.get(user=member_user, purpose="donor-figures")
    assert consent.text_version == registry.consents["donor-figures"].version and consent.is_active
    assert DonorFigures.objects.get(user=member_user).age_group == "30-44"
    page = client.get(reverse("privacy:consents")).content.decode()
    assert "Withdraw this consent" in page

    client.post(reverse("privacy:consent-withdraw", args=["donor-figures"]))

    consent.refresh_from_db()
    assert consent.withdrawn_at is not None
    assert not DonorFigures.objects.filter(user=member_user).exists()
    assert "You have not agreed to this." in client.get(reverse("privacy:consents")).content.decode()


def test_a_new_version_of_the_text_asks_again(member_user, monkeypatch):
    services.give_consent(user=member_user, purpose="donor-figures")
    declared = registry.consents["donor-figures"]
    monkeypatch.setitem(
        registry.consents,
        "donor-figures",
        ConsentPurpose(
            code=declared.code, title=declared.title, text="Nov tekst.", version=2, withdraw=declared.withdraw
        ),
    )

    assert services.active_consent(member_user, "donor-figures") is None
    renewed = services.give_consent(user=member_user, purpose="donor-figures")

    assert renewed.text_version == 2
    assert Consent.objects.filter(user=member_user, withdrawn_at__isnull=True).count() == 1


def test_one_persons_withdrawal_touches_nobody_elses_answers(member_user):
    other = UserFactory()
    services.save_donor_figures(user=member_user, sex="male", age_group="18-29")
    services.save_donor_figures(user=other, sex="female", age_group="45-64")

    services.withdraw_consent(user=member_user, purpose="donor-figures")

    assert list(DonorFigures.objects.values_list("user", flat=True)) == [other.pk]


@pytest.mark.parametrize("purpose", ["no-such-purpose", "x" * 300])
def test_an_unknown_purpose_is_not_found(client, member_user, purpose):
    client.force_login(member_user)

    assert client.post(f"/en/me/consents/{purpose}/withdraw/").status_code == 404
