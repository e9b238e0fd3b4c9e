"""The outbox: e-mails rendered as plain text, sent by the worker, tried again when the mail server fails,
and shown to staff (spona/core/mail.py)."""

import datetime

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from spona.calls import services as call_services
from spona.calls.models import Call
from spona.core import mail as outbox
from spona.core.models import OutgoingEmail
from spona.core.tasks import send_email

pytestmark = pytest.mark.django_db

REFUSING = "tests.mail_backends.RefusingBackend"


def test_a_plain_text_e_mail_shows_what_was_typed_not_html_entities(member_user, organization, staff_user, mail):
    with mail.committing():
        call_services.save_item(
            item=Call(),
            user=member_user,
            fields={
                "title": 'Women\'s "Rights" & Co <3',
                "funder_name": "Fondacija",
                "summary": "Podrška.",
                "body": "Tekst.",
                "deadline": timezone.now() + datetime.timedelta(days=20),
                "currency": "BAM",
                "organization": organization,
            },
            publish="submit",
        )

    (message,) = mail.outbox
    assert 'Women\'s "Rights" & Co <3' in message.subject
    assert 'Women\'s "Rights" & Co <3' in message.body
    assert "&#x27;" not in message.body and "&quot;" not in message.body and "&amp;" not in message.body
    assert OutgoingEmail.objects.get().status == OutgoingEmail.Status.SENT


def test_a_refused_e_mail_is_kept_and_sent_on_a_later_try(settings, mail):
    settings.EMAIL_BACKEND = REFUSING
    start = timezone.now()
    with mail.committing():
        outbox.queue_message(to="ana@example.org", subject="Potvrda", body="Vaše mjesto je potvrđeno.")

    email = OutgoingEmail.objects.get()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.FAILED, 1)
    assert "SMTPServerDisconnected" in email.last_error
    assert (
        start + datetime.timedelta(minutes=5) <= email.next_attempt_at <= timezone.now() + datetime.timedelta(minutes=5)
    )
    assert mail.outbox == []

    assert outbox.send_due_emails() == {}  # not yet due
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    assert outbox.send_due_emails(now=timezone.now() + datetime.timedelta(minutes=6)) == {"sent": 1}

    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.SENT, 2)
    assert [message.subject for message in mail.outbox] == ["Potvrda"]


def test_after_the_last_try_staff_see_the_e_mail_as_given_up(settings):
    settings.EMAIL_BACKEND = REFUSING
    email = outbox.store_message(to="ana@example.org", subject="Podsjetnik", body="Sutra.")
    now = timezone.now()
    outbox.deliver(email_id=email.pk, now=now)
    for wait in outbox.RETRY_AFTER:
        now += wait
        outbox.send_due_emails(now=now)

    email.refresh_from_db()
    assert (email.status, email.attempts) == (OutgoingEmail.Status.GAVE_UP, len(outbox.RETRY_AFTER))
    assert email.next_attempt_at is None
    assert outbox.send_due_emails(now=now + datetime.timedelta(days=7)) == {}


def test_an_e_mail_whose_sender_died_or_whose_task_was_lost_is_sent_again(mail):
    stuck = outbox.store_message(to="a@example.org", subject="Zapelo", body="x")
    OutgoingEmail.objects.filter(pk=stuck.pk).update(
        status=OutgoingEmail.Status.SENDING, attempts=1, next_attempt_at=timezone.now() + outbox.STUCK_AFTER
    )
    lost = outbox.store_message(to="b@example.org", subject="Izgubljeno", body="y")

    assert outbox.send_due_emails() == {}
    assert outbox.send_due_emails(now=timezone.now() + datetime.timedelta(minutes=16)) == {"sent": 2}
    assert sorted(message.subject for message in mail.outbox) == ["Izgubljeno", "Zapelo"]
    assert OutgoingEmail.objects.get(pk=lost.pk).attempts == 1


def test_an_e_mail_is_sent_once_however_often_its_task_runs(mail):
    email = outbox.store_message(to="a@example.org", subject="Jednom", body="x")

    send_email.call(email_id=email.pk)
    send_email.call(email_id=email.pk)

    assert len(mail.outbox) == 1


def test_a_line_break_in_a_subject_never_reaches_the_headers(mail):
    with mail.committing():
        outbox.queue_message(to="a@example.org", subject="Naslov\r\nBcc: x@example.org", body="x")

    (message,) = mail.outbox
    assert message.subject == "Naslov Bcc: x@example.org" and message.bcc == []


def test_tasks_queued_before_the_outbox_are_sent_through_it(mail):
    send_email.call(recipients=["a@example.org", "b@example.org"], subject="Staro", body="x")

    assert sorted(message.to[0] for message in mail.outbox) == ["a@example.org", "b@example.org"]
    assert OutgoingEmail.objects.filter(status=OutgoingEmail.Status.SENT).count() == 2


def test_the_command_reports_what_it_sent(capsys):
    call_command("send_due_emails")

    assert capsys.readouterr().out.strip() == "No e-mail is due."


def test_site_operators_see_the_outbox_and_send_an_e_mail_again(client, staff_in_group, settings, mail):
    settings.EMAIL_BACKEND = REFUSING
    email = outbox.store_message(to="ana@example.org", subject="Ne prolazi", body="x")
    outbox.deliver(email_id=email.pk)
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    changelist = reverse("admin:core_outgoingemail_changelist")

    client.force_login(staff_in_group("Editors"))
    assert client.get(changelist).status_code == 403
    client.force_login(staff_in_group("Site operators"))
    assert "Ne prolazi" in client.get(f"{changelist}?status=failed").content.decode()
    with mail.committing():
        response = client.post(changelist, {"action": "send_again", "_selected_action": [email.pk]})

    assert response.status_code == 302
    email.refresh_from_db()
    assert email.status == OutgoingEmail.Status.SENT
    assert [message.subject for message in mail.outbox] == ["Ne prolazi"]


def test_sign_up_confirmations_go_through_the_outbox(client, mail):
    with mail.committing():
        client.post(
            "/bs/accounts/signup/",
            {"email": "nova@example.org", "password1": "dugacka-lozinka-2026", "password2": "dugacka-lozinka-2026"},
        )

    email = OutgoingEmail.objects.get(to="nova@example.org")
    assert email.kind == "account/email/email_confirmation_signup"
    assert email.status == OutgoingEmail.Status.SENT
    assert mail.outbox[0].to == ["nova@example.org"]
