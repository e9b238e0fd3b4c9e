"""The daily retention run: each rule removes what is older than the period staff set for it."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone

from spona.accounts.models import Membership
from spona.calls.models import AlertDigest
from spona.core.mail import store_message
from spona.core.models import OutgoingEmail
from spona.privacy import services
from spona.privacy.models import DataRequest, InactivityWarning, RetentionPeriod
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory

pytestmark = pytest.mark.django_db

NOW = timezone.now()


def _days_ago(days: int) -> datetime.datetime:
    return NOW - datetime.timedelta(days=days)


def test_alert_and_sent_e_mails_older_than_a_year_are_deleted(member_user):
    old = AlertDigest.objects.create(user=member_user, recipient="a@example.org", subject="Staro", body="x")
    AlertDigest.objects.filter(pk=old.pk).update(created_at=_days_ago(400))
    AlertDigest.objects.create(user=member_user, recipient="a@example.org", subject="Novo", body="x")
    sent = store_message(to="a@example.org", subject="Staro", body="x")
    failing = store_message(to="b@example.org", subject="Čeka", body="x")
    OutgoingEmail.objects.filter(pk=sent.pk).update(status=OutgoingEmail.Status.SENT, created_at=_days_ago(400))
    OutgoingEmail.objects.filter(pk=failing.pk).update(status=OutgoingEmail.Status.FAILED, created_at=_days_ago(400))

    done = services.apply_retention(now=NOW)

    assert (done["alert-emails"], done["sent-emails"]) == (1, 1)
    assert list(AlertDigest.objects.values_list("subject", flat=True)) == ["Novo"]
    assert list(OutgoingEmail.objects.values_list("subject", flat=True)) == ["Čeka"]  # still to be tried


def test_staff_set_the_periods_in_one_place_and_zero_turns_a_rule_off(member_user):
    services.ensure_retention_periods()
    RetentionPeriod.objects.filter(code="alert-emails").update(days=0)
    old = AlertDigest.objects.create(user=member_user, recipient="a@example.org", subject="Staro", body="x")
    AlertDigest.objects.filter(pk=old.pk).update(created_at=_days_ago(4000))

    assert services.apply_retention(now=NOW)["alert-emails"] == 0
    assert AlertDigest.objects.exists()
    assert set(RetentionPeriod.objects.values_list("code", flat=True)) >= {
        "alert-emails", "sent-emails", "failed-import-files", "unused-accounts-warned", "unused-accounts-anonymized",
    }  # fmt: skip


def test_an_unused_account_is_warned_then_anonymized_unless_its_person_signs_in(mail):
    sleeping = UserFactory(email="spava@example.org", full_name="Dugo Spava")
    returning = UserFactory(email="vraca@example.org")
    for user in (sleeping, returning):
        type(user).objects.filter(pk=user.pk).update(last_login=_days_ago(4 * 365))
    staff = UserFactory(is_staff=True)
    type(staff).objects.filter(pk=staff.pk).update(last_login=_days_ago(4 * 365))

    with mail.committing():
        services.apply_retention(now=NOW)
    assert set(InactivityWarning.objects.values_list("user__email", flat=True)) == {
        "spava@example.org",
        "vraca@example.org",
    }
    assert {message.to[0] for message in mail.outbox} == {"spava@example.org", "vraca@example.org"}

    type(returning).objects.filter(pk=returning.pk).update(last_login=NOW + datetime.timedelta(days=1))
    services.apply_retention(now=NOW + datetime.timedelta(days=31))

    sleeping.refresh_from_db()
    returning.refresh_from_db()
    assert not sleeping.is_active and sleeping.email == "" and sleeping.full_name == ""
    assert returning.is_active and not InactivityWarning.objects.filter(user=returning).exists()
    assert staff.is_active  # staff are not the public's accounts
    note = DataRequest.objects.get(kind=DataRequest.Kind.ERASURE).note
    assert "unused" in note


def test_the_last_administrator_of_an_organization_with_members_is_left_to_staff():
    admin = UserFactory()
    organization = OrganizationFactory()
    MembershipFactory(user=admin, organization=organization)
    MembershipFactory(organization=organization, role=Membership.Role.EDITOR)
    type(admin).objects.filter(pk=admin.pk).update(last_login=_days_ago(4 * 365))

    services.apply_retention(now=NOW)
    services.apply_retention(now=NOW + datetime.timedelta(days=31))

    admin.refresh_from_db()
    assert admin.is_active


def test_the_command_reports_each_rule(capsys):
    call_command("apply_retention")

    out = capsys.readouterr().out
    assert "alert-emails: 0" in out and "unused-accounts-warned: 0" in out
