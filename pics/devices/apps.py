from django.apps import AppConfig


class DevicesConfig(AppConfig):
    # A capability of the pics app: pre-filling from a station's device reports and
    # the lab's cross-check; its models are the pics app's.
    name = "pics.devices"
    label = "pics_devices"
    verbose_name = "Device reports"
