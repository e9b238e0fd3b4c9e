"""Uploaded files: stored under random names, private ones apart from public media, and private
ones sent only by views that have checked permission.

Public media (logos, trainers' photos, news images) are in MEDIA_ROOT and may be served as they are.
Private files (call attachments, which stay private until the call is published, and import files,
which hold private contacts) are in SPONA_PRIVATE_ROOT, which nothing serves: a view checks who asks,
then sends the file itself or, in production, tells the reverse proxy to send it
(`X-Accel-Redirect` for nginx, `X-Sendfile` for Apache and others; see README, "Security").
"""

import datetime
import re
import uuid

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.http import FileResponse, HttpResponse
from django.utils.deconstruct import deconstructible
from django.utils.functional import LazyObject, empty
from django.utils.http import content_disposition_header

SENDERS = ("django", "x-accel-redirect", "x-sendfile")


class PrivateFileSystemStorage(FileSystemStorage):
    """Files with no address of their own: only a view that checks permission sends them."""

    def url(self, name):
        raise ValueError("A private file has no public address: send it with private_file_response().")


class _PrivateStorage(LazyObject):
    """STORAGES["private"], looked up when first used (and again after the setting changes)."""

    def _setup(self):
        self._wrapped = storages["private"]


_private_storage = _PrivateStorage()


@receiver(setting_changed)
def _forget_private_storage(*, setting, **kwargs):
    if setting == "STORAGES":
        _private_storage._wrapped = empty


def private_storage():
    """The storage of private files: a callable for FileField(storage=...), as migrations record it."""
    return _private_storage


def file_extension(name: str) -> str:
    """The name's extension, lowercased, letters and digits only ("" when it has none)."""
    _stem, dot, extension = name.rpartition(".")
    extension = re.sub(r"[^a-z0-9]", "", extension.lower())[:8] if dot else ""
    return f".{extension}" if extension else ""


@deconstructible
class RandomName:
    """`upload_to` that stores a file as `<folder>/<year>/<random>.<extension>`: nobody can guess
    another file's address from their own, and no uploader's name reaches the file system."""

    def __init__(self, folder: str):
        self.folder = folder

    def __call__(self, instance, filename: str) -> str:
        year = datetime.date.today().year
        return f"{self.folder}/{year}/{uuid.uuid4().hex}{file_extension(filename)}"

    def __eq__(self, other) -> bool:  # migrations compare fields by value
        return isinstance(other, RandomName) and other.folder == self.folder

    def __hash__(self) -> int:
        return hash(self.folder)


def private_file_response(
    field_file, *, filename: str, content_type: str, as_attachment: bool = True
) -> HttpResponse | FileResponse:
    """Send a private file to someone the caller has checked may have it."""
    sender = settings.SPONA["PRIVATE_FILES_SENDER"]
    if sender == "django":
        response = FileResponse(
            field_file.open("rb"), as_attachment=as_attachment, filename=filename, content_type=content_type
        )
    else:
        response = HttpResponse(content_type=content_type)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        if sender == "x-accel-redirect":
            response["X-Accel-Redirect"] = settings.SPONA["PRIVATE_FILES_INTERNAL_URL"] + field_file.name
        else:
            response["X-Sendfile"] = field_file.path
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
