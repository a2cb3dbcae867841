"""Stacks: a new stack of the author's micro-credentials, and editing (and publishing) one."""

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from organizations.models import Organization

from .. import services
from ..models import MicroCredential, Stack
from ..services import CatalogError
from ..stack_forms import StackForm, StackItemFormSet
from .formsets import page_formset
from .lookups import GET_POST, authored_issuers, get_stack_for_user, require_author


def _stack_candidates(issuers: QuerySet[Organization]) -> QuerySet[MicroCredential]:
    return (
        MicroCredential.objects.filter(issuer__in=issuers)
        .exclude(status=MicroCredential.Status.RETIRED)
        .select_related("published_version")
        .prefetch_related("versions")
        .order_by("slug")
    )


def _stack_page(request: HttpRequest, stack: Stack | None) -> HttpResponse:
    issuers = authored_issuers(request.user)
    if stack is not None:
        issuers = Organization.objects.filter(pk=stack.issuer_id)
    data = request.POST if request.method == "POST" else None
    initial = (
        {"slug": stack.slug, "title": stack.title, "description": stack.description}
        if stack
        else None
    )
    form = StackForm(data, issuers=issuers, stack=stack, initial=initial)
    items = list(stack.items.select_related("credential")) if stack else []
    formset = page_formset(
        StackItemFormSet,
        request,
        prefix="items",
        initial=[{"credential": item.credential.public_id} for item in items],
        extra_when_empty=2,
        credentials=_stack_candidates(issuers),
    )
    if data is not None and "add_row" not in data and form.is_valid() and formset.is_valid():
        publish = "publish" in data
        try:
            saved = services.stack_save(
                issuer=form.cleaned_data["issuer"],
                slug=form.cleaned_data["slug"],
                title=form.cleaned_data["title"],
                description=form.cleaned_data["description"],
                credentials=[f.cleaned_data["credential"] for f in formset.kept_forms()],  # type: ignore[attr-defined]
                publish=publish,
                stack=stack,
            )
        except CatalogError as error:
            form.add_error(None, error.errors)
        else:
            messages.success(request, "Stack published." if publish else "Stack saved.")
            return redirect("credentials:authoring_stack_edit", saved.public_id)
    context = {"form": form, "formset": formset, "stack": stack}
    return render(request, "credentials/authoring/stack.html", context)


@login_required
@require_http_methods(GET_POST)
def authoring_stack_create(request: HttpRequest) -> HttpResponse:
    """A new stack of the author's micro-credentials."""
    require_author(request)
    return _stack_page(request, None)


@login_required
@require_http_methods(GET_POST)
def authoring_stack_edit(request: HttpRequest, stack_id: UUID) -> HttpResponse:
    """Edit (and publish) a stack."""
    return _stack_page(request, get_stack_for_user(request, stack_id))
