"""Users and their memberships in organizations."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spona.core.dates import validate_date_in_range
from spona.core.models import TimeStampedModel


class User(AbstractUser):
    """A person with an account. Staff of the center are `is_staff` users in groups."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    language = models.CharField(_("preferred language"), max_length=10, choices=settings.LANGUAGES, default="en")
    # Django's own fields, bounded like every date the admin accepts (see spona/core/dates.py).
    last_login = models.DateTimeField(_("last login"), blank=True, null=True, validators=[validate_date_in_range])
    date_joined = models.DateTimeField(_("date joined"), default=timezone.now, validators=[validate_date_in_range])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email or self.username


class Membership(TimeStampedModel):
    """A user's place in an organization. Roles leave room between values for later ones."""

    class Role(models.IntegerChoices):
        ADMIN = 100, _("administrator")
        EDITOR = 200, _("editor")

    class Status(models.TextChoices):
        REQUESTED = "requested", _("requested")
        ACTIVE = "active", _("active")
        DECLINED = "declined", _("declined")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("user")
    )
    organization = models.ForeignKey(
        "directory.Organization", on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organization")
    )
    role = models.PositiveSmallIntegerField(_("role"), choices=Role.choices, default=Role.EDITOR)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    message = models.TextField(_("message"), blank=True, help_text=_("Why the person asks to join."))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [models.UniqueConstraint(fields=["user", "organization"], name="unique_membership")]
        indexes = [models.Index(fields=["organization", "status"])]

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def is_admin(self) -> bool:
        return self.is_active and self.role == self.Role.ADMIN

    def __str__(self) -> str:
        return f"{self.user} @ {self.organization} ({self.get_role_display()})"
