from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.accounts.models import Role
from gongkai.agencies.models import Agency
from gongkai.calendars import hooks
from gongkai.testing import PASSWORD, make_agency, make_user


@pytest.fixture(autouse=True)
def _only_test_receivers(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Other apps' receivers (cases, …) are tested by those apps."""
    monkeypatch.setattr(hooks, "_receivers", [])
    yield


class Recorder:
    def __init__(self) -> None:
        self.calls: list[frozenset[int]] = []

    def __call__(self, *, years: frozenset[int], **_: object) -> None:
        self.calls.append(years)


@pytest.fixture
def fired() -> Iterator[list[frozenset[int]]]:
    recorder = Recorder()
    hooks.register(recorder)
    yield recorder.calls
    hooks.unregister(recorder)


@dataclass
class People:
    """An agency tree (a province, its 自治州 and a department below) and its staff."""

    province: Agency
    prefecture: Agency
    department: Agency
    superuser: User
    national_admin: User  # 机关管理员 of the top-level agency
    prefecture_admin: User  # 机关管理员 of the 自治州, not top-level
    handler: User  # 承办人 of the top-level agency
    outsider: User  # logged in, no role anywhere


@pytest.fixture
def people(db: None) -> People:
    gov = Agency.Kind.GOVERNMENT
    province = make_agency("某省人民政府", "province", gov)
    prefecture = make_agency("某自治州人民政府", "prefecture", gov, parent=province)
    department = make_agency("某自治州教育局", "prefecture-edu", gov, parent=prefecture)
    return People(
        province=province,
        prefecture=prefecture,
        department=department,
        superuser=User.objects.create_superuser("root", password=PASSWORD),
        national_admin=make_user("national-admin", province, Role.ADMIN),
        prefecture_admin=make_user("prefecture-admin", prefecture, Role.ADMIN),
        handler=make_user("handler", province, Role.HANDLER),
        outsider=make_user("outsider"),
    )


@pytest.fixture
def as_user(client: Client) -> Callable[[User], Client]:
    def login(user: User) -> Client:
        client.force_login(user)
        return client

    return login
