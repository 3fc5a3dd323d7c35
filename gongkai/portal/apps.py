from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "gongkai.portal"
    verbose_name = "公开门户"

    def ready(self) -> None:
        # Django 6.1 labels the empty choice of a model form's select
        # "- Select an option -" and has no Chinese for it; every select of the
        # site (staff and public) shows this instead. Django documents
        # overriding BLANK_CHOICE_LABEL in an app's ready() for this.
        from django.db.models import fields

        fields.BLANK_CHOICE_LABEL = "请选择"
