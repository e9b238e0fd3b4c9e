"""The admin of calls goes through the editorial services: its edits are versions the site's guard sees, and
publishing or withdrawing are actions with the services' rules and e-mails."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from spona.calls.models import Call, EditorialState
from tests.admin_forms import admin_change_data
from tests.calls.factories import CallFactory

pytestmark = pytest.mark.django_db


def _admin_edit(client, call: Call, **changes):
    url = reverse("admin:calls_call_change", args=[call.pk])
    return client.post(url, {**admin_change_data(client.get(url)), **changes})


def _action(client, action: str, calls: list[Call]):
    return client.post(
        reverse("admin:calls_call_changelist"),
        {"action": action, "_selected_action": [call.pk for call in calls]},
        follow=True,
    )


def test_an_admin_edit_is_seen_by_the_stale_edit_guard_of_an_open_editor_form(client, staff_user):
    call = CallFactory(title="Poziv prije izmjene")
    client.force_login(staff_user)
    edit_url = reverse("calls:call-edit", args=[call.pk])
    opened = client.get(edit_url).context["form"]["version"].value()

    assert _admin_edit(client, call, title="Izmijenjeno u administraciji", body="**Novi** tekst").status_code == 302
    call.refresh_from_db()
    assert call.title == "Izmijenjeno u administraciji" and call.version == opened + 1
    assert "<strong>Novi</strong>" in call.body_html  # rendered by the service, as on the site

    form = client.get(edit_url).context["form"]
    data = {**{name: form[name].value() for name in form.fields if form[name].value() is not None}}
    data.update({"title": "Izmjena sa starog obrasca", "version": opened, "action": "now"})
    data["deadline"] = timezone.localtime(call.deadline).strftime("%Y-%m-%dT%H:%M")
    response = client.post(edit_url, data)
    assert "Someone else changed this item after you opened it." in response.content.decode()
    call.refresh_from_db()
    assert call.title == "Izmijenjeno u administraciji"


def test_the_admin_form_opened_before_another_change_is_refused(client, staff_user):
    call = CallFactory(title="Prvi naslov")
    client.force_login(staff_user)
    url = reverse("admin:calls_call_change", args=[call.pk])
    stale = admin_change_data(client.get(url))
    Call.objects.get(pk=call.pk).save()  # someone else saved it meanwhile

    response = client.post(url, {**stale, "title": "Sa starog obrasca"})

    assert response.status_code == 200
    assert "Someone else changed this after you opened it." in response.content.decode()
    assert Call.objects.get(pk=call.pk).title == "Prvi naslov"


def test_state_and_publication_time_are_not_edited_in_the_admin(client, staff_user):
    call = CallFactory(state=EditorialState.DRAFT, publish_at=None)
    client.force_login(staff_user)
    url = reverse("admin:calls_call_change", args=[call.pk])
    form = client.get(url).context["adminform"].form
    assert "state" not in form.fields and "publish_at" not in form.fields

    client.post(url, {**admin_change_data(client.get(url)), "state": "published", "publish_at_0": "2020-01-01"})
    call.refresh_from_db()
    assert (call.state, call.publish_at) == (EditorialState.DRAFT, None)


def test_publishing_from_the_admin_approves_submissions_and_tells_the_submitter(
    client, staff_user, member_user, organization, mail
):
    submitted = CallFactory(state=EditorialState.SUBMITTED, organization=organization, submitted_by=member_user)
    draft = CallFactory(state=EditorialState.DRAFT, publish_at=None)
    client.force_login(staff_user)

    with mail.committing():
        _action(client, "publish_now", [submitted, draft])

    submitted.refresh_from_db()
    draft.refresh_from_db()
    assert submitted.state == draft.state == EditorialState.PUBLISHED
    assert submitted.is_public() and draft.is_public()
    assert mail.recipients == [[member_user.email]]


def test_a_call_past_its_deadline_is_not_published_from_the_admin(client, staff_user):
    late = CallFactory(
        state=EditorialState.DRAFT, publish_at=None, deadline=timezone.now() - datetime.timedelta(days=1)
    )
    client.force_login(staff_user)

    response = _action(client, "publish_now", [late])

    assert "The deadline has passed" in response.content.decode()
    late.refresh_from_db()
    assert late.state == EditorialState.DRAFT


def test_withdrawing_from_the_admin(client, staff_user):
    call = CallFactory()
    client.force_login(staff_user)
    _action(client, "withdraw", [call])
    call.refresh_from_db()
    assert call.state == EditorialState.WITHDRAWN
    client.logout()
    assert client.get(call.get_absolute_url()).status_code == 410
