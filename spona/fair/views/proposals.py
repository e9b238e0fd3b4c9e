"""Writing a cooperation proposal and mentoring it to approval."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from spona.core.pagination import errors_text, show_on_form
from spona.directory.models import Organization
from spona.directory.permissions import published_organizations_of
from spona.directory.selectors import waiting_for
from spona.fair import permissions, services
from spona.fair.forms import ProposalForm
from spona.fair.models import FairEdition, Proposal


def _save(request: HttpRequest, proposal: Proposal) -> HttpResponse:
    form = ProposalForm(request.POST or None, instance=proposal)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.save_proposal(
                proposal=proposal,
                user=request.user,
                fields=form.proposal_fields(),
                relations=form.relations(),
                expected_version=form.cleaned_data.get("version"),
            )
        except ValidationError as error:
            show_on_form(form, error)
        else:
            if request.POST.get("then") == "submit":
                try:
                    services.submit_proposal(proposal=saved, user=request.user)
                    messages.success(request, _("Saved and sent to mentoring."))
                except ValidationError as error:
                    messages.error(request, errors_text(error))
            else:
                messages.success(request, _("Saved."))
            return redirect(saved)
    return render(
        request,
        "fair/proposal_form.html",
        {"form": form, "proposal": proposal},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def proposal_create(request: HttpRequest, pk: int) -> HttpResponse:
    edition = get_object_or_404(FairEdition, pk=pk, status=FairEdition.Status.PUBLISHED)
    organizations = [o for o in published_organizations_of(request.user) if o.kind == Organization.Kind.CSO]
    wanted = request.GET.get("organization") or request.POST.get("organization")
    organization = next((o for o in organizations if str(o.pk) == wanted), None)
    if wanted and organization is None:
        raise Http404  # not an organization of theirs
    organization = organization or (organizations[0] if organizations else None)
    if not edition.accepts_proposals():
        return render(request, "fair/proposal_form.html", {"form": None, "edition": edition, "closed": True})
    if organization is None:
        return render(
            request, "fair/proposal_form.html", {"form": None, "edition": edition, "waiting": waiting_for(request.user)}
        )
    return _save(request, Proposal(edition=edition, organization=organization))


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for(request.user, pk, check=permissions.can_edit_proposal)
    return _save(request, proposal)


def _act(request: HttpRequest, pk: int, action, *, check, success: str) -> HttpResponse:
    proposal = permissions.get_proposal_for(request.user, pk, check=check)
    body = request.POST.get("body", "")[:5000]
    try:
        action(proposal=proposal, user=request.user, body=body)
    except ValidationError as error:
        messages.error(request, errors_text(error))
    except PermissionDenied as error:
        raise Http404 from error
    else:
        messages.success(request, success)
    return redirect(proposal)


@login_required
@require_POST
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda proposal, user, body: services.submit_proposal(proposal=proposal, user=user, note=body),
        check=permissions.can_edit_proposal,
        success=_("Sent to mentoring: your mentor will comment or approve it."),
    )


@login_required
@require_POST
def proposal_comment(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda proposal, user, body: services.comment_on_proposal(proposal=proposal, user=user, body=body),
        check=permissions.can_see_thread,
        success=_("Comment added."),
    )


@login_required
@require_POST
def proposal_return(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda proposal, user, body: services.return_proposal(proposal=proposal, user=user, body=body),
        check=permissions.can_mentor,
        success=_("Returned with your comments."),
    )


@login_required
@require_POST
def proposal_approve(request: HttpRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        lambda proposal, user, body: services.approve_proposal(proposal=proposal, user=user, body=body),
        check=permissions.can_mentor,
        success=_("Approved: the proposal is in the fair's catalogue."),
    )


@login_required
@require_POST
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for(request.user, pk, check=permissions.can_see_thread)
    try:
        services.withdraw_proposal(proposal=proposal, user=request.user)
    except PermissionDenied as error:
        raise Http404 from error
    messages.success(request, _("The proposal is withdrawn."))
    return redirect(proposal.edition)


@login_required
def mentoring_queue(request: HttpRequest) -> HttpResponse:
    """Proposals waiting for their mentor (all of them for staff)."""
    if not permissions.is_mentor(request.user):
        raise Http404
    waiting = Proposal.objects.filter(state__in=[Proposal.State.SUBMITTED, Proposal.State.REVISED]).select_related(
        "organization", "edition", "mentor"
    )
    if not permissions.mentors_any_proposal(request.user):
        waiting = waiting.filter(mentor=request.user)
    return render(request, "fair/mentoring_queue.html", {"waiting": waiting.order_by("updated_at")})
