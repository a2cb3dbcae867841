"""The embedded default for `make run`: SQLite, local media, tasks run in process."""

from .base import *  # noqa: F403
from .base import env

# Off unless asked for (DJANGO_DEBUG=1): `make run` may be reached by others on the network,
# and Django's debug 404 lists every URL pattern, its 500 the settings and the stack.
DEBUG = env.bool("DJANGO_DEBUG", default=False)
# Local only: a fixed development key so `make run` works with no configuration.
SECRET_KEY = env("DJANGO_SECRET_KEY", default="local-development-only-not-for-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=True)
# In-process: Celery takes a producer even for eager tasks; a host name keeps kombu from warning
# "No hostname was supplied" on the first task of every process.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="memory://localhost/")
ACCOUNT_EMAIL_VERIFICATION = env("ACCOUNT_EMAIL_VERIFICATION", default="optional")
# Webhook receivers on this machine (127.0.0.1) are allowed here, never in production.
WEBHOOKS_ALLOW_PRIVATE = env.bool("WEBHOOKS_ALLOW_PRIVATE", default=True)
WEBHOOKS_REQUIRE_HTTPS = env.bool("WEBHOOKS_REQUIRE_HTTPS", default=False)  # receivers on loopback
# A sign-in provider on this machine (a test identity provider) may be configured here.
SSO_ALLOW_INSECURE_URLS = env.bool("SSO_ALLOW_INSECURE_URLS", default=True)
SSO_ALLOW_PRIVATE_ADDRESSES = env.bool("SSO_ALLOW_PRIVATE_ADDRESSES", default=True)
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# runserver does not serve static files with DEBUG off (nor at all: whitenoise.runserver_nostatic);
# WhiteNoise serves them from the app and project directories, no collectstatic needed, and sees
# a file changed while `make run` is up.
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True

if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    # Several uploads finish at once and their (in-process) processing writes: wait for the
    # lock instead of failing, and take it at BEGIN so two writers never deadlock on upgrade.
    DATABASES["default"].setdefault("OPTIONS", {}).update(  # noqa: F405
        {"timeout": 30, "transaction_mode": "IMMEDIATE"}
    )
