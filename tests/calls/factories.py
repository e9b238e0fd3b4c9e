"""factory_boy factories for calls, news and saved searches (indexed for search like the services do)."""

import datetime

import factory
from django.utils import timezone

from spona.calls import services
from spona.calls.models import Call, EditorialState, NewsPost, SavedSearch
from tests.factories import UserFactory


class CallFactory(factory.django.DjangoModelFactory):
    """A published call, open for a month, for any organization, unless told otherwise."""

    class Meta:
        model = Call
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Javni poziv za projekte mladih {n}")
    funder_name = "Fondacija Mozaik"
    summary = "Podrška projektima udruženja koja rade s mladima."
    body = "## Opis\n\nPoziv je otvoren za udruženja građana."
    deadline = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=30))
    state = EditorialState.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))
    currency = "BAM"

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.regions.set(extracted)

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create:
            services.prepare_item(obj)
            obj.save()
            services.index_item(obj)


class NewsPostFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = NewsPost
        skip_postgeneration_save = True

    title = factory.Sequence(lambda n: f"Održana radionica o volonterizmu {n}")
    lead = "Četrdeset volontera okupilo se u Tuzli."
    body = "Radionica je trajala dva dana."
    state = EditorialState.PUBLISHED
    publish_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(hours=1))

    @factory.post_generation
    def indexed(obj, create, extracted, **kwargs):
        if create:
            services.prepare_item(obj)
            obj.save()
            services.index_item(obj)


class SavedSearchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SavedSearch
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    name = "Mladi"
    keywords = ""
    frequency = SavedSearch.Frequency.DAILY
    checked_until = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1, hours=1))

    @factory.post_generation
    def sectors(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.sectors.set(extracted)

    @factory.post_generation
    def regions(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.regions.set(extracted)
