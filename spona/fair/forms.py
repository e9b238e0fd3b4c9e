"""Forms of the Partnership Fair."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spona.core.forms import AmountField, Form, ModelForm, SearchableSelectMultiple
from spona.core.models import Region, Sector, SustainableDevelopmentGoal
from spona.core.stale_edits import VersionedForm
from spona.fair.models import (
    CompanyBenefit,
    FairParticipant,
    Meeting,
    MeetingOutcome,
    Partnership,
    Proposal,
    SupportKind,
)


class RegisterForm(Form):
    organization = forms.ModelChoiceField(label=_("Organization"), queryset=None, empty_label=None)

    def __init__(self, *args, organizations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organization"].queryset = organizations


class FocusForm(ModelForm):
    """A company's CSR focus."""

    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors we support"), queryset=Sector.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    goals = forms.ModelMultipleChoiceField(
        label=_("Sustainable Development Goals"), queryset=SustainableDevelopmentGoal.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    regions = forms.ModelMultipleChoiceField(
        label=_("Regions"), queryset=Region.objects.select_related("country"), required=False,
        help_text=_("None chosen: anywhere."), widget=SearchableSelectMultiple,
    )  # fmt: skip
    support_kinds = forms.MultipleChoiceField(
        label=_("Support we give"), choices=SupportKind.choices, required=False, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = FairParticipant
        fields = ["sectors", "goals", "regions", "support_kinds", "budget_min_eur", "budget_max_eur", "focus_note"]
        field_classes = {"budget_min_eur": AmountField, "budget_max_eur": AmountField}
        widgets = {"focus_note": forms.Textarea(attrs={"rows": 3})}


class RepresentativeForm(Form):
    name = forms.CharField(label=_("Name"), max_length=150, required=False)
    position = forms.CharField(label=_("Position"), max_length=150, required=False)
    email = forms.EmailField(label=_("E-mail"), required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)


RepresentativeFormSet = forms.formset_factory(RepresentativeForm, extra=2, max_num=10, validate_max=True)


class AvailabilityForm(Form):
    unavailable = forms.TypedMultipleChoiceField(
        label=_("Slots in which we cannot meet"), coerce=int, required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("For example, if you arrive late or leave early."),
    )  # fmt: skip

    def __init__(self, *args, slots, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unavailable"].choices = [
            (index, f"{start:%H:%M}–{end:%H:%M}") for index, (start, end) in enumerate(slots)
        ]


class ProposalForm(VersionedForm, forms.ModelForm):
    asks = forms.MultipleChoiceField(
        label=_("What we ask of a company"), choices=SupportKind.choices, widget=forms.CheckboxSelectMultiple
    )
    offers = forms.MultipleChoiceField(
        label=_("What the company gets"), choices=CompanyBenefit.choices, required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    sectors = forms.ModelMultipleChoiceField(
        label=_("Sectors"), queryset=Sector.objects.all(), required=False, widget=forms.CheckboxSelectMultiple
    )
    goals = forms.ModelMultipleChoiceField(
        label=_("Sustainable Development Goals"), queryset=SustainableDevelopmentGoal.objects.all(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    class Meta:
        model = Proposal
        fields = [
            "title", "problem", "activity", "beneficiaries", "asks", "asks_detail", "offers", "offers_detail",
            "budget", "currency", "duration_months", "sectors", "goals", "region",
        ]  # fmt: skip
        field_classes = {"budget": AmountField}
        widgets = {
            name: forms.Textarea(attrs={"rows": 4})
            for name in ("problem", "activity", "beneficiaries", "asks_detail", "offers_detail")
        }

    def proposal_fields(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name not in ("sectors", "goals")}

    def relations(self) -> dict:
        return {"sectors": self.cleaned_data["sectors"], "goals": self.cleaned_data["goals"]}


class CommentForm(Form):
    body = forms.CharField(label=_("Comment"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class MeetingRequestForm(Form):
    proposal = forms.ModelChoiceField(label=_("About the proposal"), queryset=Proposal.objects.none(), required=False)
    message = forms.CharField(
        label=_("Message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000, required=False
    )

    def __init__(self, *args, proposals, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["proposal"].queryset = proposals


class FollowUpTargetForm(Form):
    """Which meeting an outcome is about, and in which survey: ids come through a form like any input."""

    meeting = forms.ModelChoiceField(queryset=Meeting.objects.none())
    survey = forms.ChoiceField(choices=MeetingOutcome.Survey.choices, required=False)

    def __init__(self, *args, edition, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["meeting"].queryset = Meeting.objects.filter(edition=edition)

    def clean_survey(self) -> str:
        return self.cleaned_data.get("survey") or MeetingOutcome.Survey.AFTER_FAIR


class OutcomeForm(Form):
    held = forms.BooleanField(label=_("The meeting took place"), required=False, initial=True)
    outcome = forms.ChoiceField(
        label=_("What came of it"), choices=MeetingOutcome.Outcome.choices, widget=forms.RadioSelect
    )
    note = forms.CharField(
        label=_("Private note"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class PartnershipForm(ModelForm):
    agrees_to_show = forms.BooleanField(
        label=_("Show this partnership on both organizations' profiles (once the other side agrees too)"),
        required=False,
    )

    class Meta:
        model = Partnership
        fields = ["kind", "value", "currency", "duration_months", "description"]
        field_classes = {"value": AmountField}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}


class SchedulerForm(Form):
    mode = forms.ChoiceField(
        label=_("How long to search"),
        choices=[("fast", _("fast (a few seconds)")), ("optimize", _("optimize (up to three minutes)"))],
        initial="fast",
        widget=forms.RadioSelect,
    )
    allow_moves = forms.BooleanField(label=_("Allow moving meetings that were already published"), required=False)


BREAK_ROWS = 4


class BreaksWidget(forms.MultiWidget):
    """A start and an end time for each of a few breaks, as time inputs (no JSON to type)."""

    template_name = "fair/widgets/breaks.html"

    def __init__(self, attrs=None):
        widgets = []
        for _row in range(2 * BREAK_ROWS):
            widgets.append(forms.TimeInput(attrs={"type": "time"}, format="%H:%M"))
        super().__init__(widgets, attrs)

    def decompress(self, value):
        flat = [part for pair in (value or [])[:BREAK_ROWS] for part in pair]
        return flat + [None] * (2 * BREAK_ROWS - len(flat))

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widgets = context["widget"]["subwidgets"]
        context["rows"] = [(n + 1, widgets[2 * n], widgets[2 * n + 1]) for n in range(BREAK_ROWS)]
        return context


class BreaksField(forms.MultiValueField):
    widget = BreaksWidget

    def __init__(self, **kwargs):
        kwargs.pop("encoder", None), kwargs.pop("decoder", None)  # a JSONField's, for its own form field
        fields = [forms.TimeField(required=False) for _n in range(2 * BREAK_ROWS)]
        super().__init__(fields=fields, require_all_fields=False, required=False, **kwargs)

    def has_changed(self, initial, data):
        # The stored value is a list too (of pairs): the base class would take it for the widgets' values.
        return super().has_changed(self.widget.decompress(initial), data)

    def compress(self, data_list):
        breaks = []
        for n in range(0, len(data_list or []), 2):
            start, end = data_list[n], data_list[n + 1]
            if start is None and end is None:
                continue
            if start is None or end is None:
                raise forms.ValidationError(_("Each break needs a start and an end time."))
            breaks.append([start.strftime("%H:%M"), end.strftime("%H:%M")])
        return sorted(breaks)
