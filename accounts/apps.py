from django.apps import AppConfig
from django.apps import apps as global_apps
from django.db.models.signals import post_migrate


def _sync_roles(sender, apps=global_apps, **kwargs):
    from .roles import sync_role_permissions

    sync_role_permissions(apps)


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Organisations and users"

    def ready(self):
        # Once per migrate (and test flush); the sync creates every app's permissions.
        post_migrate.connect(
            _sync_roles, sender=self, dispatch_uid="accounts.sync_roles"
        )
