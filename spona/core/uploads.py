"""Checks of uploaded images (logos, photos): size and a format Pillow recognises in the file itself."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from PIL import Image

ALLOWED_IMAGE_FORMATS = {"PNG", "JPEG", "WEBP", "GIF"}
IMAGE_ACCEPT = "image/png,image/jpeg,image/webp,image/gif"


def image_help_text(max_bytes: int) -> str:
    return _("PNG, JPEG, WebP or GIF, at most %(size)s MB.") % {"size": max_bytes // (1024 * 1024)}


def validate_uploaded_image(upload, *, max_bytes: int, too_large_message=None) -> None:
    """Raise ValidationError for a file that is too large, unreadable, or not PNG/JPEG/WebP/GIF."""
    if upload.size > max_bytes:
        raise ValidationError(
            too_large_message or _("The image is too large (%(size)s KB): the limit is %(limit)s KB."),
            params={"size": upload.size // 1024, "limit": max_bytes // 1024},
        )
    image = getattr(upload, "image", None)
    image_format = getattr(image, "format", None)
    if image_format is None:
        try:
            upload.seek(0)
            image_format = Image.open(upload).format
            upload.seek(0)
        except Exception as error:  # Pillow raises many kinds for a broken file
            raise ValidationError(_("This file is not an image we can read.")) from error
    if image_format not in ALLOWED_IMAGE_FORMATS:
        raise ValidationError(_("Upload a PNG, JPEG, WebP or GIF image."))
