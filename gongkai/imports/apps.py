from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "gongkai.imports"
    label = "imports"
    verbose_name = "Excel导入"
