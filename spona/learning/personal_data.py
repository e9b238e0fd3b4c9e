"""What education keeps about a person (see spona/privacy/registry.py): registrations, attendance, feedback,
certificates, the calendar address, and a trainer's profile."""

from django.conf import settings
from django.db.models import F, Value
from django.db.models.functions import Replace
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from spona.learning.models import Attendance, CalendarFeed, Certificate, Feedback, Registration, Trainer
from spona.privacy.registry import Category, Holding, registry, values

registry.category(
    Category(
        key="trainings",
        title=_("Trainings"),
        what=_(
            "Your registrations (for which session, for which organization, by whom, your note to the organizers), "
            "your place on a waitlist, the days you attended, your ratings and comments, your certificates, and "
            "the secret address of your training calendar."
        ),
        why=_("To hold your seat, tell you about changes, issue your certificate and improve the trainings."),
        who=_(
            "You, your organization's administrators for registrations made for it, the session's trainers, and "
            "the center's training coordinators. Ratings are shown to trainers only as totals."
        ),
        kept=_(
            "For the center's records of its programs. When you delete your account your registrations stay "
            "only as counts, without you, and your certificates stay verifiable without your name."
        ),
        order=40,
    )
)
registry.category(
    Category(
        key="trainers",
        title=_("Trainers and mentors"),
        what=_("Your public profile: name, headline, biography, photo, expertise, languages, regions, website; "
               "your e-mail address, seen by staff only."),
        why=_("So that the center and the public can find trainers and mentors."),
        who=_("Everyone, once staff accepted the profile; the e-mail address only staff."),
        kept=_("Until you delete it, or your account."),
        order=50,
    )
)  # fmt: skip


def _registration(registration: Registration) -> dict:
    return {
        "session": str(registration.session),
        **values(registration, "organization", "status", "note", "created_at", "waitlisted_at", "cancelled_at"),
        "days_attended": [
            {"day": mark.day, "status": mark.get_status_display()} for mark in registration.attendance.all()
        ],
    }


FEEDBACK_FIELDS = [field.name for field in Feedback._meta.fields if field.name not in ("id", "registration")]


def _anonymize_trainer_profile(user) -> None:
    trainer = Trainer.objects.filter(user=user).first()
    if trainer is None:
        return
    if trainer.name:  # other people's certificates name their trainers
        Certificate.objects.filter(trainer_names__contains=trainer.name).update(
            trainer_names=Replace(F("trainer_names"), Value(trainer.name), Value(str(_("a former trainer"))))
        )
    trainer.photo.delete(save=False)
    Trainer.objects.filter(pk=trainer.pk).update(
        user=None, name=str(_("A former trainer")), headline="", biography="", website="", email="",
        photo="", status=Trainer.Status.DECLINED,
    )  # fmt: skip


registry.holding(
    Holding(
        model=Registration,
        category="trainings",
        title=_("Training registrations"),
        rows=lambda user: (
            Registration.objects.filter(participant=user)
            .select_related("session__course", "organization")
            .prefetch_related("attendance")
        ),
        export=_registration,
        erase=lambda user: Registration.objects.filter(participant=user).update(note=""),
    )
)
registry.holding(
    Holding(
        model=Attendance,
        category="trainings",
        title=_("Attendance"),
        rows=lambda user: Attendance.objects.none(),  # exported with each registration
        export=lambda mark: {},
        erase=lambda user: None,  # counted without the person: the registration stays anonymous
    )
)
registry.holding(
    Holding(
        model=Feedback,
        category="trainings",
        title=_("Feedback on trainings"),
        rows=lambda user: Feedback.objects.filter(registration__participant=user),
        export=lambda feedback: values(feedback, *FEEDBACK_FIELDS),
        erase=lambda user: Feedback.objects.filter(registration__participant=user).update(comments=""),
    )
)
registry.holding(
    Holding(
        model=Certificate,
        category="trainings",
        title=_("Certificates"),
        rows=lambda user: Certificate.objects.filter(registration__participant=user),
        export=lambda certificate: values(
            certificate,
            "code",
            "participant_name",
            "course_title",
            "session_dates",
            "city",
            "attended_days",
            "total_days",
            "revoked_at",
        ),
        # A certificate stays verifiable as valid, without the name of the person it was issued to.
        erase=lambda user: Certificate.objects.filter(registration__participant=user).update(participant_name=""),
    )
)
registry.holding(
    Holding(
        model=CalendarFeed,
        category="trainings",
        title=_("Training calendar address"),
        rows=lambda user: CalendarFeed.objects.filter(user=user),
        export=lambda feed: {"address": settings.SITE_URL + reverse("learning:my-calendar", args=[feed.token])},
        erase=lambda user: CalendarFeed.objects.filter(user=user).delete(),
    )
)
registry.holding(
    Holding(
        model=Trainer,
        category="trainers",
        title=_("Trainer profile"),
        rows=lambda user: Trainer.objects.filter(user=user),
        export=lambda trainer: values(trainer, "name", "headline", "biography", "website", "email", "status"),
        erase=_anonymize_trainer_profile,
    )
)
