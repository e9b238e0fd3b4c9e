"""An import that fails midway for any reason is marked failed, logged and shown to staff: never left running.
Faults are injected at the database: an organization deleted after the file was checked, the database gone."""

import logging

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import OperationalError
from django.urls import reverse

from spona.directory import imports
from spona.directory.models import DirectoryImport, Organization
from tests.database_faults import around_statements, failing, inserts_into, reads
from tests.factories import OrganizationFactory

pytestmark = pytest.mark.django_db

IMPORT_URL = "/en/admin/directory/organization/import/"


def _upload(client, mail, content: bytes) -> DirectoryImport:
    with mail.committing():
        client.post(IMPORT_URL, {"file": SimpleUploadedFile("organizations.csv", content), "publish": "on"})
    return DirectoryImport.objects.get()


def _shows_the_failure(client, job: DirectoryImport, error: str) -> None:
    assert job.status == DirectoryImport.Status.FAILED
    page = client.get(reverse("admin:directory_organization_import_status", args=[job.pk])).content.decode()
    assert "failed: nothing imported" in page
    assert f"The import stopped on an unexpected error ({error})" in page


def test_an_organization_deleted_after_the_file_was_checked_fails_the_import(client, staff_user, mail, caplog):
    updated = OrganizationFactory(name="Staro ime")
    client.force_login(staff_user)

    def deleted_meanwhile():
        Organization.objects.filter(pk=updated.pk).delete()

    # The file is checked against the organizations there are; one goes just after.
    with around_statements(reads("directory_organization"), after=deleted_meanwhile), caplog.at_level(logging.ERROR):
        job = _upload(client, mail, f"id,name\n{updated.pk},Novo ime\n,Nova organizacija\n".encode())

    _shows_the_failure(client, job, "DoesNotExist")
    assert not Organization.objects.filter(name="Nova organizacija").exists()  # nothing imported
    assert f"Import {job.pk} (organizations.csv) failed" in caplog.text


def test_the_database_failing_midway_fails_the_import(client, staff_user, mail, caplog):
    client.force_login(staff_user)

    with (
        failing(inserts_into("directory_organization"), OperationalError("server closed the connection")),
        caplog.at_level(logging.ERROR),
    ):
        job = _upload(client, mail, b"name\nUdruzenje Prvo\nUdruzenje Drugo\n")

    _shows_the_failure(client, job, "OperationalError")
    assert not Organization.objects.exists()
    assert "server closed the connection" in caplog.text  # the traceback is in the log
    assert imports.run_import_job(import_id=job.pk) == DirectoryImport.Status.DONE  # and a new attempt works
