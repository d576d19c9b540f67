from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and roles"

    def ready(self) -> None:
        from django.contrib.auth.models import Group
        from django.db.models.signals import m2m_changed, post_delete, post_migrate, post_save

        from accounts.backends import on_user_changed
        from accounts.models import User
        from accounts.roles import ensure_instructor_group, on_roles_changed

        post_migrate.connect(ensure_instructor_group, dispatch_uid="ensure_instructor_group")
        m2m_changed.connect(
            on_roles_changed, sender=User.groups.through, dispatch_uid="roles.membership"
        )
        post_save.connect(on_roles_changed, sender=Group, dispatch_uid="roles.group.saved")
        post_delete.connect(on_roles_changed, sender=Group, dispatch_uid="roles.group.deleted")
        post_save.connect(on_user_changed, sender=User, dispatch_uid="accounts.user.saved")
        post_delete.connect(on_user_changed, sender=User, dispatch_uid="accounts.user.deleted")
