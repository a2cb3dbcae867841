"""Recognition API serializers: bodies and their rules, requests for credit, "My credit".

Every `id` is a public UUID. Amounts are numbers (decimals with two places); input amounts are
finite and never negative. Input serializers validate; services write (recognition/services.py).
"""

from decimal import Decimal
from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from common.api.filters import ListQuery
from credentials import selectors as credential_selectors
from credentials.api.serializers import FocusAreaRefSerializer
from credentials.models import FocusArea, MicroCredential, Stack
from organizations.models import Organization

from ..models import CreditClaim, CreditRequest, Outcome, Recognition, RecognitionBody

MAX_BADGES_PER_REQUEST = 20


def _amount(**kwargs: Any) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=7, decimal_places=2, coerce_to_string=False, **kwargs
    )


# --------------------------------------------------------------------------- bodies and rules


class BodyRefSerializer(serializers.ModelSerializer[RecognitionBody]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = RecognitionBody
        fields = ("id", "name", "kind")


class OrganizationRefSerializer(serializers.ModelSerializer[Organization]):
    id = serializers.UUIDField(source="public_id", read_only=True)

    class Meta:
        model = Organization
        fields = ("id", "name")


class TargetRefSerializer(serializers.Serializer[Any]):
    """A micro-credential or stack a rule names: its id, slug and title."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    slug = serializers.SlugField(read_only=True)
    title = serializers.SerializerMethodField()

    def get_title(self, target: Any) -> str:
        version = getattr(target, "published_version", None)
        if version is not None:
            return str(version.title)
        return str(getattr(target, "title", "") or target.slug)


class RuleSerializer(serializers.ModelSerializer[Recognition]):
    """A rule of a body: what counts, what it yields, approval and limits."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    micro_credential = TargetRefSerializer(read_only=True, allow_null=True)
    stack = TargetRefSerializer(read_only=True, allow_null=True)
    focus_area = FocusAreaRefSerializer(read_only=True, allow_null=True)
    amount = _amount(read_only=True)
    cost = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, read_only=True, allow_null=True
    )
    is_current = serializers.SerializerMethodField(
        help_text="In force today (not withdrawn, within its dates)."
    )

    class Meta:
        model = Recognition
        fields = (
            "id",
            "scope",
            "micro_credential",
            "stack",
            "focus_area",
            "min_version",
            "max_version",
            "outcome",
            "amount",
            "unit",
            "cost",
            "requires_approval",
            "badges_per_claim",
            "limit_count",
            "limit_period",
            "valid_from",
            "valid_until",
            "notes",
            "is_active",
            "is_current",
        )

    def get_is_current(self, rule: Recognition) -> bool:
        return rule.is_current(timezone.localdate())


