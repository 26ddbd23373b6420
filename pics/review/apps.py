from django.apps import AppConfig


class ReviewConfig(AppConfig):
    # A capability of the pics app: its templates and tasks live here; its models
    # are the pics app's.
    name = "pics.review"
    label = "pics_review"
    verbose_name = "Submissions and lab review"
