"""`make stack`: the production settings, run as local processes over plain HTTP on loopback.

Only two things differ from production: no HTTPS redirect or secure-only cookies (there is no
TLS proxy on loopback), and the demo cast may be seeded so there is something to look at.
"""

from .production import *  # noqa: F403

SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
DEMO_SEED_ALLOWED = True
