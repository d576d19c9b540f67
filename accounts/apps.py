from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from accounts.roles import ensure_instructor_group

        post_migrate.connect(ensure_instructor_group, dispatch_uid="ensure_instructor_group")
