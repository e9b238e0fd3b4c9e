"""Demo trainers, courses, sessions and registrations, at any scale (the demo site uses a few, the
benchmark 5,000 sessions and 100,000 registrations). Deterministic for a given seed."""

import datetime
import random
from collections.abc import Callable

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from spona.core.models import CapacityDomain, Municipality, Sector
from spona.directory.models import Organization
from spona.learning import services
from spona.learning.models import Audience, Course, Registration, TeachingLanguage, Trainer, TrainingSession

TRAINER_NAMES = [
    "Amra Hadžić",
    "Nikola Petrović",
    "Jelena Marković",
    "Emir Delić",
    "Milica Jovanović",
    "Adnan Mehmedović",
    "Ivana Kovačević",
    "Dragan Stojanović",
    "Selma Begić",
    "Marko Nikolić",
    "Lejla Hodžić",
    "Vesna Ilić",
    "Tarik Softić",
    "Ana Pavlović",
    "Dženana Mujić",
    "Stefan Đorđević",
    "Mirela Babić",
    "Aleksandar Popović",
]
COURSES = [
    ("Pisanje projektnih prijedloga", "Od ideje do prijedloga koji donator razumije: logički okvir, budžet, rizici."),
    ("Finansijsko upravljanje za udruženja", "Knjigovodstvo, izvještavanje donatorima i interne kontrole."),
    ("Prikupljanje sredstava od građana i kompanija", "Individualna i korporativna filantropija u praksi."),
    ("Zagovaranje i javne politike", "Kako planirati kampanju, mapirati aktere i mjeriti uticaj."),
    ("Komunikacija i odnosi s medijima", "Saopćenja, društvene mreže i nastup u medijima."),
    ("Upravljanje projektnim ciklusom", "Planiranje, praćenje i evaluacija projekata."),
    ("Partnerstva s kompanijama (DOP)", "Kako kompanijama predstaviti prijedlog saradnje."),
    ("Upravljanje volonterima", "Regrutacija, motivacija i zadržavanje volontera."),
    ("Strateško planiranje", "Misija, vizija i plan za tri godine."),
    ("Zaštita podataka i digitalna sigurnost", "GDPR, lozinke, rezervne kopije i sigurna komunikacija."),
    ("Socijalno preduzetništvo", "Poslovni model udruženja koje prodaje proizvode i usluge."),
    ("Dobro upravljanje i uloga odbora", "Nadležnosti organa udruženja i sukob interesa."),
]
VENUES = ["Hotel Europe", "Centar za kulturu", "Sala Privredne komore", "Dom mladih", "Gradska vijećnica"]
CITIES = [
    "ba-fbih-centar-sarajevo",
    "ba-rs-banja-luka",
    "ba-fbih-tuzla",
    "ba-fbih-mostar",
    "rs-beograd",
    "rs-novi-sad",
    "rs-nis",
    "rs-kragujevac",
    "rs-leskovac",
    "rs-krusevac",
]
OUTCOMES = [
    "napisati jasan cilj i rezultate projekta",
    "sastaviti budžet koji prati aktivnosti",
    "planirati komunikaciju s ciljnim grupama",
    "prepoznati rizike i planirati odgovor",
    "pripremiti izvještaj za donatora",
]


def create_demo_trainers(*, count: int = 12, seed: int = 11) -> list[Trainer]:
    rng = random.Random(seed)
    domains = list(CapacityDomain.objects.all())
    sectors = list(Sector.objects.all())
    trainers = []
    for n in range(count):
        name = TRAINER_NAMES[n % len(TRAINER_NAMES)] + ("" if n < len(TRAINER_NAMES) else f" {n // len(TRAINER_NAMES)}")
        trainer = Trainer.objects.create(
            name=name,
            headline=f"{rng.choice(domains).name_bs}: obuke i mentorstvo" if domains else "",
            biography="Dugogodišnji trener i mentor organizacija civilnog društva u Bosni i Hercegovini i Srbiji.",
            languages=rng.sample(["bs", "sr", "hr", "en"], k=2),
            is_mentor=rng.random() < 0.4,
            status=Trainer.Status.ACCEPTED,
        )
        trainer.domains.set(rng.sample(domains, k=min(3, len(domains))))
        trainer.sectors.set(rng.sample(sectors, k=min(2, len(sectors))))
        trainers.append(trainer)
    return trainers


def create_demo_courses(*, seed: int = 12) -> list[Course]:
    rng = random.Random(seed)
    domains = list(CapacityDomain.objects.all())
    sectors = list(Sector.objects.filter(is_cssp_area=True))
    courses = []
    for title, summary in COURSES:
        course = Course.objects.create(
            title=title,
            summary=summary,
            description=summary + " Radionica kombinuje kratka predavanja, rad u grupama i primjere iz prakse.",
            learning_outcomes="\n".join(rng.sample(OUTCOMES, k=3)),
            audiences=rng.sample([Audience.CSO, Audience.CSO, Audience.COMPANY, Audience.PUBLIC], k=2),
            is_published=True,
        )
        course.domains.set(rng.sample(domains, k=min(2, len(domains))))
        course.sectors.set(rng.sample(sectors, k=min(2, len(sectors))))
        courses.append(course)
    return courses


