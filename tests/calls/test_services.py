"""The editorial workflow, attachments, dismissals and saved searches, through the services."""

import datetime
import io
import zipfile
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from spona.calls import services
from spona.calls.models import Call, CallAttachment, CallDismissal, EditorialState, NewsPost, SavedSearch
from spona.core.stale_edits import StaleEdit
from tests.calls.factories import CallFactory
from tests.documents import pdf_bytes

pytestmark = pytest.mark.django_db


def _call_fields(**overrides) -> dict:
    fields = {
        "title": "Javni poziv za projekte mladih",
        "funder_name": "Fondacija Mozaik",
        "summary": "Podrška projektima mladih.",
        "body": "Tekst poziva.",
        "deadline": timezone.now() + datetime.timedelta(days=20),
        "currency": "BAM",
        "amount_max": Decimal("19558.30"),
    }
    return {**fields, **overrides}


def test_an_organization_submits_a_call_and_the_editors_are_told(member_user, organization, staff_user, mail):
    with mail.committing():
        call = services.save_item(
            item=Call(), user=member_user, fields=_call_fields(organization=organization), publish="submit"
        )
    assert call.state == EditorialState.SUBMITTED
    assert not call.is_public()
    assert call.submitted_by == member_user
    assert call.amount_max_eur == Decimal("10000.00")  # BAM is pegged: 1.95583 to the euro
    assert [staff_user.email] in mail.recipients


def test_only_editors_publish(member_user, organization):
    with pytest.raises(PermissionDenied):
        services.save_item(item=Call(), user=member_user, fields=_call_fields(organization=organization), publish="now")


def test_someone_outside_the_organization_cannot_submit_for_it(other_user, organization):
    with pytest.raises(PermissionDenied):
        services.save_item(
            item=Call(), user=other_user, fields=_call_fields(organization=organization), publish="submit"
        )


def test_staff_approve_a_submission_and_the_submitter_is_told(member_user, organization, staff_user, mail):
    call = services.save_item(
        item=Call(), user=member_user, fields=_call_fields(organization=organization), publish="submit"
    )
    with mail.committing():
        services.approve_item(item=call, user=staff_user)
    call.refresh_from_db()
    assert call.is_public()
    assert mail.outbox[-1].to == [member_user.email]
    assert "Published" in mail.outbox[-1].subject


def test_staff_return_a_submission_with_a_note_and_it_can_be_revised(member_user, organization, staff_user, mail):
    call = services.save_item(
        item=Call(), user=member_user, fields=_call_fields(organization=organization), publish="submit"
    )
    with pytest.raises(ValidationError):
        services.return_item(item=call, user=staff_user, note="  ")
    with mail.committing():
        services.return_item(item=call, user=staff_user, note="Dodajte iznos sufinansiranja.")
    call.refresh_from_db()
    assert call.state == EditorialState.REJECTED
    assert "Dodajte iznos" in mail.outbox[-1].body
    revised = services.save_item(item=call, user=member_user, fields={"cofinancing_percent": 10}, publish="submit")
    assert revised.state == EditorialState.SUBMITTED and revised.cofinancing_percent == 10


def test_a_published_call_is_no_longer_the_organizations_to_edit(member_user, organization, staff_user):
    call = services.save_item(
        item=Call(), user=member_user, fields=_call_fields(organization=organization), publish="submit"
    )
    services.approve_item(item=call, user=staff_user)
    with pytest.raises(PermissionDenied):
        services.save_item(item=Call.objects.get(pk=call.pk), user=member_user, fields={"title": "Novo"})
    with pytest.raises(PermissionDenied):
        services.withdraw_item(item=call, user=member_user)
    services.withdraw_item(item=call, user=staff_user)
    assert Call.objects.get(pk=call.pk).state == EditorialState.WITHDRAWN


def test_a_deadline_in_the_past_cannot_be_published_as_open(staff_user, member_user, organization):
    past = timezone.now() - datetime.timedelta(hours=1)
    with pytest.raises(ValidationError) as error:
        services.save_item(item=Call(), user=staff_user, fields=_call_fields(deadline=past), publish="now")
    assert "deadline" in error.value.message_dict
    assert not Call.objects.exists()
    submitted = services.save_item(
        item=Call(), user=member_user, fields=_call_fields(organization=organization, deadline=past), publish="submit"
    )
    with pytest.raises(ValidationError):
        services.approve_item(item=submitted, user=staff_user)
    assert Call.objects.get(pk=submitted.pk).state == EditorialState.SUBMITTED


def test_staff_schedule_a_publication(staff_user):
    later = timezone.now() + datetime.timedelta(days=2)
    call = services.save_item(item=Call(), user=staff_user, fields=_call_fields(publish_at=later), publish="schedule")
    assert call.is_scheduled() and not call.is_public()
    assert call.is_public(now=later + datetime.timedelta(minutes=1))
    with pytest.raises(ValidationError):
        services.save_item(item=Call(), user=staff_user, fields=_call_fields(), publish="schedule")


