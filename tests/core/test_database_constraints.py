"""The rules the services keep are kept by the database too: a write that goes around them fails."""

from decimal import Decimal

import pytest
from django.db import IntegrityError, transaction

from spona.calls.models import Call, SavedSearch
from spona.fair.models import FairParticipant, Partnership
from spona.learning.models import Feedback, TrainingSession
from tests.calls.factories import CallFactory, SavedSearchFactory
from tests.factories import OrganizationFactory
from tests.fair.factories import CompanyParticipantFactory, FairEditionFactory
from tests.learning.factories import RegistrationFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db


def _refused(queryset, **values) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        queryset.update(**values)


def test_amounts_are_in_order():
    call = CallFactory(amount_min=Decimal(100), amount_max=Decimal(200))
    _refused(Call.objects.filter(pk=call.pk), amount_min=Decimal(300))
    search = SavedSearchFactory(amount_min_eur=Decimal(1), amount_max_eur=Decimal(2))
    _refused(SavedSearch.objects.filter(pk=search.pk), amount_min_eur=Decimal(3))
    company = CompanyParticipantFactory(budget_min_eur=Decimal(10), budget_max_eur=Decimal(20))
    _refused(FairParticipant.objects.filter(pk=company.pk), budget_max_eur=Decimal(5))


def test_registration_closes_before_the_session_ends():
    session = TrainingSessionFactory()
    _refused(TrainingSession.objects.filter(pk=session.pk), registration_deadline=session.ends_at.replace(year=2100))


def test_ratings_go_from_one_to_five():
    feedback = Feedback.objects.create(
        registration=RegistrationFactory(), overall=5, content=4, trainers=3, organization=2
    )
    for name in Feedback.RATINGS:
        _refused(Feedback.objects.filter(pk=feedback.pk), **{name: 6})
        _refused(Feedback.objects.filter(pk=feedback.pk), **{name: 0})


def test_a_partnership_is_of_two_organizations():
    cso, company = OrganizationFactory(), OrganizationFactory(kind="company")
    partnership = Partnership.objects.create(edition=FairEditionFactory(), cso=cso, company=company, kind="money")
    _refused(Partnership.objects.filter(pk=partnership.pk), company=cso)
