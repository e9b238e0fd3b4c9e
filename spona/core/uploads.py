"""Uploaded images (logos, trainers' photos, news images): checked, then stored as a resized copy.

An upload is refused when it is too large in bytes, in a format other than PNG, JPEG, WebP or GIF, or
too large in pixels: a 100-megapixel PNG can weigh 12 KB and take gigabytes to decode. What is kept is
a copy re-encoded by Pillow, no larger than the field's largest side, turned as the camera meant it,
without the original's metadata (a photo's location among it), and named after its real format, so a
file called `logo.pdf` or `photo.ps` is stored as the PNG or JPEG it is.

Models declare such a field with `ImageUploadField`; its form field does all of this, so the site's
forms and the admin treat images the same way.
"""

import io
import warnings

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif"
# Django's own words for a file that is no image (so its catalogs translate them).
UNREADABLE = "Upload a valid image. The file you uploaded was either not an image or a corrupted image."
# Enough for a 40-megapixel camera's photo; decoding more could exhaust a server's memory.
MAX_PIXELS = 40_000_000
# The stored copy's format, for the format the upload came in (a GIF's first frame becomes a PNG).
STORED_FORMAT = {"PNG": ("PNG", "png"), "JPEG": ("JPEG", "jpg"), "WEBP": ("WEBP", "webp"), "GIF": ("PNG", "png")}


def image_help_text(max_bytes: int) -> str:
    return _("PNG, JPEG, WebP or GIF, at most %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}


def _open_checked(upload, *, max_bytes: int, too_large_message=None) -> Image.Image:
    if upload.size > max_bytes:
        raise ValidationError(
            too_large_message or _("The image is too large (%(size)s KB): the limit is %(limit)s KB."),
            params={"size": upload.size // 1024, "limit": max_bytes // 1024},
        )
    upload.seek(0)
    try:
        with warnings.catch_warnings():  # Pillow warns from 89 megapixels; the site's own limit is lower
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(upload)
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as error:
        raise ValidationError(_(UNREADABLE)) from error
    if image.format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."))
    width, height = image.size
    if width * height > MAX_PIXELS:
        raise ValidationError(
            _("The image is %(width)s × %(height)s pixels: at most %(megapixels)s megapixels, please."),
            params={"width": width, "height": height, "megapixels": MAX_PIXELS // 1_000_000},
        )
    try:
        image.load()
    except (OSError, ValueError, Image.DecompressionBombError) as error:
        raise ValidationError(_(UNREADABLE)) from error
    return image


def resized_copy(upload, *, max_side: int, max_bytes: int, too_large_message=None) -> ContentFile:
    """The checked image, re-encoded no larger than `max_side` on either side, named by its real format."""
    image = _open_checked(upload, max_bytes=max_bytes, too_large_message=too_large_message)
    stored_format, extension = STORED_FORMAT[image.format]
    image = ImageOps.exif_transpose(image)
    image.thumbnail((max_side, max_side))
    if stored_format == "JPEG" and image.mode not in ("RGB", "L"):
        image = image.convert("RGB")
    elif image.mode not in ("RGB", "RGBA", "L", "LA", "P"):
        image = image.convert("RGBA")
    output = io.BytesIO()
    options = {"quality": 85, "optimize": True} if stored_format in ("JPEG", "WEBP") else {"optimize": True}
    image.save(output, format=stored_format, **options)
    return ContentFile(output.getvalue(), name=f"image.{extension}")


class ImageUploadFormField(forms.ImageField):
    """An image input that keeps the resized copy of what was uploaded (see the module's docstring)."""

    def __init__(self, *, max_side: int, max_bytes_setting: str, too_large_message=None, **kwargs):
        self.max_side, self.max_bytes_setting, self.too_large_message = max_side, max_bytes_setting, too_large_message
        kwargs.setdefault("widget", forms.ClearableFileInput(attrs={"accept": IMAGE_ACCEPT}))
        super().__init__(**kwargs)
        if not self.help_text:
            self.help_text = image_help_text(settings.SPONA[max_bytes_setting])

    def to_python(self, data):
        # Django's own check opens the file with Pillow: what is too large must be refused before that.
        if data and hasattr(data, "size"):
            max_bytes = settings.SPONA[self.max_bytes_setting]
            _open_checked(data, max_bytes=max_bytes, too_large_message=self.too_large_message)
            data.seek(0)
        return super().to_python(data)

    def clean(self, data, initial=None):
        value = super().clean(data, initial)
        if value and hasattr(value, "content_type"):  # a new upload, not the file already stored
            return resized_copy(
                value,
                max_side=self.max_side,
                max_bytes=settings.SPONA[self.max_bytes_setting],
                too_large_message=self.too_large_message,
            )
        return value


class ImageUploadField(models.ImageField):
    """A model's image, no larger than `max_side` pixels on either side and `SPONA[max_bytes_setting]`
    bytes as uploaded."""

    def __init__(self, *args, max_side: int = 1024, max_bytes_setting: str = "LOGO_MAX_BYTES", **kwargs):
        self.max_side, self.max_bytes_setting = max_side, max_bytes_setting
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.update(max_side=self.max_side, max_bytes_setting=self.max_bytes_setting)
        return name, path, args, kwargs

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "form_class": ImageUploadFormField,
                "max_side": self.max_side,
                "max_bytes_setting": self.max_bytes_setting,
                **kwargs,
            }
        )
