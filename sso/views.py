"""The single sign-on pages: a district admin's providers and domains (anything a user may not
see answers 404), and "Sign in with your district" for everyone."""

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from common.http import request_user
from organizations.models import Organization

from . import selectors, services
from .forms import DomainForm, FindDistrictForm, ProviderForm
from .models import SignInDomain, SignInProvider
from .security import policy_allowing_forms_to

# --------------------------------------------------------------------------------------------
# The admin's page
# --------------------------------------------------------------------------------------------


def _get_district_for_user(request: HttpRequest) -> tuple[Organization, list[Organization]]:
    """The district (`?org=`) whose sign-in the admin configures, and the choices; else 404."""
    districts = selectors.districts_administered_by(request_user(request))
    wanted = request.GET.get("org") or request.POST.get("org") or ""
    for district in districts:
        if str(district.public_id) == wanted:
            return district, districts
    if wanted or not districts:
        raise Http404("No such district")
    return districts[0], districts


def _get_for_user(request: HttpRequest, model: Any, public_id: UUID) -> Any:
    """A provider or domain of a district the user administers; else 404."""
    found = model.objects.filter(public_id=public_id).select_related("district").first()
    allowed = selectors.districts_administered_by(request_user(request))
    if found is None or found.district not in allowed:
        raise Http404("No such sign-in setting")
    return found


def _admin_page(
    request: HttpRequest,
    district: Organization,
    districts: list[Organization],
    *,
    provider_form: ProviderForm | None = None,
    domain_form: DomainForm | None = None,
    status: int = 200,
) -> HttpResponse:
    domains = list(selectors.domains_of(district))
    context = {
        "root": district,
        "roots": districts,
        "providers": list(selectors.providers_of(district)),
        "domains": [
            (d, services.domain_record_name(d), services.domain_record_value(d)) for d in domains
        ],
        "provider_form": provider_form or ProviderForm(),
        "domain_form": domain_form or DomainForm(),
        "site_url": settings.SITE_URL,
    }
    response = render(request, "sso/admin.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


def _back(district: Organization) -> HttpResponse:
    return redirect(f"{reverse('sso:admin')}?org={district.public_id}")


@login_required
@require_GET
def admin(request: HttpRequest) -> HttpResponse:
    district, districts = _get_district_for_user(request)
    return _admin_page(request, district, districts)


@login_required
@require_POST
def provider_create(request: HttpRequest) -> HttpResponse:
    district, districts = _get_district_for_user(request)
    form = ProviderForm(request.POST)
    if form.is_valid():
        try:
            provider = services.provider_create(
                district=district,
                values=form.settings(form.cleaned_data["kind"]),
                by=request_user(request),
            )
        except services.SignInConfigError as error:
            form.add_error(error.field if error.field in form.fields else None, str(error))
        else:
            messages.success(request, f"{provider.label} was added.")
            return _back(district)
    return _admin_page(request, district, districts, provider_form=form, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def provider(request: HttpRequest, public_id: UUID) -> HttpResponse:
    """A provider's settings; the secret is never shown, only replaced."""
    found: SignInProvider = _get_for_user(request, SignInProvider, public_id)
    initial = {"domains": ", ".join(found.domains), "client_id": found.client_id}
    initial |= {"issuer_url": found.issuer_url, "idp_entity_id": found.idp_entity_id}
    initial |= {"idp_metadata_url": found.idp_metadata_url, "idp_sso_url": found.idp_sso_url}
    form = ProviderForm(request.POST or None, initial=initial, editing=found)
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            try:
                services.provider_update(provider=found, values=form.settings(found.kind))
            except services.SignInConfigError as error:
                form.add_error(error.field if error.field in form.fields else None, str(error))
            else:
                messages.success(request, f"{found.label} was saved.")
                return _back(found.district)
    context = {"provider": found, "form": form, "root": found.district}
    response = render(request, "sso/provider.html", context, status=status)
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def provider_toggle(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found: SignInProvider = _get_for_user(request, SignInProvider, public_id)
    services.provider_set_active(provider=found, is_active=not found.is_active)
    messages.info(request, f"{found.label} is {'on' if found.is_active else 'off'}.")
    return _back(found.district)


@login_required
@require_POST
def provider_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    found: SignInProvider = _get_for_user(request, SignInProvider, public_id)
    services.provider_delete(provider=found)
    messages.info(request, f"{found.label} was removed.")
    return _back(found.district)


@login_required
@require_POST
def domain_add(request: HttpRequest) -> HttpResponse:
    district, districts = _get_district_for_user(request)
    form = DomainForm(request.POST)
    if form.is_valid():
        try:
            domain = services.domain_add(
                district=district, domain=form.cleaned_data["domain"], by=request_user(request)
            )
        except services.SignInConfigError as error:
            form.add_error("domain", str(error))
        else:
            messages.info(request, f"Publish the TXT record below, then verify {domain.domain}.")
            return _back(district)
    return _admin_page(request, district, districts, domain_form=form, status=400)


@login_required
@require_POST
def domain_verify(request: HttpRequest, public_id: UUID) -> HttpResponse:
    domain: SignInDomain = _get_for_user(request, SignInDomain, public_id)
    services.domain_verify(domain=domain)
    if domain.is_verified:
        messages.success(request, f"{domain.domain} is verified.")
    else:
        messages.warning(request, f"{domain.domain} is not verified: {domain.last_check_result}")
    return _back(domain.district)


@login_required
@require_POST
def domain_delete(request: HttpRequest, public_id: UUID) -> HttpResponse:
    domain: SignInDomain = _get_for_user(request, SignInDomain, public_id)
    services.domain_remove(domain=domain)
    messages.info(request, f"{domain.domain} was removed.")
    return _back(domain.district)


# --------------------------------------------------------------------------------------------
# "Sign in with your district"
# --------------------------------------------------------------------------------------------


@require_GET
def start(request: HttpRequest) -> HttpResponse:
    """Enter your work email (its verified domain's providers) or pick your district."""
    form = FindDistrictForm(request.GET or None)
    providers: list[SignInProvider] = []
    searched = False
    districts = selectors.districts_with_sign_in()
    wanted = request.GET.get("district", "")
    if form.is_valid() and form.cleaned_data["email"]:
        searched = True
        providers = selectors.providers_for_email(form.cleaned_data["email"])
    elif wanted:
        searched = True
        district = next((d for d in districts if str(d.public_id) == wanted), None)
        if district is not None:
            providers = list(selectors.providers_of(district).filter(is_active=True))
    context = {
        "form": form,
        "providers": providers,
        "searched": searched,
        "districts": districts,
        "wanted": wanted,
        "next": request.GET.get("next", ""),
    }
    response = render(request, "sso/start.html", context)
    response["Content-Security-Policy"] = policy_allowing_forms_to(providers)
    return response
