"""Trainers, courses, training sessions, registrations, attendance, feedback and certificates."""

import datetime
import secrets
import zoneinfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from spona.core import seats
from spona.core.dates import validate_date_in_range
from spona.core.files import RandomName
from spona.core.models import CapacityDomain, Municipality, Region, Sector, TimeStampedModel
from spona.core.normalization import url_slug
from spona.core.seats import Seating, SeatsNotCounted
from spona.core.secret_tokens import secret_token_field
from spona.core.uploads import ImageUploadField


class TeachingLanguage(models.TextChoices):
    """Languages a training is given in (not the UI languages)."""

    BOSNIAN = "bs", _("Bosnian")
    CROATIAN = "hr", _("Croatian")
    SERBIAN = "sr", _("Serbian")
    ENGLISH = "en", _("English")
    ALBANIAN = "sq", _("Albanian")
    MACEDONIAN = "mk", _("Macedonian")
    ROMANI = "rom", _("Romani")
    SIGN = "sgn", _("Sign language")


class Audience(models.TextChoices):
    CSO = "cso", _("Civil society organizations")
    COMPANY = "company", _("Companies")
    PUBLIC = "public", _("Public institutions")
    CITIZENS = "citizens", _("Citizens")


class Trainer(TimeStampedModel):
    """A trainer or mentor of the roster. Staff may keep one without an account; once accepted, a
    trainer with an account edits their own profile."""

    class Status(models.TextChoices):
        APPLIED = "applied", _("applied")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="trainer_profile",
        verbose_name=_("account"),
    )
    name = models.CharField(_("name"), max_length=150)
    slug = models.SlugField(_("URL name"), max_length=120, editable=False)
    headline = models.CharField(
        _("headline"), max_length=200, blank=True, help_text=_("One line, such as “Trainer in fundraising”.")
    )
    biography = models.TextField(_("biography"), blank=True)
    photo = ImageUploadField(_("photo"), upload_to=RandomName("trainers"), blank=True, max_side=800)
    sectors = models.ManyToManyField(Sector, blank=True, related_name="trainers", verbose_name=_("sectoral areas"))
    domains = models.ManyToManyField(
        CapacityDomain, blank=True, related_name="trainers", verbose_name=_("capacity domains")
    )
    languages = models.JSONField(_("languages"), default=list, blank=True)
    regions = models.ManyToManyField(Region, blank=True, related_name="trainers", verbose_name=_("regions"))
    is_mentor = models.BooleanField(_("also mentors"), default=False)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("e-mail"), blank=True, help_text=_("Seen by staff only."))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.APPLIED)

    class Meta:
        verbose_name = _("trainer")
        verbose_name_plural = _("trainers")
        ordering = ["name", "pk"]
        indexes = [models.Index(fields=["status", "name"])]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.slug = url_slug(self.name)
        super().save(*args, **kwargs)

    @property
    def is_public(self) -> bool:
        return self.status == self.Status.ACCEPTED

    def get_absolute_url(self) -> str:
        return reverse("learning:trainer-detail", args=[self.pk, self.slug])

    def language_labels(self) -> list[str]:
        labels = dict(TeachingLanguage.choices)
        return [str(labels[code]) for code in self.languages if code in labels]


