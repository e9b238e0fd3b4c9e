"""Background tasks shared by every app (run by `manage.py db_worker` in production)."""

from django.core.mail import send_mail
from django_tasks import task


@task()
def send_email(*, recipients: list[str], subject: str, body: str) -> int:
    """Send one already-rendered e-mail; queued so no request waits on the mail server."""
    return send_mail(subject=subject, message=body, from_email=None, recipient_list=recipients)
