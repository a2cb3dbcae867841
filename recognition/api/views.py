"""Recognition endpoints: bodies and their rules (kept by the body's managers), requests for
credit (the educator's, and the approvers' queue), and "My credit".

Thin views over recognition's selectors and services. A request or rule the caller may not act
on answers 404, as one that does not exist.
"""

from typing import Any
from uuid import UUID

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, status
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.permissions import AllowAny, IsAuthenticatedOrReadOnly
from rest_framework.request import Request
from rest_framework.response import Response

from common.http import request_user

from .. import selectors, services
from ..models import BodyRole, CreditRequest, Recognition, RecognitionBody
from .serializers import (
    BodyQuerySerializer,
    BodySerializer,
    CreditRequestInSerializer,
    CreditRequestQuerySerializer,
    CreditRequestSerializer,
    DenySerializer,
    MyCreditSerializer,
    RefusedSerializer,
    RuleInSerializer,
    RuleQuerySerializer,
    RuleSerializer,
)

NO_BODY = OpenApiResponse(description="No such body")
NO_RULE = OpenApiResponse(description="No such rule of this body (or not its manager)")
NO_REQUEST = OpenApiResponse(description="No such request, or not the caller's to see or decide")
DECIDED = OpenApiResponse(description="{detail}: the request is no longer pending")
TAGS = ["recognition"]

# --------------------------------------------------------------------------- bodies


