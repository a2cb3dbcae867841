"""The micro-credential list and detail, with what each counts for (`recognitions[]`).

Served here rather than by credentials (ADR 0022, option 1): what a micro-credential counts for
is recognition's, and credentials stands below recognition and never imports it. Everything
else is credentials' own: its views (subclassed), selectors, query parameters and serializers,
so every field, filter, search, pagination and schema entry stays as credentials defines it.
The rules for a page of micro-credentials are read in one query.
"""

from typing import Any

from django.core.exceptions import ImproperlyConfigured
from django.db.models import QuerySet
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers

from credentials.api import serializers as catalog
from credentials.api import views as catalog_views
from credentials.models import MicroCredentialVersion

from .. import selectors
from ..models import Outcome
from .serializers import RecognitionSummarySerializer

RECOGNITIONS_HELP = (
    "What it counts for under the rules in force today (license renewal hours, salary credit, "
    "...): the caller's own bodies first."
)


def _recognitions(serializer: serializers.Serializer[Any], version: MicroCredentialVersion) -> Any:
    found = serializer.context.get("recognitions")
    if found is None:
        raise ImproperlyConfigured("The view gives the serializer its recognitions.")
    rules = found.get(version.credential_id, [])
    return RecognitionSummarySerializer(rules, many=True, context=serializer.context).data


# Same names as credentials' serializers: the schema's components keep their names.
class MicroCredentialSerializer(catalog.MicroCredentialSerializer):
    recognitions = serializers.SerializerMethodField(help_text=RECOGNITIONS_HELP)

    class Meta(catalog.MicroCredentialSerializer.Meta):
        fields = (*catalog.MicroCredentialSerializer.Meta.fields, "recognitions")

    @extend_schema_field(RecognitionSummarySerializer(many=True))
    def get_recognitions(self, version: MicroCredentialVersion) -> Any:
        return _recognitions(self, version)


class MicroCredentialDetailSerializer(catalog.MicroCredentialDetailSerializer):
    recognitions = serializers.SerializerMethodField(help_text=RECOGNITIONS_HELP)

    class Meta(catalog.MicroCredentialDetailSerializer.Meta):
        fields = (*catalog.MicroCredentialDetailSerializer.Meta.fields, "recognitions")

    @extend_schema_field(RecognitionSummarySerializer(many=True))
    def get_recognitions(self, version: MicroCredentialVersion) -> Any:
        return _recognitions(self, version)


# Gives the serializer the rules of the versions it shows (one query for the page). A comment,
# not a docstring: the schema would take a docstring for the operations' description.
class _WithRecognitions:
    request: Any

    def get_serializer(self, *args: Any, **kwargs: Any) -> Any:
        if args:
            shown = args[0] if kwargs.get("many") else [args[0]]
            user = getattr(self.request, "user", None)
            context = self.get_serializer_context()  # type: ignore[attr-defined]
            context["recognitions"] = selectors.recognitions_for_versions(shown, user)
            kwargs["context"] = context
        return super().get_serializer(*args, **kwargs)  # type: ignore[misc]


class CatalogQuerySerializer(catalog.CatalogQuerySerializer):
    """Credentials' query parameters, and what a micro-credential counts for."""

    counts_for = serializers.ChoiceField(
        choices=Outcome.choices,
        required=False,
        help_text="Only those that count for this under a body serving the caller "
        '(license_renewal_hours: "counts for my license renewal").',
    )


class MicroCredentialList(_WithRecognitions, catalog_views.MicroCredentialList):
    serializer_class = MicroCredentialSerializer

    def get_queryset(self) -> QuerySet[MicroCredentialVersion]:
        versions = super().get_queryset()
        if getattr(self, "swagger_fake_view", False):  # schema generation: no request to read
            return versions
        query = CatalogQuerySerializer(data=self.request.query_params)
        query.is_valid(raise_exception=True)
        outcome = query.validated_data.get("counts_for")
        if outcome:
            counting = selectors.credential_ids_counting_for(self.request.user, outcome)
            versions = versions.filter(credential_id__in=counting)
        return versions

    @extend_schema(
        summary="Search the catalog",
        description="Published micro-credentials; with `search`, best match first, else by title.",
        parameters=[CatalogQuerySerializer],
        responses={200: MicroCredentialSerializer(many=True), 400: catalog_views.BAD_QUERY},
        tags=["catalog"],
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)


class MicroCredentialDetail(_WithRecognitions, catalog_views.MicroCredentialDetail):
    serializer_class = MicroCredentialDetailSerializer

    @extend_schema(
        summary="One micro-credential with its evidence requirements and rubric",
        responses={200: MicroCredentialDetailSerializer, 404: catalog_views.NOT_FOUND},
        tags=["catalog"],
    )
    def get(self, request: Any, *args: Any, **kwargs: Any) -> Any:
        return super().get(request, *args, **kwargs)
