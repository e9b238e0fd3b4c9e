"""The staff back office for calls, news and alerts. Edits and publication go through the editorial services,
as on the site: the state is changed by actions, and an admin edit counts as a new version of the item, so an
editor's form opened before it is refused rather than saved over it."""

from django.contrib import admin, messages
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spona.calls import services
from spona.calls.models import (
    AlertDigest,
    Call,
    CallAttachment,
    CallLink,
    EditorialState,
    NewsPost,
    SavedSearch,
    Tag,
)
from spona.core.admin import apply_service
from spona.core.stale_edits import VersionedAdminForm


class EditorialAdmin(admin.ModelAdmin):
    """Saving goes through save_item (the text rendered, amounts in euros, the version raised, the search index);
    publishing and withdrawing are actions that call the editorial services."""

    form = VersionedAdminForm
    readonly_fields = ["state", "publish_at", "submitted_by", "version"]
    actions = ["publish_now", "withdraw"]

    def save_model(self, request, obj, form, change):
        services.save_item(
            item=obj,
            user=request.user,
            fields={},  # the form has set them on `obj`
            expected_version=form.cleaned_data.get("loaded_version") if change else None,
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        services.index_item(form.instance)

    def _publish(self, request, item) -> None:
        if item.state == EditorialState.SUBMITTED:
            services.approve_item(item=item, user=request.user)  # the submitter is told
        else:
            services.save_item(item=item, user=request.user, fields={}, publish="now")

    @admin.action(description=_("Publish now (approving what waits for approval)"))
    def publish_now(self, request, queryset):
        done = apply_service(self, request, queryset, lambda item: self._publish(request, item))
        self.message_user(
            request, ngettext("%(count)d published.", "%(count)d published.", done) % {"count": done}, messages.SUCCESS
        )

    @admin.action(description=_("Withdraw from the site"))
    def withdraw(self, request, queryset):
        done = apply_service(self, request, queryset, lambda item: services.withdraw_item(item=item, user=request.user))
        self.message_user(
            request, ngettext("%(count)d withdrawn.", "%(count)d withdrawn.", done) % {"count": done}, messages.SUCCESS
        )


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
    inlines = [CallLinkInline, CallAttachmentInline]


@admin.register(NewsPost)
class NewsPostAdmin(EditorialAdmin):
    list_display = ["title", "state", "publish_at"]
    list_filter = ["state", "sectors", "tags"]
    search_fields = ["title", "lead"]
    autocomplete_fields = ["organization"]
    filter_horizontal = ["sectors", "tags"]


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
