"""Page pagination for every list: {count, next, previous, results}, `page_size` up to 100."""

from rest_framework.pagination import PageNumberPagination

MAX_PAGE_SIZE = 100


class ApiPagination(PageNumberPagination):
    """`?page=` (a page past the end answers 404) and `?page_size=` (1 to 100; larger values
    are capped, invalid ones fall back to the default PAGE_SIZE)."""

    page_size_query_param = "page_size"
    page_size_query_description = f"Results per page, at most {MAX_PAGE_SIZE}."
    max_page_size = MAX_PAGE_SIZE
