"""factory_boy factories for trainers, courses, sessions and registrations."""

import datetime

import factory
from django.utils import timezone

from spona.core.models import Municipality
from spona.learning.models import Course, Registration, Trainer, TrainingSession
from tests.factories import UserFactory


class TrainerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Trainer

    name = factory.Sequence(lambda n: f"Trener Test {n}")
    headline = "Trener za prikupljanje sredstava"
    languages = ["bs", "en"]
    status = Trainer.Status.ACCEPTED


class CourseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Course

    title = factory.Sequence(lambda n: f"Pisanje projekata {n}")
    summary = "Od ideje do prijedloga projekta."
    learning_outcomes = "napisati cilj projekta\nsastaviti budžet"
    audiences = ["cso"]
    is_published = True


def _in_days(days: int, hour: int = 9) -> datetime.datetime:
    day = timezone.localdate() + datetime.timedelta(days=days)
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=timezone.get_current_timezone())


class TrainingSessionFactory(factory.django.DjangoModelFactory):
    """A published one-day session in Sarajevo, ten days from now, with two seats."""

    class Meta:
        model = TrainingSession
        skip_postgeneration_save = True

    course = factory.SubFactory(CourseFactory)
    starts_at = factory.LazyFunction(lambda: _in_days(10, 9))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at.replace(hour=16))
    venue = "Hotel Europe"
    city = factory.LazyFunction(lambda: Municipality.objects.get(code="ba-fbih-centar-sarajevo"))
    capacity = 2
    status = TrainingSession.Status.PUBLISHED

    @factory.post_generation
    def trainers(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.trainers.set(extracted)


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    session = factory.SubFactory(TrainingSessionFactory)
    participant = factory.SubFactory(UserFactory)
    registered_by = factory.LazyAttribute(lambda o: o.participant)
    status = Registration.Status.CONFIRMED
    waitlisted_at = factory.LazyAttribute(
        lambda o: timezone.now() if o.status == Registration.Status.WAITLISTED else None
    )
