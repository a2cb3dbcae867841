from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The top floor: the demo data (demo/data/) and `seed_demo`. It may import any app; no app
    imports it."""

    name = "demo"
    verbose_name = "Demo data"
