from typing import Any, ClassVar
from urllib.parse import urlencode

from django.contrib import admin, messages
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.contrib.auth.forms import AdminPasswordChangeForm
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse

from .models import AccountMerge, User
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
    actions = ("merge_accounts",)

    @admin.action(description="Merge accounts (choose two: the older one is kept)")
    def merge_accounts(self, request: HttpRequest, queryset: QuerySet[User]) -> HttpResponse | None:
        """To the merge page with the two accounts filled in; the page previews and confirms."""
        users = list(queryset.order_by("date_joined", "pk")[:3])
        if len(users) != 2:
            self.message_user(request, "Choose exactly two accounts.", messages.WARNING)
            return None
        query = urlencode({"kept_email": users[0].email, "folded_email": users[1].email})
        return HttpResponseRedirect(f"{reverse('account_merge')}?{query}")

    def save_model(
        self, request: HttpRequest, obj: User, form: ModelForm[User], change: bool
    ) -> None:
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data:
            # Through the service: a deactivation revokes the person's API tokens.
            user_set_active(user=obj, is_active=obj.is_active)


@admin.register(AccountMerge)
class AccountMergeAdmin(admin.ModelAdmin[AccountMerge]):
    """The audit, read-only: merges are made and undone on the merge page (accounts/merging)."""

    list_display = ("folded_email", "kept", "merged_by", "merged_at", "undone_at")
    search_fields = ("folded_email", "kept__email")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
