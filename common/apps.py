from django.apps import AppConfig


class CommonConfig(AppConfig):
    """The lowest floor: infrastructure every app may use, and that imports no app."""

    name = "common"
    verbose_name = "Common infrastructure"
