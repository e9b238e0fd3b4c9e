"""Background tasks shared by every app (run by `manage.py db_worker` in production)."""

from django_tasks import task


@task()
def send_email(*, email_id: int | None = None, recipients=None, subject: str = "", body: str = "") -> str:
    """Send one queued e-mail (an OutgoingEmail); queued so no request waits on the mail server.

    `recipients`, `subject` and `body` are what tasks queued before the outbox existed carry: they are
    put in the outbox first, so they are retried like any other.
    """
    from spona.core import mail  # noqa: PLC0415 (mail queues this task)

    if email_id is None:
        ids = [mail.store_message(to=address, subject=subject, body=body).pk for address in recipients or []]
    else:
        ids = [email_id]
    return ",".join(mail.deliver(email_id=pk) for pk in ids)
