"""A participant's side of the fair: registering, focus and availability, matches, meeting requests and
marks, the agenda, and the follow-up."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spona.core.calendars import calendar_response
from spona.core.pagination import errors_text
from spona.core.redirects import redirect_to_next
from spona.core.secret_tokens import by_token
from spona.directory.models import Organization
from spona.directory.permissions import published_organizations_of
from spona.fair import agendas, matching, permissions, schedules, services
from spona.fair.forms import (
    AvailabilityForm,
    FocusForm,
    FollowUpTargetForm,
    MeetingRequestForm,
    OutcomeForm,
    PartnershipForm,
    RegisterForm,
    RepresentativeFormSet,
)
from spona.fair.models import (
    FairEdition,
    FairParticipant,
    Mark,
    Meeting,
    MeetingOutcome,
    MeetingRequest,
    Partnership,
    Proposal,
)
from spona.privacy.models import PrivateDataView
from spona.privacy.services import record_staff_view


def _participant(request: HttpRequest, pk: int) -> FairParticipant:
    """The participant the signed-in person speaks for; staff looking in are noted in the audit."""
    participant = permissions.get_participant_for(request.user, pk)
    record_staff_view(request.user, participant.organization, PrivateDataView.What.FAIR)
    return participant


@login_required
def register(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(FairEdition, pk=pk, status=FairEdition.Status.PUBLISHED)
    registered = FairParticipant.objects.filter(edition=edition, status=FairParticipant.Status.REGISTERED)
    organizations = Organization.objects.filter(
        pk__in=[o.pk for o in published_organizations_of(request.user)], kind__in=edition.allowed_kinds()
    ).exclude(pk__in=registered.values("organization_id"))
    form = RegisterForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            participant = services.register_participant(
                edition=edition, organization=form.cleaned_data["organization"], user=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            raise Http404 from error
        else:
            messages.success(request, _("Registered. Tell us who will come and when you can meet."))
            return redirect("fair:participant", pk=participant.pk)
    return render(
        request,
        "fair/register.html",
        {
            "edition": edition,
            "form": form,
            "open": edition.is_registration_open(),
            "has_choices": organizations.exists(),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
def participant_home(request: HttpRequest, pk: int) -> HttpResponse:
    """The participant's page: representatives, availability and (companies) the CSR focus."""
    participant = _participant(request, pk)
    edition = participant.edition
    slots = edition.slots()
    is_company = participant.role == FairParticipant.Role.COMPANY
    focus = FocusForm(request.POST or None, instance=participant, prefix="focus") if is_company else None
    people = RepresentativeFormSet(
        request.POST or None,
        prefix="people",
        initial=[
            {"name": r.name, "position": r.position, "email": r.email, "phone": r.phone}
            for r in participant.representatives.all()
        ],
    )
    availability = AvailabilityForm(
        request.POST or None, slots=slots, prefix="slots", initial={"unavailable": participant.unavailable_slots}
    )
    if request.method == "POST":
        valid = people.is_valid() and availability.is_valid() and (focus is None or focus.is_valid())
        if valid:
            fields, relations = {}, {}
            if focus is not None:
                data = focus.cleaned_data
                fields = {
                    name: data[name] for name in ("support_kinds", "budget_min_eur", "budget_max_eur", "focus_note")
                }
                relations = {name: data[name] for name in ("sectors", "goals", "regions")}
            try:
                services.update_participant(
                    participant=participant,
                    user=request.user,
                    fields=fields,
                    relations=relations,
                    representatives=[form.cleaned_data for form in people if form.cleaned_data.get("name")],
                    unavailable_slots=availability.cleaned_data["unavailable"],
                )
            except ValidationError as error:
                messages.error(request, errors_text(error))
            else:
                messages.success(request, _("Saved."))
                return redirect("fair:participant", pk=participant.pk)
    return render(
        request,
        "fair/participant.html",
        {
            "participant": participant,
            "edition": edition,
            "focus": focus,
            "people": people,
            "availability": availability,
            "proposals": Proposal.objects.filter(edition=edition, organization=participant.organization),
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def participation_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    services.cancel_participation(participant=participant, user=request.user)
    messages.success(request, _("Your participation is cancelled; your meeting requests are called off."))
    return redirect(participant.edition)


def _marks(participant: FairParticipant) -> dict[int, str]:
    return dict(Mark.objects.filter(source=participant).values_list("target_id", "level"))


def _live_pairs(participant: FairParticipant) -> dict[int, MeetingRequest]:
    live = MeetingRequest.objects.filter(
        Q(sender=participant) | Q(recipient=participant),
        status__in=[MeetingRequest.Status.PENDING, MeetingRequest.Status.ACCEPTED],
    )
    return {request.other(participant).pk: request for request in live.select_related("sender", "recipient")}


@login_required
def matches(request: HttpRequest, pk: int) -> HttpResponse:
    """Companies see proposals ranked by fit to their focus; CSOs see the companies that fit them."""
    participant = _participant(request, pk)
    if participant.role == FairParticipant.Role.COMPANY:
        found = [(cso, proposal, fit) for proposal, cso, fit in matching.recommendations_for_company(participant)]
    else:
        found = list(matching.companies_for_cso(participant))
    marks, live = _marks(participant), _live_pairs(participant)
    rows = [(other, proposal, fit, marks.get(other.pk, ""), other.pk in live) for other, proposal, fit in found]
    return render(
        request,
        "fair/matches.html",
        {
            "participant": participant,
            "edition": participant.edition,
            "rows": rows,
            "levels": Mark.Level.choices,
            "open": participant.edition.accepts_requests(),
        },
    )


@login_required
@require_POST
def request_send(request: HttpRequest, pk: int, target: int) -> HttpResponse:
    participant = _participant(request, pk)
    recipient = get_object_or_404(FairParticipant.objects.select_related("organization"), pk=target)
    cso = participant if participant.role == FairParticipant.Role.CSO else recipient
    form = MeetingRequestForm(
        request.POST,
        proposals=Proposal.objects.filter(
            edition=participant.edition, organization_id=cso.organization_id, state=Proposal.State.APPROVED
        ),
    )
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
        return redirect("fair:matches", pk=participant.pk)
    try:
        services.send_request(
            sender=participant,
            recipient=recipient,
            user=request.user,
            message=form.cleaned_data["message"],
            proposal=form.cleaned_data["proposal"],
        )
    except ValidationError as error:
        messages.error(request, errors_text(error))
    else:
        messages.success(request, _("Request sent to %(name)s.") % {"name": recipient.organization.name})
    return redirect_to_next(request, reverse("fair:requests", args=[participant.pk]))


@login_required
@require_POST
def mark_set(request: HttpRequest, pk: int, target: int) -> HttpResponse:
    participant = _participant(request, pk)
    other = get_object_or_404(FairParticipant, pk=target)
    level = request.POST.get("level") or None
    try:
        services.set_mark(source=participant, target=other, user=request.user, level=level)
    except ValidationError as error:
        messages.error(request, errors_text(error))
    return redirect_to_next(request, reverse("fair:matches", args=[pk]))


@login_required
def requests_inbox(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    related = ("sender__organization", "recipient__organization", "proposal")
    return render(
        request,
        "fair/requests.html",
        {
            "participant": participant,
            "edition": participant.edition,
            "received": participant.requests_received.select_related(*related).order_by("-created_at"),
            "sent": participant.requests_sent.select_related(*related).order_by("-created_at"),
        },
    )


@login_required
@require_POST
def request_decide(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting_request = permissions.get_request_for(request.user, pk)
    try:
        if action in ("accept", "decline"):
            services.decide_request(request=meeting_request, user=request.user, accept=action == "accept")
        elif action == "cancel":
            services.cancel_request(request=meeting_request, user=request.user)
        else:
            raise Http404
    except PermissionDenied as error:
        raise Http404 from error
    except ValidationError as error:
        messages.error(request, errors_text(error))
    else:
        messages.success(request, _("Done."))
    mine = (
        meeting_request.recipient
        if permissions.speaks_for(request.user, meeting_request.recipient)
        else meeting_request.sender
    )
    return redirect("fair:requests", pk=mine.pk)


def _agenda_rows(request: HttpRequest, participant: FairParticipant):
    return schedules.agenda_for(participant, include_unpublished=permissions.is_fair_staff(request.user))


@login_required
def agenda(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    calendar_url = settings.SITE_URL + reverse("fair:agenda-feed", args=[participant.calendar_token])
    return render(
        request,
        "fair/agenda.html",
        {
            "participant": participant,
            "edition": participant.edition,
            "rows": _agenda_rows(request, participant),
            "calendar_url": calendar_url,
        },
    )


@login_required
def agenda_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    content = agendas.agenda_pdf(participant, _agenda_rows(request, participant))
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="agenda-{participant.pk}.pdf"'
    return response


def agenda_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The agenda at a secret address calendar apps subscribe to (published meetings only)."""
    participant = by_token(
        FairParticipant.objects.select_related("organization", "edition"), token, field="calendar_token"
    )
    if participant is None:
        raise Http404
    url = settings.SITE_URL + reverse("fair:agenda", args=[participant.pk])
    content = agendas.agenda_calendar(participant, schedules.agenda_for(participant), url=url)
    return calendar_response(content, filename=f"agenda-{participant.pk}.ics")


@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    """After the fair: what came of each meeting, and the partnerships agreed."""
    participant = _participant(request, pk)
    rows = schedules.agenda_for(participant)
    survey = request.GET.get("survey") or request.POST.get("survey") or MeetingOutcome.Survey.AFTER_FAIR
    if survey not in MeetingOutcome.Survey.values:
        survey = MeetingOutcome.Survey.AFTER_FAIR
    outcomes = {o.meeting_id: o for o in MeetingOutcome.objects.filter(participant=participant, survey=survey)}
    if request.method == "POST":
        target = FollowUpTargetForm(request.POST, edition=participant.edition)
        if not target.is_valid():
            raise Http404  # no meeting of this fair (or not a meeting id at all)
        meeting = target.cleaned_data["meeting"]
        form = OutcomeForm(request.POST, prefix=f"m{meeting.pk}")
        if form.is_valid():
            try:
                services.record_outcome(
                    meeting=meeting, participant=participant, user=request.user, survey=survey, **form.cleaned_data
                )
            except (ValidationError, PermissionDenied) as error:
                raise Http404 from error
            messages.success(request, _("Thank you: saved."))
        else:
            messages.error(request, _("Choose what came of the meeting."))
        return redirect(f"{reverse('fair:follow-up', args=[participant.pk])}?survey={survey}")
    forms_by_meeting = [
        (
            row,
            OutcomeForm(
                prefix=f"m{row.meeting.pk}",
                initial={"outcome": o.outcome, "held": o.held, "note": o.note}
                if (o := outcomes.get(row.meeting.pk))
                else None,
            ),
            PartnershipForm(prefix=f"p{row.meeting.pk}"),
        )
        for row in rows
    ]
    org = participant.organization
    partnerships = Partnership.objects.filter(Q(cso=org) | Q(company=org), edition=participant.edition).select_related(
        "cso", "company"
    )
    return render(
        request,
        "fair/follow_up.html",
        {
            "participant": participant,
            "edition": participant.edition,
            "rows": forms_by_meeting,
            "survey": survey,
            "surveys": MeetingOutcome.Survey.choices,
            "partnerships": partnerships,
        },
    )


@login_required
@require_POST
def partnership_record(request: HttpRequest, pk: int, meeting_pk: int) -> HttpResponse:
    participant = _participant(request, pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related("request__sender", "request__recipient"),
        pk=meeting_pk,
        edition=participant.edition,
    )
    if participant.pk not in (meeting.request.sender_id, meeting.request.recipient_id):
        raise Http404
    form = PartnershipForm(request.POST, prefix=f"p{meeting.pk}")
    if form.is_valid():
        sides = {
            meeting.request.sender.role: meeting.request.sender,
            meeting.request.recipient.role: meeting.request.recipient,
        }
        agrees = form.cleaned_data.pop("agrees_to_show")
        side = "cso_agrees_to_show" if participant.role == FairParticipant.Role.CSO else "company_agrees_to_show"
        try:
            services.record_partnership(
                meeting=meeting,
                edition=participant.edition,
                cso=sides[FairParticipant.Role.CSO].organization,
                company=sides[FairParticipant.Role.COMPANY].organization,
                user=request.user,
                fields={**form.cleaned_data, side: agrees},
            )
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(request, _("Partnership recorded."))
    else:
        messages.error(request, " ".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("fair:follow-up", pk=participant.pk)


@login_required
@require_POST
def partnership_consent(request: HttpRequest, pk: int) -> HttpResponse:
    partnership = permissions.get_partnership_for(request.user, pk)
    try:
        services.set_partnership_consent(
            partnership=partnership, user=request.user, agrees=request.POST.get("agrees") == "1"
        )
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("Saved."))
    return redirect_to_next(request, partnership.edition)
