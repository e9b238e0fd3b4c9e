"""Organizations of the directory, their private contacts, programs, finances and results."""

import datetime

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spona.accounts.models import Membership
from spona.core.dates import validate_date_in_range
from spona.core.files import RandomName, private_storage
from spona.core.models import LegalForm, Municipality, Sector, SustainableDevelopmentGoal, TimeStampedModel
from spona.core.normalization import url_slug
from spona.core.secret_tokens import secret_token_field
from spona.core.stale_edits import VersionedModel
from spona.core.uploads import ImageUploadField


class Organization(TimeStampedModel, VersionedModel):
    """An organization of the directory; its `version` counts its saved changes, for the stale-edit guard."""

    class Kind(models.TextChoices):
        CSO = "cso", _("Civil society organization")
        COMPANY = "company", _("Company")
        PUBLIC_INSTITUTION = "public", _("Public institution")
        LOCAL_GOVERNMENT = "local-gov", _("Local government")
        DONOR = "donor", _("Donor")
        MEDIA = "media", _("Media")

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for approval")
        PUBLISHED = "published", _("published")
        REJECTED = "rejected", _("rejected")
        ARCHIVED = "archived", _("archived")

    class Size(models.TextChoices):
        VOLUNTEERS = "volunteers", _("volunteers only")
        MICRO = "1-5", _("1 to 5 employees")
        SMALL = "6-20", _("6 to 20 employees")
        MEDIUM = "21-50", _("21 to 50 employees")
        LARGE = "51-250", _("51 to 250 employees")
        VERY_LARGE = "250+", _("more than 250 employees")

    class Completeness(models.IntegerChoices):
        INCOMPLETE = 0, _("incomplete")
        BASIC = 1, _("basic")
        PROGRAMS = 2, _("with programs")
        FINANCES = 3, _("with finances")
        RESULTS = 4, _("with results")

    name = models.CharField(_("name"), max_length=255)
    abbreviation = models.CharField(_("abbreviation"), max_length=40, blank=True)
    slug = models.SlugField(_("URL name"), max_length=120, editable=False)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.CSO)
    legal_form = models.ForeignKey(
        LegalForm, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("legal form")
    )
    registration_number = models.CharField(
        _("registration number"), max_length=60, blank=True, help_text=_("As in the official register.")
    )
    founding_year = models.PositiveSmallIntegerField(
        _("founding year"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1800), MaxValueValidator(2100)],
    )
    municipality = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
        verbose_name=_("municipality or city"),
    )
    address = models.CharField(_("address"), max_length=255, blank=True)
    postal_code = models.CharField(_("postal code"), max_length=10, blank=True)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="organizations", verbose_name=_("sectors"))
    goals = models.ManyToManyField(
        SustainableDevelopmentGoal,
        blank=True,
        related_name="organizations",
        verbose_name=_("Sustainable Development Goals"),
    )
    mission = models.TextField(_("mission"), blank=True)
    activities = models.TextField(_("activities"), blank=True)
    size = models.CharField(_("size"), max_length=20, choices=Size.choices, blank=True)
    website = models.URLField(_("website"), blank=True)
    facebook = models.URLField("Facebook", blank=True)
    instagram = models.URLField("Instagram", blank=True)
    linkedin = models.URLField("LinkedIn", blank=True)
    x = models.URLField("X (Twitter)", blank=True)
    youtube = models.URLField("YouTube", blank=True)
    email = models.EmailField(_("public e-mail"), blank=True)
    phone = models.CharField(_("public phone"), max_length=40, blank=True)
    logo = ImageUploadField(_("logo"), upload_to=RandomName("logos"), blank=True, max_side=512)

    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING, db_index=True)
    moderation_note = models.TextField(_("moderation note"), blank=True, help_text=_("Shown to the organization."))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True, validators=[validate_date_in_range])
    verified_at = models.DateTimeField(
        _("verified against the register"),
        null=True,
        blank=True,
        help_text=_("When staff last checked the profile against the official register."),
        validators=[validate_date_in_range],
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("verified by"),
    )
    confirmed_at = models.DateTimeField(
        _("last confirmed"),
        null=True,
        blank=True,
        help_text=_("When the organization or staff last confirmed the profile is up to date."),
        validators=[validate_date_in_range],
    )
    completeness = models.PositiveSmallIntegerField(
        _("completeness"), choices=Completeness.choices, default=Completeness.INCOMPLETE, editable=False
    )

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["name"]
        indexes = [
            models.Index(fields=["status", "kind"]),
            models.Index(fields=["status", "name"]),
        ]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def slug_for(name: str) -> str:
        return url_slug(name, fallback="organization")

    def save(self, *args, **kwargs):
        self.slug = self.slug_for(self.name)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("directory:organization-detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def listed_sectors(self) -> list[Sector]:
        """Its sectors: attached from memory on listings (selectors.with_listing_relations), else loaded."""
        attached = getattr(self, "sector_list", None)
        return attached if attached is not None else list(self.sectors.all())

    def is_inactive(self, *, now: datetime.datetime | None = None) -> bool:
        """Not confirmed for longer than the configured period (two years by default)."""
        now = now or timezone.now()
        last = self.confirmed_at or self.published_at or self.created_at
        if last is None:
            return False
        return now - last > datetime.timedelta(days=settings.SPONA["INACTIVE_AFTER_DAYS"])

    @property
    def social_links(self) -> list[tuple[str, str]]:
        return [
            (label, url)
            for label, url in [
                ("Facebook", self.facebook),
                ("Instagram", self.instagram),
                ("LinkedIn", self.linkedin),
                ("X", self.x),
                ("YouTube", self.youtube),
            ]
            if url
        ]


# The profile as the CSV export writes it and the import reads it, in the export's order. The coded columns
# are places and taxonomies given by their codes (or names, on import); the others are the organization's own
# fields that its members edit (relations and files apart): PLAIN_PROFILE_FIELDS.
PROFILE_COLUMNS = [
    "name",
    "abbreviation",
    "kind",
    "legal_form",
    "registration_number",
    "founding_year",
    "country",
    "region",
    "municipality",
    "address",
    "postal_code",
    "sectors",
    "goals",
    "mission",
    "activities",
    "size",
    "website",
    "email",
    "phone",
    "facebook",
    "instagram",
    "linkedin",
    "x",
    "youtube",
]
CODED_PROFILE_COLUMNS = {"legal_form", "country", "region", "municipality", "sectors", "goals"}
PLAIN_PROFILE_FIELDS = [column for column in PROFILE_COLUMNS if column not in CODED_PROFILE_COLUMNS]


class ContactPerson(models.Model):
    """A person to contact at an organization: private, seen only by its members and staff."""

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="contact_people")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact people")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class Program(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="programs")
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    start_year = models.PositiveSmallIntegerField(_("from year"), null=True, blank=True)
    end_year = models.PositiveSmallIntegerField(_("to year"), null=True, blank=True)

    class Meta:
        verbose_name = _("program")
        verbose_name_plural = _("programs")
        ordering = ["-start_year", "title"]

    def __str__(self) -> str:
        return self.title


