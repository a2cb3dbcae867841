"""A stack's own fields, and its micro-credentials as an ordered formset."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.forms import formset_factory

from organizations.models import Organization

from .forms import BootstrapMixin, OrderedFormSet
from .models import MicroCredential, Stack


class StackForm(BootstrapMixin, forms.Form):
    """A stack's own fields; its micro-credentials come from StackItemFormSet."""

    issuer = forms.ModelChoiceField(
        queryset=Organization.objects.none(), label="Issuing organization"
    )
    slug = forms.SlugField(
        max_length=120, label="Address", help_text="Lower-case words and hyphens."
    )
    title = forms.CharField(max_length=200)
    description = forms.CharField(required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(
        self,
        *args: Any,
        issuers: QuerySet[Organization],
        stack: Stack | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.stack = stack
        issuer_field = self.fields["issuer"]
        assert isinstance(issuer_field, forms.ModelChoiceField)
        issuer_field.queryset = issuers
        if stack is not None or issuers.count() == 1:
            issuer_field.initial = stack.issuer if stack else issuers.get()
            issuer_field.widget = forms.HiddenInput()
        self._style_widgets()

    def clean_slug(self) -> str:
        slug: str = self.cleaned_data["slug"]
        others = Stack.objects.filter(slug=slug)
        if self.stack is not None:
            others = others.exclude(pk=self.stack.pk)
        if others.exists():
            raise ValidationError("Another stack already uses this address.")
        return slug

    def clean_issuer(self) -> Organization:
        issuer: Organization = self.cleaned_data["issuer"]
        if self.stack is not None and issuer.pk != self.stack.issuer_id:
            raise ValidationError("A stack cannot move to another issuing organization.")
        return issuer


class CredentialChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return _credential_label(obj)


def _credential_label(credential: MicroCredential) -> str:
    version = credential.published_version
    if version is None:
        versions = list(credential.versions.all())
        version = versions[0] if versions else None
    title = version.title if version else credential.slug
    return f"{title} ({credential.get_status_display().lower()})"


class StackItemForm(BootstrapMixin, forms.Form):
    """One micro-credential of a stack."""

    credential = CredentialChoiceField(
        queryset=MicroCredential.objects.none(),
        to_field_name="public_id",
        label="Micro-credential",
        empty_label="Choose a micro-credential",
    )

    def __init__(
        self, *args: Any, credentials: QuerySet[MicroCredential] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["credential"]
        assert isinstance(field, forms.ModelChoiceField)
        if credentials is not None:
            field.queryset = credentials
        self._style_widgets()


StackItemFormSet = formset_factory(
    StackItemForm, formset=OrderedFormSet, extra=0, can_delete=True, can_order=True
)
