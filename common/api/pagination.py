"""Page pagination for every list: {count, next, previous, results}, `page_size` up to 100."""

from typing import Any, cast

from rest_framework import serializers
from rest_framework.pagination import BasePagination, PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.settings import api_settings

MAX_PAGE_SIZE = 100


class ApiPagination(PageNumberPagination):
    """`?page=` (a page past the end answers 404) and `?page_size=` (1 to 100; larger values
    are capped, invalid ones fall back to the default PAGE_SIZE)."""

    page_size_query_param = "page_size"
    page_size_query_description = f"Results per page, at most {MAX_PAGE_SIZE}."
    max_page_size = MAX_PAGE_SIZE


def api_paginator() -> BasePagination:
    """A fresh instance of the API's pagination class (settings), as every list uses it."""
    return cast(type[BasePagination], api_settings.DEFAULT_PAGINATION_CLASS)()


def paginated_response(
    request: Request, queryset: Any, serializer: type[serializers.BaseSerializer[Any]]
) -> Response:
    """One page of `queryset` (already filtered and ordered), serialized, in the list shape."""
    paginator = api_paginator()
    page = paginator.paginate_queryset(queryset, request) or []
    response: Response = paginator.get_paginated_response(serializer(page, many=True).data)
    return response
