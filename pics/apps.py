from django.apps import AppConfig


class PicsConfig(AppConfig):
    name = "pics"
    verbose_name = "PICS and test plans"
