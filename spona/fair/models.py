"""The Partnership Fair: editions, participants, cooperation proposals with their mentoring, meeting
requests and marks, the schedule of meetings, and what came of them."""

import datetime
import itertools
import zoneinfo
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spona.core.dates import validate_date_in_range
from spona.core.models import (
    Municipality,
    Region,
    Sector,
    SustainableDevelopmentGoal,
    TimeStampedModel,
    range_in_order,
)
from spona.core.normalization import url_slug
from spona.core.secret_tokens import secret_token_field
from spona.core.stale_edits import VersionedModel
from spona.directory.models import Organization


class SupportKind(models.TextChoices):
    """What a company gives a CSO's project."""

    MONEY = "money", _("money")
    IN_KIND = "in-kind", _("in-kind support")
    PRO_BONO = "pro-bono", _("pro bono expertise")
    VOLUNTEERING = "volunteering", _("employee volunteering")


class CompanyBenefit(models.TextChoices):
    """What a company gets from a partnership."""

    VISIBILITY = "visibility", _("visibility")
    ENGAGEMENT = "engagement", _("employee engagement")
    REPORTING = "reporting", _("material for CSR and ESG reporting")


def validate_breaks(value) -> None:
    """Breaks are [start, end] pairs of "HH:MM" times, each ending after it starts, none overlapping."""
    if not isinstance(value, list):
        raise ValidationError(_("Breaks are a list of start and end times."))
    pairs = []
    for item in value:
        try:
            start, end = (datetime.time.fromisoformat(part) for part in item)
        except (TypeError, ValueError) as error:
            raise ValidationError(_("Each break needs a start and an end time.")) from error
        if end <= start:
            raise ValidationError(_("A break ends after it starts."))
        pairs.append((start, end))
    pairs.sort()
    if any(later[0] < earlier[1] for earlier, later in itertools.pairwise(pairs)):
        raise ValidationError(_("Breaks overlap."))


