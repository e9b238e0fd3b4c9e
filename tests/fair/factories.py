"""factory_boy factories for the Partnership Fair."""

import datetime
from decimal import Decimal

import factory
from django.utils import timezone

from spona.directory.models import Organization
from spona.fair.models import FairEdition, FairParticipant, MeetingRequest, Proposal
from tests.factories import OrganizationFactory


class FairEditionFactory(factory.django.DjangoModelFactory):
    """A published fair a month from now, open for registration and requests; 10:00-16:00 with a lunch
    break, 20-minute meetings (15 slots), 4 tables."""

    class Meta:
        model = FairEdition

    title = factory.Sequence(lambda n: f"Sajam partnerstava {2027 + n}")
    date = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=30))
    venue = "Hotel Europe"
    tables = 4
    breaks = [["12:00", "13:00"]]
    registration_opens = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=10))
    registration_closes = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=20))
    requests_close = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=25))
    status = FairEdition.Status.PUBLISHED


class FairParticipantFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FairParticipant

    edition = factory.SubFactory(FairEditionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = factory.LazyAttribute(
        lambda o: (
            FairParticipant.Role.COMPANY
            if o.organization.kind == Organization.Kind.COMPANY
            else FairParticipant.Role.CSO
        )
    )


class CompanyParticipantFactory(FairParticipantFactory):
    organization = factory.SubFactory(OrganizationFactory, kind=Organization.Kind.COMPANY)
    support_kinds = ["money", "pro-bono"]


class ProposalFactory(factory.django.DjangoModelFactory):
    """An approved proposal of a CSO (pass `organization` and `edition`)."""

    class Meta:
        model = Proposal

    edition = factory.SubFactory(FairEditionFactory)
    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Digitalne vještine za žene {n}")
    problem = "Žene u ruralnim područjima teško nalaze posao."
    activity = "Obuke iz digitalnih vještina."
    beneficiaries = "Žene iz sela oko Zenice."
    asks = ["money"]
    offers = ["visibility"]
    budget = Decimal(10000)
    budget_eur = Decimal("5112.92")
    state = Proposal.State.APPROVED


class MeetingRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MeetingRequest

    edition = factory.LazyAttribute(lambda o: o.sender.edition)
    sender = factory.SubFactory(FairParticipantFactory)
    recipient = factory.SubFactory(CompanyParticipantFactory)
    status = MeetingRequest.Status.ACCEPTED
