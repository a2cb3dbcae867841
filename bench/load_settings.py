"""Settings for the load benchmark's gunicorn: `make stack`'s (the production settings minus
TLS) with bench/load_urls.py, which adds the reference views to the site's own URLs."""

from config.settings.stack import *  # noqa: F403

ROOT_URLCONF = "bench.load_urls"
