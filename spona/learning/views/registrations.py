"""Self-service: registering for a session, cancelling, a person's trainings, feedback, certificates."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from spona.core.pagination import errors_text
from spona.directory.permissions import published_organizations_of
from spona.learning import certificates, permissions, selectors, services
from spona.learning.forms import FeedbackForm, RegistrationForm
from spona.learning.models import Certificate, Registration, Trainer

REGISTERED_MESSAGES = {
    Registration.Status.CONFIRMED: gettext_lazy("Your seat is confirmed. We sent the details by e-mail."),
    Registration.Status.PENDING: gettext_lazy("We hold a seat for you; the organizers will confirm it."),
    Registration.Status.WAITLISTED: gettext_lazy(
        "The session is full: you are on the waitlist, and we will tell you when a seat frees up."
    ),
}


@login_required
@require_POST
def session_register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.public_sessions(), pk=pk)
    form = RegistrationForm(
        request.POST,
        organizations=published_organizations_of(request.user),
        colleagues=selectors.colleague_memberships(request.user),
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect(session)
    participant = form.participant_or(request.user)
    try:
        registration = services.register_for_session(
            session=session,
            participant=participant,
            registered_by=request.user,
            organization=form.cleaned_data["organization"],
            note=form.cleaned_data["note"],
        )
    except PermissionDenied as error:
        messages.error(request, str(error))
    except ValidationError as error:
        messages.error(request, errors_text(error))
    else:
        if participant.pk == request.user.pk:
            messages.success(request, REGISTERED_MESSAGES[registration.status])
        elif registration.status == Registration.Status.WAITLISTED:
            messages.success(request, _("%(person)s is on the waitlist.") % {"person": participant})
        else:
            messages.success(request, _("%(person)s has a seat.") % {"person": participant})
    return redirect(session)


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = permissions.get_registration_for(request.user, pk, check=permissions.can_cancel_registration)
    try:
        services.cancel_registration(registration=registration, user=request.user)
    except ValidationError as error:
        messages.error(request, errors_text(error))
    else:
        messages.success(request, _("The registration is cancelled."))
    if request.POST.get("next") == "participants":
        return redirect("learning:session-participants", pk=registration.session_id)
    return redirect("learning:my-registrations")


@login_required
def my_registrations(request: HttpRequest) -> HttpResponse:
    registrations = list(selectors.registrations_of(request.user))
    now = timezone.now()
    positions = selectors.waitlist_positions(
        Registration.objects.filter(participant=request.user, status=Registration.Status.WAITLISTED)
    )
    for registration in registrations:
        registration.upcoming = registration.session.starts_at > now
        registration.position = positions.get(registration.pk)
        registration.feedback_open = services.can_give_feedback(registration, now, attended=registration.days_attended)
    trainer = Trainer.objects.filter(user=request.user).first()
    teaching = selectors.sessions_taught_by(trainer) if trainer and trainer.is_public else []
    feed = services.calendar_feed_for(request.user)
    return render(
        request,
        "learning/my_registrations.html",
        {
            "registrations": registrations,
            "trainer": trainer,
            "teaching": teaching,
            "calendar_url": request.build_absolute_uri(reverse("learning:my-calendar", args=[feed.token])),
        },
    )


@login_required
@require_POST
def calendar_renew(request: HttpRequest) -> HttpResponse:
    services.renew_calendar_feed(user=request.user)
    messages.success(request, _("Your calendar has a new address; the old one no longer works."))
    return redirect("learning:my-registrations")


@login_required
def registration_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(
        Registration.objects.select_related("session__course"), pk=pk, participant=request.user
    )
    if not services.can_give_feedback(registration):
        messages.error(request, _("Feedback opens on the last day of the session, for those who attended."))
        return redirect("learning:my-registrations")
    existing = getattr(registration, "feedback", None)
    form = FeedbackForm(request.POST or None, instance=existing)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_feedback(
                registration=registration,
                user=request.user,
                ratings=form.ratings(),
                comments=form.cleaned_data["comments"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Thank you for your feedback."))
            return redirect("learning:my-registrations")
    return render(request, "learning/feedback_form.html", {"registration": registration, "form": form})


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's certificate; staff and the session's trainers may download it too."""
    registration = permissions.get_registration_for(request.user, pk)
    certificate = Certificate.objects.filter(registration=registration, revoked_at__isnull=True).first()
    if certificate is None:
        raise Http404
    response = HttpResponse(certificates.render_certificate_pdf(certificate), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="certificate-{certificate.code}.pdf"'
    return response
