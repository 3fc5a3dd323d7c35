from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "gongkai.cases"
    verbose_name = "依申请公开"

    def ready(self) -> None:
        from gongkai.cases import clocks

        clocks.register_calendar_hook()
