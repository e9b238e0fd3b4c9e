"""Forms of calls, news, the editorial decisions and saved searches."""

import datetime
import zoneinfo

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from spona.calls.models import Call, NewsPost, SavedSearch, Tag
from spona.core import dates
from spona.core.forms import AmountField, Form, ModelForm, SearchableSelectMultiple
from spona.core.models import Country, LegalForm, Region, Sector
from spona.core.normalization import url_slug
from spona.core.stale_edits import VersionedForm
from spona.directory.models import Organization

TIME_ZONES = [
    ("Europe/Sarajevo", "Sarajevo (CET)"),
    ("Europe/Belgrade", "Beograd (CET)"),
    ("Europe/Brussels", "Brussels (CET)"),
    ("Europe/London", "London (GMT)"),
    ("America/New_York", "New York (ET)"),
    ("UTC", "UTC"),
]
DATETIME_INPUT = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
MAX_LINKS = 10


def _in_zone(value: datetime.datetime | None, zone: str) -> datetime.datetime | None:
    """A time typed into a form means wall-clock time in `zone`, not in the server's zone."""
    if value is None:
        return None
    naive = timezone.make_naive(value, timezone.get_current_timezone()) if timezone.is_aware(value) else value
    return naive.replace(tzinfo=zoneinfo.ZoneInfo(zone))


class PublicationMixin(VersionedForm):
    """What happens on saving: editors publish, schedule or keep a draft; organizations submit. The form carries
    the item's version for the stale-edit guard."""

    def add_publication_fields(self, *, editor: bool, organizations: list[Organization], item) -> None:
        if editor:
            self.fields["action"] = forms.ChoiceField(
                label=_("Publication"),
                choices=[
                    ("now", _("publish now")),
                    ("schedule", _("publish at the time below")),
                    ("draft", _("keep as a draft")),
                ],
                initial="now"
                if item.pk is None
                else ("schedule" if item.is_scheduled() else "now" if item.state == "published" else "draft"),
                widget=forms.RadioSelect,
            )
            self.fields["publish_at"] = dates.DateTimeField(
                label=_("Publish at"),
                required=False,
                widget=DATETIME_INPUT,
                help_text=_("Only for a scheduled publication."),
            )
            if item.publish_at:
                self.initial.setdefault("publish_at", timezone.localtime(item.publish_at))
        else:
            self.fields["action"] = forms.ChoiceField(
                label=_("When you save"),
                choices=[("submit", _("send it to the editors for approval")), ("draft", _("keep it as a draft"))],
                initial="submit",
                widget=forms.RadioSelect,
            )
        if organizations and item.pk is None:
            self.fields["organization"] = forms.ModelChoiceField(
                label=_("On behalf of"),
                queryset=Organization.objects.filter(pk__in=[o.pk for o in organizations]),
                required=not editor,
                initial=organizations[0].pk if len(organizations) == 1 and not editor else None,
                empty_label=_("the resource center") if editor else None,
            )


