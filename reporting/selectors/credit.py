"""Credit granted by recognition bodies, for the dashboard and the exports: per educator (a short
text, "10 hours (Columbia board); 1 salary credit (Riverside)") and per body for a scope. Each is
one query whatever the number of educators (per page, or per chunk of an export)."""

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, QuerySet, Sum

from accounts.models import User
from recognition.models import CreditRequest
from recognition.selectors import credit_totals_by_educator


def amount_text(amount: Decimal) -> str:
    """10.00 -> "10", 2.50 -> "2.5"."""
    normal = amount.normalize()
    return f"{normal:.0f}" if normal == normal.to_integral() else f"{normal:f}"


def credit_granted_text(educator_ids: Iterable[int]) -> dict[int, str]:
    """Each educator's approved credit as one line, body by body and unit by unit."""
    return {
        educator_id: "; ".join(
            f"{amount_text(amount)} {unit} ({body})" for body, unit, amount in rows
        )
        for educator_id, rows in credit_totals_by_educator(educator_ids).items()
    }


@dataclass(frozen=True)
class BodyCreditRow:
    body: str
    unit: str
    amount: Decimal
    educators: int
    requests: int

    @property
    def amount_text(self) -> str:
        return amount_text(self.amount)


def credit_granted_by_body(people: QuerySet[User]) -> list[BodyCreditRow]:
    """Approved credit of these educators (the dashboard's selection), per body and unit."""
    rows = (
        CreditRequest.objects.filter(
            status=CreditRequest.Status.APPROVED, educator_id__in=people.values("pk")
        )
        .values("body__name", "unit")
        .annotate(
            amount=Sum("amount"),
            educators=Count("educator_id", distinct=True),
            requests=Count("pk"),
        )
        .order_by("body__name", "unit")
    )
    return [
        BodyCreditRow(
            row["body__name"], row["unit"], row["amount"], row["educators"], row["requests"]
        )
        for row in rows
    ]