class Course(TimeStampedModel):
    """What is taught: a topic with its outcomes, given in one or more sessions."""

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(_("URL name"), max_length=120, editable=False)
    summary = models.CharField(_("summary"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    learning_outcomes = models.TextField(
        _("learning outcomes"), blank=True, help_text=_("One outcome per line: what participants will be able to do.")
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="courses", verbose_name=_("sectoral areas"))
    domains = models.ManyToManyField(
        CapacityDomain, blank=True, related_name="courses", verbose_name=_("capacity domains")
    )
    audiences = models.JSONField(_("audience"), default=list, blank=True)
    is_published = models.BooleanField(_("published"), default=False)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.slug = url_slug(self.title)
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("learning:course-detail", args=[self.pk, self.slug])

    def outcome_lines(self) -> list[str]:
        return [line.strip(" -•\t") for line in self.learning_outcomes.splitlines() if line.strip(" -•\t")]

    def audience_labels(self) -> list[str]:
        labels = dict(Audience.choices)
        return [str(labels[code]) for code in self.audiences if code in labels]


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("%(value)s is not a known time zone."), params={"value": value})


class TrainingSession(TimeStampedModel):
    """One run of a course: when, where, in which language, by whom, for how many."""

    class Format(models.TextChoices):
        IN_PERSON = "in-person", _("in person")
        ONLINE = "online", _("online")
        HYBRID = "hybrid", _("hybrid")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")
        CANCELLED = "cancelled", _("cancelled")

    class Currency(models.TextChoices):
        BAM = "BAM", "BAM"
        RSD = "RSD", "RSD"
        EUR = "EUR", "EUR"

    course = models.ForeignKey(Course, on_delete=models.PROTECT, related_name="sessions", verbose_name=_("course"))
    starts_at = models.DateTimeField(_("starts"), validators=[validate_date_in_range])
    ends_at = models.DateTimeField(_("ends"), validators=[validate_date_in_range])
    time_zone = models.CharField(
        _("time zone"), max_length=60, default=settings.TIME_ZONE, validators=[validate_time_zone]
    )
    format = models.CharField(_("format"), max_length=20, choices=Format.choices, default=Format.IN_PERSON)
    venue = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)
    city = models.ForeignKey(
        Municipality,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="training_sessions",
        verbose_name=_("city"),
    )
    online_url = models.URLField(
        _("online meeting link"), blank=True, help_text=_("Shown only to confirmed participants.")
    )
    language = models.CharField(
        _("language"), max_length=10, choices=TeachingLanguage.choices, default=TeachingLanguage.BOSNIAN
    )
    trainers = models.ManyToManyField(Trainer, blank=True, related_name="sessions", verbose_name=_("trainers"))
    capacity = models.PositiveIntegerField(_("seats"), validators=[MinValueValidator(1)])
    seats_per_organization = models.PositiveIntegerField(
        _("seats per organization"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Leave empty for no limit."),
    )
    registration_deadline = models.DateTimeField(
        _("registration deadline"),
        null=True,
        blank=True,
        help_text=_("Leave empty to allow it until the start."),
        validators=[validate_date_in_range],
    )
    requires_confirmation = models.BooleanField(
        _("staff confirm each registration"),
        default=False,
        help_text=_("Registrations hold a seat until staff confirm or reject them."),
    )
    fee = models.DecimalField(_("fee"), max_digits=10, decimal_places=2, default=0, validators=[MinValueValidator(0)])
    currency = models.CharField(_("currency"), max_length=3, choices=Currency.choices, default=Currency.BAM)
    attendance_required_percent = models.PositiveSmallIntegerField(
        _("attendance for a certificate (%)"),
        default=80,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
        help_text=_("Share of the days a participant must attend (present or late) to get a certificate."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("training session")
        verbose_name_plural = _("training sessions")
        ordering = ["starts_at", "pk"]
        indexes = [models.Index(fields=["status", "starts_at"])]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gte=models.F("starts_at")), name="session_ends_after_start"),
            models.CheckConstraint(
                condition=Q(registration_deadline__isnull=True) | Q(registration_deadline__lte=models.F("ends_at")),
                name="session_registration_closes_before_the_end",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.course.title} ({self.local_start:%d.%m.%Y})"

    def clean(self):
        if self.starts_at and self.ends_at and self.ends_at < self.starts_at:
            raise ValidationError({"ends_at": _("A session cannot end before it starts.")})
        if self.registration_deadline and self.starts_at and self.registration_deadline > self.ends_at:
            raise ValidationError({"registration_deadline": _("The deadline must be before the session ends.")})
        if self.format != self.Format.ONLINE and not (self.venue or self.city_id):
            raise ValidationError({"venue": _("A session in person needs a venue or a city.")})

    def get_absolute_url(self) -> str:
        return reverse("learning:session-detail", args=[self.pk, self.course.slug])

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    @property
    def local_start(self) -> datetime.datetime:
        return self.starts_at.astimezone(self.tz)

    @property
    def local_end(self) -> datetime.datetime:
        return self.ends_at.astimezone(self.tz)

    @property
    def deadline(self) -> datetime.datetime:
        return self.registration_deadline or self.starts_at

    @property
    def is_free(self) -> bool:
        return not self.fee

    @property
    def seats_left(self) -> int:
        """Free seats, from the `seats_taken` annotation (selectors.with_card_relations): never a query per row."""
        try:
            taken = self.seats_taken
        except AttributeError as error:
            raise SeatsNotCounted(f"session {self.pk} was read without seats_taken") from error
        return seats.seats_left(self.capacity, taken)

    def card_state(self, now: datetime.datetime | None = None) -> str:
        """What a card says instead of free seats once they no longer matter: cancelled, held, or closed."""
        now = now or timezone.now()
        if self.status == self.Status.CANCELLED:
            return "cancelled"
        if now >= self.ends_at:
            return "held"
        if now >= self.deadline:
            return "closed"
        return "open"

    def days(self) -> list[datetime.date]:
        """Every calendar day of the session in its own time zone, for attendance."""
        first, last = self.local_start.date(), self.local_end.date()
        return [first + datetime.timedelta(days=n) for n in range((last - first).days + 1)]

    def why_registration_is_closed(self, now: datetime.datetime | None = None) -> str | None:
        """None while people may register; else what to tell them."""
        now = now or timezone.now()
        if self.status != self.Status.PUBLISHED:
            return gettext("This session is not open for registration.")
        if now >= self.starts_at:
            return gettext("This session has already started; registration is closed.")
        if now >= self.deadline:
            return gettext("Registration closed on %(deadline)s.") % {
                "deadline": date_format(timezone.localtime(self.deadline, self.tz), "DATETIME_FORMAT")
            }
        return None

    def is_open_for_registration(self, now: datetime.datetime | None = None) -> bool:
        return self.why_registration_is_closed(now) is None


class Registration(TimeStampedModel):
    """A person's place in a session, taken for themself or by their organization's admin."""

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for confirmation")
        CONFIRMED = "confirmed", _("confirmed")
        WAITLISTED = "waitlisted", _("on the waitlist")
        CANCELLED = "cancelled", _("cancelled")
        REJECTED = "rejected", _("rejected")

    # Who holds a seat, and who is still in the running for one.
    SEAT_STATUSES = (Status.PENDING, Status.CONFIRMED)
    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.WAITLISTED)

    session = models.ForeignKey(
        TrainingSession, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("session")
    )
    participant = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="training_registrations",
        verbose_name=_("participant"),
    )
    organization = models.ForeignKey(
        "directory.Organization",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="training_registrations",
        verbose_name=_("on behalf of"),
    )
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("registered by")
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices)
    note = models.TextField(_("note"), blank=True, help_text=_("Needs or questions for the organizers."))
    waitlisted_at = models.DateTimeField(
        _("joined the waitlist"), null=True, blank=True, validators=[validate_date_in_range]
    )
    promoted_at = models.DateTimeField(
        _("promoted from the waitlist"), null=True, blank=True, validators=[validate_date_in_range]
    )
    cancelled_at = models.DateTimeField(_("cancelled"), null=True, blank=True, validators=[validate_date_in_range])
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        verbose_name=_("decided by"),
    )

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["session", "participant"],
                condition=Q(status__in=["pending", "confirmed", "waitlisted"]),
                name="one_active_registration_per_person",
            )
        ]
        indexes = [
            models.Index(fields=["session", "status"]),
            models.Index(fields=["participant", "status"]),
        ]

    def __str__(self) -> str:
        return f"{self.participant} → {self.session}"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_STATUSES

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES


