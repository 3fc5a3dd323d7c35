"""With DJANGO_SETTINGS_MODULE set, the workdays CLI reads the database."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.calendars.services import notice_save
from gongkai.workdays.cli import add_workdays_parser  # noqa: F401 (the CLI under test)

pytestmark = pytest.mark.django_db(transaction=True)


def test_a_year_entered_in_the_database_is_known_to_the_cli(
    monkeypatch, capsys
) -> None:  # type: ignore[no-untyped-def]
    from gongkai.cli import main

    monkeypatch.setenv("DJANGO_SETTINGS_MODULE", "gongkai.settings_test")
    assert main(["workdays", "is-workday", "2027-02-08"]) == 2
    assert "缺少2027年" in capsys.readouterr().err
    notice_save(
        year=2027,
        title="国务院办公厅关于2027年部分节假日安排的通知",
        holidays={dt.date(2027, 2, 8): "春节"},
        workdays={},
    )
    assert main(["workdays", "is-workday", "2027-02-08"]) == 1
    assert "春节放假" in capsys.readouterr().out
