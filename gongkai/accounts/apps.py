from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "gongkai.accounts"
    verbose_name = "工作人员与角色"

    def ready(self) -> None:
        # The security log's receivers (logins, accounts, roles, admin actions).
        from gongkai.accounts import signals  # noqa: F401