class FairEdition(TimeStampedModel):
    """One fair: its day, its structure of meeting slots, tables and registration window."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("in preparation")
        PUBLISHED = "published", _("published")
        ARCHIVED = "archived", _("archived")

    class ScheduleState(models.TextChoices):
        NONE = "none", _("not yet scheduled")
        PRELIMINARY = "preliminary", _("preliminary agenda published")
        FINAL = "final", _("final agenda published")

    title = models.CharField(_("title"), max_length=200)
    slug = models.SlugField(max_length=120, editable=False)
    description = models.TextField(_("description"), blank=True)
    date = models.DateField(_("date"), validators=[validate_date_in_range])
    venue = models.CharField(_("venue"), max_length=200)
    city = models.ForeignKey(
        Municipality, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("city")
    )
    time_zone = models.CharField(_("time zone"), max_length=64, default=settings.TIME_ZONE)
    day_start = models.TimeField(_("meetings start"), default=datetime.time(10, 0))
    day_end = models.TimeField(_("meetings end"), default=datetime.time(16, 0))
    meeting_minutes = models.PositiveSmallIntegerField(
        _("meeting length (minutes)"), default=20, validators=[MinValueValidator(5), MaxValueValidator(120)]
    )
    breaks = models.JSONField(
        _("breaks"), default=list, blank=True, validators=[validate_breaks],
        help_text=_("Start and end of each break: no meetings are placed in them."),
    )  # fmt: skip
    tables = models.PositiveSmallIntegerField(_("tables"), default=20, validators=[MinValueValidator(1)])
    registration_opens = models.DateTimeField(_("registration opens"), validators=[validate_date_in_range])
    registration_closes = models.DateTimeField(_("registration closes"), validators=[validate_date_in_range])
    requests_close = models.DateTimeField(_("meeting requests close"), validators=[validate_date_in_range])
    participant_kinds = models.JSONField(
        _("who may take part"),
        default=list,
        blank=True,
        help_text=_("Kinds of organization; none means CSOs and companies."),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    schedule_state = models.CharField(
        _("agenda"), max_length=20, choices=ScheduleState.choices, default=ScheduleState.NONE
    )

    class Meta:
        verbose_name = _("fair edition")
        verbose_name_plural = _("fair editions")
        ordering = ["-date"]

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.slug = url_slug(self.title, fallback="fair")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("fair:edition-detail", kwargs={"pk": self.pk, "slug": self.slug})

    @property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)

    def slots(self) -> list[tuple[datetime.datetime, datetime.datetime]]:
        """Meeting slots of the day, in order: from the start, one meeting length after another, skipping
        breaks, until the end."""
        breaks = []
        for start, end in self.breaks or []:
            breaks.append((datetime.time.fromisoformat(start), datetime.time.fromisoformat(end)))
        result = []
        current = datetime.datetime.combine(self.date, self.day_start, tzinfo=self.tz)
        end_of_day = datetime.datetime.combine(self.date, self.day_end, tzinfo=self.tz)
        length = datetime.timedelta(minutes=self.meeting_minutes)
        while current + length <= end_of_day:
            clash = next(
                ((start, end) for start, end in breaks if current.time() < end and (current + length).time() > start),
                None,
            )
            if clash:
                current = datetime.datetime.combine(self.date, clash[1], tzinfo=self.tz)
                continue
            result.append((current, current + length))
            current += length
        return result

    def is_registration_open(self, *, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and self.registration_opens <= now < self.registration_closes

    def accepts_requests(self, *, now: datetime.datetime | None = None) -> bool:
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and now < self.requests_close

    def accepts_proposals(self, *, now: datetime.datetime | None = None) -> bool:
        """Proposals are written and sent to mentoring while registration is open or yet to open."""
        now = now or timezone.now()
        return self.status == self.Status.PUBLISHED and now < self.registration_closes

    def is_over(self, *, now: datetime.datetime | None = None) -> bool:
        return (now or timezone.now()).astimezone(self.tz).date() > self.date

    def allowed_kinds(self) -> list[str]:
        return self.participant_kinds or [Organization.Kind.CSO, Organization.Kind.COMPANY]


class FairParticipant(TimeStampedModel):
    """An organization registered for an edition: a CSO bringing proposals, or a company with its focus."""

    class Role(models.TextChoices):
        CSO = "cso", _("civil society organization")
        COMPANY = "company", _("company")

    class Status(models.TextChoices):
        REGISTERED = "registered", _("registered")
        CANCELLED = "cancelled", _("cancelled")

    edition = models.ForeignKey(FairEdition, on_delete=models.CASCADE, related_name="participants")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="fair_participations")
    role = models.CharField(_("taking part as"), max_length=20, choices=Role.choices)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.REGISTERED)
    registered_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    # A company's CSR focus (CSOs' interests come from their proposals).
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("sectors"))
    goals = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="+", verbose_name=_("Sustainable Development Goals")
    )
    regions = models.ManyToManyField(Region, blank=True, related_name="+", verbose_name=_("regions"))
    support_kinds = models.JSONField(_("support we give"), default=list, blank=True)
    budget_min_eur = models.DecimalField(
        _("budget from (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    budget_max_eur = models.DecimalField(
        _("budget up to (EUR)"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )  # fmt: skip
    focus_note = models.TextField(_("what we look for"), blank=True)
    unavailable_slots = models.JSONField(_("slots we cannot meet in"), default=list, blank=True)
    calendar_token = secret_token_field()  # the key of the agenda's calendar feed

    class Meta:
        verbose_name = _("fair participant")
        verbose_name_plural = _("fair participants")
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["edition", "organization"], name="fair_participant_once_per_edition"),
            range_in_order("budget_min_eur", "budget_max_eur", name="fair_participant_budget_in_order"),
        ]

    def __str__(self) -> str:
        return f"{self.organization} @ {self.edition}"

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.REGISTERED

    @property
    def capacity(self) -> int:
        """Meetings at once: one per representative (at least one)."""
        return max(1, self.representatives.count()) if self.role == self.Role.COMPANY else 1


class Representative(models.Model):
    """A person who sits at the table for a participant (private: the participant and staff see them)."""

    participant = models.ForeignKey(FairParticipant, on_delete=models.CASCADE, related_name="representatives")
    name = models.CharField(_("name"), max_length=150)
    position = models.CharField(_("position"), max_length=150, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)

    class Meta:
        verbose_name = _("representative")
        verbose_name_plural = _("representatives")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class Proposal(TimeStampedModel, VersionedModel):
    """A CSO's cooperation proposal, prepared with a mentor; only approved ones are in the fair's catalogue."""

    class State(models.TextChoices):
        DRAFT = "draft", _("draft")
        SUBMITTED = "submitted", _("submitted for mentoring")
        RETURNED = "returned", _("returned with comments")
        REVISED = "revised", _("revised")
        APPROVED = "approved", _("approved for the fair")
        WITHDRAWN = "withdrawn", _("withdrawn")

    edition = models.ForeignKey(FairEdition, on_delete=models.CASCADE, related_name="proposals")
    organization = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="fair_proposals")
    title = models.CharField(_("title"), max_length=200)
    problem = models.TextField(_("the problem"))
    activity = models.TextField(_("what we will do"))
    beneficiaries = models.TextField(_("who benefits"))
    asks = models.JSONField(_("what we ask of a company"), default=list)
    asks_detail = models.TextField(_("more on what we ask"), blank=True)
    offers = models.JSONField(_("what the company gets"), default=list, blank=True)
    offers_detail = models.TextField(_("more on what the company gets"), blank=True)
    budget = models.DecimalField(
        _("budget"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(Decimal(0))]
    )
    currency = models.CharField(
        _("currency"), max_length=3, default="BAM", choices=[(c, c) for c in ("BAM", "RSD", "EUR", "USD")]
    )
    budget_eur = models.DecimalField(max_digits=12, decimal_places=2, null=True, editable=False)
    duration_months = models.PositiveSmallIntegerField(
        _("duration (months)"), null=True, blank=True, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    sectors = models.ManyToManyField(Sector, blank=True, related_name="+", verbose_name=_("sectors"))
    goals = models.ManyToManyField(
        SustainableDevelopmentGoal, blank=True, related_name="+", verbose_name=_("Sustainable Development Goals")
    )
    region = models.ForeignKey(
        Region, null=True, blank=True, on_delete=models.PROTECT, related_name="+", verbose_name=_("region")
    )
    state = models.CharField(_("state"), max_length=20, choices=State.choices, default=State.DRAFT)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+",
        verbose_name=_("mentor"),
    )  # fmt: skip
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("cooperation proposal")
        verbose_name_plural = _("cooperation proposals")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("fair:proposal-detail", kwargs={"pk": self.pk})

    def ask_labels(self) -> list[str]:
        return [str(SupportKind(kind).label) for kind in self.asks if kind in SupportKind.values]

    def offer_labels(self) -> list[str]:
        return [str(CompanyBenefit(kind).label) for kind in self.offers if kind in CompanyBenefit.values]


class ProposalComment(models.Model):
    """The mentoring thread of a proposal: comments, returns with comments, and the approval."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("comment")
        SUBMITTED = "submitted", _("submitted")
        RETURNED = "returned", _("returned")
        APPROVED = "approved", _("approved")

    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(max_length=20, choices=Kind.choices, default=Kind.COMMENT)
    body = models.TextField(_("comment"), blank=True)
    created_at = models.DateTimeField(default=timezone.now, validators=[validate_date_in_range])

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.body[:40]}"