class BodyList(generics.GenericAPIView[RecognitionBody]):
    permission_classes = [AllowAny]
    serializer_class = BodySerializer

    @extend_schema(
        parameters=[BodyQuerySerializer],
        responses=BodySerializer(many=True),
        summary="Recognition bodies (state boards, districts, union locals, universities) and "
        "their rules in force",
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = BodyQuerySerializer.from_request(request)
        bodies = selectors.bodies_with_current_rules().order_by("name", "pk")
        if query.validated_data.get("kind"):
            bodies = bodies.filter(kind=query.validated_data["kind"])
        page = self.paginate_queryset(query.ordered(bodies))
        return self.get_paginated_response(BodySerializer(page, many=True).data)


body_list = BodyList.as_view()


def _body(public_id: UUID) -> RecognitionBody:
    body = selectors.body_by_public_id(public_id)
    if body is None:
        raise Http404("No such body")
    return body


def _is_manager(request: Request, body: RecognitionBody) -> bool:
    return selectors.body_role(request.user, body, BodyRole.MANAGER)  # type: ignore[arg-type]


def _body_for_manager(request: Request, public_id: UUID) -> RecognitionBody:
    body = selectors.body_by_public_id(public_id)
    if body is None or not _is_manager(request, body):
        raise Http404("No such body")
    return body


def _visible_body(request: Request, public_id: UUID) -> tuple[RecognitionBody, bool]:
    """The body and whether the caller manages it; an inactive body is its managers' only."""
    body = _body(public_id)
    managing = _is_manager(request, body)
    if not body.is_active and not managing:
        raise Http404("No such body")
    return body, managing


class RuleList(generics.GenericAPIView[Recognition]):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = RuleSerializer

    @extend_schema(
        parameters=[RuleQuerySerializer],
        responses={200: RuleSerializer(many=True), 404: NO_BODY},
        summary="A body's rules: those in force (anyone); every one, withdrawn too (its managers)",
        tags=TAGS,
    )
    def get(self, request: Request, public_id: UUID) -> Response:
        query = RuleQuerySerializer.from_request(request)
        body, managing = _visible_body(request, public_id)
        rules = selectors.body_rules(body, withdrawn_too=managing)
        if query.validated_data.get("outcome"):
            rules = rules.filter(outcome=query.validated_data["outcome"])
        page = self.paginate_queryset(query.ordered(rules))
        return self.get_paginated_response(RuleSerializer(page, many=True).data)

    @extend_schema(
        request=RuleInSerializer,
        responses={
            201: RuleSerializer,
            400: OpenApiResponse(description="A message per field, or {detail}"),
            404: OpenApiResponse(description="No such body, or not its manager"),
        },
        summary="Add a rule (the body's managers)",
        tags=TAGS,
    )
    def post(self, request: Request, public_id: UUID) -> Response:
        body = _body_for_manager(request, public_id)
        serializer = RuleInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        rule = _save_rule(Recognition(body=body), serializer.validated_data)
        return Response(RuleSerializer(rule).data, status=status.HTTP_201_CREATED)


rule_list = RuleList.as_view()


def _save_rule(rule: Recognition, values: dict[str, Any]) -> Recognition:
    for name, value in values.items():
        setattr(rule, name, value)
    try:
        rule = services.recognition_save(recognition=rule)
    except DjangoValidationError as error:  # the model's own checks, as a 400 per field
        raise _as_api_error(error) from error
    return selectors.body_rules(rule.body, withdrawn_too=True).get(pk=rule.pk)


def _as_api_error(error: DjangoValidationError) -> ValidationError:
    if hasattr(error, "message_dict"):
        return ValidationError(error.message_dict)
    return ValidationError({"detail": " ".join(error.messages)})


class RuleDetail(generics.GenericAPIView[Recognition]):
    permission_classes = [IsAuthenticatedOrReadOnly]
    serializer_class = RuleSerializer

    def _rule(self, request: Request, public_id: UUID, rule_id: UUID, *, write: bool) -> Any:
        body, managing = _visible_body(request, public_id)
        if write and not managing:
            raise Http404("No such rule")
        rule = selectors.body_rules(body, withdrawn_too=managing).filter(public_id=rule_id).first()
        if rule is None:
            raise Http404("No such rule")
        return rule

    @extend_schema(responses={200: RuleSerializer, 404: NO_RULE}, summary="One rule", tags=TAGS)
    def get(self, request: Request, public_id: UUID, rule_id: UUID) -> Response:
        return Response(RuleSerializer(self._rule(request, public_id, rule_id, write=False)).data)

    @extend_schema(
        request=RuleInSerializer,
        responses={200: RuleSerializer, 404: NO_RULE},
        summary="Change a rule (the body's managers); credit already granted stays as granted",
        tags=TAGS,
    )
    def patch(self, request: Request, public_id: UUID, rule_id: UUID) -> Response:
        rule = self._rule(request, public_id, rule_id, write=True)
        serializer = RuleInSerializer(instance=rule, data=request.data, partial=True)
        serializer.is_valid(raise_exception=True)
        return Response(RuleSerializer(_save_rule(rule, serializer.validated_data)).data)

    @extend_schema(
        responses={204: None, 404: NO_RULE},
        summary="Withdraw a rule (the body's managers): no new credit under it",
        tags=TAGS,
    )
    def delete(self, request: Request, public_id: UUID, rule_id: UUID) -> Response:
        rule = self._rule(request, public_id, rule_id, write=True)
        if rule.is_active:
            services.recognition_withdraw(recognition=rule)
        return Response(status=status.HTTP_204_NO_CONTENT)


rule_detail = RuleDetail.as_view()

# --------------------------------------------------------------------------- credit requests


def _problems_response(problems: list[services.Problem]) -> Response:
    unique = list(dict.fromkeys(problems))  # a problem once, in the order found
    data = {
        "detail": " ".join(problem.message for problem in unique),
        "problems": [{"code": p.code, "message": p.message} for p in unique],
    }
    return Response(data, status=status.HTTP_400_BAD_REQUEST)


NOT_YOURS = services.Problem("not_yours", "One of the chosen badges is not yours.")


class CreditRequestList(generics.GenericAPIView[CreditRequest]):
    serializer_class = CreditRequestSerializer

    @extend_schema(
        parameters=[CreditRequestQuerySerializer],
        responses=CreditRequestSerializer(many=True),
        summary="The caller's requests for credit (role=educator, the default), or the queue of "
        "the bodies they approve for (role=approver)",
        tags=TAGS,
    )
    def get(self, request: Request) -> Response:
        query = CreditRequestQuerySerializer.from_request(request)
        filters = query.validated_data
        user = request_user(request)
        if filters.get("role") == "approver":
            requests = _queue_order(selectors.approver_queue(user))
        else:
            requests = selectors.credit_requests_of(user).order_by("-created_at", "-pk")
        if filters.get("status"):
            requests = requests.filter(status=filters["status"])
        if filters.get("body"):
            requests = requests.filter(body__public_id=filters["body"])
        page = self.paginate_queryset(query.ordered(requests))
        data = CreditRequestSerializer(page, many=True, context={"request": request}).data
        return self.get_paginated_response(data)

    @extend_schema(
        request=CreditRequestInSerializer,
        responses={
            201: OpenApiResponse(
                CreditRequestSerializer,
                description="Requested: pending approval, or approved at once when the rule "
                "needs no approval",
            ),
            400: OpenApiResponse(
                RefusedSerializer,
                description="The rules refuse it: {detail, problems: [{code, message}]}, or a "
                "message per field (an unknown recognition)",
            ),
        },
        summary="Request credit under a rule for some of the caller's badges",
        tags=TAGS,
    )
    def post(self, request: Request) -> Response:
        serializer = CreditRequestInSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        educator = request_user(request)
        rule = selectors.recognition_by_public_id(serializer.validated_data["recognition"])
        if rule is None:
            return Response(
                {"recognition": ["No recognition rule has this id."]},
                status=status.HTTP_400_BAD_REQUEST,
            )
        ids = serializer.validated_data["badges"]
        found = selectors.badges_by_public_id(ids)
        if len(found) < len(ids):  # unknown ids: "not yours", as another educator's badge is
            return _problems_response(_problems_with_unknown(educator, rule, ids, found))
        try:
            credit = services.credit_request_create(
                educator=educator, recognition=rule, badges=[found[i] for i in ids]
            )
        except services.CreditRefused as refused:
            return _problems_response(refused.problems)
        credit = selectors.credit_requests_with_details().get(pk=credit.pk)
        data = CreditRequestSerializer(credit, context={"request": request}).data
        return Response(data, status=status.HTTP_201_CREATED)


credit_request_list = CreditRequestList.as_view()


def _problems_with_unknown(
    educator: Any, rule: Recognition, ids: list[str], found: dict[str, Any]
) -> list[services.Problem]:
    """The problems of a request naming badges that do not exist: "not yours" (whether a badge
    exists is not the caller's to learn), and whatever else is wrong with the rest."""
    problems = [NOT_YOURS]
    if len(ids) != rule.badges_per_claim:
        wanted = rule.badges_per_claim
        noun = "badge" if wanted == 1 else "badges"
        message = f"This credit is claimed with {wanted} {noun} at a time; {len(ids)} were chosen."
        problems.append(services.Problem("wrong_count", message))
    rest = services.credit_request_problems(
        educator=educator, recognition=rule, badges=list(found.values())
    )
    return problems + [problem for problem in rest if problem.code != "wrong_count"]


def _queue_order(requests: QuerySet[CreditRequest]) -> QuerySet[CreditRequest]:
    """Pending first (oldest first), then the rest (newest first)."""
    pending_first = Case(
        When(status=CreditRequest.Status.PENDING, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    )
    return requests.annotate(waiting=pending_first).order_by("waiting", "created_at", "pk")


def _response(request: Request, credit: CreditRequest) -> Response:
    fresh = selectors.credit_requests_with_details().get(pk=credit.pk)
    return Response(CreditRequestSerializer(fresh, context={"request": request}).data)


@extend_schema(
    responses={200: CreditRequestSerializer, 404: NO_REQUEST},
    summary="One request for credit (its educator, or an approver of its body)",
    tags=TAGS,
)
@api_view(["GET"])
def credit_request_detail(request: Request, public_id: UUID) -> Response:
    credit = selectors.request_visible_to(request_user(request), public_id)
    if credit is None:
        raise Http404("No such request")
    return Response(CreditRequestSerializer(credit, context={"request": request}).data)


def _for_approver(request: Request, public_id: UUID) -> CreditRequest:
    credit = selectors.request_for_approver(request_user(request), public_id)
    if credit is None:
        raise Http404("No such request")
    return credit


def _conflict(error: services.RecognitionError) -> Response:
    return Response({"detail": str(error)}, status=status.HTTP_409_CONFLICT)


@extend_schema(
    request=None,
    responses={200: CreditRequestSerializer, 404: NO_REQUEST, 409: DECIDED},
    summary="Approve a pending request (its body's approvers): the certificate is signed, the "
    "educator emailed and the body's systems told",
    tags=TAGS,
)
@api_view(["POST"])
def credit_request_approve(request: Request, public_id: UUID) -> Response:
    credit = _for_approver(request, public_id)
    try:
        credit = services.credit_request_approve(request=credit, by=request_user(request))
    except services.RecognitionError as error:
        return _conflict(error)
    return _response(request, credit)


@extend_schema(
    request=DenySerializer,
    responses={
        200: CreditRequestSerializer,
        400: OpenApiResponse(description="{reason: [message]}: the reason is missing"),
        404: NO_REQUEST,
        409: DECIDED,
    },
    summary="Deny a pending request with a reason the educator reads (its body's approvers)",
    tags=TAGS,
)
@api_view(["POST"])
def credit_request_deny(request: Request, public_id: UUID) -> Response:
    credit = _for_approver(request, public_id)
    serializer = DenySerializer(data=request.data)
    serializer.is_valid(raise_exception=True)
    try:
        credit = services.credit_request_deny(
            request=credit, by=request_user(request), reason=serializer.validated_data["reason"]
        )
    except services.RecognitionError as error:
        return _conflict(error)
    return _response(request, credit)


@extend_schema(
    request=None,
    responses={200: CreditRequestSerializer, 404: NO_REQUEST, 409: DECIDED},
    summary="Withdraw a pending request (its educator)",
    tags=TAGS,
)
@api_view(["POST"])
def credit_request_withdraw(request: Request, public_id: UUID) -> Response:
    user = request_user(request)
    credit = selectors.credit_requests_of(user).filter(public_id=public_id).first()
    if credit is None:
        raise Http404("No such request")
    try:
        credit = services.credit_request_withdraw(request=credit, by=user)
    except services.RecognitionError as error:
        return _conflict(error)
    return _response(request, credit)


# --------------------------------------------------------------------------- my credit


@extend_schema(
    responses=MyCreditSerializer,
    summary="The caller's credit per body: granted, pending, denied, totals per unit and "
    "progress toward the body's goals (own bodies first)",
    tags=TAGS,
)
@api_view(["GET"])
def my_credit(request: Request) -> Response:
    summary = selectors.credit_summary(request_user(request))
    data = MyCreditSerializer({"bodies": summary}, context={"request": request}).data
    return Response(data)
