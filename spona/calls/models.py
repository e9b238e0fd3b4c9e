"""Project calls (funding opportunities), news posts, saved searches with their alerts."""

import datetime
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spona.core.dates import validate_date_in_range
from spona.core.files import RandomName, private_storage
from spona.core.models import LegalForm, Region, Sector, TimeStampedModel, range_in_order
from spona.core.normalization import url_slug
from spona.core.reference_cache import country_names
from spona.core.secret_tokens import secret_token_field
from spona.core.stale_edits import VersionedModel
from spona.core.uploads import ImageUploadField
from spona.directory.models import Organization


class Currency(models.TextChoices):
    BAM = "BAM", "BAM (KM)"
    RSD = "RSD", "RSD"
    EUR = "EUR", "EUR (€)"
    USD = "USD", "USD ($)"


class EditorialState(models.TextChoices):
    """Where an item is in the editorial workflow. A published item is public from `publish_at` on."""

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("waiting for approval")
    PUBLISHED = "published", _("published")
    REJECTED = "rejected", _("returned")
    WITHDRAWN = "withdrawn", _("withdrawn")


class EditorialItem(TimeStampedModel, VersionedModel):
    """What calls and news share: the workflow, who submitted it, a stable URL, and a version for the stale-edit
    guard (spona.core.stale_edits)."""

    title = models.CharField(_("title"), max_length=255)
    slug = models.SlugField(_("URL name"), max_length=120, editable=False)
    body = models.TextField(
        _("text"), blank=True, help_text=_("Markdown: **bold**, *italic*, [links](https://…), lists.")
    )
    body_html = models.TextField(editable=False, blank=True)
    state = models.CharField(
        _("state"), max_length=20, choices=EditorialState.choices, default=EditorialState.DRAFT, db_index=True
    )
    publish_at = models.DateTimeField(
        _("published from"),
        null=True,
        blank=True,
        help_text=_("A time in the future schedules the publication."),
        validators=[validate_date_in_range],
    )
    organization = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted for"),
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    moderation_note = models.TextField(_("note from the editors"), blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.slug = url_slug(self.title)
        super().save(*args, **kwargs)

    def is_public(self, *, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.state == EditorialState.PUBLISHED and self.publish_at is not None and self.publish_at <= now

    def is_scheduled(self, *, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.state == EditorialState.PUBLISHED and self.publish_at is not None and self.publish_at > now


class Call(EditorialItem):
    """A project call: who funds it, who may apply, how much, and until when."""

    class Status(models.TextChoices):
        OPEN = "open", _("open")
        CLOSING_SOON = "closing", _("closing soon")
        CLOSED = "closed", _("closed")

    funder = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="funded_calls",
        verbose_name=_("funder in the directory"),
        limit_choices_to={"kind": "donor"},
    )
    funder_name = models.CharField(
        _("funder"), max_length=255, blank=True, help_text=_("When the funder is not in the directory.")
    )
    summary = models.TextField(_("summary"), max_length=1000)
    applicant_kinds = models.JSONField(
        _("who may apply"), default=list, blank=True, help_text=_("Kinds of organization; none means any.")
    )
    legal_forms = models.ManyToManyField(LegalForm, blank=True, related_name="+", verbose_name=_("legal forms"))
    sectors = models.ManyToManyField(Sector, blank=True, related_name="calls", verbose_name=_("sectors"))
    countries = models.JSONField(_("countries"), default=list, blank=True, help_text=_("ISO codes; none means any."))
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("regions"))
    min_organization_age = models.PositiveSmallIntegerField(
        _("minimum age of the organization (years)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    amount_min = models.DecimalField(
        _("smallest grant"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    amount_max = models.DecimalField(
        _("largest grant"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.BAM)
    # The smallest and largest grant in euros, for filters and alerts across currencies.
    amount_min_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, editable=False)
    amount_max_eur = models.DecimalField(max_digits=14, decimal_places=2, null=True, editable=False)
    cofinancing_percent = models.PositiveSmallIntegerField(
        _("co-financing required (%)"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    cofinancing_note = models.CharField(_("about co-financing"), max_length=255, blank=True)
    deadline = models.DateTimeField(_("deadline"), db_index=True, validators=[validate_date_in_range])
    time_zone = models.CharField(_("time zone of the deadline"), max_length=64, default=settings.TIME_ZONE)

    class Meta:
        verbose_name = _("call")
        verbose_name_plural = _("calls")
        ordering = ["deadline", "pk"]
        # With publish_at, counting open or closed calls reads the index alone.
        indexes = [models.Index(fields=["state", "deadline", "publish_at"], name="calls_call_state_deadline")]
        constraints = [range_in_order("amount_min", "amount_max", name="calls_call_amounts_in_order")]

    def get_absolute_url(self) -> str:
        return reverse("calls:call-detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def funder_display(self) -> str:
        return self.funder.name if self.funder_id else self.funder_name

    def applicant_kind_labels(self) -> list[str]:
        return [str(Organization.Kind(kind).label) for kind in self.applicant_kinds if kind in Organization.Kind.values]

    def country_names(self) -> list[str]:
        return country_names(self.countries)

    def local_deadline(self) -> datetime.datetime:
        return timezone.localtime(self.deadline, zoneinfo.ZoneInfo(self.time_zone))

    def status(self, *, now: datetime.datetime | None = None) -> str:
        now = now or timezone.now()
        if self.deadline <= now:
            return self.Status.CLOSED
        if self.deadline <= now + datetime.timedelta(days=settings.SPONA["CALL_CLOSING_SOON_DAYS"]):
            return self.Status.CLOSING_SOON
        return self.Status.OPEN

    def status_label(self) -> str:
        return self.Status(self.status()).label

    def days_left(self, *, now: datetime.datetime | None = None) -> int:
        return max((self.deadline - (now or timezone.now())).days, 0)


class CallLink(models.Model):
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="links")
    title = models.CharField(_("link text"), max_length=200)
    url = models.URLField(_("address"), max_length=500)

    class Meta:
        verbose_name = _("link")
        verbose_name_plural = _("links")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title


CONTENT_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


class CallAttachment(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"

    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="attachments")
    title = models.CharField(_("title"), max_length=200)
    # Stored privately under a random name: the download view checks that the call may be seen.
    file = models.FileField(_("file"), upload_to=RandomName("calls"), storage=private_storage)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    kind = models.CharField(max_length=10, choices=Kind.choices, editable=False)
    size = models.PositiveIntegerField(editable=False)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def download_name(self) -> str:
        """The name it was uploaded with, ending in its real type."""
        stem = self.original_name.rsplit(".", 1)[0] if self.original_name else self.title
        return f"{stem.strip() or 'attachment'}.{self.kind}"

    @property
    def content_type(self) -> str:
        return CONTENT_TYPES[self.kind]


class Tag(models.Model):
    name = models.CharField(_("name"), max_length=60, unique=True)
    slug = models.SlugField(_("code"), max_length=60, unique=True)

    class Meta:
        verbose_name = _("tag")
        verbose_name_plural = _("tags")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class NewsPost(EditorialItem):
    lead = models.TextField(_("lead"), max_length=600)
    image = ImageUploadField(
        _("image"), upload_to=RandomName("news"), blank=True, max_side=1600, max_bytes_setting="NEWS_IMAGE_MAX_BYTES"
    )
    image_alt = models.CharField(
        _("image description"), max_length=255, blank=True, help_text=_("What the image shows, for screen readers.")
    )
    tags = models.ManyToManyField(Tag, blank=True, related_name="posts", verbose_name=_("tags"))
    sectors = models.ManyToManyField(Sector, blank=True, related_name="news_posts", verbose_name=_("sectors"))

    class Meta:
        verbose_name = _("news post")
        verbose_name_plural = _("news posts")
        ordering = ["-publish_at", "-pk"]
        # The list's order with the key in it: pages and counts read this index alone.
        indexes = [models.Index(fields=["state", "-publish_at", "-id"], name="calls_news_state_published")]

    def get_absolute_url(self) -> str:
        return reverse("calls:news-detail", kwargs={"pk": self.pk, "slug": self.slug})


class SavedSearch(TimeStampedModel):
    """A search of calls a user keeps, with how often to be told of new calls that match it."""

    class Frequency(models.TextChoices):
        IMMEDIATE = "immediate", _("as soon as a call is published")
        DAILY = "daily", _("once a day")
        WEEKLY = "weekly", _("once a week")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="saved_searches")
    name = models.CharField(_("name"), max_length=120)
    keywords = models.CharField(_("words"), max_length=200, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("sectors"))
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("regions"))
    amount_min_eur = models.DecimalField(
        _("grant at least (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    amount_max_eur = models.DecimalField(
        _("grant at most (EUR)"), max_digits=14, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    frequency = models.CharField(_("e-mail"), max_length=20, choices=Frequency.choices, default=Frequency.DAILY)
    is_active = models.BooleanField(_("send e-mails"), default=True)
    token = secret_token_field()  # the key of the unsubscribe link
    # Calls published up to this time have been considered for this search.
    checked_until = models.DateTimeField(editable=False)
    last_sent_at = models.DateTimeField(null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["is_active", "frequency", "checked_until"], name="calls_saved_due")]
        constraints = [range_in_order("amount_min_eur", "amount_max_eur", name="calls_saved_search_amounts_in_order")]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        if self.checked_until is None:
            self.checked_until = timezone.now()
        super().save(*args, **kwargs)

    def get_unsubscribe_url(self) -> str:
        return reverse("calls:alert-unsubscribe", kwargs={"token": self.token})


class AlertDigest(models.Model):
    """One alert e-mail, written in the same transaction as the deliveries it announces (an outbox): a
    crash after the write sends it on the next run, a crash before leaves nothing to send twice."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    saved_search = models.ForeignKey(SavedSearch, null=True, on_delete=models.SET_NULL, related_name="digests")
    created_at = models.DateTimeField(default=timezone.now, validators=[validate_date_in_range])
    sent_at = models.DateTimeField(null=True, blank=True, validators=[validate_date_in_range])
    # When a sender took it (see calls.alerts.send_outbox); cleared once it is sent or handed back.
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    recipient = models.EmailField()
    subject = models.CharField(max_length=255)
    body = models.TextField()

    class Meta:
        verbose_name = _("alert e-mail")
        verbose_name_plural = _("alert e-mails")
        # The unsent e-mails alone, in the order they are sent. An index of every row by `sent_at` would keep
        # an entry for the unsent version of each sent e-mail until VACUUM, and the sender would wade
        # through them.
        indexes = [models.Index(fields=["id"], condition=Q(sent_at__isnull=True), name="calls_digest_unsent")]

    def __str__(self) -> str:
        return self.subject


class AlertDelivery(models.Model):
    """A call a user was told of: each call reaches each user once, whichever of their searches found it."""

    # A daily run writes hundreds of thousands of these, and the database would check each foreign key of
    # each row at commit. The call and the e-mail are the run's own (read and written in the same
    # transaction), so only the user, whose account may go meanwhile, is checked. Deleting a call or an
    # e-mail still deletes its deliveries (Django cascades).
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    digest = models.ForeignKey(AlertDigest, on_delete=models.CASCADE, related_name="deliveries", db_constraint=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "call"], name="calls_alert_once_per_user")]

    def __str__(self) -> str:
        return f"{self.user_id} ← {self.call_id}"


class CallDismissal(models.Model):
    """A call a user marked "not relevant": it no longer appears in their alerts or their matches."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    call = models.ForeignKey(Call, on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "call"], name="calls_dismissed_once")]

    def __str__(self) -> str:
        return f"{self.user_id} ✕ {self.call_id}"
