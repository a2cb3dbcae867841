from typing import Any, ClassVar

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.forms import ModelForm
from django.http import HttpRequest

from .models import User
from .services import user_set_active, user_set_password


class PasswordChangeForm(AdminPasswordChangeForm):
    """The admin's "change password" goes through the service, which revokes API tokens."""

    def save(self, commit: bool = True) -> Any:
        user = self.user
        assert isinstance(user, User)
        user_set_password(user=user, password=self.cleaned_data["password1"])
        return user


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ("email",)
    list_display = ("email", "display_name", "is_active", "is_staff", "date_joined")
    search_fields = ("email", "display_name")
    readonly_fields = ("public_id", "date_joined", "last_login")
    change_password_form = PasswordChangeForm
    fieldsets = (
        (None, {"fields": ("email", "password", "public_id")}),
        ("Profile", {"fields": ("display_name",)}),
        ("Permissions", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {"classes": ("wide",), "fields": ("email", "display_name", "password1", "password2")},
        ),
    )
    list_filter: ClassVar = ["is_staff", "is_active"]

    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            # Through the service: a deactivation revokes the person's API tokens.
            user_set_active(user=obj, is_active=obj.is_active)
