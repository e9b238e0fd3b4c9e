"""The organizers' pages: the scheduler with its figures and reasons, locks, agendas, the table plan."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from spona.core.pagination import errors_text
from spona.fair import permissions, schedules
from spona.fair.forms import SchedulerForm
from spona.fair.models import FairEdition, FairParticipant, Meeting, MeetingRequest


@login_required
def schedule_page(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_staff(request.user)
    edition = get_object_or_404(FairEdition, pk=pk)
    form = SchedulerForm(request.POST or None)
    if request.method == "POST" and form.is_valid() and form.cleaned_data["mode"] == "optimize":
        schedules.queue_scheduler_run(edition=edition, user=request.user, allow_moves=form.cleaned_data["allow_moves"])
        messages.success(
            request, _("The scheduler is optimizing in the background: reload this page in a few minutes.")
        )
        return redirect("fair:schedule", pk=edition.pk)
    if request.method == "POST" and form.is_valid():
        try:
            run = schedules.run_scheduler(
                edition=edition,
                user=request.user,
                mode=form.cleaned_data["mode"],
                allow_moves=form.cleaned_data["allow_moves"],
            )
        except ValidationError as error:
            messages.error(request, errors_text(error))
        else:
            messages.success(
                request,
                _("Placed %(placed)s of %(requests)s accepted requests.")
                % {"placed": run.placed, "requests": run.requests},
            )
        return redirect("fair:schedule", pk=edition.pk)
    run = edition.schedule_runs.first()
    names = dict(FairParticipant.objects.filter(edition=edition).values_list("pk", "organization__name"))
    unplaced = []
    if run is not None:
        requests = MeetingRequest.objects.in_bulk([int(request_id) for request_id in run.unplaced])
        for request_id, reason in run.unplaced.items():
            meeting_request = requests.get(int(request_id))
            if meeting_request is None:
                continue
            params = {key: value for key, value in reason.items() if key != "code"}
            why = schedules.describe_reason(reason["code"], params, names)
            unplaced.append(
                (meeting_request, names.get(meeting_request.sender_id), names.get(meeting_request.recipient_id), why)
            )
    return render(
        request,
        "fair/schedule.html",
        {
            "edition": edition,
            "form": form,
            "run": run,
            "unplaced": unplaced,
            "plan": schedules.schedule_rows(edition),
            "accepted": edition.requests.filter(status=MeetingRequest.Status.ACCEPTED).count(),
        },
    )


@login_required
@require_POST
def meeting_lock(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_staff(request.user)
    meeting = get_object_or_404(Meeting, pk=pk)
    schedules.lock_meeting(meeting=meeting, user=request.user, locked=request.POST.get("locked") == "1")
    return redirect("fair:schedule", pk=meeting.edition_id)


@login_required
@require_POST
def agenda_publish(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_staff(request.user)
    edition = get_object_or_404(FairEdition, pk=pk)
    final = request.POST.get("final") == "1"
    count = schedules.publish_agenda(edition=edition, user=request.user, final=final)
    if final:
        text = ngettext(
            "Final agenda published: %(count)s meeting.", "Final agenda published: %(count)s meetings.", count
        )
    else:
        text = ngettext(
            "Preliminary agenda published: %(count)s meeting.",
            "Preliminary agenda published: %(count)s meetings.",
            count,
        )
    messages.success(request, text % {"count": count})
    return redirect("fair:schedule", pk=edition.pk)


@login_required
def table_plan(request: HttpRequest, pk: int) -> HttpResponse:
    permissions.require_staff(request.user)
    edition = get_object_or_404(FairEdition, pk=pk)
    return render(request, "fair/table_plan.html", {"edition": edition, "plan": schedules.table_plan(edition)})
