"""The transcript as a PDF an HR office or a licensure office can file (reportlab)."""

import io
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.conf import settings
from django.utils import timezone

from .selectors import Transcript

BRAND = "#1f4e79"
COLUMNS = ["Micro-credential", "Focus area", "Issuer", "Earned on", "PD hours", "CEUs"]
COLUMNS += ["Verification"]
WIDTHS = [2.5, 1.3, 1.6, 0.85, 0.7, 0.55, 2.3]  # inches, landscape letter less margins
NOTE = (
    "Each micro-credential was awarded after a trained reviewer scored the educator's classroom "
    "evidence against a published rubric. Professional development hours and CEUs are those the "
    "issuer set for the micro-credential. Each entry can be checked independently at its "
    "verification link, which shows the issuer, the date earned and whether the credential is "
    "still valid (Open Badges)."
)


def number(value: Decimal | None) -> str:
    """1.0 -> "1", 2.5 -> "2.5", None -> "-"."""
    if value is None:
        return "-"
    return f"{value:.0f}" if value == value.to_integral() else f"{value:.1f}"


def transcript_pdf(transcript: Transcript) -> bytes:
    """A landscape letter PDF: header, educator, one row per micro-credential, totals, a note
    on how to verify each entry and when the document was generated."""
    from reportlab.lib.pagesizes import LETTER, landscape
    from reportlab.lib.units import inch
    from reportlab.platypus import SimpleDocTemplate, Spacer

    buffer = io.BytesIO()
    educator = transcript.educator
    document = SimpleDocTemplate(
        buffer,
        pagesize=landscape(LETTER),
        leftMargin=0.6 * inch,
        rightMargin=0.6 * inch,
        topMargin=0.6 * inch,
        bottomMargin=0.7 * inch,
        title=f"Transcript of micro-credentials: {educator.get_full_name()}",
        author=settings.SITE_NAME,
        subject="Micro-credentials earned, with professional development hours",
    )
    styles = _styles()
    story = [
        *_header(transcript, styles),
        Spacer(1, 0.2 * inch),
        _table(transcript, styles),
        Spacer(1, 0.25 * inch),
        *_closing(styles),
    ]

    def footer(canvas: Any, doc: Any) -> None:
        canvas.saveState()
        canvas.setFont("Helvetica", 8)
        canvas.drawRightString(
            landscape(LETTER)[0] - 0.6 * inch,
            0.4 * inch,
            f"{educator.get_full_name()} - page {doc.page}",
        )
        canvas.restoreState()

    document.build(story, onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()


def _styles() -> dict[str, Any]:
    from reportlab.lib import colors
    from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet

    sample = getSampleStyleSheet()
    cell = ParagraphStyle("cell", parent=sample["BodyText"], fontSize=9, leading=11)
    return {
        "title": sample["Title"],
        "name": sample["Heading3"],
        "cell": cell,
        "small": ParagraphStyle("small", parent=sample["BodyText"], fontSize=8.5, leading=10.5),
        "link": ParagraphStyle(
            "link", parent=cell, fontSize=7.5, leading=9, textColor=colors.HexColor("#1a5a96")
        ),
    }


def _header(transcript: Transcript, styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph

    educator = transcript.educator
    parts = [
        Paragraph(escape(settings.SITE_NAME), styles["small"]),
        Paragraph("Transcript of micro-credentials", styles["title"]),
        Paragraph(
            f"<b>{escape(educator.get_full_name())}</b> - {escape(educator.email)}", styles["name"]
        ),
    ]
    if transcript.organizations:
        places = "; ".join(
            escape(f"{org.name}, {org.parent.name}" if org.parent else org.name)
            for org in transcript.organizations
        )
        parts.append(Paragraph(f"Educator at {places}", styles["cell"]))
    return parts


def _table(transcript: Transcript, styles: dict[str, Any]) -> Any:
    from reportlab.lib import colors
    from reportlab.lib.units import inch
    from reportlab.platypus import Paragraph, Table, TableStyle

    cell = styles["cell"]
    rows: list[list[Any]] = [list(COLUMNS)]
    for entry in transcript.entries:
        url = escape(entry.verification_url)
        rows.append(
            [
                Paragraph(escape(entry.title + (" (renewal)" if entry.renewal else "")), cell),
                Paragraph(escape(entry.focus_area), cell),
                Paragraph(escape(entry.issuer), cell),
                entry.earned_on.isoformat() if entry.earned_on else "",
                number(entry.pd_hours),
                number(entry.ceus),
                Paragraph(f'<link href="{url}">{url}</link>' if url else "", styles["link"]),
            ]
        )
    if not transcript.entries:
        rows.append([Paragraph("No micro-credentials earned yet.", cell), *[""] * 6])
    total = f"<b>{escape(transcript.total_label)}</b>"
    totals = [number(transcript.total_pd_hours), number(transcript.total_ceus), ""]
    rows.append([Paragraph(total, cell), "", "", "", *totals])
    table = Table(rows, colWidths=[w * inch for w in WIDTHS], repeatRows=1)
    table.setStyle(
        TableStyle(
            [
                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor(BRAND)),
                ("TEXTCOLOR", (0, 0), (-1, 0), colors.white),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ("ALIGN", (4, 0), (5, -1), "RIGHT"),
                ("ROWBACKGROUNDS", (0, 1), (-1, -2), [colors.white, colors.HexColor("#f2f5f9")]),
                ("LINEABOVE", (0, -1), (-1, -1), 1, colors.HexColor(BRAND)),
                ("FONTNAME", (0, -1), (-1, -1), "Helvetica-Bold"),
                ("GRID", (0, 0), (-1, -2), 0.25, colors.HexColor("#c8d1dc")),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
            ]
        )
    )
    return table


def _closing(styles: dict[str, Any]) -> list[Any]:
    from reportlab.platypus import Paragraph

    generated = timezone.localtime()
    when = f"{generated:%B} {generated.day}, {generated:%Y at %H:%M %Z}"
    return [
        Paragraph(NOTE, styles["small"]),
        Paragraph(f"Generated on {when} from {escape(settings.SITE_URL)}.", styles["small"]),
    ]
