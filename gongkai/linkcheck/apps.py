from django.apps import AppConfig


class LinkcheckConfig(AppConfig):
    name = "gongkai.linkcheck"
    verbose_name = "链接检查"