def test_a_stale_edit_is_refused_and_loses_nothing(staff_user):
    call = services.save_item(item=Call(), user=staff_user, fields=_call_fields(), publish="now")
    opened_version = call.version
    services.save_item(
        item=Call.objects.get(pk=call.pk),
        user=staff_user,
        fields={"title": "Prva izmjena"},
        expected_version=opened_version,
    )
    with pytest.raises(StaleEdit):
        services.save_item(
            item=Call.objects.get(pk=call.pk),
            user=staff_user,
            fields={"title": "Druga izmjena"},
            expected_version=opened_version,
        )
    assert Call.objects.get(pk=call.pk).title == "Prva izmjena"


def test_unsafe_html_in_submitted_text_is_removed(member_user, organization):
    call = services.save_item(
        item=Call(),
        user=member_user,
        fields=_call_fields(
            organization=organization, body='Tekst <script>alert(1)</script><a href="javascript:x()">link</a>'
        ),
        publish="submit",
    )
    assert "<script" not in call.body_html and "javascript:" not in call.body_html
    post = services.save_item(
        item=NewsPost(),
        user=member_user,
        fields={
            "title": "Vijest",
            "lead": "Uvod",
            "body": "<img src=x onerror=alert(1)>Tekst",
            "organization": organization,
        },
        publish="submit",
    )
    assert "onerror" not in post.body_html and "Tekst" in post.body_html


def test_amounts_in_other_currencies_are_compared_in_euros(staff_user):
    call = services.save_item(
        item=Call(),
        user=staff_user,
        fields=_call_fields(currency="EUR", amount_min=Decimal(100), amount_max=Decimal(500)),
        publish="now",
    )
    assert (call.amount_min_eur, call.amount_max_eur) == (Decimal("100.00"), Decimal("500.00"))


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _xlsx_with_macros() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/vbaProject.bin", "macros")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "kind"),
    [("poziv.pdf", pdf_bytes(), "pdf"), ("obrazac.docx", _docx(), "docx")],
)
def test_attachments_of_the_allowed_kinds_are_kept(staff_user, name, content, kind):
    call = CallFactory()
    attachment = services.add_attachment(call=call, user=staff_user, title="", upload=SimpleUploadedFile(name, content))
    assert attachment.kind == kind and attachment.size == len(content) and attachment.title == name


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.pdf", b"MZ\x90\x00 an executable", "Attach a PDF"),
        ("poziv.exe", b"%PDF-1.7", "Attach a PDF"),
        ("poziv.pdf", b"%PDF-1.7\n<html><script>alert(1)</script></html>", "Attach a PDF"),
        ("poziv.pdf", pdf_bytes()[:600], "Attach a PDF"),
        ("budzet.xlsx", _xlsx_with_macros(), "Attach a PDF"),
        ("obrazac.docx", b"PK\x03\x04 not really a zip", "Attach a PDF"),
        ("renamed.xlsx", _docx(), "Attach a PDF"),
    ],
)
def test_attachments_of_the_wrong_kind_are_refused(staff_user, name, content, message):
    with pytest.raises(ValidationError) as error:
        services.add_attachment(
            call=CallFactory(), user=staff_user, title="x", upload=SimpleUploadedFile(name, content)
        )
    assert message in " ".join(error.value.messages)
    assert not CallAttachment.objects.exists()


def test_a_too_large_attachment_is_refused(staff_user, settings):
    settings.SPONA = {**settings.SPONA, "CALL_ATTACHMENT_MAX_BYTES": 1024}
    with pytest.raises(ValidationError) as error:
        services.add_attachment(
            call=CallFactory(), user=staff_user, title="x", upload=SimpleUploadedFile("a.pdf", b"%PDF-" + b"0" * 2000)
        )
    assert "too large" in " ".join(error.value.messages)


def test_dismissing_a_call_is_idempotent_and_reversible(member_user):
    call = CallFactory()
    services.dismiss_call(user=member_user, call=call)
    services.dismiss_call(user=member_user, call=call)
    assert CallDismissal.objects.filter(user=member_user).count() == 1
    services.restore_call(user=member_user, call=call)
    assert not CallDismissal.objects.exists()


def test_saved_searches_belong_to_their_user(member_user, other_user):
    search = services.save_search(user=member_user, fields={"name": "Mladi", "keywords": "mladi", "frequency": "daily"})
    assert search.token and search.checked_until
    with pytest.raises(PermissionDenied):
        services.save_search(user=other_user, search=search, fields={"name": "Moje"})
    with pytest.raises(PermissionDenied):
        services.delete_search(user=other_user, search=search)
    with pytest.raises(ValidationError):
        services.save_search(
            user=member_user, fields={"name": "x", "amount_min_eur": Decimal(10), "amount_max_eur": Decimal(5)}
        )
    assert SavedSearch.objects.count() == 1


def test_unsubscribe_by_token_stops_the_e_mails(member_user):
    search = services.save_search(user=member_user, fields={"name": "Mladi"})
    assert services.unsubscribe(token=search.token) == search
    assert not SavedSearch.objects.get(pk=search.pk).is_active
    assert services.unsubscribe(token="wrong") is None
