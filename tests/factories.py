"""factory_boy factories for users, memberships and organizations (indexed for search)."""

from decimal import Decimal

import factory
from allauth.account.models import EmailAddress
from django.utils import timezone

from spona.accounts.models import Membership, User
from spona.core.models import LegalForm, Municipality, Sector
from spona.directory import services
from spona.directory.models import AnnualFinance, ContactPerson, Organization, Program, Result


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.Sequence(lambda n: f"user{n}@example.org")
    full_name = factory.Faker("name")
    password = factory.django.Password("correct horse battery staple")

    @factory.post_generation
    def verified_email(obj, create, extracted, **kwargs):
        if create:
            EmailAddress.objects.create(user=obj, email=obj.email, verified=True, primary=True)


class OrganizationFactory(factory.django.DjangoModelFactory):
    """A published, indexed organization in Sarajevo (Centar) unless told otherwise."""

    class Meta:
        model = Organization
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Udruženje građana Test {n}")
    kind = Organization.Kind.CSO
    status = Organization.Status.PUBLISHED
    mission = "Podrška mladima i ženama kroz obrazovanje i zapošljavanje."
    activities = "Radionice, obuke i savjetovanje."
    email = factory.Sequence(lambda n: f"info{n}@example.org")
    founding_year = 2005
    published_at = factory.LazyFunction(timezone.now)
    confirmed_at = factory.LazyFunction(timezone.now)
    municipality = factory.LazyFunction(lambda: Municipality.objects.get(code="ba-fbih-centar-sarajevo"))
    legal_form = factory.LazyFunction(lambda: LegalForm.objects.get(slug="association"))

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if not create:
            return
        slugs = extracted if extracted is not None else ["youth"]
        obj.sectors.set(Sector.objects.filter(slug__in=slugs))
        services.refresh_organization(obj)


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.ADMIN
    status = Membership.Status.ACTIVE


class PendingOrganizationFactory(OrganizationFactory):
    """A registered organization waiting for staff approval (not in the public directory)."""

    status = Organization.Status.PENDING
    published_at = None
    confirmed_at = None


# The profile sections below do not refresh completeness or the search index: call
# services.refresh_organization(organization) when a test depends on them.


class ContactPersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ContactPerson

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Kontakt Osoba {n}")
    position = "Koordinatorica"
    email = factory.Sequence(lambda n: f"kontakt{n}@example.org")
    phone = "+387 33 000 000"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Program {n}")
    description = "Obuke za mlade."
    start_year = 2020


class AnnualFinanceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AnnualFinance

    organization = factory.SubFactory(OrganizationFactory)
    year = factory.Sequence(lambda n: 2000 + n % 100)
    income = Decimal("125000.00")
    currency = AnnualFinance.Currency.BAM


class ResultFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Result

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Rezultat {n}")
    year = 2023