class Mark(models.Model):
    """How much one participant wants to meet another: must, would like, or no thanks (never scheduled)."""

    class Level(models.TextChoices):
        MUST = "must", _("must meet")
        LIKE = "like", _("would like to meet")
        NO = "no", _("no thanks")

    edition = models.ForeignKey(FairEdition, on_delete=models.CASCADE, related_name="+")
    source = models.ForeignKey(FairParticipant, on_delete=models.CASCADE, related_name="marks_given")
    target = models.ForeignKey(FairParticipant, on_delete=models.CASCADE, related_name="marks_received")
    level = models.CharField(max_length=10, choices=Level.choices)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source", "target"], name="fair_mark_once")]

    def __str__(self) -> str:
        return f"{self.source_id} → {self.target_id}: {self.level}"


class MeetingRequest(TimeStampedModel):
    class Status(models.TextChoices):
        PENDING = "pending", _("waiting for an answer")
        ACCEPTED = "accepted", _("accepted")
        DECLINED = "declined", _("declined")
        CANCELLED = "cancelled", _("cancelled")

    edition = models.ForeignKey(FairEdition, on_delete=models.CASCADE, related_name="requests")
    sender = models.ForeignKey(FairParticipant, on_delete=models.CASCADE, related_name="requests_sent")
    recipient = models.ForeignKey(FairParticipant, on_delete=models.CASCADE, related_name="requests_received")
    proposal = models.ForeignKey(
        Proposal, null=True, blank=True, on_delete=models.SET_NULL, related_name="requests", verbose_name=_("about")
    )
    message = models.TextField(_("message"), max_length=2000, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PENDING)
    decided_at = models.DateTimeField(null=True, blank=True, validators=[validate_date_in_range])
    # The pair, smaller participant id first: one live request per pair, whoever sent it.
    pair_low = models.PositiveIntegerField(editable=False)
    pair_high = models.PositiveIntegerField(editable=False)

    class Meta:
        verbose_name = _("meeting request")
        verbose_name_plural = _("meeting requests")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "pair_low", "pair_high"],
                condition=Q(status__in=["pending", "accepted"]),
                name="fair_one_live_request_per_pair",
            ),
            models.CheckConstraint(condition=~Q(sender=models.F("recipient")), name="fair_request_not_to_oneself"),
        ]

    def __str__(self) -> str:
        return f"{self.sender} → {self.recipient}"

    def save(self, *args, **kwargs):
        self.pair_low, self.pair_high = sorted((self.sender_id, self.recipient_id))
        super().save(*args, **kwargs)

    def other(self, participant: FairParticipant) -> FairParticipant:
        return self.recipient if participant.pk == self.sender_id else self.sender


