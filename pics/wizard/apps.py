from django.apps import AppConfig


class WizardConfig(AppConfig):
    # A capability of the pics app: its templates and tasks live here; its models
    # are the pics app's.
    name = "pics.wizard"
    label = "pics_wizard"
    verbose_name = "The PICS and its wizard"
