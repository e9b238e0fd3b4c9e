"""Stale-edit guards: an edit made on a copy that someone has changed since is refused, not saved over theirs.

A row people edit (a VersionedModel) counts its saved changes in `version`: every save raises it, whoever saves
(a form on the site, the admin, an import, a moderation step), so the guard sees every change. A form carries
the version it was opened at (VersionedForm, or VersionedAdminForm in the admin); the service locks the row and
compares (`lock_for_edit`), and StaleEdit tells the person to reload and make their changes again. Writes that
are not edits of the row (a computed figure, the search index) go around save() with UPDATE and leave it.
"""

from collections.abc import Callable
from typing import TypeVar

from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from spona.core.forms import Form, ModelForm

STALE_MESSAGE = _("Someone else changed this after you opened it. Reload it and make your changes again.")


class VersionedModel(models.Model):
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


Row = TypeVar("Row", bound=VersionedModel)


class StaleEdit(ValidationError):
    """Someone else saved the row after this person opened it."""


def lock_for_edit(
    instance: Row,
    *,
    expected_version: int | None,
    may_edit: Callable[[Row], bool] | None = None,
    message=STALE_MESSAGE,
) -> Row:
    """The row as stored, locked until the transaction ends. PermissionDenied unless `may_edit(row)`; StaleEdit
    when it was saved after the form read `expected_version` (None: no form to compare, as in a script).
    `instance`, the caller's copy with the edit applied, takes the stored version, so its save is the next one."""
    current = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if may_edit is not None and not may_edit(current):
        raise PermissionDenied
    if expected_version is not None and current.version != expected_version:
        raise StaleEdit(message)
    instance.version = current.version
    return current


class VersionField(forms.IntegerField):
    """The version of the row when the form was opened, sent back with the edit."""

    def __init__(self, **kwargs):
        super().__init__(widget=forms.HiddenInput, required=False, min_value=0, **kwargs)


class VersionedForm(Form):
    """A form of an existing row (a ModelForm's `instance`, or the row given as `initial={"version": ...}` to a
    form that edits what hangs off it) carries its version in `version`."""

    version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk and not self.is_bound:
            self.initial["version"] = instance.version


class VersionedAdminForm(ModelForm):
    """The admin's change form of a VersionedModel: it carries the version it was opened at (as `loaded_version`:
    the admin shows `version` itself), refuses a save over a newer one, and hands it to the service."""

    loaded_version = VersionField()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk and not self.is_bound:
            self.initial["loaded_version"] = self.instance.version

    def clean(self):
        data = super().clean()
        loaded = data.get("loaded_version")
        if self.instance.pk and loaded is not None and loaded != self.instance.version:
            raise StaleEdit(STALE_MESSAGE)
        return data
