"""Certificates of attendance as PDF, in the participant's language, with a QR code and the address
where anyone can check that the certificate is genuine. The fonts ship with Spona (DejaVu), so Latin
and Cyrillic letters render the same on every machine."""

import io

from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from reportlab.graphics import renderPDF
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import mm
from reportlab.pdfgen import canvas

from spona.core.pdf_fonts import BOLD, REGULAR, register_fonts
from spona.learning.models import Certificate

ACCENT = colors.HexColor("#1d4e89")


def verification_url(certificate: Certificate) -> str:
    with translation.override(certificate.language):
        return settings.SITE_URL + reverse("learning:certificate-verify", args=[certificate.code])


def _fit(pdf: canvas.Canvas, text: str, font: str, size: float, width: float) -> float:
    """The largest font size up to `size` at which `text` fits in `width`."""
    while size > 8 and pdf.stringWidth(text, font, size) > width:
        size -= 1
    return size


def render_certificate_pdf(certificate: Certificate) -> bytes:
    register_fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = canvas.Canvas(buffer, pagesize=(width, height), pageCompression=1)
    url = verification_url(certificate)
    with translation.override(certificate.language):
        pdf.setTitle(f"{_('Certificate of attendance')} {certificate.code}")
        pdf.setAuthor("Spona")
        pdf.setStrokeColor(ACCENT)
        pdf.setLineWidth(3)
        pdf.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
        pdf.setLineWidth(0.8)
        pdf.rect(15 * mm, 15 * mm, width - 30 * mm, height - 30 * mm)

        center = width / 2
        text_width = width - 60 * mm
        pdf.setFillColor(ACCENT)
        pdf.setFont(BOLD, 30)
        pdf.drawCentredString(center, height - 45 * mm, _("Certificate of attendance"))
        pdf.setFillColor(colors.black)
        pdf.setFont(REGULAR, 14)
        pdf.drawCentredString(center, height - 62 * mm, _("This is to certify that"))
        size = _fit(pdf, certificate.participant_name, BOLD, 26, text_width)
        pdf.setFont(BOLD, size)
        pdf.drawCentredString(center, height - 78 * mm, certificate.participant_name)
        line = height - 88 * mm
        if certificate.organization_name:
            pdf.setFont(REGULAR, 13)
            pdf.drawCentredString(center, line, certificate.organization_name)
            line -= 12 * mm
        pdf.setFont(REGULAR, 14)
        pdf.drawCentredString(center, line, _("attended the training"))
        size = _fit(pdf, certificate.course_title, BOLD, 20, text_width)
        pdf.setFont(BOLD, size)
        pdf.drawCentredString(center, line - 12 * mm, certificate.course_title)
        pdf.setFont(REGULAR, 13)
        place = f"{certificate.session_dates}  {certificate.city}".strip()
        pdf.drawCentredString(center, line - 24 * mm, place)
        attended = _("Attended %(attended)s of %(total)s days.") % {
            "attended": certificate.attended_days,
            "total": certificate.total_days,
        }
        pdf.drawCentredString(center, line - 32 * mm, attended)
        if certificate.trainer_names:
            pdf.setFont(REGULAR, 12)
            trainers = f"{_('Trainers')}: {certificate.trainer_names}"
            pdf.setFont(REGULAR, _fit(pdf, trainers, REGULAR, 12, text_width))
            pdf.drawCentredString(center, line - 42 * mm, trainers)

        qr = QrCodeWidget(url)
        left, bottom, right, top = qr.getBounds()
        side = 28 * mm
        drawing = Drawing(side, side, transform=[side / (right - left), 0, 0, side / (top - bottom), 0, 0])
        drawing.add(qr)
        renderPDF.draw(drawing, pdf, 22 * mm, 20 * mm)
        pdf.setFont(REGULAR, 9)
        pdf.drawString(55 * mm, 38 * mm, f"{_('Certificate code')}: {certificate.code}")
        pdf.drawString(55 * mm, 32 * mm, f"{_('Check that it is genuine at')}: {url}")
        issued = date_format(timezone.localdate(certificate.created_at), "DATE_FORMAT")
        pdf.drawString(55 * mm, 26 * mm, f"{_('Issued')}: {issued}")
        pdf.setFont(BOLD, 12)
        pdf.drawRightString(width - 25 * mm, 26 * mm, "Spona")
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()
