from typing import Any

from django import forms
from django.http import HttpRequest

from .models import User
from .selectors import user_by_verified_email
from .services import user_update_profile


class SignupForm(forms.Form):
    """Extra signup fields for allauth: the name others see."""

    display_name = forms.CharField(
        label="Your name", max_length=150, help_text="Shown on your badges and to reviewers."
    )

    def signup(self, request: HttpRequest, user: Any) -> None:
        user_update_profile(user=user, display_name=self.cleaned_data["display_name"])


class ProfileForm(forms.Form):
    display_name = forms.CharField(
        label="Your name", max_length=150, help_text="Shown on your badges and transcript."
    )
    public_profile = forms.BooleanField(
        label="Show a public profile page with my badges",
        required=False,
        help_text="Off unless you turn it on. It lists only your current badges whose page is "
        "public (never private, revoked or expired ones) under your name, never your email.",
    )

    def save(self, user: User) -> User:
        return user_update_profile(
            user=user,
            display_name=self.cleaned_data["display_name"],
            public_profile=self.cleaned_data["public_profile"],
        )


class EmailAddForm(forms.Form):
    email = forms.EmailField(
        label="Add an email address",
        max_length=254,
        help_text="We send a link to it; once you follow it, you can sign in with it too.",
    )


class MergeChooseForm(forms.Form):
    """Platform staff name the two accounts of one person by any address of each."""

    kept_email = forms.EmailField(
        label="Account to keep", max_length=254, help_text="Any address of the account to keep."
    )
    folded_email = forms.EmailField(
        label="Account to fold in",
        max_length=254,
        help_text="Any address of the duplicate account: it moves into the one above and is "
        "deactivated.",
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        for name in ("kept_email", "folded_email"):
            email = data.get(name)
            if email:
                data[name.removesuffix("_email")] = user = user_by_verified_email(email)
                if user is None:
                    self.add_error(name, "No account has this address.")
        return data
