"""A person's own settings: name and the language of e-mails."""

from spona.accounts.models import User
from spona.core.forms import ModelForm


class ProfileForm(ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "language"]