class CallForm(PublicationMixin, ModelForm):
    applicant_kinds = forms.MultipleChoiceField(
        label=_("Who may apply"), choices=Organization.Kind.choices, required=False,
        widget=forms.CheckboxSelectMultiple, help_text=_("None ticked: any kind of organization."),
    )  # fmt: skip
    countries = forms.ModelMultipleChoiceField(
        label=_("Countries"), queryset=Country.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any country."),
    )  # fmt: skip
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any sector."),
    )  # fmt: skip
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.select_related("country"), required=False,
        help_text=_("None chosen: the whole of the countries above."), widget=SearchableSelectMultiple,
    )  # fmt: skip
    legal_forms = forms.ModelMultipleChoiceField(
        label=_("Legal forms"), queryset=LegalForm.objects.all(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("None ticked: any legal form."),
    )  # fmt: skip
    deadline = dates.DateTimeField(label=_("Deadline"), widget=DATETIME_INPUT)
    time_zone = forms.ChoiceField(label=_("Time zone of the deadline"), choices=TIME_ZONES, initial=settings.TIME_ZONE)
    links = forms.CharField(
        label=_("Links"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One per line: the address, then a space and the link's text."),
    )  # fmt: skip

    class Meta:
        model = Call
        fields = [
            "title", "funder_name", "summary", "body", "applicant_kinds", "legal_forms", "sectors", "regions",
            "min_organization_age", "amount_min", "amount_max", "currency", "cofinancing_percent",
            "cofinancing_note", "deadline", "time_zone",
        ]  # fmt: skip
        field_classes = {"amount_min": AmountField, "amount_max": AmountField}
        widgets = {"summary": forms.Textarea(attrs={"rows": 3}), "body": forms.Textarea(attrs={"rows": 12})}

    def __init__(self, *args, editor: bool, organizations: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_publication_fields(editor=editor, organizations=organizations, item=self.instance)
        self.fields["funder_name"].label = _("Funder")
        if self.instance.pk:
            self.initial["countries"] = list(self.instance.countries)
            self.initial["links"] = "\n".join(f"{link.url} {link.title}" for link in self.instance.links.all())
            self.initial["deadline"] = timezone.localtime(
                self.instance.deadline, zoneinfo.ZoneInfo(self.instance.time_zone)
            ).replace(tzinfo=None)

    def clean_links(self) -> list[tuple[str, str]]:
        links, errors = [], []
        lines = [line.strip() for line in self.cleaned_data.get("links", "").splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            url, _space, title = line.partition(" ")
            try:
                URLValidator(schemes=["http", "https"])(url)
            except ValidationError:
                errors.append(
                    _("Line %(number)s: “%(url)s” is not a web address.") % {"number": number, "url": url[:80]}
                )
                continue
            links.append((title.strip()[:200] or url[:200], url[:500]))
        if len(links) > MAX_LINKS:
            errors.append(_("At most %(count)s links.") % {"count": MAX_LINKS})
        if errors:
            raise ValidationError(errors)
        return links

    def clean(self):
        data = super().clean()
        zone = data.get("time_zone") or settings.TIME_ZONE
        if data.get("deadline"):
            data["deadline"] = _in_zone(data["deadline"], zone)
        if (
            data.get("amount_min") is not None
            and data.get("amount_max") is not None
            and data["amount_min"] > data["amount_max"]
        ):
            self.add_error("amount_max", _("The largest grant is smaller than the smallest."))
        if not data.get("funder_name") and not self.instance.funder_id:
            self.add_error("funder_name", _("Say who funds the call."))
        return data

    def item_fields(self) -> dict:
        data = self.cleaned_data
        fields = {
            name: data[name]
            for name in self.Meta.fields
            if name not in ("legal_forms", "sectors", "regions", "countries")
        }
        fields["countries"] = [country.code for country in data["countries"]]
        if data.get("publish_at"):
            fields["publish_at"] = data["publish_at"]
        if "organization" in data:
            fields["organization"] = data["organization"]
        return fields

    def relations(self) -> dict:
        return {name: self.cleaned_data[name] for name in ("legal_forms", "sectors", "regions")}


class NewsForm(PublicationMixin, ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.CharField(label=_("Tags"), required=False, max_length=300, help_text=_("Separated by commas."))

    class Meta:
        model = NewsPost
        fields = ["title", "lead", "body", "image", "image_alt", "sectors"]
        widgets = {
            "lead": forms.Textarea(attrs={"rows": 3}),
            "body": forms.Textarea(attrs={"rows": 14}),
        }

    def __init__(self, *args, editor: bool, organizations: list[Organization], **kwargs):
        super().__init__(*args, **kwargs)
        self.add_publication_fields(editor=editor, organizations=organizations, item=self.instance)
        if self.instance.pk:
            self.initial["tags"] = ", ".join(tag.name for tag in self.instance.tags.all())

    def clean_tags(self) -> list[str]:
        names = [name.strip()[:60] for name in self.cleaned_data.get("tags", "").split(",") if name.strip()]
        if len(names) > 10:
            raise ValidationError(_("At most 10 tags."))
        return list(dict.fromkeys(names))

    def clean(self):
        data = super().clean()
        if data.get("image") and not data.get("image_alt"):
            self.add_error("image_alt", _("Describe the image for people who cannot see it."))
        return data

    def item_fields(self) -> dict:
        data = self.cleaned_data
        fields = {name: data[name] for name in ("title", "lead", "body", "image_alt")}
        if data.get("image") is not None:
            fields["image"] = data["image"] or ""
        if data.get("publish_at"):
            fields["publish_at"] = data["publish_at"]
        if "organization" in data:
            fields["organization"] = data["organization"]
        return fields

    def relations(self) -> dict:
        tags = []
        for name in self.cleaned_data["tags"]:
            slug = url_slug(name, max_length=60, fallback="tag")
            tags.append(Tag.objects.get_or_create(slug=slug, defaults={"name": name})[0])
        return {"sectors": self.cleaned_data["sectors"], "tags": tags}


class ReturnForm(Form):
    note = forms.CharField(label=_("What should change"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class AttachmentForm(Form):
    title = forms.CharField(label=_("Title"), max_length=200, required=False)
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX or XLSX, at most %(size)s MB.")
        % {"size": settings.SPONA["CALL_ATTACHMENT_MAX_BYTES"] // (1024 * 1024)},
        widget=forms.ClearableFileInput(attrs={"accept": ".pdf,.docx,.xlsx"}),
    )


class SavedSearchForm(ModelForm):
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.select_related("country"), required=False,
        widget=SearchableSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = SavedSearch
        fields = [
            "name",
            "keywords",
            "sectors",
            "regions",
            "amount_min_eur",
            "amount_max_eur",
            "frequency",
            "is_active",
        ]
        field_classes = {"amount_min_eur": AmountField, "amount_max_eur": AmountField}
        widgets = {"frequency": forms.RadioSelect}

    def clean(self):
        data = super().clean()
        low, high = data.get("amount_min_eur"), data.get("amount_max_eur")
        if low is not None and high is not None and low > high:
            self.add_error("amount_max_eur", _("The largest amount is smaller than the smallest."))
        return data