class BodySerializer(serializers.ModelSerializer[RecognitionBody]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    applies_to = OrganizationRefSerializer(
        read_only=True, allow_null=True, help_text="Whose educators it serves (null: anyone)."
    )
    rules = RuleSerializer(source="current", many=True, read_only=True, help_text="In force today.")

    class Meta:
        model = RecognitionBody
        fields = ("id", "name", "kind", "description", "url", "applies_to", "rules")


class BodyQuerySerializer(ListQuery):
    ordering_fields = {"name": ("name",), "kind": ("kind", "name")}

    kind = serializers.ChoiceField(
        choices=RecognitionBody.Kind.choices, required=False, help_text="Only bodies of this kind."
    )


class RuleQuerySerializer(ListQuery):
    ordering_fields = {"outcome": ("outcome",), "created": ("created_at",)}

    outcome = serializers.ChoiceField(choices=Outcome.choices, required=False)


class RuleInSerializer(serializers.Serializer[Any]):
    """A rule as its body's manager writes it: exactly one of `micro_credential` (id),
    `stack` (id) or `focus_area` (slug) says what counts. PATCH sends only what changes."""

    micro_credential = serializers.UUIDField(required=False, allow_null=True)
    stack = serializers.UUIDField(required=False, allow_null=True)
    focus_area = serializers.SlugField(required=False, allow_null=True)
    min_version = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=10_000
    )
    max_version = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=10_000
    )
    valid_from = serializers.DateField(required=False, allow_null=True)
    valid_until = serializers.DateField(required=False, allow_null=True)
    outcome = serializers.ChoiceField(choices=Outcome.choices)
    amount = _amount(min_value=Decimal(0))
    unit = serializers.CharField(max_length=40)
    cost = serializers.DecimalField(
        max_digits=8,
        decimal_places=2,
        min_value=Decimal(0),
        required=False,
        allow_null=True,
        coerce_to_string=False,
        help_text="In US dollars; null: free.",
    )
    requires_approval = serializers.BooleanField(required=False, default=True)
    badges_per_claim = serializers.IntegerField(
        required=False, default=1, min_value=1, max_value=MAX_BADGES_PER_REQUEST
    )
    limit_count = serializers.IntegerField(
        required=False, allow_null=True, min_value=1, max_value=1000
    )
    limit_period = serializers.ChoiceField(choices=Recognition.LimitPeriod.choices, required=False)
    notes = serializers.CharField(required=False, allow_blank=True, max_length=2000)

    TARGETS = ("micro_credential", "stack", "focus_area")
    KEPT = (  # what a PATCH leaves as it is unless it sends it
        *("min_version", "max_version", "valid_from", "valid_until", "outcome", "amount"),
        *("unit", "cost", "requires_approval", "badges_per_claim", "limit_count"),
        *("limit_period", "notes"),
    )

    def validate_micro_credential(self, public_id: Any) -> MicroCredential | None:
        if public_id is None:
            return None
        credential = credential_selectors.published_credential_by_public_id(public_id)
        if credential is None:
            raise serializers.ValidationError("No published micro-credential has this id.")
        return credential

    def validate_stack(self, public_id: Any) -> Stack | None:
        if public_id is None:
            return None
        stack = credential_selectors.published_stacks().filter(public_id=public_id).first()
        if stack is None:
            raise serializers.ValidationError("No published stack has this id.")
        return stack

    def validate_focus_area(self, slug: str | None) -> FocusArea | None:
        if not slug:
            return None
        area = FocusArea.objects.filter(slug=slug).first()
        if area is None:
            raise serializers.ValidationError("No focus area has this slug.")
        return area

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        merged = {**self._current(), **attrs}
        targets = [name for name in self.TARGETS if merged.get(name) is not None]
        if len(targets) != 1:
            raise serializers.ValidationError(
                {"detail": "Give exactly one of micro_credential, stack or focus_area."}
            )
        for low, high, message in (
            ("min_version", "max_version", "Must be at least min_version."),
            ("valid_from", "valid_until", "Must be on or after valid_from."),
        ):
            start: Any = merged.get(low)
            end: Any = merged.get(high)
            if start is not None and end is not None and start > end:
                raise serializers.ValidationError({high: message})
        merged["scope"] = targets[0]
        for name in self.TARGETS:
            merged.setdefault(name, None)
        return merged

    def _current(self) -> dict[str, Any]:
        """The rule's present values (a PATCH changes only what it sends); naming any target
        replaces the rule's target."""
        rule: Recognition | None = self.instance
        if rule is None:
            return {}
        values = {name: getattr(rule, name) for name in self.KEPT}
        if not any(name in self.initial_data for name in self.TARGETS):
            values.update({name: getattr(rule, name) for name in self.TARGETS})
        return values


# --------------------------------------------------------------------------- credit requests


class ClaimedBadgeSerializer(serializers.ModelSerializer[CreditClaim]):
    id = serializers.UUIDField(source="badge.public_id", read_only=True)
    title = serializers.CharField(source="badge.title", read_only=True)
    issued_at = serializers.DateTimeField(source="badge.issued_at", read_only=True)

    class Meta:
        model = CreditClaim
        fields = ("id", "title", "issued_at")


class EducatorRefSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    name = serializers.CharField(source="get_full_name", read_only=True)


class CheckSerializer(serializers.Serializer[Any]):
    badge = serializers.UUIDField(read_only=True)
    verified = serializers.BooleanField(read_only=True)
    detail = serializers.CharField(read_only=True)


