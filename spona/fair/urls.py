from django.urls import path

from spona.fair.views import participation, proposals, public, staff

app_name = "fair"

urlpatterns = [
    path("", public.edition_list, name="edition-list"),
    path("mentoring/", proposals.mentoring_queue, name="mentoring-queue"),
    path("<int:pk>/proposals/", public.catalogue, name="catalogue"),
    path("<int:pk>/proposals/new/", proposals.proposal_create, name="proposal-create"),
    path("<int:pk>/register/", participation.register, name="register"),
    path("<int:pk>/manage/schedule/", staff.schedule_page, name="schedule"),
    path("<int:pk>/manage/publish/", staff.agenda_publish, name="agenda-publish"),
    path("<int:pk>/manage/tables/", staff.table_plan, name="table-plan"),
    path("proposals/<int:pk>/", public.proposal_detail, name="proposal-detail"),
    path("proposals/<int:pk>/edit/", proposals.proposal_edit, name="proposal-edit"),
    path("proposals/<int:pk>/submit/", proposals.proposal_submit, name="proposal-submit"),
    path("proposals/<int:pk>/comment/", proposals.proposal_comment, name="proposal-comment"),
    path("proposals/<int:pk>/return/", proposals.proposal_return, name="proposal-return"),
    path("proposals/<int:pk>/approve/", proposals.proposal_approve, name="proposal-approve"),
    path("proposals/<int:pk>/withdraw/", proposals.proposal_withdraw, name="proposal-withdraw"),
    path("participants/<int:pk>/", participation.participant_home, name="participant"),
    path("participants/<int:pk>/cancel/", participation.participation_cancel, name="participation-cancel"),
    path("participants/<int:pk>/matches/", participation.matches, name="matches"),
    path("participants/<int:pk>/requests/", participation.requests_inbox, name="requests"),
    path("participants/<int:pk>/request/<int:target>/", participation.request_send, name="request-send"),
    path("participants/<int:pk>/mark/<int:target>/", participation.mark_set, name="mark"),
    path("participants/<int:pk>/agenda/", participation.agenda, name="agenda"),
    path("participants/<int:pk>/agenda.pdf", participation.agenda_pdf, name="agenda-pdf"),
    path("participants/<int:pk>/follow-up/", participation.follow_up, name="follow-up"),
    path(
        "participants/<int:pk>/meetings/<int:meeting_pk>/partnership/",
        participation.partnership_record,
        name="partnership-record",
    ),
    path("requests/<int:pk>/<slug:action>/", participation.request_decide, name="request-decide"),
    path("meetings/<int:pk>/lock/", staff.meeting_lock, name="meeting-lock"),
    path("partnerships/<int:pk>/consent/", participation.partnership_consent, name="partnership-consent"),
    path("calendar/<str:token>.ics", participation.agenda_feed, name="agenda-feed"),
    path("<int:pk>/", public.edition_detail, name="edition-detail-short"),
    path("<int:pk>/<slug:slug>/", public.edition_detail, name="edition-detail"),
]
