from django.apps import AppConfig


class RostersConfig(AppConfig):
    """Roster imports: staff lists from the SIS, previewed row by row, then applied."""

    name = "rosters"
    verbose_name = "Rosters"
