"""The schema documents every operation's error responses, derived from the view itself.

An operation lists 400 when it takes a body or validated query parameters, 401 when it
authenticates, 403 when a permission or a session's CSRF check can refuse it, 404 when its
path names an object (or it is a paginated list: a page past the end), 413 and 415 when it
takes a body, and 429 when it is rate limited. Each error answers the shared Error or
ValidationError schema; a view's own description of a code (e.g. "Not yours") is kept.
"""

from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.plumbing import ComponentRegistry, ResolvedComponent
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import AllowAny

from .pagination import ApiPagination

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
PAGINATION_PARAMETERS = ("page", "page_size")

ERROR = ResolvedComponent(
    name="Error",
    type=ResolvedComponent.SCHEMA,
    object="Error",
    schema={
        "type": "object",
        "description": "A non-field error.",
        "properties": {"detail": {"type": "string"}},
        "required": ["detail"],
    },
)
VALIDATION_ERROR = ResolvedComponent(
    name="ValidationError",
    type=ResolvedComponent.SCHEMA,
    object="ValidationError",
    schema={
        "type": "object",
        "description": 'A message per field, {"<field>": ["<message>", ...]} (nested for nested '
        'input), and/or {"detail": "<message>"} for what concerns no single field.',
        "properties": {"detail": {"type": "string"}},
        "additionalProperties": {},
    },
)
RETRY_AFTER = {
    "Retry-After": {
        "description": "Seconds to wait before the next request is allowed.",
        "schema": {"type": "integer"},
    }
}
DESCRIPTIONS = {
    "400": "Invalid input: a message per field, or a detail.",
    "401": "No credentials, or invalid or revoked ones (send `Authorization: Token <token>`).",
    "403": "Not allowed (or a browser session's request without its CSRF token).",
    "404": "Not found, or not visible to the caller.",
    "413": "The request body is larger than the API reads (API_MAX_JSON_BYTES).",
    "415": "Unsupported media type.",
    "429": "Too many requests: wait for Retry-After seconds.",
}


class ApiAutoSchema(AutoSchema):
    def get_operation(
        self,
        path: str,
        path_regex: str,
        path_prefix: str,
        method: str,
        registry: ComponentRegistry,
    ) -> dict[str, Any] | None:
        operation = super().get_operation(path, path_regex, path_prefix, method, registry)
        if operation is None:
            return None
        responses: dict[str, Any] = operation["responses"]
        for code in self._error_codes(operation):
            responses.setdefault(code, {"description": self._description(code, operation)})
        for code, response in responses.items():
            if code < "400":
                continue
            if "content" not in response:
                component = VALIDATION_ERROR if code == "400" else ERROR
                registry.register_on_missing(component)
                response["content"] = {"application/json": {"schema": component.ref}}
            if code == "429":
                response.setdefault("headers", RETRY_AFTER)
        operation["responses"] = dict(sorted(responses.items()))
        return operation

    def _get_paginator(self) -> Any:
        # Every list is paginated (ApiPagination): a function view (`@api_view`, which has no
        # pagination_class) that answers a list is documented as the paginated list it returns.
        if not hasattr(self.view, "pagination_class"):
            return ApiPagination()
        return super()._get_paginator()

    def _description(self, code: str, operation: dict[str, Any]) -> str:
        parameters = operation.get("parameters", [])
        if code == "404" and not any(p["in"] == "path" for p in parameters):
            return "No such page (a page number past the last one)."
        return DESCRIPTIONS[code]

    def _error_codes(self, operation: dict[str, Any]) -> list[str]:
        view = self.view
        has_body = "requestBody" in operation
        parameters = operation.get("parameters", [])
        query = [p for p in parameters if p["in"] == "query"]
        authenticators = list(getattr(view, "authentication_classes", []))
        permissions = list(getattr(view, "permission_classes", []))
        codes = []
        if has_body or any(p["name"] not in PAGINATION_PARAMETERS for p in query):
            codes.append("400")
        if authenticators:
            codes.append("401")
        csrf = self.method not in SAFE_METHODS and any(
            _is_subclass(a, SessionAuthentication) for a in authenticators
        )
        if csrf or any(not _is_subclass(p, AllowAny) for p in permissions):
            codes.append("403")
        paginated = any(p["name"] == "page" for p in query)
        if paginated or any(p["in"] == "path" for p in parameters):
            codes.append("404")
        if has_body:
            codes += ["413", "415"]
        if getattr(view, "throttle_classes", []):
            codes.append("429")
        return codes


def _is_subclass(candidate: Any, base: type) -> bool:
    """issubclass() that accepts composed permissions (`IsAuthenticated & IsX` is no class)."""
    return isinstance(candidate, type) and issubclass(candidate, base)
