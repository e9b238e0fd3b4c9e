"""The staff back office for the fair. States are changed by actions that call the fair's services, as on the
site; meetings are placed by the scheduler, never typed in."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spona.core.admin import apply_service
from spona.core.stale_edits import VersionedAdminForm
from spona.fair import permissions, schedules, services
from spona.fair.forms import BreaksField
from spona.fair.models import (
    FairEdition,
    FairParticipant,
    Meeting,
    MeetingRequest,
    Partnership,
    Proposal,
    ProposalComment,
    Representative,
    ScheduleRun,
)


@admin.register(FairEdition)
class FairEditionAdmin(admin.ModelAdmin):
    list_display = ["title", "date", "venue", "status", "schedule_state"]
    list_filter = ["status", "schedule_state"]
    search_fields = ["title", "venue"]
    autocomplete_fields = ["city"]
    readonly_fields = ["schedule_state"]  # the agendas are published from the schedule page

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "breaks":  # times to pick, not JSON to type
            return BreaksField(label=db_field.verbose_name, help_text=db_field.help_text)
        return super().formfield_for_dbfield(db_field, request, **kwargs)


class RepresentativeInline(admin.TabularInline):
    model = Representative
    extra = 0


@admin.register(FairParticipant)
class FairParticipantAdmin(admin.ModelAdmin):
    list_display = ["organization", "edition", "role", "status"]
    list_filter = ["edition", "role", "status"]
    search_fields = ["organization__name"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["registered_by"]
    filter_horizontal = ["sectors", "goals", "regions"]
    inlines = [RepresentativeInline]
    readonly_fields = ["status"]
    actions = ["cancel"]

    @admin.action(description=_("Cancel the participation (its requests and meetings go)"))
    def cancel(self, request, queryset):
        done = apply_service(
            self, request, queryset, lambda row: services.cancel_participation(participant=row, user=request.user)
        )
        _done(self, request, done)


def _done(model_admin, request, count: int) -> None:
    model_admin.message_user(
        request, ngettext("%(count)d changed.", "%(count)d changed.", count) % {"count": count}, messages.SUCCESS
    )


class ProposalCommentInline(admin.TabularInline):
    model = ProposalComment
    extra = 0
    raw_id_fields = ["author"]


class ProposalAdminForm(VersionedAdminForm):
    def clean_mentor(self):
        mentor = self.cleaned_data.get("mentor")
        if mentor is not None and not permissions.is_mentor(mentor):
            raise ValidationError(_("Choose a mentor of the roster, or staff."))
        return mentor

    def clean_edition(self):
        edition = self.cleaned_data.get("edition")
        if edition is not None and self.instance.pk is None:
            services.check_edition_takes_proposals(edition)  # as on the site
        return edition


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    """Mentoring decides the state (approve here, or return with comments on the site); an admin edit counts
    as a new version, so the organization's form opened before it is refused rather than saved over it."""

    form = ProposalAdminForm
    list_display = ["title", "organization", "edition", "state", "mentor"]
    list_filter = ["edition", "state"]
    search_fields = ["title", "organization__name"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["mentor", "created_by"]
    filter_horizontal = ["sectors", "goals"]
    readonly_fields = ["state", "version"]
    inlines = [ProposalCommentInline]
    actions = ["approve", "withdraw"]

    def get_readonly_fields(self, request, obj=None):
        # A proposal stays with the edition and organization it was written for (the catalogue's rules).
        fields = super().get_readonly_fields(request, obj)
        return [*fields, "edition", "organization"] if obj is not None else fields

    def save_model(self, request, obj, form, change):
        mentor = obj.mentor
        if change and "mentor" in form.changed_data:
            obj.mentor_id = form.initial.get("mentor")  # assigned below, through its service
        super().save_model(request, obj, form, change)
        if change and "mentor" in form.changed_data:
            services.assign_mentor(proposal=obj, user=request.user, mentor=mentor)

    @admin.action(description=_("Approve for the fair"))
    def approve(self, request, queryset):
        done = apply_service(
            self, request, queryset, lambda row: services.approve_proposal(proposal=row, user=request.user)
        )
        _done(self, request, done)

    @admin.action(description=_("Withdraw"))
    def withdraw(self, request, queryset):
        done = apply_service(
            self, request, queryset, lambda row: services.withdraw_proposal(proposal=row, user=request.user)
        )
        _done(self, request, done)


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["sender", "recipient", "edition", "status", "created_at"]
    list_filter = ["edition", "status"]
    raw_id_fields = ["sender", "recipient", "proposal"]
    readonly_fields = ["edition", "sender", "recipient", "status", "decided_at"]
    actions = ["cancel"]

    def has_add_permission(self, request):
        return False  # participants send requests on the site, where the rules of the fair are kept

    @admin.action(description=_("Cancel (a scheduled meeting leaves the schedule)"))
    def cancel(self, request, queryset):
        done = apply_service(
            self, request, queryset, lambda row: services.cancel_request(request=row, user=request.user)
        )
        _done(self, request, done)


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    """Meetings are placed by the scheduler (spona.fair.schedules); staff lock them here or on the schedule page."""

    list_display = ["request", "edition", "slot", "table", "locked", "published"]
    list_filter = ["edition", "locked", "published"]
    readonly_fields = ["request", "edition", "slot", "table", "locked", "published"]
    actions = ["lock", "unlock"]

    def has_add_permission(self, request):
        return False

    @admin.action(description=_("Lock where they are"))
    def lock(self, request, queryset):
        done = apply_service(
            self, request, queryset, lambda row: schedules.lock_meeting(meeting=row, user=request.user, locked=True)
        )
        _done(self, request, done)

    @admin.action(description=_("Unlock"))
    def unlock(self, request, queryset):
        done = apply_service(
            self, request, queryset, lambda row: schedules.lock_meeting(meeting=row, user=request.user, locked=False)
        )
        _done(self, request, done)


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["edition", "created_at", "mode", "placed", "requests", "placed_weight", "upper_bound", "status"]
    list_filter = ["edition"]
    readonly_fields = [field.name for field in ScheduleRun._meta.fields]


@admin.register(Partnership)
class PartnershipAdmin(admin.ModelAdmin):
    list_display = [
        "cso",
        "company",
        "edition",
        "kind",
        "value",
        "currency",
        "cso_agrees_to_show",
        "company_agrees_to_show",
    ]
    list_filter = ["edition", "kind"]
    autocomplete_fields = ["cso", "company"]
    raw_id_fields = ["meeting", "recorded_by"]
