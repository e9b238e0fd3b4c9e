"""The staff back office for organizations: history and revert (django-reversion), moderation
actions and the bulk import, all through the directory's services. Moderation fields are set by the
actions only; an edit here is an edit of the profile (update_organization), so a member's form opened
before it is refused rather than saved over it."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from reversion.admin import VersionAdmin

from spona.core.admin import apply_service
from spona.core.forms import Form
from spona.core.stale_edits import VersionedAdminForm
from spona.directory import imports, services
from spona.directory.models import AnnualFinance, ContactPerson, DirectoryImport, Organization, Program, Result


class ImportForm(Form):
    file = forms.FileField(
        label=_("CSV or XLSX file"), help_text=_("The columns of the CSV export; only “name” is required.")
    )
    publish = forms.BooleanField(label=_("Publish the organizations at once"), required=False, initial=True)
    dry_run = forms.BooleanField(label=_("Only check the file, import nothing"), required=False)

    def clean_file(self):
        uploaded = self.cleaned_data["file"]
        if not uploaded.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        if uploaded.size > 100 * 1024 * 1024:
            raise forms.ValidationError(_("The file is larger than 100 MB: split it."))
        return uploaded


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0


class ProgramInline(admin.StackedInline):
    model = Program
    extra = 0


class FinanceInline(admin.TabularInline):
    model = AnnualFinance
    extra = 0


class ResultInline(admin.StackedInline):
    model = Result
    extra = 0


@admin.register(Organization)
class OrganizationAdmin(VersionAdmin):
    list_display = ["name", "kind", "status", "municipality", "completeness", "verified_at", "confirmed_at"]
    list_filter = ["status", "kind", "completeness", "municipality__country", "sectors"]
    search_fields = ["name", "abbreviation", "registration_number"]
    autocomplete_fields = ["municipality"]
    filter_horizontal = ["sectors", "goals"]
    form = VersionedAdminForm
    readonly_fields = [
        *(name.removesuffix("_id") for name in services.MODERATION_FIELDS),
        "version",
        "created_at",
        "updated_at",
    ]
    inlines = [ContactPersonInline, ProgramInline, FinanceInline, ResultInline]
    actions = ["approve", "verify", "archive"]
    change_list_template = "admin/directory/organization/change_list.html"

    def save_model(self, request, obj, form, change):
        if not change:
            super().save_model(request, obj, form, change)
            return
        fields = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name not in {"sectors", "goals", "loaded_version"}  # the admin saves the relations itself
        }
        services.update_organization(
            organization=obj,
            user=request.user,
            fields=fields,
            expected_version=form.cleaned_data.get("loaded_version"),
            comment="Edited in the admin",
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.refresh_organization(form.instance)

    def revision_view(self, request, object_id, version_id, extra_context=None):
        response = super().revision_view(request, object_id, version_id, extra_context)
        if request.method == "POST" and response.status_code in (301, 302):
            organization = Organization.objects.filter(pk=object_id).first()
            if organization is not None:
                services.refresh_organization(organization)
        return response

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("import/", view(self.import_view), name="directory_organization_import"),
            path("import/<int:import_id>/", view(self.import_status_view), name="directory_organization_import_status"),
            *super().get_urls(),
        ]

    def import_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ImportForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            job = imports.start_import_job(
                uploaded_file=form.cleaned_data["file"],
                user=request.user,
                publish=form.cleaned_data["publish"],
                dry_run=form.cleaned_data["dry_run"],
            )
            return redirect("admin:directory_organization_import_status", import_id=job.pk)
        context = {
            **self.admin_site.each_context(request),
            "form": form,
            "title": _("Import organizations"),
            "opts": self.model._meta,
            "recent": DirectoryImport.objects.all()[:10],
        }
        return TemplateResponse(request, "admin/directory/organization/import.html", context)

    def import_status_view(self, request, import_id: int):
        if not self.has_add_permission(request):
            raise PermissionDenied
        job = get_object_or_404(DirectoryImport, pk=import_id)
        context = {
            **self.admin_site.each_context(request),
            "job": job,
            "title": _("Import of %(name)s") % {"name": job.original_name},
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/directory/organization/import_status.html", context)

    def _moderate(self, request, queryset, service) -> int:
        return apply_service(self, request, queryset, lambda row: service(organization=row, staff_user=request.user))

    @admin.action(description=_("Approve and publish"))
    def approve(self, request, queryset):
        count = self._moderate(request, queryset, services.approve_organization)
        messages.success(
            request,
            ngettext("Approved %(count)s organization.", "Approved %(count)s organizations.", count) % {"count": count},
        )

    @admin.action(description=_("Mark as verified against the register"))
    def verify(self, request, queryset):
        count = self._moderate(request, queryset, services.verify_organization)
        messages.success(
            request,
            ngettext("Verified %(count)s organization.", "Verified %(count)s organizations.", count) % {"count": count},
        )

    @admin.action(description=_("Archive"))
    def archive(self, request, queryset):
        count = self._moderate(request, queryset, services.archive_organization)
        messages.success(
            request,
            ngettext("Archived %(count)s organization.", "Archived %(count)s organizations.", count) % {"count": count},
        )


@admin.register(DirectoryImport)
class DirectoryImportAdmin(admin.ModelAdmin):
    list_display = ["original_name", "status", "total_rows", "created_by", "created_at"]
    exclude = ["file"]  # private, and deleted once the import has run
    readonly_fields = [f.name for f in DirectoryImport._meta.fields if f.name != "file"]

    def has_add_permission(self, request):
        return False
