"""A cohort's discussion pages: the thread list (and a new thread), a thread with its replies,
facilitators' moderation and reports, the mention-notification choice, and attachment downloads.
Everyone who is not an active member or facilitator of the cohort gets 404 on all of it."""

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.files.uploadedfile import UploadedFile
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import request_user
from common.storage import private_storage
from credentials.models import MicroCredential

from . import attachments, discussion
from .discussion import Seat
from .models import CohortMembership, Post, PostAttachment, Thread
from .services import CommunityError

THREADS_PAGE_SIZE = 25
# Multipart framing around the files and fields of one post.
FORM_OVERHEAD = 256 * 1024


class PostForm(forms.Form):
    body = forms.CharField(
        label="Message",
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=discussion.MAX_BODY_CHARS,
        help_text="Markdown works: **bold**, *italic*, lists, [links](https://example.org). "
        "Mention someone with @ and their name or email.",
        error_messages={"required": discussion.EMPTY_BODY},
    )
    reply_to = forms.UUIDField(required=False, widget=forms.HiddenInput)


class CredentialChoice(forms.ModelChoiceField[MicroCredential]):
    def label_from_instance(self, obj: MicroCredential) -> str:
        version = obj.published_version
        return version.title if version is not None else obj.slug


class ThreadForm(PostForm):
    title = forms.CharField(
        label="Title",
        max_length=200,
        required=False,
        help_text="Optional: without one, the first line of your message is the title.",
    )
    micro_credential = CredentialChoice(
        label="About",
        queryset=MicroCredential.objects.none(),  # the cohort's, set in __init__
        required=False,
        empty_label="General",
    )
    field_order = ("title", "micro_credential", "body")

    def __init__(self, *args: Any, seat: Seat, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["micro_credential"].queryset = discussion.cohort_credentials(seat.cohort)  # type: ignore[attr-defined]


class ReportForm(forms.Form):
    reason = forms.CharField(label="Why", max_length=2000, required=False)


class NotifyForm(forms.Form):
    notify = forms.ChoiceField(
        label="When someone mentions me",
        choices=CohortMembership.Notify.choices,
        widget=forms.RadioSelect,
    )


def _get_seat_for_user(request: HttpRequest, cohort_id: UUID) -> Seat:
    """The cohort's discussion for an active member or facilitator; 404 for anyone else."""
    seat = discussion.discussion_seat(request_user(request), cohort_id)
    if seat is None:
        raise Http404("No such cohort")
    return seat


def _get_thread_for_user(seat: Seat, thread_id: UUID) -> Thread:
    thread = discussion.thread_visible(seat, thread_id)
    if thread is None:
        raise Http404("No such thread")
    return thread


def _get_post_for_user(seat: Seat, post_id: UUID) -> Post:
    post = discussion.posts_visible(seat).filter(public_id=post_id).first()
    if post is None:
        raise Http404("No such post")
    return post


def _files(request: HttpRequest) -> list[UploadedFile]:
    return list(request.FILES.getlist("files"))


def _too_large(request: HttpRequest) -> bool:
    limit = attachments.MAX_FILES * attachments.max_bytes() + FORM_OVERHEAD
    return int(request.META.get("CONTENT_LENGTH") or 0) > limit


def _thread_url(thread: Thread, post: Post | None = None) -> str:
    url = reverse(
        "community:thread", kwargs={"cohort": thread.cohort.public_id, "thread": thread.public_id}
    )
    return f"{url}#post-{post.public_id}" if post else url


def _discussion_url(seat: Seat) -> str:
    return reverse("community:discussion", kwargs={"cohort": seat.cohort.public_id})


# --------------------------------------------------------------------------------------------
# The thread list and a new thread
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def discussion_page(request: HttpRequest, cohort: UUID) -> HttpResponse:
    seat = _get_seat_for_user(request, cohort)
    form = ThreadForm(request.POST or None, seat=seat)
    if request.method == "POST":
        if _too_large(request):
            form.add_error(None, "These files are too large together for one post.")
        elif form.is_valid():
            try:
                post = discussion.thread_start(
                    seat=seat,
                    body=form.cleaned_data["body"],
                    title=form.cleaned_data["title"],
                    micro_credential=form.cleaned_data["micro_credential"],
                    files=_files(request),
                )
            except CommunityError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Your thread is started.")
                return redirect(_thread_url(post.thread))
    page = Paginator(discussion.threads_visible(seat), THREADS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {
        "seat": seat,
        "cohort": seat.cohort,
        "page": page,
        "form": form,
        "reports": discussion.open_reports(seat),
        "max_mb": attachments.max_bytes() // (1024 * 1024),
        "max_files": attachments.MAX_FILES,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "community/discussion/list.html", context, status=status)


# --------------------------------------------------------------------------------------------
# A thread and replies
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def thread_page(request: HttpRequest, cohort: UUID, thread: UUID) -> HttpResponse:
    seat = _get_seat_for_user(request, cohort)
    found = _get_thread_for_user(seat, thread)
    form = PostForm(request.POST or None, initial={"reply_to": request.GET.get("reply_to")})
    if request.method == "POST":
        reply = _reply(request, seat, found, form)
        if reply is not None:
            messages.success(request, "Your reply is posted.")
            return redirect(_thread_url(found, reply))
    posts = list(discussion.posts_visible(seat, thread=found))
    discussion.mentions_mark_seen(seat=seat, thread=found)
    context = {
        "seat": seat,
        "cohort": seat.cohort,
        "thread": found,
        "posts": posts,
        "reported": discussion.reported_by(seat, posts),
        "form": form,
        "max_mb": attachments.max_bytes() // (1024 * 1024),
        "max_files": attachments.MAX_FILES,
    }
    status = 400 if request.method == "POST" else 200
    return render(request, "community/discussion/thread.html", context, status=status)


def _reply(request: HttpRequest, seat: Seat, thread: Thread, form: PostForm) -> Post | None:
    """Post the reply the form holds, or put what is wrong on the form."""
    if _too_large(request):
        form.add_error(None, "These files are too large together for one post.")
        return None
    if not form.is_valid():
        return None
    reply_to = None
    if form.cleaned_data["reply_to"]:
        reply_to = (
            discussion.posts_visible(seat, thread=thread)
            .filter(public_id=form.cleaned_data["reply_to"])
            .first()
        )
        if reply_to is None:
            form.add_error(None, "The post you replied to is not in this thread.")
            return None
    try:
        return discussion.post_reply(
            seat=seat,
            thread=thread,
            body=form.cleaned_data["body"],
            reply_to=reply_to,
            files=_files(request),
        )
    except CommunityError as error:
        form.add_error(None, str(error))
        return None


# --------------------------------------------------------------------------------------------
# Moderation and reports
# --------------------------------------------------------------------------------------------


@login_required
@require_POST
def thread_moderate(request: HttpRequest, cohort: UUID, thread: UUID) -> HttpResponse:
    seat = _get_seat_for_user(request, cohort)
    found = _get_thread_for_user(seat, thread)
    if not seat.facilitates:
        raise Http404("No such page")
    action = request.POST.get("action", "")
    try:
        discussion.thread_moderate(seat=seat, thread=found, action=action)
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, MODERATED.get(action, "Done."))
    return redirect(_thread_url(found))


MODERATED = {
    "pin": "The thread is pinned to the top of the discussion.",
    "unpin": "The thread is no longer pinned.",
    "lock": "The thread is locked: nobody can post in it.",
    "unlock": "The thread is open for replies again.",
    "hide": "The thread is hidden from members.",
    "unhide": "Members see the thread again.",
}


@login_required
@require_POST
def post_moderate(request: HttpRequest, cohort: UUID, post: UUID) -> HttpResponse:
    seat = _get_seat_for_user(request, cohort)
    found = _get_post_for_user(seat, post)
    if not seat.facilitates:
        raise Http404("No such page")
    hide = request.POST.get("action") == "hide"
    discussion.post_moderate(seat=seat, post=found, hide=hide)
    messages.success(
        request, "The post is hidden from members." if hide else "Members see the post again."
    )
    return redirect(_thread_url(found.thread, found))


@login_required
@require_POST
def post_report(request: HttpRequest, cohort: UUID, post: UUID) -> HttpResponse:
    seat = _get_seat_for_user(request, cohort)
    found = _get_post_for_user(seat, post)
    form = ReportForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say why in plain words (at most 2,000 characters).")
        return redirect(_thread_url(found.thread, found))
    try:
        discussion.post_report(seat=seat, post=found, reason=form.cleaned_data["reason"])
    except CommunityError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Thank you: the facilitators will look at this post.")
    return redirect(_thread_url(found.thread, found))


@login_required
@require_POST
def post_reports_resolve(request: HttpRequest, cohort: UUID, post: UUID) -> HttpResponse:
    seat = _get_seat_for_user(request, cohort)
    found = _get_post_for_user(seat, post)
    if not seat.facilitates:
        raise Http404("No such page")
    for report in found.reports.filter(resolved_at__isnull=True):
        discussion.report_resolve(seat=seat, report=report)
    messages.success(request, "The reports on this post are resolved.")
    return redirect(_discussion_url(seat))


# --------------------------------------------------------------------------------------------
# Notifications and attachments
# --------------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def notifications(request: HttpRequest, cohort: UUID) -> HttpResponse:
    seat = _get_seat_for_user(request, cohort)
    form = NotifyForm(request.POST or None, initial={"notify": seat.membership.notify})
    if request.method == "POST" and form.is_valid():
        discussion.membership_notify_set(seat=seat, notify=form.cleaned_data["notify"])
        messages.success(request, "Your notification choice is saved.")
        return redirect(_discussion_url(seat))
    status = 400 if request.method == "POST" else 200
    context = {"seat": seat, "cohort": seat.cohort, "form": form}
    return render(request, "community/discussion/notifications.html", context, status=status)


@login_required
@require_GET
def attachment_download(request: HttpRequest, cohort: UUID, attachment: UUID) -> HttpResponseBase:
    """An attachment's bytes, for members who may see its post: images shown in the page,
    PDFs downloaded; always with the type detected at upload, never sniffed."""
    seat = _get_seat_for_user(request, cohort)
    visible_posts = discussion.posts_visible(seat)
    found = PostAttachment.objects.filter(public_id=attachment, post__in=visible_posts).first()
    if found is None:
        raise Http404("No such attachment")
    response = FileResponse(
        private_storage().open(found.storage_key, "rb"),
        as_attachment=not found.is_image,
        filename=found.filename,
        content_type=found.content_type,
    )
    response["Cache-Control"] = "private, max-age=300"
    response["X-Content-Type-Options"] = "nosniff"
    return response
