from django.apps import AppConfig


class OpsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.ops"
    verbose_name = "运行维护"

    def ready(self) -> None:
        from gongkai.ops import checks  # noqa: F401  (registers the checks)
