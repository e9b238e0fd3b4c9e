from django.urls import path

from spona.learning.views import catalogue, management, registrations, trainers

app_name = "learning"

urlpatterns = [
    path("", catalogue.session_list, name="session-list"),
    path("calendar.ics", catalogue.calendar_feed, name="calendar-feed"),
    path("calendar/<str:token>.ics", catalogue.personal_calendar, name="my-calendar"),
    path("my/", registrations.my_registrations, name="my-registrations"),
    path("my/calendar/renew/", registrations.calendar_renew, name="calendar-renew"),
    path("sessions/<int:pk>/", catalogue.session_detail, name="session-detail-short"),
    path("sessions/<int:pk>/register/", registrations.session_register, name="session-register"),
    path("sessions/<int:pk>/calendar.ics", catalogue.session_calendar, name="session-calendar"),
    path("sessions/<int:pk>/manage/participants/", management.session_participants, name="session-participants"),
    path("sessions/<int:pk>/manage/participants.<str:file_format>", management.session_export, name="session-export"),
    path("sessions/<int:pk>/manage/attendance/<str:day>/", management.session_attendance, name="session-attendance"),
    path(
        "sessions/<int:pk>/manage/sign-in-sheet/<str:day>/",
        management.session_sign_in_sheet,
        name="session-sign-in-sheet",
    ),
    path(
        "sessions/<int:pk>/manage/certificates/",
        management.session_issue_certificates,
        name="session-issue-certificates",
    ),
    path("sessions/<int:pk>/manage/feedback/", management.session_feedback, name="session-feedback"),
    path("sessions/<int:pk>/<slug:slug>/", catalogue.session_detail, name="session-detail"),
    path("registrations/<int:pk>/cancel/", registrations.registration_cancel, name="registration-cancel"),
    path("registrations/<int:pk>/feedback/", registrations.registration_feedback, name="registration-feedback"),
    path("registrations/<int:pk>/certificate.pdf", registrations.certificate_pdf, name="certificate-pdf"),
    path("registrations/<int:pk>/decide/<slug:action>/", management.registration_decide, name="registration-decide"),
    path("courses/<int:pk>/<slug:slug>/", catalogue.course_detail, name="course-detail"),
    path("trainers/", catalogue.trainer_list, name="trainer-list"),
    path("trainers/apply/", trainers.trainer_apply, name="trainer-apply"),
    path("trainers/me/", trainers.trainer_edit, name="trainer-edit"),
    path("trainers/<int:pk>/<slug:slug>/", catalogue.trainer_detail, name="trainer-detail"),
    path("certificates/", trainers.certificate_verify, name="certificate-lookup"),
    path("certificates/<str:code>/", trainers.certificate_verify, name="certificate-verify"),
]
