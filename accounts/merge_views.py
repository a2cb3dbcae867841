"""Platform staff merge two accounts of one person, and undo it (ADR 0026). Anyone else gets
404: the pages do not exist for them."""

from collections.abc import Callable
from functools import wraps
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from common.http import request_user

from .forms import MergeChooseForm
from .merging import (
    MERGE_UNDO_DAYS,
    MergeError,
    account_merge,
    account_merge_preview,
    account_merge_undo,
    merge_can_be_undone,
    merge_counts,
    merge_undo_deadline,
)
from .models import AccountMerge, User


def staff_only(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Platform staff only; everyone else, signed in or not, is told the page does not exist."""

    @wraps(view)
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        user = request.user
        if not (user.is_authenticated and user.is_active and user.is_staff):
            raise Http404("No such page")
        return view(request, *args, **kwargs)

    return wrapper


def _get_merge_for_staff(public_id: UUID) -> AccountMerge:
    merge = (
        AccountMerge.objects.select_related("kept", "folded", "merged_by", "undone_by")
        .filter(public_id=public_id)
        .first()
    )
    if merge is None:
        raise Http404("No such merge")
    return merge


def _confirmed_pair(request: HttpRequest) -> tuple[User, User] | None:
    """The two accounts a confirmation names by public id (None: not a confirmation)."""
    try:
        ids = [UUID(request.POST.get(name, "")) for name in ("kept", "folded")]
    except ValueError:
        return None
    users = {u.public_id: u for u in User.objects.filter(public_id__in=ids)}
    if len(users) != len(set(ids)) or len(users) != 2:
        return None
    return users[ids[0]], users[ids[1]]


@staff_only
@require_http_methods(["GET", "POST"])
def merge_accounts(request: HttpRequest) -> HttpResponse:
    """Choose the account to keep and the one to fold in, see what would move, confirm."""
    staff = request_user(request)
    form = MergeChooseForm(
        request.POST if request.POST.get("action") == "preview" else None,
        # The admin's "Merge accounts" action names the two accounts.
        initial={k: request.GET.get(k, "")[:254] for k in ("kept_email", "folded_email")},
    )
    context: dict[str, Any] = {"form": form, "undo_days": MERGE_UNDO_DAYS}
    if request.POST.get("action") == "confirm":
        pair = _confirmed_pair(request)
        if pair is None:
            messages.error(request, "Choose the two accounts again.")
            return redirect("account_merge")
        try:
            merge = account_merge(kept=pair[0], folded=pair[1], by=staff)
        except MergeError as error:
            messages.error(request, str(error))
            return redirect("account_merge")
        messages.success(request, f"{merge.folded_email} was merged into {merge.kept.email}.")
        return redirect("account_merge_detail", public_id=merge.public_id)
    if form.is_bound and form.is_valid():
        kept, folded = form.cleaned_data["kept"], form.cleaned_data["folded"]
        try:
            outcome = account_merge_preview(kept=kept, folded=folded)
        except MergeError as error:
            form.add_error(None, str(error))
        else:
            context.update(kept=kept, folded=folded, outcome=outcome, counts=outcome.counts())
    context["recent"] = AccountMerge.objects.select_related("kept", "merged_by")[:20]
    return render(request, "accounts/merge.html", context)


@staff_only
@require_http_methods(["GET"])
def merge_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A merge: who, when, what moved and what stayed, and its undo while it is possible."""
    merge = _get_merge_for_staff(public_id)
    context = {
        "merge": merge,
        "counts": merge_counts(merge),
        "can_undo": merge_can_be_undone(merge),
        "undo_deadline": merge_undo_deadline(merge),
        "undo_days": MERGE_UNDO_DAYS,
    }
    return render(request, "accounts/merge_detail.html", context)


@staff_only
@require_POST
def merge_undo(request: HttpRequest, public_id: UUID) -> HttpResponse:
    merge = _get_merge_for_staff(public_id)
    try:
        merge = account_merge_undo(merge=merge, by=request_user(request))
    except MergeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"The merge was undone: {merge.folded_email} is back.")
    return redirect("account_merge_detail", public_id=merge.public_id)
