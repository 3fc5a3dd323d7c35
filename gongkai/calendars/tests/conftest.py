from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.calendars import hooks


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


def _agency(name: str, code: str, parent: Agency | None = None) -> Agency:
    agency = Agency.objects.create(
        name=name, code=code, kind=Agency.Kind.GOVERNMENT, parent=parent
    )
    agency.path = agency.compute_path()
    agency.save(update_fields=["path"])
    return agency


def _member(username: str, agency: Agency, role: Role) -> User:
    user = User.objects.create_user(username, password="x" * 12)
    Membership.objects.create(user=user, agency=agency, role=role)
    return user


@pytest.fixture
def people(db: None) -> People:
    province = _agency("某省人民政府", "province")
    prefecture = _agency("某自治州人民政府", "prefecture", province)
    department = _agency("某自治州教育局", "prefecture-edu", prefecture)
    return People(
        province=province,
        prefecture=prefecture,
        department=department,
        superuser=User.objects.create_superuser("root", password="x" * 12),
        national_admin=_member("national-admin", province, Role.ADMIN),
        prefecture_admin=_member("prefecture-admin", prefecture, Role.ADMIN),
        handler=_member("handler", province, Role.HANDLER),
        outsider=User.objects.create_user("outsider", password="x" * 12),
    )


@pytest.fixture
def as_user(client: Client) -> Callable[[User], Client]:
    def login(user: User) -> Client:
        client.force_login(user)
        return client

    return login
