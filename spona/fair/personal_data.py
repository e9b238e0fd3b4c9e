"""What the Partnership Fair keeps about a person (see spona/privacy/registry.py): company representatives and
the person's comments in mentoring threads. Participants, requests and meetings are organizations'."""

from django.utils.translation import gettext_lazy as _

from spona.fair.models import FairParticipant, Partnership, Proposal, ProposalComment, Representative, ScheduleRun
from spona.privacy.registry import Category, Holding, registry, values

registry.category(
    Category(
        key="fair",
        title=_("Partnership Fair"),
        what=_(
            "The name, position, e-mail address and phone number of a company's representatives at the fair, and "
            "the comments you write in the mentoring of a cooperation proposal."
        ),
        why=_("To schedule the fair's meetings and to mentor proposals before the fair."),
        who=_(
            "Your organization's members, the proposal's mentor and the fair's organizers; representatives are "
            "shown on agendas to the organizations they meet."
        ),
        kept=_("For the center's records of the fair. When you delete your account your comments are emptied."),
        order=70,
    )
)


def representatives_of(email: str):
    return Representative.objects.filter(email__iexact=email) if email else Representative.objects.none()


registry.holding(
    Holding(
        model=Representative,
        category="fair",
        title=_("Where you represent a company at the fair"),
        rows=lambda user: representatives_of(user.email).select_related("participant__organization"),
        export=lambda representative: {
            "company": str(representative.participant.organization),
            **values(representative, "name", "position", "email", "phone"),
        },
        erase=lambda user: representatives_of(user.email).delete(),
    )
)
registry.holding(
    Holding(
        model=ProposalComment,
        category="fair",
        title=_("Your comments in mentoring"),
        rows=lambda user: ProposalComment.objects.filter(author=user).select_related("proposal"),
        export=lambda comment: {"proposal": str(comment.proposal), **values(comment, "kind", "body", "created_at")},
        erase=lambda user: ProposalComment.objects.filter(author=user).update(body=""),
    )
)
for model, reason in [
    (FairParticipant, "an organization's participation; who registered it is anonymized with them"),
    (Proposal, "an organization's proposal; its writer and mentor are anonymized with them"),
    (ScheduleRun, "a run of the scheduler by staff"),
    (Partnership, "a partnership between two organizations"),
]:
    registry.declare_not_personal(model, reason)
