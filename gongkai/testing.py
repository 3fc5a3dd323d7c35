"""The shared test cast: one small agency tree with a person in every role.

Every app's tests use the same people, so a test reads the same everywhere
("the outsider gets 404", "the head approves"). The pytest fixtures here are
registered for the whole suite by the repository's root ``conftest.py``.

The tree (all created through ``agency_create``)::

    city    示例市人民政府            the supervising government (上级)
    ├── office  示例市人民政府办公室  "our agency": 文号 prefix, 复议机关, 法院 set
    └── bureau  示例市住房和城乡建设局  a sibling agency under the same city
    other   另一市人民政府            another city's government, outside the tree

The people (password :data:`PASSWORD`, ``first_name`` = ``username``):

=================  ==========  =========  ===========================================
attribute          username    agency     role
=================  ==========  =========  ===========================================
``registrar``      registrar   office     登记员 (registers applications)
``handler``        handler     office     承办人 (cases are assigned to them; drafts
                                          catalogue items)
``other_handler``  handler2    office     承办人, not the assignee (reviews items)
``head``           head        office     负责人 (approves)
``admin``          admin       office     机关管理员
``supervisor``     supervisor  city       上级监督 (reads the city and all below it)
``city_head``      city_head   city       负责人 of the supervising government
``outsider``       outsider    bureau     承办人 of another agency (sees none of the
                                          office's records)
``other_head``     other_head  other      负责人 of a government outside the tree
=================  ==========  =========  ===========================================

The public visitor is an anonymous client: pytest-django's ``client`` fixture
without a login.

API:

- fixture ``cast`` (needs the database) → :class:`Cast`, built at :data:`TODAY`
  10:00 Shanghai with the clock frozen there (fixture ``frozen_time``, a
  ``time_machine`` traveller: ``frozen_time.move_to(at(day))``);
- :data:`TODAY` (Monday 2 March 2026), :data:`SH` (Asia/Shanghai),
  :func:`at` (a day at an hour, in Shanghai), :data:`PASSWORD`;
- :meth:`Cast.users` (every person by attribute name, for parametrized role
  matrices), :meth:`Cast.set_up_catalogue` (主动公开 categories of the office
  and the bureau, the office's 索引号 scheme), :meth:`Cast.category`, :meth:`Cast.item` and
  :meth:`Cast.published` (a catalogue item drafted by the handler, and one taken
  through review, approval and publication);
- :func:`make_agency` and :func:`make_user` for a test that needs someone the
  cast does not have (a second bureau, a town, a user with two roles).

Applications in any state: ``gongkai.cases.tests.states.make_case(cast, status)``.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Iterator
from dataclasses import dataclass, fields
from typing import Any
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth import get_user_model

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create

SH = ZoneInfo("Asia/Shanghai")
PASSWORD = "Gongkai-Test-2026!"  # noqa: S105 (test users only)
#: Monday 2 March 2026: an ordinary working week in the first quarter.
TODAY = dt.date(2026, 3, 2)


def at(day: dt.date, hour: int = 10) -> dt.datetime:
    """``day`` at ``hour`` o'clock in Shanghai."""
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SH)


_codes = itertools.count(1)


def make_agency(
    name: str,
    code: str | None = None,
    kind: str = Agency.Kind.DEPARTMENT,
    parent: Agency | None = None,
    **fields: Any,
) -> Agency:
    """An agency created as production creates one (tree path included)."""
    code = code or f"agency-{next(_codes)}"
    # Remedy settings every reply needs (a town or department names a basic court).
    fields.setdefault("reconsideration_body", "示例市人民政府")
    fields.setdefault(
        "court",
        "示例市中级人民法院" if kind == Agency.Kind.GOVERNMENT else "示例市人民法院",
    )
    fields.setdefault("reconsideration_online", "示例市行政复议网上申请平台")
    fields.setdefault("fee_payment_method", "凭非税收入缴款通知书到代收银行缴纳")
    return agency_create(name=name, code=code, kind=kind, parent=parent, **fields)


def make_user(username: str, agency: Agency | None = None, *roles: Role) -> Any:
    """A user with :data:`PASSWORD` holding each of ``roles`` in ``agency``."""
    user = get_user_model().objects.create_user(
        username=username, password=PASSWORD, first_name=username
    )
    for role in roles:
        assert agency is not None, "a role is held in an agency"
        Membership.objects.create(user=user, agency=agency, role=role)
    return user


