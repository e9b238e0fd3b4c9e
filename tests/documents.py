"""Real documents for upload tests: a PDF a reader opens, and images Pillow writes."""

import io
from functools import cache

from PIL import Image
from reportlab.pdfgen import canvas


@cache
def pdf_bytes(text: str = "Smjernice za podnosioce prijava") -> bytes:
    buffer = io.BytesIO()
    document = canvas.Canvas(buffer)
    document.drawString(72, 750, text)
    document.showPage()
    document.save()
    return buffer.getvalue()


def image_bytes(size=(64, 64), image_format: str = "PNG", color=(20, 120, 200), **options) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, color).save(buffer, format=image_format, **options)
    return buffer.getvalue()