# Seats and the waitlist of sessions (spona.core.seats): who holds a seat, who waits, and in what order.
SEATING = Seating(
    booking=Registration,
    offering_field="session",
    seat_statuses=Registration.SEAT_STATUSES,
    waiting_status=Registration.Status.WAITLISTED,
)


class Attendance(models.Model):
    """Whether a participant came on one day of a session."""

    class Status(models.TextChoices):
        PRESENT = "present", _("present")
        LATE = "late", _("late")
        EXCUSED = "excused", _("excused")
        ABSENT = "absent", _("absent")

    # The attendance rule counts these days as attended.
    ATTENDED = (Status.PRESENT, Status.LATE)

    registration = models.ForeignKey(
        Registration, on_delete=models.CASCADE, related_name="attendance", verbose_name=_("registration")
    )
    day = models.DateField(_("day"), validators=[validate_date_in_range])
    status = models.CharField(_("attendance"), max_length=20, choices=Status.choices)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+", verbose_name=_("marked by")
    )
    marked_at = models.DateTimeField(_("marked"), default=timezone.now, validators=[validate_date_in_range])

    class Meta:
        verbose_name = _("attendance")
        verbose_name_plural = _("attendance")
        constraints = [models.UniqueConstraint(fields=["registration", "day"], name="one_attendance_per_day")]

    def __str__(self) -> str:
        return f"{self.registration}: {self.day} {self.get_status_display()}"


