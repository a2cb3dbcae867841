"""`GET/POST /api/v1/cohorts/{id}/posts/`: a cohort's discussion for its active members and
facilitators (everyone else: 404). A post without `reply_to` starts a thread (its title is
`title`, or the first line of the body); with `reply_to` it replies in that post's thread."""

from typing import Any
from uuid import UUID

from django.http import Http404
from django.urls import URLPattern, path, reverse
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.request import Request
from rest_framework.response import Response

from common.api.filters import ListQuery
from common.http import request_user

from .. import discussion
from ..discussion import Seat
from ..markdown import render_markdown
from ..models import Post, PostAttachment
from ..services import CommunityError

TAGS = ["community"]
NOT_FOUND = OpenApiResponse(description="No such cohort, or the caller is not active in it.")


class PersonSerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id")
    name = serializers.CharField(source="get_full_name")


class ThreadSummarySerializer(serializers.Serializer[Any]):
    id = serializers.UUIDField(source="public_id")
    title = serializers.CharField()
    micro_credential = serializers.UUIDField(
        source="micro_credential.public_id", allow_null=True, default=None
    )
    pinned = serializers.BooleanField()
    locked = serializers.BooleanField()


class AttachmentSerializer(serializers.ModelSerializer[PostAttachment]):
    id = serializers.UUIDField(source="public_id")
    url = serializers.SerializerMethodField()

    class Meta:
        model = PostAttachment
        fields = ["id", "filename", "content_type", "size", "url"]

    def get_url(self, attachment: PostAttachment) -> str:
        cohort = self.context["cohort"]
        return reverse(
            "community:discussion_attachment",
            kwargs={"cohort": cohort.public_id, "attachment": attachment.public_id},
        )


class PostSerializer(serializers.ModelSerializer[Post]):
    """A post: `body` as its author typed it (Markdown), `body_html` rendered and sanitized."""

    id = serializers.UUIDField(source="public_id")
    thread = ThreadSummarySerializer()
    author = PersonSerializer()
    reply_to = serializers.UUIDField(source="reply_to.public_id", allow_null=True, default=None)
    body_html = serializers.SerializerMethodField()
    mentions = PersonSerializer(many=True)
    attachments = AttachmentSerializer(many=True)
    hidden = serializers.SerializerMethodField()

    class Meta:
        model = Post
        fields = [
            "id",
            "thread",
            "author",
            "reply_to",
            "body",
            "body_html",
            "mentions",
            "attachments",
            "hidden",
            "created_at",
        ]

    def get_body_html(self, post: Post) -> str:
        return str(render_markdown(post.body))

    def get_hidden(self, post: Post) -> bool:
        """Hidden by a facilitator (only facilitators see hidden posts)."""
        return post.hidden_at is not None


class PostInSerializer(serializers.Serializer[Any]):
    body = serializers.CharField(
        max_length=discussion.MAX_BODY_CHARS,
        help_text="Markdown. Mention people of the cohort with @ and their name or email.",
        error_messages={"blank": discussion.EMPTY_BODY, "required": discussion.EMPTY_BODY},
    )
    title = serializers.CharField(
        max_length=200,
        required=False,
        allow_blank=True,
        help_text="A new thread's title (default: the first line of the body).",
    )
    micro_credential = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="A new thread about one of the cohort's micro-credentials (none: general).",
    )
    reply_to = serializers.UUIDField(
        required=False,
        allow_null=True,
        help_text="Reply to this post, in its thread (then `title` and `micro_credential` "
        "are not used).",
    )
    files = serializers.ListField(
        child=serializers.FileField(),
        required=False,
        help_text="Images (PNG, JPEG, GIF, WebP) or PDFs (multipart requests).",
    )


class PostQuerySerializer(ListQuery):
    """`GET /cohorts/{id}/posts/` filters; newest first without `ordering`."""

    thread = serializers.UUIDField(required=False, help_text="Only this thread's posts.")
    ordering_fields = {"created": ("created_at",)}


def _seat(request: Request, cohort_id: UUID) -> Seat:
    seat = discussion.discussion_seat(request_user(request), cohort_id)
    if seat is None:
        raise Http404("No such cohort")
    return seat


class CohortPosts(generics.GenericAPIView[Post]):
    serializer_class = PostSerializer

    @extend_schema(
        parameters=[PostQuerySerializer],
        responses={200: PostSerializer(many=True), 404: NOT_FOUND},
        summary="A cohort's posts the caller may see, newest first",
        tags=TAGS,
    )
    def get(self, request: Request, id: UUID) -> Response:
        seat = _seat(request, id)
        query = PostQuerySerializer.from_request(request)
        posts = (
            discussion.posts_visible(seat)
            .select_related("thread__micro_credential")
            .prefetch_related("mentions")
            .order_by("-created_at", "-pk")
        )
        if query.validated_data.get("thread"):
            posts = posts.filter(thread__public_id=query.validated_data["thread"])
        page = self.paginate_queryset(query.ordered(posts))
        context = {"request": request, "cohort": seat.cohort}
        return self.get_paginated_response(PostSerializer(page, many=True, context=context).data)

    @extend_schema(
        request={"application/json": PostInSerializer, "multipart/form-data": PostInSerializer},
        responses={
            201: PostSerializer,
            400: OpenApiResponse(description="Invalid post"),
            404: NOT_FOUND,
        },
        summary="Start a thread, or reply in one (`reply_to`)",
        tags=TAGS,
    )
    def post(self, request: Request, id: UUID) -> Response:
        seat = _seat(request, id)
        form = PostInSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        data = form.validated_data
        try:
            post = _create(seat, data, list(request.FILES.getlist("files")))
        except CommunityError as error:
            return Response({"detail": str(error)}, status=status.HTTP_400_BAD_REQUEST)
        except _FieldError as error:
            return Response({error.field: [error.message]}, status=status.HTTP_400_BAD_REQUEST)
        post = discussion.posts_visible(seat).prefetch_related("mentions").get(pk=post.pk)
        context = {"request": request, "cohort": seat.cohort}
        return Response(PostSerializer(post, context=context).data, status=status.HTTP_201_CREATED)


class _FieldError(Exception):
    def __init__(self, field: str, message: str) -> None:
        super().__init__(message)
        self.field, self.message = field, message


def _create(seat: Seat, data: dict[str, Any], files: list[Any]) -> Post:
    if data.get("reply_to"):
        reply_to = discussion.posts_visible(seat).filter(public_id=data["reply_to"]).first()
        if reply_to is None:
            raise _FieldError("reply_to", "No such post in this cohort's discussion.")
        return discussion.post_reply(
            seat=seat, thread=reply_to.thread, body=data["body"], reply_to=reply_to, files=files
        )
    credential = None
    if data.get("micro_credential"):
        credential = (
            discussion.cohort_credentials(seat.cohort)
            .filter(public_id=data["micro_credential"])
            .first()
        )
        if credential is None:
            raise _FieldError("micro_credential", "Not one of this cohort's micro-credentials.")
    return discussion.thread_start(
        seat=seat,
        body=data["body"],
        title=data.get("title", ""),
        micro_credential=credential,
        files=files,
    )


urlpatterns: list[URLPattern] = [
    path("cohorts/<uuid:id>/posts/", CohortPosts.as_view(), name="api-cohort-posts"),
]