@transaction.atomic
def create_demo_sessions(
    *,
    count: int,
    registrations: int = 0,
    seed: int = 13,
    now: datetime.datetime | None = None,
    progress: Callable[[int], None] | None = None,
) -> int:
    """`count` sessions from a year ago to a year ahead, and about `registrations` registrations of
    demo users spread over them. Returns the number of sessions created."""
    rng = random.Random(seed)
    now = now or timezone.now()
    trainers = list(Trainer.objects.filter(status=Trainer.Status.ACCEPTED)) or create_demo_trainers()
    courses = list(Course.objects.filter(is_published=True)) or create_demo_courses()
    cities = list(Municipality.objects.filter(code__in=CITIES))
    tz = timezone.get_current_timezone()
    sessions = []
    for n in range(count):
        day = (now + datetime.timedelta(days=rng.randint(-365, 365))).astimezone(tz).date()
        start = datetime.datetime.combine(day, datetime.time(rng.choice([9, 10, 13])), tzinfo=tz)
        length = rng.choice([1, 1, 1, 2, 3])
        end = datetime.datetime.combine(day + datetime.timedelta(days=length - 1), datetime.time(16), tzinfo=tz)
        session_format = rng.choice(
            [TrainingSession.Format.IN_PERSON] * 3 + [TrainingSession.Format.ONLINE, TrainingSession.Format.HYBRID]
        )
        sessions.append(
            TrainingSession(
                course=courses[n % len(courses)],
                starts_at=start,
                ends_at=end,
                format=session_format,
                venue=rng.choice(VENUES) if session_format != TrainingSession.Format.ONLINE else "",
                city=rng.choice(cities) if session_format != TrainingSession.Format.ONLINE and cities else None,
                online_url="https://meet.example.org/spona"
                if session_format != TrainingSession.Format.IN_PERSON
                else "",
                language=rng.choice([TeachingLanguage.BOSNIAN, TeachingLanguage.SERBIAN, TeachingLanguage.ENGLISH]),
                capacity=rng.choice([12, 16, 20, 25, 30]),
                seats_per_organization=rng.choice([None, None, 2, 3]),
                fee=rng.choice([0, 0, 0, 50, 100]),
                status=TrainingSession.Status.PUBLISHED,
            )
        )
    created = TrainingSession.objects.bulk_create(sessions, batch_size=1000)
    links = [
        TrainingSession.trainers.through(trainingsession_id=session.pk, trainer_id=trainer.pk)
        for session in created
        for trainer in rng.sample(trainers, k=min(len(trainers), rng.choice([1, 2])))
    ]
    TrainingSession.trainers.through.objects.bulk_create(links, batch_size=5000)
    if registrations:
        _create_demo_registrations(created, registrations, rng=rng, progress=progress)
    return len(created)


def _create_demo_registrations(sessions, total: int, *, rng: random.Random, progress) -> None:
    """Registrations by demo participants, filling sessions up to their capacity and then the waitlist."""
    user_model = get_user_model()
    people_needed = max(50, total // 20)
    existing = user_model.objects.filter(username__startswith="participant").count()
    user_model.objects.bulk_create(
        [
            user_model(username=f"participant{n}", email=f"participant{n}@example.org", full_name=f"Učesnik {n}")
            for n in range(existing, people_needed)
        ],
        batch_size=5000,
    )
    people = list(user_model.objects.filter(username__startswith="participant").values_list("pk", flat=True))
    organizations = list(Organization.objects.filter(status="published").values_list("pk", flat=True)[:5000])
    per_session = max(1, total // max(len(sessions), 1))
    rows, done = [], 0
    for session in sessions:
        for index, person in enumerate(rng.sample(people, k=min(per_session, len(people)))):
            seat = index < session.capacity
            rows.append(
                Registration(
                    session=session,
                    participant_id=person,
                    registered_by_id=person,
                    organization_id=rng.choice(organizations) if organizations and rng.random() < 0.8 else None,
                    status=Registration.Status.CONFIRMED if seat else Registration.Status.WAITLISTED,
                    waitlisted_at=None if seat else session.created_at,
                )
            )
        if len(rows) >= 5000:
            Registration.objects.bulk_create(rows, batch_size=5000)
            done += len(rows)
            rows = []
            if progress:
                progress(done)
    Registration.objects.bulk_create(rows, batch_size=5000)
    if progress:
        progress(done + len(rows))


def enrol_demo_member(*, member, staff, now: datetime.datetime | None = None) -> None:
    """Give the demo site's member a seat in the next session and a certificate from a past one, so
    their trainings page shows what a participant sees."""
    now = now or timezone.now()
    organization = Organization.objects.filter(
        memberships__user=member, memberships__status="active", status="published"
    ).first()
    upcoming = (
        TrainingSession.objects.filter(status=TrainingSession.Status.PUBLISHED, starts_at__gt=now)
        .order_by("starts_at")
        .first()
    )
    if upcoming is not None:
        services.register_for_session(
            session=upcoming, participant=member, registered_by=member, organization=organization
        )
    past = TrainingSession.objects.filter(status=TrainingSession.Status.PUBLISHED, ends_at__lt=now).order_by("-ends_at")
    for session in past[:5]:
        if len(session.days()) == 1 and session.trainers.exists():
            registration = Registration.objects.create(
                session=session,
                participant=member,
                registered_by=member,
                organization=organization,
                status=Registration.Status.CONFIRMED,
            )
            services.mark_attendance(
                session=session, day=session.days()[0], marks={registration.pk: "present"}, user=staff
            )
            services.issue_certificates(session=session, user=staff)
            return