@dataclass
class Cast:
    city: Agency
    office: Agency
    bureau: Agency
    other: Agency
    registrar: Any
    handler: Any
    other_handler: Any
    head: Any
    admin: Any
    supervisor: Any
    city_head: Any
    outsider: Any
    other_head: Any

    def users(self) -> dict[str, Any]:
        """Every person of the cast, by attribute name."""
        return {
            f.name: getattr(self, f.name)
            for f in fields(self)
            if not isinstance(getattr(self, f.name), Agency)
        }

    # -- the catalogue (主动公开) --------------------------------------------------

    def set_up_catalogue(self) -> None:
        """Default categories for the office and the bureau, and the office's
        索引号 scheme (set by its admin)."""
        from gongkai.disclosure import services as disclosure

        disclosure.disclosure_setup(agency=self.office)
        disclosure.disclosure_setup(agency=self.bureau)
        disclosure.settings_update(
            agency=self.office,
            org_code="000000001",
            credit_code="",
            index_pattern="{机构代码}/{年份}-{流水号:5}",
            acting_user=self.admin,
        )

    def category(self, code: str = "GFXWJ", agency: Agency | None = None) -> Any:
        from gongkai.disclosure.models import Category

        return Category.objects.get(agency=agency or self.office, code=code)

    def item(self, **fields: Any) -> Any:
        """A draft catalogue item of the office (a 规范性文件), by the handler."""
        from gongkai.disclosure import services as disclosure

        defaults: dict[str, Any] = {
            "title": "示例市城乡低保标准调整方案",
            "summary": "调整城乡居民最低生活保障标准。",
            "generated_on": dt.date(2026, 2, 27),
            "category": self.category(),
            "art20_item": "1",
            "body": "自2026年4月1日起，城乡低保标准统一提高。",
        }
        return disclosure.item_create(
            agency=self.office, acting_user=self.handler, **(defaults | fields)
        )

    def published(self, **fields: Any) -> Any:
        """An item drafted, reviewed (other handler), approved (head), published."""
        from gongkai.disclosure import services as disclosure

        item = self.item(**fields)
        disclosure.item_submit(item=item, acting_user=self.handler)
        disclosure.item_review(
            item=item,
            result="pass",
            basis="不涉及国家秘密。",
            acting_user=self.other_handler,
        )
        disclosure.item_approve(item=item, acting_user=self.head)
        return disclosure.item_publish(item=item, acting_user=self.handler)


def build_cast() -> Cast:
    """The agencies and people described in the module docstring."""
    city = make_agency("示例市人民政府", "city", Agency.Kind.GOVERNMENT)
    office = make_agency(
        "示例市人民政府办公室",
        "office",
        Agency.Kind.OFFICE,
        parent=city,
        docno_prefix="示政办依申公开",
        reconsideration_body="示例市人民政府",
        court="示例市人民法院",
    )
    bureau = make_agency("示例市住房和城乡建设局", "bureau", parent=city)
    other = make_agency("另一市人民政府", "other", Agency.Kind.GOVERNMENT)
    return Cast(
        city=city,
        office=office,
        bureau=bureau,
        other=other,
        registrar=make_user("registrar", office, Role.REGISTRAR),
        handler=make_user("handler", office, Role.HANDLER),
        other_handler=make_user("handler2", office, Role.HANDLER),
        head=make_user("head", office, Role.HEAD),
        admin=make_user("admin", office, Role.ADMIN),
        supervisor=make_user("supervisor", city, Role.SUPERVISOR),
        city_head=make_user("city_head", city, Role.HEAD),
        outsider=make_user("outsider", bureau, Role.HANDLER),
        other_head=make_user("other_head", other, Role.HEAD),
    )


@pytest.fixture
def frozen_time() -> Iterator[time_machine.Traveller]:
    """The clock stopped at :data:`TODAY` 10:00 in Shanghai."""
    with time_machine.travel(at(TODAY), tick=False) as traveller:
        yield traveller


@pytest.fixture
def cast(db: None, frozen_time: time_machine.Traveller) -> Cast:
    return build_cast()


def confirm_dialogs(page: Any) -> list[str]:
    """Accept every ``confirm()`` a Playwright ``page`` asks (forms with
    ``data-confirm``: publish, issue, delete), keeping the questions asked.

    Without a handler Playwright dismisses dialogs, i.e. answers "cancel".
    """
    asked: list[str] = []

    def answer(dialog: Any) -> None:
        asked.append(dialog.message)
        dialog.accept()

    page.on("dialog", answer)
    return asked
