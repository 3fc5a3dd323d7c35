from django.apps import AppConfig


class DisclosureConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "gongkai.disclosure"
    verbose_name = "主动公开"

    def ready(self) -> None:
        from gongkai.calendars import hooks
        from gongkai.disclosure.services import items_recompute_publication_due

        hooks.register(items_recompute_publication_due)
