from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from spona.calls import services
from spona.calls.models import (
    AlertDigest,
    Call,
    CallAttachment,
    CallLink,
    NewsPost,
    SavedSearch,
    Tag,
)


class EditorialAdmin(admin.ModelAdmin):
    """Admin edits get the same rendered text, amounts in euros and search index as the site's forms."""

    def save_model(self, request, obj, form, change):
        if not change:
            obj.submitted_by = request.user
        services.prepare_item(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.index_item(form.instance)


class CallLinkInline(admin.TabularInline):
    model = CallLink
    extra = 0


class CallAttachmentInline(admin.TabularInline):
    """Attachments are added on the call's page on the site, where each file's type is checked; here
    they are listed, downloaded through the view that checks permission, and removed."""

    model = CallAttachment
    extra = 0
    fields = ["title", "download", "kind", "size"]
    readonly_fields = ["download", "kind", "size"]

    def has_add_permission(self, request, obj=None):
        return False

    @admin.display(description=_("file"))
    def download(self, attachment):
        url = reverse("calls:attachment-download", args=[attachment.pk])
        return format_html('<a href="{}">{}</a>', url, attachment.download_name)


@admin.register(Call)
class CallAdmin(EditorialAdmin):
    list_display = ["title", "funder_display", "deadline", "state", "publish_at"]
    list_filter = ["state", "currency", "sectors"]
    search_fields = ["title", "funder_name", "summary"]
    date_hierarchy = "deadline"
    autocomplete_fields = ["funder", "organization"]
    filter_horizontal = ["sectors", "regions", "legal_forms"]
    readonly_fields = ["submitted_by", "version"]
    inlines = [CallLinkInline, CallAttachmentInline]


@admin.register(NewsPost)
class NewsPostAdmin(EditorialAdmin):
    list_display = ["title", "state", "publish_at"]
    list_filter = ["state", "sectors", "tags"]
    search_fields = ["title", "lead"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["sectors", "tags"]
    readonly_fields = ["submitted_by", "version"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SavedSearch)
class SavedSearchAdmin(admin.ModelAdmin):
    list_display = ["name", "user", "frequency", "is_active", "checked_until", "last_sent_at"]
    list_filter = ["frequency", "is_active"]
    raw_id_fields = ["user"]
    search_fields = ["name", "user__email"]


@admin.register(AlertDigest)
class AlertDigestAdmin(admin.ModelAdmin):
    list_display = ["subject", "recipient", "created_at", "sent_at"]
    list_filter = ["sent_at"]
    search_fields = ["recipient", "subject"]
    raw_id_fields = ["user", "saved_search"]
