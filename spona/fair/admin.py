from django.contrib import admin

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


class ProposalCommentInline(admin.TabularInline):
    model = ProposalComment
    extra = 0
    raw_id_fields = ["author"]


@admin.register(Proposal)
class ProposalAdmin(admin.ModelAdmin):
    list_display = ["title", "organization", "edition", "state", "mentor"]
    list_filter = ["edition", "state"]
    search_fields = ["title", "organization__name"]
    autocomplete_fields = ["organization"]
    raw_id_fields = ["mentor", "created_by"]
    filter_horizontal = ["sectors", "goals"]
    inlines = [ProposalCommentInline]


@admin.register(MeetingRequest)
class MeetingRequestAdmin(admin.ModelAdmin):
    list_display = ["sender", "recipient", "edition", "status", "created_at"]
    list_filter = ["edition", "status"]
    raw_id_fields = ["sender", "recipient", "proposal"]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    list_display = ["request", "edition", "slot", "table", "locked", "published"]
    list_filter = ["edition", "locked", "published"]
    raw_id_fields = ["request"]


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
