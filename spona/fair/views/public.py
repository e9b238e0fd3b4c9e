"""Public pages of the fair: editions with their figures, and the catalogue of approved proposals."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from spona.core.page_cache import public_page
from spona.directory.permissions import is_member, published_organizations_of
from spona.directory.selectors import waiting_for
from spona.fair import permissions, schedules, services
from spona.fair.models import FairEdition, FairParticipant, Proposal
from spona.privacy.models import PrivateDataView
from spona.privacy.services import record_staff_view


def _public_editions():
    return FairEdition.objects.exclude(status=FairEdition.Status.DRAFT).select_related("city")


@public_page(area="fair")
def edition_list(request: HttpRequest) -> HttpResponse:
    editions = list(_public_editions())
    figures = {edition.pk: schedules.edition_figures(edition) for edition in editions}
    return render(
        request,
        "fair/edition_list.html",
        {
            "rows": [(e, figures[e.pk]) for e in editions],
            "is_mentor": permissions.is_mentor(request.user),
            "show_how_to": not published_organizations_of(request.user),
            "waiting": waiting_for(request.user),
        },
    )


def _edition_for(request: HttpRequest, pk: int) -> FairEdition:
    queryset = FairEdition.objects.all() if permissions.is_fair_staff(request.user) else _public_editions()
    return get_object_or_404(queryset, pk=pk)


@public_page(area="fair")
def edition_detail(request: HttpRequest, pk: int, slug: str = "") -> HttpResponse:
    edition = _edition_for(request, pk)
    if slug != edition.slug:
        return redirect(edition, permanent=True)
    mine, organizations = [], []
    if request.user.is_authenticated:
        organizations = published_organizations_of(request.user)
        mine = list(
            FairParticipant.objects.filter(edition=edition, organization__in=organizations).select_related(
                "organization"
            )
        )
        registered = {p.organization_id for p in mine if p.is_active}
        can_register = [o for o in organizations if o.pk not in registered and o.kind in edition.allowed_kinds()]
    else:
        can_register = []
    return render(
        request,
        "fair/edition_detail.html",
        {
            "edition": edition,
            "figures": schedules.edition_figures(edition),
            "slots": edition.slots(),
            "mine": mine,
            "can_register": can_register and edition.is_registration_open(),
            "show_how_to": not request.user.is_authenticated or not organizations,
            "waiting": waiting_for(request.user),
            "takes_proposals": edition.accepts_proposals(),
            "is_staff": permissions.is_fair_staff(request.user),
        },
    )


@public_page(area="fair")
def catalogue(request: HttpRequest, pk: int) -> HttpResponse:
    edition = _edition_for(request, pk)
    proposals = (
        Proposal.objects.filter(edition=edition, state=Proposal.State.APPROVED)
        .select_related("organization", "region")
        .prefetch_related("sectors", "goals")
        .order_by("title")
    )
    return render(request, "fair/catalogue.html", {"edition": edition, "proposals": proposals})


@public_page(area="fair")
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = permissions.get_proposal_for(request.user, pk)
    thread = permissions.can_see_thread(request.user, proposal)
    can_mentor = permissions.can_mentor(request.user, proposal)
    if thread:
        record_staff_view(request.user, proposal.organization, PrivateDataView.What.MENTORING)
    return render(
        request,
        "fair/proposal_detail.html",
        {
            "proposal": proposal,
            "thread": proposal.comments.select_related("author") if thread else None,
            "can_edit": permissions.can_edit_proposal(request.user, proposal),
            "takes_proposals": proposal.edition.accepts_proposals(),
            "can_mentor": can_mentor,
            "approval_refusal": services.approval_refusal(proposal) if can_mentor else "",
            "is_member": request.user.is_authenticated and is_member(request.user, proposal.organization),
        },
    )
