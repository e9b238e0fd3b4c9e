"""Forms of the privacy pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

from spona.core.forms import Form
from spona.privacy.models import DonorFigures


class DonorFiguresForm(Form):
    sex = forms.ChoiceField(label=_("Sex"), choices=DonorFigures.Sex.choices, widget=forms.RadioSelect)
    age_group = forms.ChoiceField(label=_("Age group"), choices=DonorFigures.AgeGroup.choices, widget=forms.RadioSelect)
    agree = forms.BooleanField(label=_("I agree, as the text above says."))


class DeleteAccountForm(Form):
    confirm = forms.BooleanField(
        label=_("I understand: my account and what it holds are erased, and this cannot be undone.")
    )


class ContactRemovalForm(Form):
    name = forms.CharField(label=_("Your name"), max_length=150)
    email = forms.EmailField(
        label=_("Your e-mail address"),
        help_text=_("The address the organization lists for you; we write to you there when it is done."),
    )
    organization_name = forms.CharField(
        label=_("The organization or organizations that list you"), max_length=300, required=False
    )
    message = forms.CharField(
        label=_("Anything we should know"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=3000
    )
