from typing import Any

from django import forms
from django.http import HttpRequest

from .models import User
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

    def save(self, user: User) -> User:
        return user_update_profile(user=user, display_name=self.cleaned_data["display_name"])


class EmailAddForm(forms.Form):
    email = forms.EmailField(
        label="Add an email address",
        max_length=254,
        help_text="We send a link to it; once you follow it, you can sign in with it too.",
    )