def days_attended():
    """How many days each registration was attended, as an annotation of registrations (the attendance rule
    counts them): one subquery, not a query per row."""
    days = (
        Attendance.objects.filter(registration=OuterRef("pk"), status__in=Attendance.ATTENDED)
        .order_by()
        .values("registration")
        .annotate(days=Count("pk"))
        .values("days")
    )
    return Coalesce(Subquery(days, output_field=models.IntegerField()), 0)


def rating_field(label):
    return models.PositiveSmallIntegerField(label, validators=[MinValueValidator(1), MaxValueValidator(5)])


class Feedback(TimeStampedModel):
    """An attendee's ratings (1 to 5) and comments after the session."""

    RATINGS = ("overall", "content", "trainers", "organization")

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("registration")
    )
    overall = rating_field(_("overall"))
    content = rating_field(_("content and materials"))
    trainers = rating_field(_("trainers"))
    organization = rating_field(_("organization and venue"))
    comments = models.TextField(_("comments"), blank=True)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        constraints = [
            models.CheckConstraint(condition=Q(**{f"{name}__range": (1, 5)}), name=f"feedback_{name}_from_1_to_5")
            for name in ("overall", "content", "trainers", "organization")
        ]


def new_certificate_code() -> str:
    """Twelve characters a person can read out: no 0/O or 1/I."""
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    raw = "".join(secrets.choice(alphabet) for _ in range(12))
    return f"{raw[:4]}-{raw[4:8]}-{raw[8:]}"


class Certificate(TimeStampedModel):
    """Proof that a participant attended: what it says is kept as issued, so later edits of the
    course or the person do not change a certificate already handed out."""

    registration = models.OneToOneField(
        Registration, on_delete=models.PROTECT, related_name="certificate", verbose_name=_("registration")
    )
    code = models.CharField(_("code"), max_length=14, unique=True, default=new_certificate_code, editable=False)
    participant_name = models.CharField(_("participant"), max_length=150)
    organization_name = models.CharField(_("organization"), max_length=255, blank=True)
    course_title = models.CharField(_("course"), max_length=200)
    session_dates = models.CharField(_("dates"), max_length=60)
    city = models.CharField(_("place"), max_length=120, blank=True)
    trainer_names = models.CharField(_("trainers"), max_length=500, blank=True)
    attended_days = models.PositiveSmallIntegerField(_("days attended"))
    total_days = models.PositiveSmallIntegerField(_("days"))
    language = models.CharField(_("language"), max_length=10, choices=settings.LANGUAGES)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, validators=[validate_date_in_range])

    class Meta:
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")

    def __str__(self) -> str:
        return self.code

    @property
    def is_valid(self) -> bool:
        return self.revoked_at is None

    def get_absolute_url(self) -> str:
        return reverse("learning:certificate-verify", args=[self.code])


class CalendarFeed(models.Model):
    """A secret address for a person's own calendar of registrations (calendar apps cannot sign in)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="training_calendar", verbose_name=_("user")
    )
    token = secret_token_field(verbose_name=_("token"))

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)