class CreditRequestSerializer(serializers.ModelSerializer[CreditRequest]):
    """A request for credit as its educator and the body's approvers see it."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    recognition = serializers.UUIDField(source="recognition.public_id", read_only=True)
    body = BodyRefSerializer(read_only=True)
    educator = EducatorRefSerializer(read_only=True)
    amount = _amount(read_only=True)
    cost = serializers.DecimalField(
        max_digits=8, decimal_places=2, coerce_to_string=False, read_only=True, allow_null=True
    )
    badges = ClaimedBadgeSerializer(source="claims", many=True, read_only=True)
    checks = CheckSerializer(
        many=True, read_only=True, help_text="Each badge verified at request time."
    )
    flagged = serializers.SerializerMethodField(
        help_text="A badge the credit stands on was revoked since: the body should look again."
    )
    certificate_url = serializers.SerializerMethodField(
        help_text="Where anyone verifies the certificate; null until approved."
    )

    class Meta:
        model = CreditRequest
        fields = (
            "id",
            "recognition",
            "body",
            "educator",
            "status",
            "outcome",
            "amount",
            "unit",
            "cost",
            "earned_on",
            "badges",
            "checks",
            "created_at",
            "decided_at",
            "reason",
            "flagged",
            "flag_reason",
            "certificate_url",
        )

    def get_flagged(self, request: CreditRequest) -> bool:
        return request.flagged_at is not None

    @extend_schema_field(serializers.URLField(allow_null=True))
    def get_certificate_url(self, credit: CreditRequest) -> str | None:
        if credit.status != CreditRequest.Status.APPROVED:
            return None
        path = reverse("recognition:certificate", args=[credit.public_id])
        http = self.context.get("request")
        return http.build_absolute_uri(path) if http is not None else path


class CreditRequestInSerializer(serializers.Serializer[Any]):
    recognition = serializers.UUIDField(help_text="The rule to claim credit under.")
    badges = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        max_length=MAX_BADGES_PER_REQUEST,
        help_text="Ids of the caller's badges the credit stands on.",
    )

    def validate_badges(self, badges: list[Any]) -> list[str]:
        ids = [str(badge) for badge in badges]
        if len(set(ids)) != len(ids):
            raise serializers.ValidationError("The same badge is chosen more than once.")
        return ids


class CreditRequestQuerySerializer(ListQuery):
    ordering_fields = {"created": ("created_at",), "decided": ("decided_at",)}

    role = serializers.ChoiceField(
        choices=[("educator", "educator"), ("approver", "approver")],
        required=False,
        default="educator",
        help_text="educator (default): the caller's own requests; approver: the queue of the "
        "bodies the caller approves for (pending first, oldest first, unless `ordering`).",
    )
    status = serializers.ChoiceField(choices=CreditRequest.Status.choices, required=False)
    body = serializers.UUIDField(required=False, help_text="Only this body's requests.")


class DenySerializer(serializers.Serializer[Any]):
    reason = serializers.CharField(
        max_length=2000, help_text="Why the request is denied: the educator reads it."
    )


class ProblemSerializer(serializers.Serializer[Any]):
    code = serializers.ChoiceField(
        choices=[
            "not_covered",
            "not_current",
            "not_yours",
            "revoked",
            "expired",
            "already_credited",
            "over_limit",
            "wrong_count",
            "not_eligible",
        ]
    )
    message = serializers.CharField()


class RefusedSerializer(serializers.Serializer[Any]):
    """A refused request: `detail` and `problems` when the rules refuse it; invalid input (an
    unknown recognition, a malformed id) answers a message per field instead."""

    detail = serializers.CharField(
        required=False, help_text="Every problem's message, one sentence each."
    )
    problems = ProblemSerializer(many=True, required=False)


# --------------------------------------------------------------------------- my credit


class AmountSerializer(serializers.Serializer[Any]):
    unit = serializers.CharField()
    amount = _amount()


class GoalProgressSerializer(serializers.Serializer[Any]):
    title = serializers.CharField(source="goal.title")
    kind = serializers.CharField(source="goal.kind")
    done = _amount()
    target = _amount()
    unit = serializers.CharField()
    cycle_start = serializers.DateField(allow_null=True)
    cycle_end = serializers.DateField(allow_null=True)
    percent = serializers.IntegerField()


class BodyCreditSerializer(serializers.Serializer[Any]):
    body = BodyRefSerializer()
    is_own = serializers.BooleanField(help_text="The body of the educator's state or district.")
    granted = CreditRequestSerializer(many=True)
    pending = CreditRequestSerializer(many=True)
    denied = CreditRequestSerializer(many=True)
    totals = serializers.SerializerMethodField(help_text="Granted credit summed per unit.")
    goals = GoalProgressSerializer(many=True)

    @extend_schema_field(AmountSerializer(many=True))
    def get_totals(self, credit: Any) -> list[dict[str, Any]]:
        rows = [{"unit": unit, "amount": amount} for unit, amount in credit.totals()]
        return list(AmountSerializer(rows, many=True).data)


class MyCreditSerializer(serializers.Serializer[Any]):
    bodies = BodyCreditSerializer(
        many=True,
        help_text="Every body serving the caller, or holding a request of theirs: own first.",
    )


# --------------------------------------------------------------------------- the catalog


class RecognitionSummarySerializer(serializers.ModelSerializer[Recognition]):
    """What a micro-credential counts for under one rule."""

    id = serializers.UUIDField(source="public_id", read_only=True)
    body = BodyRefSerializer(read_only=True)
    amount = _amount(read_only=True)

    class Meta:
        model = Recognition
        fields = ("id", "body", "outcome", "amount", "unit", "requires_approval")