class AnnualFinance(models.Model):
    class Currency(models.TextChoices):
        BAM = "BAM", "BAM"
        RSD = "RSD", "RSD"
        EUR = "EUR", "EUR"
        USD = "USD", "USD"

    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="finances")
    year = models.PositiveSmallIntegerField(_("year"), validators=[MinValueValidator(1900), MaxValueValidator(2100)])
    income = models.DecimalField(_("total income"), max_digits=14, decimal_places=2)
    expenditure = models.DecimalField(_("total expenditure"), max_digits=14, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.BAM)
    main_sources = models.CharField(
        _("main sources of income"),
        max_length=255,
        blank=True,
        help_text=_("For example: foreign donors 60%, local government 30%, membership fees 10%."),
    )

    class Meta:
        verbose_name = _("annual finances")
        verbose_name_plural = _("annual finances")
        ordering = ["-year"]
        constraints = [models.UniqueConstraint(fields=["organization", "year"], name="unique_finance_year")]

    def __str__(self) -> str:
        return f"{self.year}: {self.income} {self.currency}"


class Result(models.Model):
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="results")
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["-year", "title"]

    def __str__(self) -> str:
        return self.title


class OrganizationSearch(models.Model):
    """The search index entry of a published organization: a narrow row, so scans stay cheap.

    Terms are normalized stems (see spona.core.normalization) plus facet tokens such as `zkcso` or
    `zs12`, so a filtered search is one full-text query (see spona.directory.search).
    On PostgreSQL `document` is a tsvector of every term, without positions or weights, with a GIN
    index (migration 0003); the separate table `directory_search_name` holds the name's terms.
    On SQLite an FTS5 table holds the terms, and `document` holds the stems of the name only, for
    scoring matches in names.
    """

    organization = models.OneToOneField(Organization, on_delete=models.CASCADE, primary_key=True, related_name="+")
    document = SearchVectorField(null=True)
    boost = models.FloatField(default=1.0, help_text="Static rank: completeness and verification.")
    active_until = models.DateTimeField(
        help_text="After this the profile counts as inactive and sinks.", validators=[validate_date_in_range]
    )
    founding_year = models.PositiveSmallIntegerField(null=True)

    def __str__(self) -> str:
        return f"search entry of organization {self.organization_id}"


