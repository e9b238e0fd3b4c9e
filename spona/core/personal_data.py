"""What the outbox keeps about a person (see spona/privacy/registry.py): the e-mails sent to them."""

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_tasks_db.models import DBTaskResult

from spona.core.models import OutgoingEmail
from spona.privacy.registry import Category, Holding, RetentionRule, older_than, registry, values

registry.category(
    Category(
        key="e-mails",
        title=_("E-mails we send you"),
        what=_("Every e-mail the site sends you: to which address, its subject and text, when it was sent."),
        why=_("To send it, to try again when the mail server fails, and to answer when you ask what we sent."),
        who=_("You, and the center's staff who look after the site's e-mail."),
        kept=_("For a year."),
        order=80,
    )
)


def _emails_about(user):
    """The e-mails sent to the person, and those that named them to someone else (a colleague, staff)."""
    about = Q(to__iexact=user.email) if user.email else Q(pk__in=[])
    for value in filter(None, [user.email, user.full_name]):
        about |= Q(subject__icontains=value) | Q(body__icontains=value)
    return OutgoingEmail.objects.filter(about)


registry.holding(
    Holding(
        model=OutgoingEmail,
        category="e-mails",
        title=_("E-mails sent to you"),
        rows=lambda user: (
            OutgoingEmail.objects.filter(to__iexact=user.email) if user.email else OutgoingEmail.objects.none()
        ),
        export=lambda email: values(email, "to", "subject", "body", "status", "created_at", "sent_at"),
        erase=lambda user: _emails_about(user).delete(),
    )
)
registry.declare_not_personal(DBTaskResult, "the task worker's record of runs: e-mail tasks carry an outbox id only")


def _forget_old_emails(*, days: int, now) -> int:
    finished = [OutgoingEmail.Status.SENT, OutgoingEmail.Status.GAVE_UP]
    deleted, _by_model = OutgoingEmail.objects.filter(
        status__in=finished, created_at__lt=older_than(days, now)
    ).delete()
    return deleted


registry.retention_rule(
    RetentionRule(
        code="sent-emails",
        title=_("E-mails the site sent are deleted from its outbox after"),
        default_days=365,
        apply=_forget_old_emails,
    )
)
