"""The certificate of approved credit as a one-page PDF an HR office or a board can file
(reportlab, like reporting/transcript_pdf.py).

It states what the sealed certificate states (recognition/certificates.py): the body, the
educator, the credit, each badge with its verification link, the approval date, the
certificate's id and seal, and the verification URL, printed and as a QR code (reportlab's own
QR widget: no package beyond reportlab). The URL is the authority: the PDF is a copy.
"""

import io
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings

from .models import CreditRequest

BRAND = "#1f4e79"
NOTE = (
    "This certificate is a copy. The verification address above is the authority: it shows "
    "whether the certificate still matches what the body approved, and whether the credit is "
    "under review after a badge was revoked. Each micro-credential is an Open Badge that can "
    "also be verified on its own page or with any Open Badges verifier."
)


def certificate_pdf(credit: CreditRequest, *, verification_url: str) -> bytes:
    """A portrait letter PDF of an approved request's certificate."""
    from reportlab.lib.pagesizes import LETTER
    from reportlab.lib.units import inch
    from reportlab.platypus import SimpleDocTemplate, Spacer

    document = credit.certificate
    buffer = io.BytesIO()
    pdf = SimpleDocTemplate(
        buffer,
        pagesize=LETTER,
        leftMargin=0.8 * inch,
        rightMargin=0.8 * inch,
        topMargin=0.7 * inch,
        bottomMargin=0.7 * inch,
        title=f"Certificate of credit: {document.get('educator', '')}",
        author=document.get("body", {}).get("name", settings.SITE_NAME),
        subject="Credit granted for micro-credentials",
    )
    styles = _styles()
    story = [
        *_header(credit, styles),
        Spacer(1, 0.2 * inch),
        _facts(credit, styles),
        Spacer(1, 0.25 * inch),
        _verification(credit, verification_url, styles),
        Spacer(1, 0.2 * inch),
        *_closing(styles),
    ]
    pdf.build(story)
    return buffer.getvalue()


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    sample = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=sample["BodyText"], fontSize=10, leading=13)
    return {
        "title": sample["Title"],
        "name": ParagraphStyle("name", parent=sample["Heading2"], alignment=1),
        "centered": ParagraphStyle("centered", parent=cell, alignment=1),
        "cell": cell,
        "label": ParagraphStyle("label", parent=cell, fontName="Helvetica-Bold"),
        "small": ParagraphStyle("small", parent=sample["BodyText"], fontSize=8.5, leading=10.5),
        "mono": ParagraphStyle("mono", parent=cell, fontName="Courier", fontSize=7.5, leading=9),
        "link": ParagraphStyle(
            "link", parent=cell, fontSize=8.5, leading=10.5, textColor=colors.HexColor("#1a5a96")
        ),
    }


def _header(credit: CreditRequest, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph

    document = credit.certificate
    return [
        Paragraph(escape(document["body"]["name"]), styles["centered"]),
        Paragraph("Certificate of credit", styles["title"]),
        Paragraph("granted to", styles["centered"]),
        Paragraph(escape(document["educator"]), styles["name"]),
    ]


def credit_line(credit: CreditRequest) -> str:
    """ "10 hours (license renewal hours)", from the sealed document."""
    amount = Decimal(credit.certificate["amount"]).normalize()
    shown = f"{amount:f}" if amount != amount.to_integral() else f"{amount:.0f}"
    return f"{shown} {credit.certificate['unit']} ({credit.get_outcome_display().lower()})"


def _facts(credit: CreditRequest, styles: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, Table, TableStyle

    document = credit.certificate
    label, cell = styles["label"], styles["cell"]
    badges = "<br/>".join(
        f"{escape(item['title'])}, earned {escape(item['issued_on'])}<br/>"
        f'<link href="{escape(item["public_url"])}">'
        f'<font size="8.5" color="#1a5a96">{escape(item["public_url"])}</font></link>'
        for item in document.get("badges", [])
    )
    approved = credit.decided_at
    rows = [
        [Paragraph("Granted by", label), Paragraph(escape(document["body"]["name"]), cell)],
        [Paragraph("Credit", label), Paragraph(escape(credit_line(credit)), cell)],
        [Paragraph("For", label), Paragraph(badges or "-", cell)],
        [
            Paragraph("Approved on", label),
            Paragraph(f"{approved:%B} {approved.day}, {approved:%Y}" if approved else "-", cell),
        ],
        [Paragraph("Certificate", label), Paragraph(escape(document["id"]), styles["mono"])],
        [
            Paragraph("Seal", label),
            Paragraph(escape(credit.certificate_signature), styles["mono"]),
        ],
    ]
    table = Table(rows, colWidths=[1.3 * inch, 5.6 * inch])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("LINEBELOW", (0, 0), (-1, -2), 0.25, colors.HexColor("#c8d1dc")),
                ("TOPPADDING", (0, 0), (-1, -1), 5),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
            ]
        )
    )
    return table


def _verification(credit: CreditRequest, url: str, styles: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, Table, TableStyle

    text = Paragraph(
        "<b>Verify this certificate</b><br/>"
        f'<link href="{escape(url)}"><font color="#1a5a96">{escape(url)}</font></link>',
        styles["cell"],
    )
    table = Table([[_qr(url, 1.3 * inch), text]], colWidths=[1.5 * inch, 5.4 * inch])
    table.setStyle(
        TableStyle(
            [
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("BOX", (0, 0), (-1, -1), 1, colors.HexColor(BRAND)),
            ]
        )
    )
    return table


def _qr(url: str, size: float) -> Any:
    """The verification URL as a QR code a phone can open."""
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing

    widget = QrCodeWidget(url, barLevel="M")
    left, bottom, right, top = widget.getBounds()
    drawing = Drawing(
        size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0]
    )
    drawing.add(widget)
    return drawing


def _closing(styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph

    return [
        Paragraph(NOTE, styles["small"]),
        Paragraph(f"Issued through {escape(settings.SITE_URL)}.", styles["small"]),
    ]
