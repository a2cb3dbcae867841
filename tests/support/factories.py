"""factory_boy factories; organizations go through the service so their path is right."""

import factory
from django.utils import timezone
from django.utils.text import slugify

from accounts.models import User
from accounts.services import user_create
from organizations.models import Organization
from organizations.services import organization_create

PASSWORD = "correct-horse-battery"


class UserFactory(factory.Factory):
    class Meta:
        model = User

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    display_name = factory.Faker("name")

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        user = user_create(password=PASSWORD, email_verified=True, **kwargs)
        # As if they had just used the platform: a test's first request then records no
        # activity (accounts.middleware), so query counts measure the page itself.
        user.last_activity_at = timezone.now()
        user.save(update_fields=["last_activity_at"])
        return user


def make_org(kind: str, name: str, parent: Organization | None = None) -> Organization:
    return organization_create(kind=kind, name=name, slug=slugify(name), parent=parent)
