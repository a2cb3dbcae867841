"""Critical friends over the API: share a draft with people of the caller's cohorts, and read
or add the comments on it. Only the educator and the people it is shared with get in (everyone
else, reviewers included: 404)."""

from uuid import UUID

from django.http import Http404
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.http import request_user
from submissions import selectors as submission_selectors
from submissions.models import Submission

from .. import peer
from ..models import PeerComment, PeerShare

TAGS = ["community"]
NOT_FOUND = OpenApiResponse(description="No such draft, or not the caller's to share or read")
REFUSED = OpenApiResponse(description="{detail}: why the share or comment was refused")


class PeerPersonSerializer(serializers.Serializer[object]):
    id = serializers.UUIDField(source="public_id")
    name = serializers.SerializerMethodField()

    def get_name(self, user: object) -> str:
        return str(user.get_full_name() or user.email)  # type: ignore[attr-defined]


class PeerShareInSerializer(serializers.Serializer[object]):
    people = serializers.ListField(
        child=serializers.UUIDField(),
        min_length=1,
        max_length=peer.MAX_PEOPLE_PER_SHARE,
        help_text="Ids of people in the caller's cohorts",
    )


class PeerShareSerializer(serializers.ModelSerializer[PeerShare]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    person = PeerPersonSerializer(read_only=True)

    class Meta:
        model = PeerShare
        fields = ("id", "person", "created_at")


class PeerCommentInSerializer(serializers.Serializer[object]):
    body = serializers.CharField(max_length=peer.COMMENT_MAX_CHARS, trim_whitespace=True)
    requirement = serializers.UUIDField(required=False, allow_null=True)
    criterion = serializers.UUIDField(required=False, allow_null=True)


class PeerCommentSerializer(serializers.ModelSerializer[PeerComment]):
    id = serializers.UUIDField(source="public_id", read_only=True)
    author = PeerPersonSerializer(read_only=True)
    requirement = serializers.UUIDField(
        source="requirement.public_id", read_only=True, allow_null=True, default=None
    )
    criterion = serializers.UUIDField(
        source="criterion.public_id", read_only=True, allow_null=True, default=None
    )

    class Meta:
        model = PeerComment
        fields = ("id", "author", "body", "requirement", "criterion", "created_at")


class DetailSerializer(serializers.Serializer[object]):
    detail = serializers.CharField()


def _own_draft(request: Request, submission_id: UUID) -> Submission:
    submission = submission_selectors.submission_by_public_id(str(submission_id))
    if submission is None or submission.educator_id != request_user(request).pk:
        raise Http404("No such submission")
    return submission


def _readable(request: Request, submission_id: UUID) -> Submission:
    submission = submission_selectors.submission_by_public_id(str(submission_id))
    if submission is None or not peer.may_read_comments(request_user(request), submission):
        raise Http404("No such submission")
    return submission


class PeerShareView(generics.GenericAPIView[PeerShare]):
    serializer_class = PeerShareSerializer

    @extend_schema(
        request=PeerShareInSerializer,
        responses={
            201: PeerShareSerializer(many=True),
            400: REFUSED,
            404: NOT_FOUND,
        },
        summary="Share the caller's draft with critical friends (people of their cohorts); "
        "answers the open shares",
        tags=TAGS,
    )
    def post(self, request: Request, submission_id: UUID) -> Response:
        submission = _own_draft(request, submission_id)
        incoming = PeerShareInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        ids = incoming.validated_data["people"]
        people = peer.user_by_public_ids(ids)
        if len(people) != len(set(ids)):
            return Response(
                {"detail": "Some of these people do not exist; share with people of your cohorts."},
                status=status.HTTP_400_BAD_REQUEST,
            )
        try:
            peer.peer_share(submission=submission, people=people, by=request_user(request))
        except peer.PeerError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        shares = PeerShareSerializer(peer.open_shares(submission), many=True).data
        return Response(shares, status=status.HTTP_201_CREATED)


class PeerCommentsView(generics.GenericAPIView[PeerComment]):
    serializer_class = PeerCommentSerializer

    @extend_schema(
        responses={200: PeerCommentSerializer(many=True), 404: NOT_FOUND},
        summary="Comments of critical friends on a draft (the educator and the people it is "
        "shared with)",
        tags=TAGS,
    )
    def get(self, request: Request, submission_id: UUID) -> Response:
        submission = _readable(request, submission_id)
        page = self.paginate_queryset(peer.comments_on(submission))
        return self.get_paginated_response(PeerCommentSerializer(page, many=True).data)

    @extend_schema(
        request=PeerCommentInSerializer,
        responses={201: PeerCommentSerializer, 400: REFUSED, 404: NOT_FOUND},
        summary="Comment on a shared draft: the whole of it, one requirement or one criterion",
        tags=TAGS,
    )
    def post(self, request: Request, submission_id: UUID) -> Response:
        submission = _readable(request, submission_id)
        incoming = PeerCommentInSerializer(data=request.data)
        incoming.is_valid(raise_exception=True)
        data = incoming.validated_data
        try:
            comment = peer.peer_comment_add(
                submission=submission,
                author=request_user(request),
                body=data["body"],
                requirement_id=data.get("requirement"),
                criterion_id=data.get("criterion"),
            )
        except peer.PeerError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        comment = peer.comments_on(submission).get(pk=comment.pk)
        return Response(PeerCommentSerializer(comment).data, status=status.HTTP_201_CREATED)
