from django.apps import AppConfig


class DisputesConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.disputes"
    verbose_name = "行政复议和行政诉讼"