class Meeting(models.Model):
    """An accepted request placed in a slot at a table."""

    request = models.OneToOneField(MeetingRequest, on_delete=models.CASCADE, related_name="meeting")
    edition = models.ForeignKey(FairEdition, on_delete=models.CASCADE, related_name="meetings")
    slot = models.PositiveSmallIntegerField()
    table = models.PositiveSmallIntegerField()
    locked = models.BooleanField(_("locked by staff"), default=False)
    published = models.BooleanField(default=False, editable=False)

    class Meta:
        ordering = ["slot", "table"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["edition", "slot", "table"], name="fair_one_meeting_per_slot_and_table")
        ]

    def __str__(self) -> str:
        return f"{self.request} @ {self.slot}/{self.table}"

    def times(self) -> tuple[datetime.datetime, datetime.datetime]:
        return self.edition.slots()[self.slot]


class ScheduleRun(models.Model):
    """What one run of the scheduler did: kept so staff see the figures and the reasons."""

    edition = models.ForeignKey(FairEdition, on_delete=models.CASCADE, related_name="schedule_runs")
    created_at = models.DateTimeField(default=timezone.now, validators=[validate_date_in_range])
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")
    mode = models.CharField(max_length=20)
    allow_moves = models.BooleanField(default=False)
    requests = models.PositiveIntegerField()
    placed = models.PositiveIntegerField()
    placed_weight = models.PositiveIntegerField()
    upper_bound = models.FloatField()
    status = models.CharField(max_length=20)
    wall_time = models.FloatField()
    gaps = models.PositiveIntegerField(default=0)
    moved = models.PositiveIntegerField(default=0)
    unplaced = models.JSONField(default=dict)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("scheduler run")
        verbose_name_plural = _("scheduler runs")

    def __str__(self) -> str:
        return f"{self.edition}: {self.placed}/{self.requests}"

    @property
    def share_of_bound(self) -> float:
        return 100.0 * self.placed_weight / self.upper_bound if self.upper_bound else 100.0


class MeetingOutcome(models.Model):
    """What one side says came of a meeting, after the fair and again six months later."""

    class Outcome(models.TextChoices):
        NO_CONTACT = "none", _("no further contact")
        VALUABLE = "valuable", _("a valuable contact")
        NEGOTIATING = "negotiating", _("negotiation started")
        AGREED = "agreed", _("partnership agreed")

    class Survey(models.TextChoices):
        AFTER_FAIR = "after", _("after the fair")
        SIX_MONTHS = "six-months", _("six months later")

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="outcomes")
    participant = models.ForeignKey(FairParticipant, on_delete=models.CASCADE, related_name="outcomes")
    survey = models.CharField(max_length=20, choices=Survey.choices, default=Survey.AFTER_FAIR)
    held = models.BooleanField(_("the meeting took place"), default=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    note = models.TextField(_("private note"), blank=True)
    recorded_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["meeting", "participant", "survey"], name="fair_outcome_once_per_survey")
        ]

    def __str__(self) -> str:
        return f"{self.meeting_id}: {self.outcome}"


class SurveyInvitation(models.Model):
    """That a survey's e-mail went to a participant (each once)."""

    participant = models.ForeignKey(FairParticipant, on_delete=models.CASCADE, related_name="+")
    survey = models.CharField(max_length=20, choices=MeetingOutcome.Survey.choices)
    sent_at = models.DateTimeField(default=timezone.now, validators=[validate_date_in_range])

    class Meta:
        constraints = [models.UniqueConstraint(fields=["participant", "survey"], name="fair_survey_once")]

    def __str__(self) -> str:
        return f"{self.participant_id}: {self.survey}"


class Partnership(TimeStampedModel):
    """A partnership agreed at or after a fair; shown on both profiles once both organizations agree."""

    edition = models.ForeignKey(FairEdition, on_delete=models.CASCADE, related_name="partnerships")
    cso = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("organization"))
    company = models.ForeignKey(Organization, on_delete=models.CASCADE, related_name="+", verbose_name=_("company"))
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    kind = models.CharField(_("kind of support"), max_length=20, choices=SupportKind.choices)
    value = models.DecimalField(_("value"), max_digits=12, decimal_places=2, null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3, default="BAM")
    duration_months = models.PositiveSmallIntegerField(_("duration (months)"), null=True, blank=True)
    description = models.TextField(_("what it is"), blank=True)
    cso_agrees_to_show = models.BooleanField(_("the organization agrees to show it"), default=False)
    company_agrees_to_show = models.BooleanField(_("the company agrees to show it"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-created_at"]
        constraints = [models.CheckConstraint(condition=~Q(cso=models.F("company")), name="fair_partnership_of_two")]

    def __str__(self) -> str:
        return f"{self.cso} + {self.company}"

    @property
    def is_public(self) -> bool:
        return self.cso_agrees_to_show and self.company_agrees_to_show
