"""The Celery application.

Without CELERY_BROKER_URL the broker is kombu's filesystem transport in the data
directory: web and worker processes exchange messages through files, so a fresh
machine needs no broker server.
"""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "certplanner.settings")

app = Celery("certplanner")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
