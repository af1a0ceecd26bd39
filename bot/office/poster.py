"""The printable poster for the office window: a QR code to the bot's deep link, its @username,
what it answers, where and when the office attends, and the day it was made (so an old copy on
a wall can be told from a new one). One layout: a carta-size PDF for the printer (fpdf2), and
that very page as a PNG for a screen or a chat (PDFium). The QR is made by segno, a maintained
library that picks the smallest version and keeps the quiet zone scanners need."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pypdfium2
import segno
from fpdf import FPDF

from bot.clock import spanish_date
from bot.office.about import ANSWERS, NO_IDS, NOT_IMSS
from bot.office.hours import Office

TITLE = "¿Dudas del Seguro Facultativo?"
SCAN = "Escanea el código con tu celular y pregúntale al asistente en Telegram:"
PAGE_MM = (215.9, 279.4)  # carta (US Letter)
MARGIN_MM = 18.0
QR_MM = 95.0
PNG_DPI = 150
# Core PDF fonts speak Latin-1: typographic marks staff may type become their plain cousins.
_PLAIN = str.maketrans({"–": "-", "—": "-", "“": '"', "”": '"', "‘": "'", "’": "'", "…": "..."})


@dataclass(frozen=True)
class Line:
    text: str
    size: float  # points
    bold: bool = False
    space_after: float = 4.0  # mm


@dataclass(frozen=True)
class Poster:
    link: str  # what the QR opens
    username: str
    office: Office
    made: date

    def above(self) -> list[Line]:
        return [Line(TITLE, 32, bold=True, space_after=6), Line(SCAN, 17, space_after=6)]

    def below(self) -> list[Line]:
        lines = [
            Line(f"@{self.username.lstrip('@')}", 24, bold=True, space_after=1),
            Line(self.link, 12, space_after=7),
            Line(ANSWERS, 13, space_after=6),
            Line(self.office.name, 14, bold=True, space_after=1),
        ]
        if self.office.place:
            lines.append(Line(self.office.place, 13, space_after=1))
        hours = self.office.hours_text()
        if hours:
            lines.append(Line(f"Atiende {hours}.", 13, space_after=1))
        lines += [
            Line("", 6, space_after=4),
            Line(f"{NOT_IMSS} {NO_IDS}", 11, space_after=6),
            Line(f"Hecho el {spanish_date(self.made)}.", 9),
        ]
        return lines

    def qr_png(self, scale: int = 12) -> bytes:
        out = io.BytesIO()
        segno.make(self.link, error="m", micro=False).save(out, kind="png", scale=scale, border=4)
        return out.getvalue()


def write_pdf(poster: Poster, path: Path) -> None:
    """One carta page, centred text around the QR."""
    pdf = FPDF(orientation="P", unit="mm", format="Letter")
    pdf.set_margins(MARGIN_MM, MARGIN_MM, MARGIN_MM)
    pdf.set_auto_page_break(False)
    pdf.add_page()
    pdf.set_y(MARGIN_MM + 6)
    for line in poster.above():
        _pdf_line(pdf, line)
    pdf.image(io.BytesIO(poster.qr_png()), x=(PAGE_MM[0] - QR_MM) / 2, y=pdf.get_y(), w=QR_MM, h=QR_MM)
    pdf.set_y(pdf.get_y() + QR_MM + 4)
    for line in poster.below():
        _pdf_line(pdf, line)
    pdf.output(str(path))


def _pdf_line(pdf: FPDF, line: Line) -> None:
    pdf.set_font("Helvetica", "B" if line.bold else "", line.size)
    text = line.text.translate(_PLAIN).encode("latin-1", "replace").decode("latin-1")
    pdf.multi_cell(0, line.size * 0.45, text, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.set_y(pdf.get_y() + line.space_after)


def write_png(pdf_path: Path, path: Path) -> None:
    """The PDF's page as an image, PNG_DPI dots per inch: drawn by PDFium from the PDF itself,
    so the PNG is the printed page exactly (fonts included), never a second layout."""
    document = pypdfium2.PdfDocument(str(pdf_path))
    try:
        image = document[0].render(scale=PNG_DPI / 72).to_pil()
        image.save(path, "PNG", dpi=(PNG_DPI, PNG_DPI))
    finally:
        document.close()
