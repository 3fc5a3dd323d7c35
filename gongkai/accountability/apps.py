from django.apps import AppConfig


class AccountabilityConfig(AppConfig):
    name = "gongkai.accountability"
    verbose_name = "责任追究"