class DirectoryImport(TimeStampedModel):
    """One bulk import of organizations: the uploaded file, its progress and its report."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RUNNING = "running", _("running")
        DONE = "done", _("imported")
        REJECTED = "rejected", _("rejected: nothing imported")
        FAILED = "failed", _("failed: nothing imported")

    # Private (it holds contact people), and deleted once the import has run: see imports.run_import_job.
    file = models.FileField(_("file"), upload_to=RandomName("imports"), storage=private_storage, blank=True)
    original_name = models.CharField(_("file name"), max_length=255)
    publish = models.BooleanField(_("publish at once"), default=True)
    dry_run = models.BooleanField(_("only check, do not import"), default=False)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField(_("rows"), default=0)
    processed_rows = models.PositiveIntegerField(_("rows checked"), default=0)
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("by")
    )

    class Meta:
        verbose_name = _("import")
        verbose_name_plural = _("imports")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_status_display()})"

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.DONE, self.Status.REJECTED, self.Status.FAILED}

    @property
    def percent(self) -> int:
        return int(100 * self.processed_rows / self.total_rows) if self.total_rows else 0


class Invitation(TimeStampedModel):
    """An administrator's invitation of a colleague, by e-mail, to join the organization. The secret link
    in the e-mail is its only key: whoever opens it signs up (or signs in) and joins, until it expires or
    the organization withdraws it."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        WITHDRAWN = "withdrawn", _("withdrawn")

    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations", verbose_name=_("organization")
    )
    email = models.EmailField(_("e-mail"))
    role = models.PositiveSmallIntegerField(_("role"), choices=Membership.Role.choices, default=Membership.Role.EDITOR)
    language = models.CharField(_("language of the e-mail"), max_length=10, choices=settings.LANGUAGES)
    token = secret_token_field()
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    expires_at = models.DateTimeField(_("expires"), validators=[validate_date_in_range])
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("invited by")
    )
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("accepted by"),
    )  # fmt: skip
    answered_at = models.DateTimeField(null=True, blank=True, validators=[validate_date_in_range])

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "email"],
                condition=models.Q(status="pending"),
                name="directory_one_pending_invitation_per_address",
            )
        ]

    def __str__(self) -> str:
        return f"{self.email} → {self.organization}"

    def get_absolute_url(self) -> str:
        return reverse("directory:invitation", args=[self.token])

    def is_open(self, *, now: datetime.datetime | None = None) -> bool:
        return self.status == self.Status.PENDING and (now or timezone.now()) < self.expires_at
