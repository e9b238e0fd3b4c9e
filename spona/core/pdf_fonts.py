"""The fonts of every PDF Spona makes (certificates, agendas): DejaVu, shipped with Spona, so Latin and
Cyrillic letters render the same on every machine."""

from pathlib import Path

from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
REGULAR, BOLD = "SponaSerif", "SponaSerif-Bold"


def register_fonts() -> None:
    if REGULAR not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont(REGULAR, FONTS_DIR / "DejaVuSerif.ttf"))
        pdfmetrics.registerFont(TTFont(BOLD, FONTS_DIR / "DejaVuSerif-Bold.ttf"))
