from django.apps import AppConfig


class PlanningConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.planning"
    verbose_name = "建议提案与工作要点"
