"""Forms of the directory: the profile, its sections, joining and moderation."""

from django import forms
from django.conf import settings
from django.forms import inlineformset_factory
from django.utils.translation import gettext_lazy as _

from spona.accounts.models import Membership
from spona.core.forms import AmountField, Form, ModelForm
from spona.core.models import Municipality, Region
from spona.core.stale_edits import VersionedForm
from spona.directory.models import (
    PLAIN_PROFILE_FIELDS,
    AnnualFinance,
    ContactPerson,
    Organization,
    Program,
    Result,
)


class MunicipalityChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Municipality) -> str:
        return obj.display_name


def municipality_choices() -> list:
    """Municipalities grouped by region (canton, entity or district) for a readable select."""
    groups: dict[Region, list] = {}
    queryset = Municipality.objects.select_related("region", "country").order_by("country", "region__position", "name")
    for municipality in queryset:
        groups.setdefault(municipality.region, []).append((municipality.pk, municipality.display_name))
    return [("", "---------")] + [
        (f"{region.country.name}: {region.display_name}", items) for region, items in groups.items()
    ]


class OrganizationForm(VersionedForm, forms.ModelForm):
    """The public profile. Its `version` travels with the form so a second editor cannot silently
    overwrite the first one's changes."""

    class Meta:
        model = Organization
        fields = [*PLAIN_PROFILE_FIELDS, "legal_form", "municipality", "sectors", "goals", "logo"]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "goals": forms.CheckboxSelectMultiple,
            "kind": forms.RadioSelect,
            "mission": forms.Textarea(attrs={"rows": 4}),
            "activities": forms.Textarea(attrs={"rows": 6}),
        }
        field_classes = {"municipality": MunicipalityChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].choices = municipality_choices()
        self.fields["name"].widget.attrs["autocomplete"] = "organization"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["phone"].widget.attrs["autocomplete"] = "tel"
        self.fields["logo"].too_large_message = _("The logo is too large (%(size)s KB): the limit is %(limit)s KB.")

    def profile_fields(self) -> dict:
        """Cleaned values of the model's own fields (not sectors and goals)."""
        return {name: value for name, value in self.cleaned_data.items() if name not in {"sectors", "goals", "version"}}


# Each section's form shows its entries and a few empty rows to add several at once; an empty row offers no
# delete box (there is nothing to delete yet) and is left out when nothing is typed into it.
NEW_ROWS = 3


def _section_formset(model, fields: list[str], **options):
    return inlineformset_factory(
        Organization, model, form=ModelForm, fields=fields, extra=NEW_ROWS, can_delete=True, can_delete_extra=False,
        **options,
    )  # fmt: skip


ContactPersonFormSet = _section_formset(ContactPerson, ["name", "position", "email", "phone"])
ProgramFormSet = _section_formset(
    Program,
    ["title", "description", "start_year", "end_year"],
    widgets={"description": forms.Textarea(attrs={"rows": 3})},
)
FinanceFormSet = _section_formset(
    AnnualFinance,
    ["year", "income", "expenditure", "currency", "main_sources"],
    field_classes={"income": AmountField, "expenditure": AmountField},
)
ResultFormSet = _section_formset(
    Result, ["year", "title", "description"], widgets={"description": forms.Textarea(attrs={"rows": 3})}
)

SECTION_FORMSETS = {
    "contacts": (ContactPersonFormSet, _("Contact people")),
    "programs": (ProgramFormSet, _("Programs")),
    "finances": (FinanceFormSet, _("Finances")),
    "results": (ResultFormSet, _("Results")),
}


class JoinRequestForm(Form):
    message = forms.CharField(
        label=_("Message to the organization's administrators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class RejectForm(Form):
    reason = forms.CharField(label=_("Reason"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))


class MemberRoleForm(Form):
    role = forms.TypedChoiceField(label=_("Role"), choices=Membership.Role.choices, coerce=int)


class InvitationForm(Form):
    email = forms.EmailField(label=_("Colleague's e-mail"))
    role = forms.TypedChoiceField(
        label=_("Role"), choices=Membership.Role.choices, coerce=int, initial=Membership.Role.EDITOR
    )
    language = forms.ChoiceField(label=_("Language of the e-mail"), choices=settings.LANGUAGES)
