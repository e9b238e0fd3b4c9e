"""The site's admin: Django's, with the site's name and one guard Django lacks."""

from functools import wraps

from django.contrib import admin
from django.contrib.admin.exceptions import DisallowedModelAdminToField
from django.contrib.admin.options import TO_FIELD_VAR
from django.utils.translation import gettext_lazy as _


class SponaAdminSite(admin.AdminSite):
    site_header = _("Spona administration")
    site_title = _("Spona administration")
    index_title = _("Back office of the resource center")

    def admin_view(self, view, cacheable=False):
        inner = super().admin_view(view, cacheable)

        @wraps(inner)
        def guarded(request, *args, **kwargs):
            # Django turns an empty `_to_field` into a lookup of a field named "" and answers 500; a name
            # it does not allow already gets 400, and so does this.
            if request.GET.get(TO_FIELD_VAR) == "" or request.POST.get(TO_FIELD_VAR) == "":
                raise DisallowedModelAdminToField("The field to link to is empty.")
            return inner(request, *args, **kwargs)

        return guarded
