"""Reads of the fair that more than one page needs: a person's part in it, for their own page and the fair's."""

from dataclasses import dataclass, field

from django.utils import timezone

from spona.directory.models import Organization
from spona.directory.permissions import published_organizations_of
from spona.fair import permissions
from spona.fair.models import FairEdition, FairParticipant, Proposal


@dataclass
class FairOverview:
    """What "My page" shows of the fair: where the person's organizations take part, their proposals, the
    editions they may still register for, and whether mentoring waits for them."""

    participations: list[FairParticipant] = field(default_factory=list)
    proposals: list[Proposal] = field(default_factory=list)
    open_editions: list[FairEdition] = field(default_factory=list)
    is_mentor: bool = False
    may_take_part: bool = False  # a published CSO or company of theirs

    def __bool__(self) -> bool:
        return bool(self.participations or self.proposals or self.open_editions or self.is_mentor)


def fair_overview_for(user) -> FairOverview:
    organizations = [
        o for o in published_organizations_of(user) if o.kind in (Organization.Kind.CSO, Organization.Kind.COMPANY)
    ]
    today = timezone.localdate()
    participations = list(
        FairParticipant.objects.filter(
            organization__in=organizations, status=FairParticipant.Status.REGISTERED, edition__date__gte=today
        )
        .exclude(edition__status=FairEdition.Status.DRAFT)
        .select_related("edition", "organization")
        .order_by("edition__date", "organization__name")
    )
    proposals = list(
        Proposal.objects.filter(organization__in=organizations, edition__date__gte=today)
        .exclude(state=Proposal.State.WITHDRAWN)
        .select_related("edition", "organization")
        .order_by("edition__date", "title")
    )
    registered = {(p.edition_id, p.organization_id) for p in participations}
    open_editions = [
        edition
        for edition in FairEdition.objects.filter(status=FairEdition.Status.PUBLISHED, date__gte=today).order_by("date")
        if edition.is_registration_open()
        and any(o.kind in edition.allowed_kinds() and (edition.pk, o.pk) not in registered for o in organizations)
    ]
    return FairOverview(
        participations=participations,
        proposals=proposals,
        open_editions=open_editions,
        is_mentor=permissions.is_mentor(user),
        may_take_part=bool(organizations),
    )
