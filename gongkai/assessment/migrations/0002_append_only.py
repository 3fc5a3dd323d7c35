from django.db import migrations

from gongkai.events import AppendOnlyTrigger


class Migration(migrations.Migration):
    dependencies = [
        ("assessment", "0001_initial"),
    ]

    operations = [
        AppendOnlyTrigger("assessmentevent"),
    ]
