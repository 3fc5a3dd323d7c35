"""The catalogue index ends with the id, so a keyset page (生成日期, id) is one
range scan (``selectors.catalogue_page``)."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('agencies', '0003_remedy_and_fee_settings'),
        ('disclosure', '0006_search_tokens'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='item',
            name='disclosure_item_catalogue',
        ),
        migrations.AddIndex(
            model_name='item',
            index=models.Index(fields=['agency', 'status', 'generated_on', 'id'], name='disclosure_item_catalogue'),
        ),
    ]
