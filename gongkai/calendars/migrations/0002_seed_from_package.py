"""Seed the years 2004–2026 from the packaged data (chinesecalendar).

Uses the historical models; later edits go through gongkai.calendars.services.
Years already in the database are left alone, so re-running is harmless.
"""

from django.db import migrations


def seed(apps, schema_editor):
    from gongkai.workdays.data import package_schedules

    HolidayNotice = apps.get_model("calendars", "HolidayNotice")
    NoticeDay = apps.get_model("calendars", "NoticeDay")
    CalendarChange = apps.get_model("calendars", "CalendarChange")
    kept = set(HolidayNotice.objects.values_list("year", flat=True))
    for year, schedule in sorted(package_schedules().items()):
        if year in kept:
            continue
        notice = HolidayNotice.objects.create(
            year=year,
            title=f"国务院办公厅关于{year}年部分节假日安排的通知（{schedule.source}）",
            source="package",
        )
        days = [
            NoticeDay(notice=notice, date=d, kind="holiday", name=n)
            for d, n in schedule.holidays.items()
        ] + [
            NoticeDay(notice=notice, date=d, kind="workday", name=n)
            for d, n in schedule.workdays.items()
        ]
        NoticeDay.objects.bulk_create(sorted(days, key=lambda d: d.date))
        CalendarChange.objects.create(
            kind="calendar.seeded",
            year=year,
            summary=f"从内置数据导入{year}年节假日安排：{schedule.source}"[:300],
            data={"added": len(days)},
        )


class Migration(migrations.Migration):
    dependencies = [("calendars", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
