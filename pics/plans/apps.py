from django.apps import AppConfig


class PlansConfig(AppConfig):
    # A capability of the pics app: its templates and tasks live here; its models
    # are the pics app's.
    name = "pics.plans"
    label = "pics_plans"
    verbose_name = "Signed test plans"
