from django.urls import path

from spona.directory import views

app_name = "directory"

# Profiles are /<pk>/<slug>/; everything that acts on an organization lives under manage/ or
# moderation/, so no organization's name can ever shadow an action.
urlpatterns = [
    path("", views.organization_list, name="organization-list"),
    path("suggestions/", views.organization_suggestions, name="organization-suggestions"),
    path("export.<str:file_format>", views.organization_export, name="organization-export"),
    path("register/", views.organization_register, name="organization-register"),
    path("moderation/", views.moderation_queue, name="moderation-queue"),
    path("moderation/<int:pk>/history/", views.organization_history, name="organization-history"),
    path(
        "moderation/<int:pk>/history/<int:version_pk>/revert/",
        views.organization_revert,
        name="organization-revert",
    ),
    path("moderation/<int:pk>/<slug:action>/", views.organization_moderate, name="organization-moderate"),
    path("manage/<int:pk>/profile/", views.organization_edit, name="organization-edit"),
    path("manage/<int:pk>/sections/<slug:section>/", views.organization_section_edit, name="organization-section-edit"),
    path("manage/<int:pk>/confirm/", views.organization_confirm, name="organization-confirm"),
    path("manage/<int:pk>/join/", views.organization_join, name="organization-join"),
    path("manage/<int:pk>/members/", views.organization_members, name="organization-members"),
    path(
        "manage/<int:pk>/members/<int:membership_pk>/<slug:action>/",
        views.organization_member_action,
        name="organization-member-action",
    ),
    path("manage/<int:pk>/invitations/", views.invitation_create, name="invitation-create"),
    path(
        "manage/<int:pk>/invitations/<int:invitation_pk>/withdraw/",
        views.invitation_withdraw,
        name="invitation-withdraw",
    ),
    path("invitations/<str:token>/", views.invitation_page, name="invitation"),
    path("<int:pk>/", views.organization_detail, name="organization-detail-short"),
    path("<int:pk>/<slug:slug>/", views.organization_detail, name="organization-detail"),
]
