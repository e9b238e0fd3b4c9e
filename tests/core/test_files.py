"""Uploads under random names; private files apart from public media, sent only after a permission
check, by Django or by the reverse proxy (spona/core/files.py)."""

import re

import pytest
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from spona.calls import services as call_services
from spona.calls.models import EditorialState
from spona.core.files import RandomName, file_extension
from spona.directory.models import DirectoryImport
from tests.calls.factories import CallFactory
from tests.documents import pdf_bytes
from tests.settings_process import run_with_settings

pytestmark = pytest.mark.django_db

PDF = pdf_bytes()
RANDOM_PDF = re.compile(r"^calls/\d{4}/[0-9a-f]{32}\.pdf$")


@pytest.mark.parametrize(
    ("name", "extension"),
    [("Poziv.PDF", ".pdf"), ("a.tar.gz", ".gz"), ("bez-nastavka", ""), ("x.p<h>p", ".php"), ("..", ""), ("a.", "")],
)
def test_only_a_plain_extension_is_kept(name, extension):
    assert file_extension(name) == extension


def test_random_names_differ_and_keep_no_part_of_the_uploaders_name():
    name_for = RandomName("calls")

    first, second = name_for(None, "Lista kontakata Ivana.pdf"), name_for(None, "Lista kontakata Ivana.pdf")

    assert first != second
    assert RANDOM_PDF.match(first) and "Ivana" not in first


@pytest.fixture
def private_root(settings, tmp_path):
    """Private files on disk, in a folder of the test's own."""
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {"BACKEND": "spona.core.files.PrivateFileSystemStorage", "OPTIONS": {"location": tmp_path}},
    }
    return tmp_path


@pytest.fixture
def draft_call(member_user, organization):
    return CallFactory(state=EditorialState.DRAFT, organization=organization, submitted_by=member_user)


@pytest.fixture
def attachment(draft_call, member_user):
    upload = SimpleUploadedFile("Smjernice za podnosioce.pdf", PDF)
    return call_services.add_attachment(call=draft_call, user=member_user, title="", upload=upload)


def test_an_attachment_is_kept_in_private_storage_under_a_random_name(attachment):
    assert RANDOM_PDF.match(attachment.file.name)
    assert storages["private"].exists(attachment.file.name)
    assert not storages["default"].exists(attachment.file.name)
    assert (attachment.original_name, attachment.title) == ("Smjernice za podnosioce.pdf",) * 2


def test_an_unpublished_calls_attachment_is_sent_to_its_submitters_only(client, attachment, member_user, other_user):
    url = reverse("calls:attachment-download", args=[attachment.pk])

    assert client.get(url).status_code == 404
    client.force_login(other_user)
    assert client.get(url).status_code == 404
    client.force_login(member_user)
    response = client.get(url)

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Type"] == "application/pdf"
    assert 'filename="Smjernice za podnosioce.pdf"' in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"


def test_a_published_calls_attachment_is_sent_to_anyone(client, attachment):
    attachment.call.state = EditorialState.PUBLISHED
    attachment.call.save()

    assert client.get(reverse("calls:attachment-download", args=[attachment.pk])).status_code == 200


def test_behind_nginx_the_proxy_sends_the_file(client, attachment, member_user, settings):
    settings.SPONA = {**settings.SPONA, "PRIVATE_FILES_SENDER": "x-accel-redirect"}
    client.force_login(member_user)

    response = client.get(reverse("calls:attachment-download", args=[attachment.pk]))

    assert response["X-Accel-Redirect"] == f"/private-files/{attachment.file.name}"
    assert response.content == b""
    assert "Smjernice za podnosioce.pdf" in response["Content-Disposition"]


def test_with_x_sendfile_the_server_sends_the_file_by_its_path(client, member_user, draft_call, settings, private_root):
    settings.SPONA = {**settings.SPONA, "PRIVATE_FILES_SENDER": "x-sendfile"}
    upload = SimpleUploadedFile("a.pdf", PDF)
    attachment = call_services.add_attachment(call=draft_call, user=member_user, title="", upload=upload)
    client.force_login(member_user)

    response = client.get(reverse("calls:attachment-download", args=[attachment.pk]))

    assert response["X-Sendfile"] == str(private_root / attachment.file.name)
    assert (private_root / attachment.file.name).read_bytes() == PDF


def test_private_files_are_not_under_public_media(client, member_user, draft_call, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": tmp_path / "media"},
        },
        "private": {
            "BACKEND": "spona.core.files.PrivateFileSystemStorage",
            "OPTIONS": {"location": tmp_path / "private"},
        },
    }
    attachment = call_services.add_attachment(
        call=draft_call, user=member_user, title="", upload=SimpleUploadedFile("a.pdf", PDF)
    )

    assert (tmp_path / "private" / attachment.file.name).exists()
    assert not list((tmp_path / "media").rglob("*.pdf"))
    assert client.get(f"/media/{attachment.file.name}").status_code == 404
    with pytest.raises(ValueError, match="no public address"):
        _ = attachment.file.url


IMPORT_CSV = "name,kind\nUdruženje Sunce,cso\n".encode()


@pytest.mark.parametrize(
    "case",
    [
        (IMPORT_CSV, {"publish": "on"}, DirectoryImport.Status.DONE),
        (IMPORT_CSV, {"dry_run": "on"}, DirectoryImport.Status.DONE),
        ("name,kind\nUdruženje,svemir\n".encode(), {}, DirectoryImport.Status.REJECTED),
        (b"PK\x03\x04 broken", {}, DirectoryImport.Status.FAILED),
    ],
)
def test_an_import_file_is_deleted_once_its_import_has_run(client, staff_user, mail, private_root, case):
    content, fields, status = case
    client.force_login(staff_user)
    name = "kontakti.xlsx" if content.startswith(b"PK") else "kontakti.csv"

    with mail.committing():
        client.post("/en/admin/directory/organization/import/", {"file": SimpleUploadedFile(name, content), **fields})

    job = DirectoryImport.objects.get()
    assert (job.status, job.original_name) == (status, name)
    assert (private_root / "imports").is_dir()  # it was stored privately,
    assert not [path for path in (private_root / "imports").rglob("*") if path.is_file()]  # and is gone
    assert not job.file


def test_public_uploads_are_served_by_the_site_unless_the_proxy_serves_them():
    code = (
        "import django; django.setup(); from django.urls import resolve, Resolver404\n"
        "try:\n    resolve('/media/logos/a.png'); print('served')\n"
        "except Resolver404:\n    print('not served')"
    )
    served = run_with_settings({}, "-c", code)
    left_to_the_proxy = run_with_settings({"SPONA_SERVE_MEDIA": "0"}, "-c", code)

    assert served.stdout.strip() == "served", served.stderr
    assert left_to_the_proxy.stdout.strip() == "not served", left_to_the_proxy.stderr
