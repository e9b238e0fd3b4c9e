"""Organizational capacity assessment frameworks: versioned reference data (domains, sub-areas, a 1-4 scale
with a descriptor for each level), in every UI language. A published version is frozen; changes make a new
version, so every assessment keeps the version it used."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from spona.core.dates import validate_date_in_range
from spona.core.models import CapacityDomain, TimeStampedModel, in_current_language
from spona.core.transliteration import transliterate

LOWEST_SCORE, HIGHEST_SCORE = 1, 4
SCORES = range(LOWEST_SCORE, HIGHEST_SCORE + 1)


def _texts(label: str, *, long: bool = False) -> dict[str, models.Field]:
    """The columns of one text in each language (Serbian Cyrillic is derived from Serbian Latin on save)."""

    def column(language, blank: bool) -> models.Field:
        verbose = format_lazy("{} ({})", label, language)
        if long:
            return models.TextField(verbose, blank=blank)
        return models.CharField(verbose, max_length=255, blank=blank)

    return {
        "en": column(_("English"), False),
        "bs": column(_("Bosnian"), True),
        "sr_latn": column(_("Serbian, Latin"), True),
        "sr_cyrl": column(_("Serbian, Cyrillic"), True),
    }


class Multilingual(models.Model):
    """Content written in each UI language: the texts TEXT_FIELDS lists, each in four columns."""

    TEXT_FIELDS: tuple[str, ...] = ()

    class Meta:
        abstract = True

    def text(self, field: str) -> str:
        return in_current_language(self, field)

    def fill_cyrillic(self) -> None:
        for field in self.TEXT_FIELDS:
            setattr(self, f"{field}_sr_cyrl", transliterate(getattr(self, f"{field}_sr_latn")))

    def framework_version(self) -> "FrameworkVersion | None":
        """The version this content belongs to, when it is part of one."""
        return None

    def save(self, *args, **kwargs):
        version = self.framework_version()
        if version is not None and version.is_frozen:
            raise FrozenVersionError
        self.fill_cyrillic()
        super().save(*args, **kwargs)


class FrozenVersionError(ValidationError):
    def __init__(self):
        super().__init__(_("A published version is frozen: make a new version to change it."), code="frozen")


class TextsInLanguages(Multilingual):
    """Multilingual content with a name."""

    TEXT_FIELDS = ("name",)

    name_en, name_bs, name_sr_latn, name_sr_cyrl = _texts(_("name")).values()

    class Meta:
        abstract = True

    @property
    def name(self) -> str:
        return self.text("name")

    def __str__(self) -> str:
        return self.name


class Framework(TextsInLanguages, TimeStampedModel):
    """A way of assessing an organization's capacity, in versions (the center's own, one following the
    structure of USAID's OCA, a program's clone)."""

    TEXT_FIELDS = ("name", "description")

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    description_en, description_bs, description_sr_latn, description_sr_cyrl = _texts(
        _("description"), long=True
    ).values()
    cloned_from = models.ForeignKey(
        "FrameworkVersion",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="clones",
        verbose_name=_("cloned from"),
    )
    is_shipped = models.BooleanField(
        _("shipped with Spona"), default=False, help_text=_("Loaded from the product's reference data.")
    )

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("assessment framework")
        verbose_name_plural = _("assessment frameworks")

    @property
    def description(self) -> str:
        return self.text("description")

    def latest_published(self) -> "FrameworkVersion | None":
        return self.versions.filter(status=FrameworkVersion.Status.PUBLISHED).order_by("-number").first()


class FrameworkVersion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        PUBLISHED = "published", _("published")

    framework = models.ForeignKey(
        Framework, on_delete=models.CASCADE, related_name="versions", verbose_name=_("framework")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(_("published"), null=True, blank=True, validators=[validate_date_in_range])
    changes = models.TextField(_("what changed"), blank=True)
    source_digest = models.CharField(
        _("source digest"),
        max_length=64,
        blank=True,
        help_text=_("For shipped versions: the data file it was loaded from."),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["framework", "-number"]
        verbose_name = _("framework version")
        verbose_name_plural = _("framework versions")
        constraints = [
            models.UniqueConstraint(fields=["framework", "number"], name="capacity_version_number_unique"),
        ]

    def __str__(self) -> str:
        return _("%(framework)s, version %(number)s") % {"framework": self.framework, "number": self.number}

    @property
    def is_frozen(self) -> bool:
        return self.status == self.Status.PUBLISHED


class ScaleLevel(TextsInLanguages):
    """The general name of a score (1 nascent … 4 mature) in a version."""

    def framework_version(self) -> "FrameworkVersion":
        return self.version

    version = models.ForeignKey(FrameworkVersion, on_delete=models.CASCADE, related_name="levels")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(LOWEST_SCORE), MaxValueValidator(HIGHEST_SCORE)]
    )

    class Meta:
        ordering = ["version", "score"]
        verbose_name = _("scale level")
        verbose_name_plural = _("scale levels")
        constraints = [
            models.UniqueConstraint(fields=["version", "score"], name="capacity_level_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE), name="capacity_level_in_scale"
            ),
        ]


class Domain(TextsInLanguages):
    def framework_version(self) -> "FrameworkVersion":
        return self.version

    version = models.ForeignKey(
        FrameworkVersion, on_delete=models.CASCADE, related_name="domains", verbose_name=_("version")
    )
    slug = models.SlugField(_("code"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    capacity_domain = models.ForeignKey(
        CapacityDomain,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("capacity domain"),
        help_text=_("The capacity domain trainers and courses teach: a low score points at its trainings."),
    )

    class Meta:
        ordering = ["version", "position", "pk"]
        verbose_name = _("domain")
        verbose_name_plural = _("domains")
        constraints = [models.UniqueConstraint(fields=["version", "slug"], name="capacity_domain_slug_unique")]


class Subarea(TextsInLanguages):
    TEXT_FIELDS = ("name", "question", "evidence")

    def framework_version(self) -> "FrameworkVersion":
        return self.domain.version

    domain = models.ForeignKey(Domain, on_delete=models.CASCADE, related_name="subareas", verbose_name=_("domain"))
    slug = models.SlugField(_("code"), max_length=80)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    question_en, question_bs, question_sr_latn, question_sr_cyrl = _texts(_("guiding question"), long=True).values()
    evidence_en, evidence_bs, evidence_sr_latn, evidence_sr_cyrl = _texts(
        _("examples of evidence (one a line)"), long=True
    ).values()

    class Meta:
        ordering = ["domain", "position", "pk"]
        verbose_name = _("sub-area")
        verbose_name_plural = _("sub-areas")
        constraints = [models.UniqueConstraint(fields=["domain", "slug"], name="capacity_subarea_slug_unique")]

    @property
    def question(self) -> str:
        return self.text("question")

    def evidence_examples(self) -> list[str]:
        return [line.strip() for line in self.text("evidence").splitlines() if line.strip()]


class LevelDescriptor(Multilingual):
    """What a sub-area looks like at one score."""

    TEXT_FIELDS = ("text",)

    def framework_version(self) -> "FrameworkVersion":
        return self.subarea.domain.version

    subarea = models.ForeignKey(Subarea, on_delete=models.CASCADE, related_name="descriptors")
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MinValueValidator(LOWEST_SCORE), MaxValueValidator(HIGHEST_SCORE)]
    )
    text_en, text_bs, text_sr_latn, text_sr_cyrl = _texts(_("descriptor"), long=True).values()

    class Meta:
        ordering = ["subarea", "score"]
        verbose_name = _("level descriptor")
        verbose_name_plural = _("level descriptors")
        constraints = [
            models.UniqueConstraint(fields=["subarea", "score"], name="capacity_descriptor_score_unique"),
            models.CheckConstraint(
                condition=models.Q(score__gte=LOWEST_SCORE, score__lte=HIGHEST_SCORE),
                name="capacity_descriptor_in_scale",
            ),
        ]

    @property
    def descriptor(self) -> str:
        return self.text("text")

    def __str__(self) -> str:
        return f"{self.subarea} · {self.score}"
