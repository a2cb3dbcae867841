"""A list's query parameters: its filters and `ordering`, validated like any other input.

A list declares a `ListQuery` subclass: serializer fields for its filters, and
`ordering_fields` mapping each public sort key to model columns. `ordering` then accepts
those keys, each optionally prefixed with "-" for descending; anything else answers 400
naming the parameter. The view documents the serializer with `extend_schema(parameters=...)`.
"""

from collections.abc import Mapping, Sequence
from typing import Any, ClassVar, TypeVar

from django.db.models import F, Model, QuerySet
from rest_framework import serializers
from rest_framework.request import Request

M = TypeVar("M", bound=Model)


class ListQuery(serializers.Serializer[Any]):
    ordering_fields: ClassVar[Mapping[str, Sequence[str]]] = {}

    def get_fields(self) -> dict[str, serializers.Field[Any, Any, Any, Any]]:
        fields = super().get_fields()
        if self.ordering_fields:
            keys = list(self.ordering_fields)
            fields["ordering"] = serializers.ChoiceField(
                choices=[*keys, *(f"-{key}" for key in keys)],
                required=False,
                help_text=f"Sort by {', '.join(keys)}; a leading '-' sorts descending.",
            )
        return fields

    @classmethod
    def from_request(cls, request: Request) -> "ListQuery":
        """The validated query of `request` (a ValidationError answers 400 per parameter)."""
        query = cls(data=request.query_params)
        query.is_valid(raise_exception=True)
        return query

    def ordered(self, queryset: QuerySet[M]) -> QuerySet[M]:
        """`queryset` in the requested order (the primary key breaks ties, so pages are
        stable); unchanged when no `ordering` was asked for."""
        ordering = self.validated_data.get("ordering")
        if not ordering:
            return queryset
        descending = ordering.startswith("-")
        columns = self.ordering_fields[ordering.removeprefix("-")]
        return queryset.order_by(
            *(
                F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_first=True)
                for column in columns
            ),
            "-pk" if descending else "pk",
        )
