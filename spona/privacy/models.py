"""Consents, the answers given under them, requests about personal data, the audit of staff looking at
organizations' private data, retention periods, and warnings before an unused account is anonymized."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spona.core.dates import validate_date_in_range

DUE_DAYS = 30  # the law gives a month to answer a request about personal data


class Consent(models.Model):
    """A person's agreement to one purpose, with the version of the text they agreed to."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=60)
    text_version = models.PositiveSmallIntegerField(_("version of the text"))
    given_at = models.DateTimeField(_("given"), default=timezone.now, editable=False)
    withdrawn_at = models.DateTimeField(_("withdrawn"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "purpose"], condition=Q(withdrawn_at__isnull=True), name="privacy_one_active_consent"
            )
        ]

    def __str__(self) -> str:
        return f"{self.purpose} v{self.text_version}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None


class DonorFigures(models.Model):
    """A person's sex and age group, given only with consent and only counted: donors see totals, never a name."""

    class Sex(models.TextChoices):
        FEMALE = "female", _("female")
        MALE = "male", _("male")
        OTHER = "other", _("another answer")
        UNSAID = "unsaid", _("I'd rather not say")

    class AgeGroup(models.TextChoices):
        UNDER_18 = "under-18", _("under 18")
        FROM_18 = "18-29", _("18 to 29")
        FROM_30 = "30-44", _("30 to 44")
        FROM_45 = "45-64", _("45 to 64")
        FROM_65 = "65-plus", _("65 or older")
        UNSAID = "unsaid", _("I'd rather not say")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="donor_figures", verbose_name=_("person")
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices)
    age_group = models.CharField(_("age group"), max_length=10, choices=AgeGroup.choices)
    consent = models.ForeignKey(Consent, on_delete=models.CASCADE, related_name="+", verbose_name=_("consent"))
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("answers for donor figures")
        verbose_name_plural = _("answers for donor figures")

    def __str__(self) -> str:
        return f"{self.get_sex_display()}, {self.get_age_group_display()}"


class DataRequest(models.Model):
    """A request about personal data (access, erasure, correction, objection), answered within 30 days."""

    class Kind(models.TextChoices):
        ACCESS = "access", _("access (a copy of the data)")
        ERASURE = "erasure", _("erasure")
        CORRECTION = "correction", _("correction")
        OBJECTION = "objection", _("objection")

    class About(models.TextChoices):
        ACCOUNT = "account", _("a person with an account")
        CONTACT_PERSON = "contact-person", _("a contact person of an organization")

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        DONE = "done", _("done")
        REFUSED = "refused", _("refused")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    about = models.CharField(_("about"), max_length=20, choices=About.choices, default=About.ACCOUNT)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="data_requests",
        verbose_name=_("person"),
    )
    name = models.CharField(_("name"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    organization_name = models.CharField(_("organization"), max_length=300, blank=True)
    message = models.TextField(_("message"), blank=True, max_length=3000)
    received_at = models.DateTimeField(_("received"), default=timezone.now, validators=[validate_date_in_range])
    due_at = models.DateTimeField(_("due"), editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("handled by"),
    )
    handled_at = models.DateTimeField(_("handled"), null=True, blank=True, editable=False)
    note = models.TextField(_("what was done"), blank=True)

    class Meta:
        verbose_name = _("request about personal data")
        verbose_name_plural = _("requests about personal data")
        ordering = ["status", "due_at"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_about_display()}), {self.received_at:%Y-%m-%d}"

    def save(self, *args, **kwargs):
        if self.due_at is None:
            self.due_at = (self.received_at or timezone.now()) + datetime.timedelta(days=DUE_DAYS)
        super().save(*args, **kwargs)

    @property
    def is_overdue(self) -> bool:
        return self.status == self.Status.OPEN and self.due_at < timezone.now()


class PrivateDataView(models.Model):
    """Staff looked at an organization's private data without being one of its members."""

    class What(models.TextChoices):
        CONTACT_PEOPLE = "contact-people", _("contact people")
        MEMBERS = "members", _("members and join requests")
        HISTORY = "history", _("history of edits")
        FAIR = "fair", _("fair participation (requests, agenda, follow-up)")
        MENTORING = "mentoring", _("mentoring thread of a proposal")

    staff_user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("staff member")
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="+", verbose_name=_("organization")
    )
    what = models.CharField(_("what"), max_length=20, choices=What.choices)
    viewed_at = models.DateTimeField(_("viewed"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("staff view of private data")
        verbose_name_plural = _("staff views of private data")
        ordering = ["-viewed_at"]
        indexes = [models.Index(fields=["organization", "-viewed_at"])]

    def __str__(self) -> str:
        return f"{self.staff_user} · {self.organization} · {self.get_what_display()}"


class RetentionPeriod(models.Model):
    """How long one kind of data is kept: staff set it in the admin (0 days: never removed by age)."""

    code = models.CharField(_("code"), max_length=60, unique=True, editable=False)
    days = models.PositiveIntegerField(_("days"))

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class InactivityWarning(models.Model):
    """An unused account was told it will be anonymized; signing in again withdraws the warning."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="inactivity_warning", verbose_name=_("person")
    )
    warned_at = models.DateTimeField(_("warned"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("inactivity warning")
        verbose_name_plural = _("inactivity warnings")

    def __str__(self) -> str:
        return f"{self.user_id} warned {self.warned_at:%Y-%m-%d}"
