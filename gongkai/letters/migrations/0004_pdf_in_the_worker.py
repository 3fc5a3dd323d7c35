# The letter's PDF moves to its own append-only table (LetterPdf), written by the
# worker; the PDFs of letters issued before are moved there, file and hash kept.

import django.db.models.deletion
from django.db import migrations, models

import gongkai.letters.models
from gongkai.events import AppendOnlyTrigger


def move_pdfs(apps, schema_editor):
    Letter = apps.get_model("letters", "Letter")
    LetterPdf = apps.get_model("letters", "LetterPdf")
    LetterPdf.objects.bulk_create(
        LetterPdf(letter_id=pk, file=name, sha256=digest)
        for pk, name, digest in Letter.objects.exclude(pdf="").values_list(
            "pk", "pdf", "pdf_sha256"
        )
    )


def restore_pdfs(apps, schema_editor):
    raise RuntimeError("letters 0004 cannot be reversed: PDFs are in LetterPdf now")


class Migration(migrations.Migration):

    dependencies = [
        ('letters', '0003_new_kinds'),
    ]

    operations = [
        migrations.AddField(
            model_name='letter',
            name='template_body',
            field=models.TextField(blank=True, verbose_name='模板正文'),
        ),
        migrations.AddField(
            model_name='letter',
            name='template_title',
            field=models.CharField(blank=True, max_length=100, verbose_name='模板标题'),
        ),
        migrations.CreateModel(
            name='LetterPdf',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('file', models.FileField(upload_to=gongkai.letters.models._pdf_path, verbose_name='PDF 文件')),
                ('sha256', models.CharField(max_length=64)),
                ('created_at', models.DateTimeField(auto_now_add=True, verbose_name='生成时间')),
                ('letter', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, related_name='rendition', to='letters.letter', verbose_name='文书')),
            ],
            options={
                'verbose_name': '文书 PDF',
                'verbose_name_plural': '文书 PDF',
            },
        ),
        migrations.RunPython(move_pdfs, restore_pdfs),
        migrations.RemoveField(
            model_name='letter',
            name='pdf',
        ),
        migrations.RemoveField(
            model_name='letter',
            name='pdf_sha256',
        ),
        AppendOnlyTrigger("letterpdf"),
    ]
