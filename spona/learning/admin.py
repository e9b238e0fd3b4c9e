"""The staff back office for education: courses and sessions (saving a session fills seats it
frees), the trainers' roster with accept/decline, registrations and certificates, all through the
services."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from spona.core.admin import apply_service
from spona.core.forms import ModelForm
from spona.learning import services
from spona.learning.models import (
    Attendance,
    Audience,
    Certificate,
    Course,
    Feedback,
    Registration,
    TeachingLanguage,
    Trainer,
    TrainingSession,
)


class CourseAdminForm(ModelForm):
    audiences = forms.MultipleChoiceField(
        label=_("Audience"), choices=Audience.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Course
        fields = ["audiences"]  # the admin adds the others


class TrainingSessionInline(admin.TabularInline):
    model = TrainingSession
    fields = ["starts_at", "ends_at", "format", "city", "capacity", "status"]
    extra = 0
    show_change_link = True


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    form = CourseAdminForm
    list_display = ["title", "is_published", "created_at"]
    list_filter = ["is_published", "domains", "sectors"]
    search_fields = ["title", "summary"]
    filter_horizontal = ["sectors", "domains"]
    inlines = [TrainingSessionInline]


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["course", "starts_at", "format", "city", "capacity", "status"]
    list_filter = ["status", "format", "language", "city__country"]
    search_fields = ["course__title", "venue"]
    date_hierarchy = "starts_at"
    autocomplete_fields = ["city", "course"]
    filter_horizontal = ["trainers"]
    readonly_fields = ["reminder_sent_at"]

    def save_model(self, request, obj, form, change):
        services.save_session(session=obj)

    def view_on_site(self, obj):
        return obj.get_absolute_url()


class TrainerAdminForm(ModelForm):
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=TeachingLanguage.choices, widget=forms.CheckboxSelectMultiple, required=False
    )

    class Meta:
        model = Trainer
        fields = ["languages"]  # the admin adds the others


@admin.register(Trainer)
class TrainerAdmin(admin.ModelAdmin):
    form = TrainerAdminForm
    list_display = ["name", "headline", "status", "is_mentor", "user"]
    list_filter = ["status", "is_mentor", "domains"]
    search_fields = ["name", "email", "user__email"]
    filter_horizontal = ["sectors", "domains", "regions"]
    raw_id_fields = ["user"]
    readonly_fields = ["status"]  # accepted or declined by the actions, which tell the trainer
    actions = ["accept", "decline"]

    def _decide(self, request, queryset, *, accept: bool) -> None:
        for trainer in queryset:
            services.decide_trainer(trainer=trainer, staff_user=request.user, accept=accept)
        self.message_user(
            request,
            ngettext("%(count)d trainer updated.", "%(count)d trainers updated.", queryset.count())
            % {"count": queryset.count()},
            messages.SUCCESS,
        )

    @admin.action(description=_("Accept to the roster"))
    def accept(self, request, queryset):
        self._decide(request, queryset, accept=True)

    @admin.action(description=_("Decline"))
    def decline(self, request, queryset):
        self._decide(request, queryset, accept=False)


class AttendanceInline(admin.TabularInline):
    model = Attendance
    extra = 0
    readonly_fields = ["marked_by", "marked_at"]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["participant", "session", "organization", "status", "created_at"]
    list_filter = ["status", "session__course"]
    search_fields = ["participant__email", "participant__full_name", "organization__name", "session__course__title"]
    raw_id_fields = ["participant", "registered_by", "organization", "session", "decided_by"]
    readonly_fields = ["status", "waitlisted_at", "promoted_at", "cancelled_at"]
    inlines = [AttendanceInline]
    actions = ["confirm", "reject"]

    def has_add_permission(self, request):
        return False  # people register on the session's page, where seats and the waitlist are kept right

    def _apply(self, request, queryset, action) -> None:
        done = apply_service(
            self, request, queryset, lambda registration: action(registration=registration, staff_user=request.user)
        )
        self.message_user(
            request,
            ngettext("%(count)d registration updated.", "%(count)d registrations updated.", done) % {"count": done},
            messages.SUCCESS,
        )

    @admin.action(description=_("Confirm"))
    def confirm(self, request, queryset):
        self._apply(request, queryset, services.confirm_registration)

    @admin.action(description=_("Reject (the waitlist moves up)"))
    def reject(self, request, queryset):
        self._apply(request, queryset, services.reject_registration)


@admin.register(Feedback)
class FeedbackAdmin(admin.ModelAdmin):
    list_display = ["registration", "overall", "content", "trainers", "organization", "created_at"]
    list_filter = ["registration__session__course"]
    raw_id_fields = ["registration"]


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    list_display = ["code", "participant_name", "course_title", "session_dates", "revoked_at"]
    search_fields = ["code", "participant_name", "course_title"]
    readonly_fields = [field.name for field in Certificate._meta.fields if field.name != "id"]
    actions = ["revoke"]

    def has_add_permission(self, request):
        return False  # certificates are issued from the session's page

    @admin.action(description=_("Revoke"))
    def revoke(self, request, queryset):
        for certificate in queryset:
            services.revoke_certificate(certificate=certificate, staff_user=request.user)
        self.message_user(request, _("Revoked."), messages.SUCCESS)
