"""Forms of education: registering, attendance, feedback, trainer profiles and the certificate check."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spona.core.forms import Form, ModelForm, SearchableSelectMultiple
from spona.learning.models import Attendance, Feedback, TeachingLanguage, Trainer

SELF = "self"


class RegistrationForm(Form):
    """Who takes the seat (oneself, or a colleague when one administers an organization) and on
    whose behalf. Choices are built from the user's own memberships."""

    organization = forms.TypedChoiceField(label=_("On behalf of"), coerce=int, empty_value=None, required=False)
    participant = forms.ChoiceField(label=_("Participant"), required=False)
    note = forms.CharField(
        label=_("Needs or questions for the organizers"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args, organizations, colleagues, **kwargs):
        """`colleagues` are the memberships of those the user may register (learning.selectors)."""
        super().__init__(*args, **kwargs)
        self.organizations = {organization.pk: organization for organization in organizations}
        self.colleagues: dict[str, list] = {}
        for membership in colleagues:
            self.colleagues.setdefault(str(membership.user_id), []).append(membership)
        self.fields["organization"].choices = [(organization.pk, organization.name) for organization in organizations]
        self.fields["organization"].choices.append(("", _("Myself only (no organization)")))
        if organizations:
            self.fields["organization"].initial = organizations[0].pk  # one acts for one's organization first
        self.fields["participant"].choices = [(SELF, _("Me"))] + [
            (pk, f"{memberships[0].user} ({memberships[0].user.email})") for pk, memberships in self.colleagues.items()
        ]
        if not colleagues:
            self.fields["participant"].widget = forms.HiddenInput()
        if not organizations:
            self.fields["organization"].widget = forms.HiddenInput()

    def clean_organization(self):
        pk = self.cleaned_data.get("organization")
        return self.organizations.get(pk) if pk is not None else None

    def clean(self):
        """A colleague takes a seat on behalf of an organization they belong to: with "Myself only" chosen,
        or an organization of which they are no member, theirs is taken (the first one both share)."""
        data = super().clean()
        choice = data.get("participant") or SELF
        if choice != SELF and choice in self.colleagues:
            memberships = self.colleagues[choice]
            chosen = data.get("organization")
            if chosen is None or all(m.organization_id != chosen.pk for m in memberships):
                data["organization"] = next(
                    (
                        self.organizations[m.organization_id]
                        for m in memberships
                        if m.organization_id in self.organizations
                    ),
                    None,
                )
        return data

    def participant_or(self, user):
        """The chosen participant: a colleague, or `user` themself."""
        choice = self.cleaned_data.get("participant") or SELF
        return user if choice == SELF else self.colleagues[choice][0].user


class AttendanceForm(Form):
    """One radio group per participant, for one day; built from the session's confirmed participants."""

    def __init__(self, *args, registrations, existing: dict[int, str], **kwargs):
        super().__init__(*args, **kwargs)
        self.registrations = list(registrations)
        for registration in self.registrations:
            self.fields[f"r{registration.pk}"] = forms.ChoiceField(
                label=str(registration.participant),
                choices=Attendance.Status.choices,
                widget=forms.RadioSelect,
                required=False,
                initial=existing.get(registration.pk),
            )

    def marks(self) -> dict[int, str]:
        return {
            registration.pk: self.cleaned_data[f"r{registration.pk}"]
            for registration in self.registrations
            if self.cleaned_data.get(f"r{registration.pk}")
        }

    def rows(self):
        return [(registration, self[f"r{registration.pk}"]) for registration in self.registrations]


RATING_CHOICES = [(n, str(n)) for n in range(1, 6)]


class FeedbackForm(ModelForm):
    class Meta:
        model = Feedback
        fields = [*Feedback.RATINGS, "comments"]
        widgets = {
            **{name: forms.RadioSelect(choices=RATING_CHOICES) for name in Feedback.RATINGS},
            "comments": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in Feedback.RATINGS:
            self.fields[name].widget.choices = RATING_CHOICES
            self.fields[name].help_text = _("1 is poor, 5 is excellent.")

    def ratings(self) -> dict[str, int]:
        return {name: self.cleaned_data[name] for name in Feedback.RATINGS}


class TrainerForm(ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=TeachingLanguage.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Trainer
        fields = [
            "name",
            "headline",
            "biography",
            "photo",
            "sectors",
            "domains",
            "languages",
            "regions",
            "is_mentor",
            "website",
        ]
        widgets = {
            "sectors": forms.CheckboxSelectMultiple,
            "domains": forms.CheckboxSelectMultiple,
            "regions": SearchableSelectMultiple,
            "biography": forms.Textarea(attrs={"rows": 6}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["regions"].queryset = self.fields["regions"].queryset.select_related("country")

    def profile_fields(self) -> dict:
        return {
            name: value for name, value in self.cleaned_data.items() if name not in {"sectors", "domains", "regions"}
        }

    def relations(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in ("sectors", "domains", "regions")}


class CertificateLookupForm(Form):
    code = forms.CharField(
        label=_("Certificate code"), max_length=40, widget=forms.TextInput(attrs={"placeholder": "ABCD-EFGH-JKLM"})
    )

    def clean_code(self) -> str:
        raw = "".join(ch for ch in self.cleaned_data["code"].upper() if ch.isalnum())
        return f"{raw[:4]}-{raw[4:8]}-{raw[8:12]}" if len(raw) == 12 else raw
