"""allauth's password reset form, finding the account by any address it verified (ADR 0026).

Its own module: allauth's forms import our signup form (accounts.forms) while they load.
"""

from allauth.account import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.account.forms import ResetPasswordForm as AllauthResetPasswordForm

from .selectors import user_by_verified_email


class ResetPasswordForm(AllauthResetPasswordForm):
    """allauth's reset form, sending the link to any address the account verified (or its
    primary one), never to an address someone added and did not verify."""

    def clean_email(self) -> str:
        email = str(self.cleaned_data["email"]).lower()
        email = get_adapter().clean_email(email)
        user = user_by_verified_email(email)
        self.users = [user] if user is not None and user.is_active else []
        if not self.users and not allauth_settings.PREVENT_ENUMERATION:
            raise get_adapter().validation_error("unknown_email")
        return str(self.cleaned_data["email"])
