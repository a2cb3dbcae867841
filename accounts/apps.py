from django.apps import AppConfig
from django.db.models.signals import post_delete, post_save


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts"

    def ready(self) -> None:
        from .models import User
        from .user_cache import forget_saved_user

        # A signed-in user's cached copy never outlives a change to the row (user_cache.py).
        post_save.connect(forget_saved_user, sender=User, dispatch_uid="accounts.user_cache.save")
        post_delete.connect(
            forget_saved_user, sender=User, dispatch_uid="accounts.user_cache.delete"
        )
