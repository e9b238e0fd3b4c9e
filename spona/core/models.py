"""Shared data: timestamps, places (countries, regions, municipalities) and taxonomies."""

import cyrtranslit
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def range_in_order(low: str, high: str, *, name: str) -> models.CheckConstraint:
    """A range of two optional fields (an amount from and to): when both are given, the first is not above the
    second."""
    return models.CheckConstraint(
        condition=models.Q(**{f"{low}__isnull": True})
        | models.Q(**{f"{high}__isnull": True})
        | models.Q(**{f"{low}__lte": models.F(high)}),
        name=name,
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


def current_script_language() -> str:
    """The active UI language reduced to one of: en, bs, sr-latn, sr (Cyrillic)."""
    language = (get_language() or "en").lower()
    if language.startswith("sr"):
        return "sr-latn" if "latn" in language else "sr"
    if language.startswith("bs"):
        return "bs"
    return "en"


# The column suffix of each UI language, for content stored in every language (name_en, name_bs, ...).
LANGUAGE_COLUMN_SUFFIXES = {"en": "en", "bs": "bs", "sr-latn": "sr_latn", "sr": "sr_cyrl"}


def in_current_language(instance, field: str) -> str:
    """`<field>_<suffix>` of `instance` in the UI language; the English text where that one is empty."""
    value = getattr(instance, f"{field}_{LANGUAGE_COLUMN_SUFFIXES[current_script_language()]}")
    return value or getattr(instance, f"{field}_en")


class TranslatedName(models.Model):
    """A taxonomy entry whose name is stored in each UI language (Cyrillic derived from Latin)."""

    slug = models.SlugField(_("code"), max_length=80, unique=True)
    name_en = models.CharField(_("name (English)"), max_length=200)
    name_bs = models.CharField(_("name (Bosnian)"), max_length=200)
    name_sr_latn = models.CharField(_("name (Serbian, Latin)"), max_length=200)
    name_sr_cyrl = models.CharField(_("name (Serbian, Cyrillic)"), max_length=200)
    position = models.PositiveSmallIntegerField(_("position"), default=0)

    class Meta:
        abstract = True
        ordering = ["position", "name_en"]

    @property
    def name(self) -> str:
        return in_current_language(self, "name")

    def all_names(self) -> str:
        """Every spelling, for the search index."""
        return " ".join({self.name_en, self.name_bs, self.name_sr_latn})

    def __str__(self) -> str:
        return self.name


class Sector(TranslatedName):
    """A sectoral area of work (women's rights, environment, youth, ...)."""

    is_cssp_area = models.BooleanField(
        _("one of the 12 sectoral areas"),
        default=False,
        help_text=_("The sectoral areas of the capacity-building program."),
    )

    class Meta(TranslatedName.Meta):
        verbose_name = _("sector")
        verbose_name_plural = _("sectors")


class CapacityDomain(TranslatedName):
    """A domain of organizational capacity (governance, financial management, fundraising, ...): what
    trainers teach and what capacity assessments measure."""

    class Meta(TranslatedName.Meta):
        verbose_name = _("capacity domain")
        verbose_name_plural = _("capacity domains")


class SustainableDevelopmentGoal(TranslatedName):
    number = models.PositiveSmallIntegerField(_("number"), unique=True)

    class Meta(TranslatedName.Meta):
        verbose_name = _("Sustainable Development Goal")
        verbose_name_plural = _("Sustainable Development Goals")
        ordering = ["number"]

    def __str__(self) -> str:
        return f"{self.number}. {self.name}"


class LegalForm(TranslatedName):
    """A legal form of an organization (association, foundation, limited company, ...)."""

    countries = models.CharField(
        _("countries"), max_length=20, default="BA,RS", help_text=_("ISO codes, comma-separated.")
    )

    class Meta(TranslatedName.Meta):
        verbose_name = _("legal form")
        verbose_name_plural = _("legal forms")


class Country(models.Model):
    code = models.CharField(_("ISO code"), max_length=2, primary_key=True)
    name_en = models.CharField(_("name (English)"), max_length=100)
    name_local = models.CharField(_("name (local, Latin)"), max_length=100)

    class Meta:
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        ordering = ["code"]

    @property
    def name(self) -> str:
        language = current_script_language()
        if language == "en":
            return self.name_en
        return to_cyrillic_name(self.name_local) if language == "sr" else self.name_local

    def __str__(self) -> str:
        return self.name


def to_cyrillic_name(latin: str) -> str:
    """Cyrillic spelling of a proper name (names are unambiguous enough for display)."""
    return cyrtranslit.to_cyrillic(latin, "sr")


class Region(models.Model):
    """An entity, canton, district, Brčko District or province: the levels above municipalities."""

    class Kind(models.TextChoices):
        ENTITY = "entity", _("entity")
        CANTON = "canton", _("canton")
        DISTRICT = "district", _("district")
        PROVINCE = "province", _("province")
        COUNTY = "county", _("county")
        COUNTRY = "country", _("the whole country")

    country = models.ForeignKey(Country, on_delete=models.PROTECT, related_name="regions", verbose_name=_("country"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_cyrl = models.CharField(_("name (Cyrillic)"), max_length=120, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=120, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name=_("part of")
    )
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        verbose_name = _("region")
        verbose_name_plural = _("regions")
        ordering = ["country", "position", "name"]

    @property
    def display_name(self) -> str:
        language = current_script_language()
        if language == "en" and self.name_en:
            return self.name_en
        if language == "sr":
            return self.name_cyrl or to_cyrillic_name(self.name)
        return self.name

    def __str__(self) -> str:
        return self.display_name


class Municipality(models.Model):
    """A municipality, city or city municipality (a part of a city)."""

    class Kind(models.TextChoices):
        MUNICIPALITY = "municipality", _("municipality")
        CITY = "city", _("city")
        CITY_MUNICIPALITY = "city_municipality", _("city municipality")

    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="municipalities", verbose_name=_("country")
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        related_name="municipalities",
        verbose_name=_("region"),
        help_text=_("Canton, entity or district it belongs to."),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    code = models.SlugField(_("code"), max_length=80, unique=True)
    name = models.CharField(_("name"), max_length=120)
    name_cyrl = models.CharField(_("name (Cyrillic)"), max_length=120, blank=True)
    city = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="city_municipalities",
        verbose_name=_("city"),
    )
    # Set by load_reference_data for the few that share a name with another (two Kupres, two Palilula): what
    # tells them apart, by UI language ("Republika Srpska", "Niš", "city municipality").
    qualifiers = models.JSONField(_("what tells it from a namesake"), default=dict, blank=True, editable=False)

    class Meta:
        verbose_name = _("municipality")
        verbose_name_plural = _("municipalities")
        ordering = ["country", "name"]

    @property
    def display_name(self) -> str:
        language = current_script_language()
        name = (self.name_cyrl or to_cyrillic_name(self.name)) if language == "sr" else self.name
        qualifier = self.qualifiers.get(language)
        return f"{name} ({qualifier})" if qualifier else name

    def region_chain(self) -> list[Region]:
        """Its region and every region above it (canton, entity; district, province)."""
        chain, region = [], self.region
        while region is not None:
            chain.append(region)
            region = region.parent
        return chain

    def __str__(self) -> str:
        return self.display_name


class OutgoingEmail(models.Model):
    """One e-mail to one address, kept until it is sent (and a while after): a failure is retried and
    shown to staff instead of being lost with the task that tried it (see spona/core/mail.py)."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("waiting to be sent")
        SENDING = "sending", _("being sent")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed: will be tried again")
        GAVE_UP = "gave-up", _("failed: no more tries")

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=998)
    body = models.TextField(_("text"))
    kind = models.CharField(_("kind"), max_length=100, blank=True, help_text=_("The template it was written from."))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True, editable=False)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True, editable=False)

    class Meta:
        verbose_name = _("outgoing e-mail")
        verbose_name_plural = _("outgoing e-mails")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="outgoing_email_due")]

    def __str__(self) -> str:
        return f"{self.subject} → {self.to}"
