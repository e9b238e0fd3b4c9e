"""A person's own settings: name and the language of e-mails."""

from django import forms

from spona.accounts.models import User


class ProfileForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
