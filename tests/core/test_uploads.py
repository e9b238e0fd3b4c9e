"""Uploaded images are checked, then kept as a resized copy in their real format (spona/core/uploads.py)."""

import io
import re
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from spona.core.uploads import ImageUploadFormField, resized_copy
from tests.documents import image_bytes

pytestmark = pytest.mark.django_db


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def _pixel_bomb(width: int = 10_000, height: int = 10_000) -> bytes:
    """A valid grey PNG of width × height pixels that weighs a few KB: every row is zeros."""
    rows = zlib.compress(b"\x00" * (width + 1) * height, 9)
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"IDAT", rows) + _chunk(b"IEND", b"")


def _field(**kwargs) -> ImageUploadFormField:
    return ImageUploadFormField(max_side=512, max_bytes_setting="LOGO_MAX_BYTES", required=False, **kwargs)


def test_a_hundred_megapixel_png_of_a_few_kilobytes_is_refused():
    bomb = _pixel_bomb()
    assert len(bomb) < 200_000

    with pytest.raises(ValidationError) as error:
        _field().clean(SimpleUploadedFile("logo.png", bomb, content_type="image/png"))

    assert "10000 × 10000 pixels" in " ".join(error.value.messages)


def test_a_large_photo_is_stored_as_a_smaller_copy_without_its_metadata():
    exif = Image.Exif()
    exif[0x010F] = "Kamera d.o.o."  # the camera's maker: the kind of metadata a copy must not keep
    upload = SimpleUploadedFile("foto.jpg", image_bytes((3000, 2000), "JPEG", exif=exif), content_type="image/jpeg")

    stored = _field().clean(upload)

    image = Image.open(io.BytesIO(stored.read()))
    assert (image.format, image.size) == ("JPEG", (512, 341))
    assert not image.getexif()
    assert stored.name == "image.jpg"


@pytest.mark.parametrize(
    ("name", "image_format", "extension"), [("logo.pdf", "PNG", "png"), ("logo.ps", "JPEG", "jpg")]
)
def test_an_image_is_stored_under_the_extension_of_its_real_format(name, image_format, extension):
    stored = _field().clean(SimpleUploadedFile(name, image_bytes(image_format=image_format), content_type="image/png"))

    assert stored.name == f"image.{extension}"


def test_a_small_image_keeps_its_size():
    stored = resized_copy(SimpleUploadedFile("a.png", image_bytes((40, 30))), max_side=512, max_bytes=10**6)

    assert Image.open(io.BytesIO(stored.read())).size == (40, 30)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"%PDF-1.7 not an image", "Upload a valid image"),
        (image_bytes(image_format="BMP"), "Upload a PNG, JPEG, WebP or GIF image"),
        (image_bytes((600, 600))[:400], "Upload a valid image"),
    ],
)
def test_files_that_are_not_acceptable_images_are_refused(content, message):
    with pytest.raises(ValidationError) as error:
        _field().clean(SimpleUploadedFile("logo.png", content, content_type="image/png"))

    assert message in " ".join(error.value.messages)


def test_a_logo_uploaded_on_the_profile_form_is_kept_resized_under_a_random_name(client, member_user, organization):
    from tests.directory.form_data import profile_form_data  # noqa: PLC0415 (the directory's form data)

    client.force_login(member_user)
    data = profile_form_data(organization)
    data["logo"] = SimpleUploadedFile("Naš logo.gif", image_bytes((1200, 900), "GIF"), content_type="image/gif")

    response = client.post(reverse("directory:organization-edit", kwargs={"pk": organization.pk}), data)

    assert response.status_code == 302
    organization.refresh_from_db()
    assert re.match(r"^logos/\d{4}/[0-9a-f]{32}\.png$", organization.logo.name)
    assert Image.open(organization.logo.open()).size == (512, 384)
