"""The demo catalogue (``seed``, called by ``gongkai demo``).

Everything goes through the services, as staff would do it: settings and the
guide by the head, items drafted by one handler, 保密审查 by the other, 审核 by
the head, published by the registrar. Dates are relative to today so the
catalogue always looks current: most documents are of last year (and so feed
the demo annual report's table 二), a few of this year, some still in the
workflow and one draft past its Art. 26 date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.disclosure import services
from gongkai.disclosure.models import Category, Guide, Item
from gongkai.disclosure.services.setup import GuideFields

SH = ZoneInfo("Asia/Shanghai")
OFFICE = "demo-office"

#: agency code → (机构代码, 统一社会信用代码, 索引号格式)
SETTINGS: dict[str, tuple[str, str, str]] = {
    OFFICE: ("000014348", "11370100MB2850012X", "{机构代码}/{年份}-{流水号:5}"),
    "demo-natres": (
        "000014352",
        "11370100MB2850039K",
        "{统一社会信用代码}/{年月}-{流水号:5}",
    ),
    "demo-housing": (
        "000014360",
        "11370100MB2850047D",
        "{机构代码}-{类别代码}-{年份}-{流水号:4}",
    ),
}


@dataclass(frozen=True)
class DemoItem:
    title: str
    category: str
    art20: str
    month: int  # of the year it belongs to
    day: int
    doc_number: str = ""
    summary: str = ""
    this_year: bool = False


#: ``{y}`` is the item's year. Last year's, then this year's (months before today's).
PUBLISHED: tuple[DemoItem, ...] = (
    DemoItem(
        "示范市城乡居民最低生活保障办法",
        "GZ",
        "1",
        1,
        10,
        "示范市人民政府令第12号",
        "规定城乡低保对象的认定条件、低保标准的确定和调整、申请审核审批程序及动态管理。",
    ),
    DemoItem(
        "示范市国有土地上房屋征收与补偿实施细则",
        "GZ",
        "1",
        3,
        6,
        "示范市人民政府令第13号",
        "规范国有土地上房屋征收（拆迁）的决定、补偿方式、安置标准和争议处理，"
        "同时废止原城市房屋拆迁补偿安置规定。",
    ),
    DemoItem(
        "示范市城乡居民基本医疗保险实施办法",
        "GFXWJ",
        "11",
        2,
        14,
        "示政规〔{y}〕1号",
        "统一城乡居民医保的参保范围、筹资标准、待遇保障和医保基金管理。",
    ),
    DemoItem(
        "关于调整{y}年城乡低保标准的通知",
        "GFXWJ",
        "11",
        4,
        2,
        "示政规〔{y}〕2号",
        "城市低保标准提高到每人每月850元，农村低保标准提高到每人每年7800元。",
    ),
    DemoItem(
        "示范市医保定点医药机构管理办法",
        "GFXWJ",
        "11",
        6,
        18,
        "示政规〔{y}〕3号",
        "明确医保定点医药机构的申请、评估、协议管理和退出机制。",
    ),
    DemoItem(
        "示范市{y}年国民经济和社会发展计划",
        "GHJH",
        "3",
        2,
        20,
        "",
        "全市经济社会发展主要预期目标和重点任务。",
    ),
    DemoItem(
        "示范市{y}年市级财政预算",
        "CZXX",
        "7",
        2,
        25,
        "",
        "市级一般公共预算、政府性基金预算和国有资本经营预算。",
    ),
    DemoItem(
        "示范市{p}年市级财政决算",
        "CZXX",
        "7",
        8,
        15,
        "",
        "经市人大常委会批准的上年度市级财政决算及说明。",
    ),
    DemoItem(
        "示范市{y}年重点建设项目计划",
        "GHJH",
        "10",
        3,
        12,
        "",
        "全市重点建设项目名单、建设内容和年度投资计划，含棚户区改造拆迁安置项目。",
    ),
    DemoItem(
        "市政府办公室{y}年公开招聘工作人员公告",
        "RSXX",
        "14",
        4,
        20,
        "",
        "招聘岗位、名额、报考条件和报名方式。",
    ),
    DemoItem(
        "市政府办公室{y}年公开招聘拟录用人员公示",
        "RSXX",
        "14",
        7,
        8,
        "",
        "经笔试、面试、体检和考察，拟录用人员名单予以公示。",
    ),
    DemoItem(
        "示范市突发事件总体应急预案",
        "QT",
        "12",
        5,
        16,
        "示政发〔{y}〕9号",
        "突发事件的分级、应急组织体系、预警发布和应急响应程序。",
    ),
    DemoItem(
        "示范市{y}年政府集中采购目录及限额标准",
        "CZXX",
        "9",
        1,
        22,
        "示财采〔{y}〕1号",
        "集中采购机构采购项目、部门集中采购项目和分散采购限额标准。",
    ),
    DemoItem(
        "示范市人民政府办公室主要职责和内设机构",
        "QT",
        "2",
        1,
        5,
        "",
        "机关职能、内设机构、办公地址、办公时间、联系方式和负责人姓名。",
    ),
    DemoItem(
        "示范市行政事业性收费目录清单",
        "CZXX",
        "8",
        9,
        9,
        "",
        "全市保留的行政事业性收费项目、依据和标准。",
    ),
    DemoItem(
        "示范市医保定点医疗机构名单",
        "QT",
        "11",
        10,
        12,
        "",
        "截至9月底全市医保定点医疗机构名单及地址。",
    ),
    DemoItem(
        "示范市{n}年城乡低保标准调整方案",
        "GFXWJ",
        "11",
        1,
        8,
        "示政规〔{n}〕1号",
        "自{n}年1月1日起城乡低保标准再次提高，低保、特困人员救助供养资金同步调整。",
        this_year=True,
    ),
    DemoItem(
        "关于做好{n}年城乡居民医保参保缴费工作的通知",
        "QT",
        "11",
        1,
        15,
        "示政办字〔{n}〕2号",
        "城乡居民医保个人缴费标准、缴费期和缴费渠道。",
        this_year=True,
    ),
)

#: A 规范性文件 of the year before last, abolished last year by the 拆迁 rules above.
ABOLISHED = DemoItem(
    "关于城市房屋拆迁补偿安置的若干规定",
    "GFXWJ",
    "1",
    9,
    1,
    "示政规〔{y}〕5号",
    "城市房屋拆迁的补偿方式、安置标准和过渡期安排。",
)

#: Still in the workflow this year: (item, how far it has got).
IN_WORKFLOW: tuple[tuple[DemoItem, Item.Status], ...] = (
    (
        DemoItem(
            "示范市老旧小区改造拆迁安置工作方案",
            "GHJH",
            "10",
            0,
            0,
            "",
            "老旧小区改造中涉及拆迁的居民安置方式和过渡补助标准。",
        ),
        Item.Status.REVIEWING,
    ),
    (
        DemoItem(
            "示范市医保门诊共济保障实施细则",
            "GFXWJ",
            "11",
            0,
            0,
            "示政规〔{n}〕2号",
            "职工医保个人账户改革和普通门诊费用统筹保障。",
        ),
        Item.Status.APPROVING,
    ),
    (
        DemoItem(
            "示范市低保对象认定办法实施细则",
            "GFXWJ",
            "11",
            0,
            0,
            "示政规〔{n}〕3号",
            "低保对象家庭收入和财产的核算方法、认定程序。",
        ),
        Item.Status.REVIEWING,
    ),
)
#: A draft made two months ago and never sent on: past its Art. 26 date.
OVERDUE = DemoItem(
    "示范市城乡低保资金发放情况（第一季度）",
    "QT",
    "11",
    0,
    0,
    "",
    "各县区城乡低保资金发放户数、人数和金额。",
)


def _users(code: str, role: Role) -> list[Any]:
    member = (
        Membership.objects.filter(agency__code=code, role=role)
        .order_by("pk")
        .select_related("user")
    )
    return [m.user for m in member]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SH)


def _text(template: str, year: int) -> str:
    return template.format(y=year, p=year - 1, n=year + 1)


def _fields(agency: Agency, spec: DemoItem, year: int, made: dt.date) -> dict[str, Any]:
    title = _text(spec.title, year)
    summary = _text(spec.summary, year)
    return {
        "title": title,
        "summary": summary,
        "generated_on": made,
        "doc_number": _text(spec.doc_number, year),
        "category": Category.objects.get(agency=agency, code=spec.category),
        "art20_item": spec.art20,
        "body": f"{title}\n\n{summary}（演示数据）",
    }


def seed(*, today: dt.date | None = None) -> dict[str, int]:
    """Create the demo catalogue once; returns how many items were published and open."""
    today = today or timezone.localdate()
    office = Agency.objects.filter(code=OFFICE).first()
    if office is None:
        return {"published": 0, "open": 0}
    handlers = _users(OFFICE, Role.HANDLER)
    heads = _users(OFFICE, Role.HEAD)
    registrars = _users(OFFICE, Role.REGISTRAR)
    if len(handlers) < 2 or not heads:
        return {"published": 0, "open": 0}
    drafter, reviewer, head = handlers[0], handlers[1], heads[0]
    publisher = registrars[0] if registrars else drafter

    with transaction.atomic():
        for code, (org, credit, pattern) in SETTINGS.items():
            agency = Agency.objects.filter(code=code).first()
            manager = next(iter(_users(code, Role.HEAD)), None)
            if agency is None or manager is None:
                continue
            if not services.disclosure_setup(agency=agency).org_code:
                services.settings_update(
                    agency=agency,
                    org_code=org,
                    credit_code=credit,
                    index_pattern=pattern,
                    acting_user=manager,
                )
            if not Guide.objects.filter(agency=agency).exists():
                services.guide_update(
                    agency=agency, acting_user=manager, **_guide(agency)
                )
        if Item.objects.filter(agency=office).exists():
            return {
                "published": Item.objects.public().filter(agency=office).count(),
                "open": Item.objects.filter(agency=office)
                .exclude(status__in=[Item.Status.PUBLISHED, Item.Status.WITHDRAWN])
                .count(),
            }

        last = today.year - 1

        def publish(spec: DemoItem, year: int, made: dt.date) -> Item:
            item = services.item_create(
                agency=office, acting_user=drafter, **_fields(office, spec, year, made)
            )
            services.item_submit(item=item, acting_user=drafter)
            services.item_review(
                item=item,
                result=Item.ReviewResult.PASS,
                basis="经审查，不涉及国家秘密、工作秘密和个人隐私，可以公开。",
                acting_user=reviewer,
            )
            services.item_approve(item=item, acting_user=head)
            published_on = min(made + dt.timedelta(days=6), today)
            return services.item_publish(
                item=item, acting_user=publisher, now=_at(published_on, 15)
            )

        old = publish(ABOLISHED, last - 1, dt.date(last - 1, ABOLISHED.month, 1))
        services.item_abolish(
            item=old,
            abolished_on=dt.date(last, 3, 6),
            abolishing_document="示范市国有土地上房屋征收与补偿实施细则（示范市人民政府令第13号）",
            acting_user=drafter,
        )
        published = 1
        for spec in PUBLISHED:
            if spec.this_year:
                made = min(dt.date(today.year, spec.month, spec.day), today)
                publish(spec, last, made)
            else:
                publish(spec, last, dt.date(last, spec.month, spec.day))
            published += 1

        opened = 0
        for n, (spec, status) in enumerate(IN_WORKFLOW):
            made = today - dt.timedelta(days=3 + 2 * n)
            item = services.item_create(
                agency=office, acting_user=drafter, **_fields(office, spec, last, made)
            )
            services.item_submit(item=item, acting_user=drafter)
            if status == Item.Status.APPROVING:
                services.item_review(
                    item=item,
                    result=Item.ReviewResult.PASS,
                    basis="经审查，不涉及国家秘密，可以公开。",
                    acting_user=reviewer,
                )
            opened += 1
        services.item_create(
            agency=office,
            acting_user=drafter,
            **_fields(office, OVERDUE, last, today - dt.timedelta(days=60)),
        )
        opened += 1
    return {"published": published, "open": opened}


def _guide(agency: Agency) -> GuideFields:
    return {
        "classification": "本机关主动公开的政府信息分为规章、行政规范性文件、规划计划、"
        "财政信息、行政许可、行政处罚、人事信息和其他八类。",
        "arrangement": "政府信息公开目录按信息类别和生成日期编排，每条信息标明索引号、"
        "名称、内容概述、生成日期、文号和发布机构。",
        "access": "主动公开的政府信息可在本平台“政府信息公开目录”中查阅和检索；"
        "需要获取其他政府信息的，可通过在线申请、信函或当面提出政府信息公开申请。",
        "office_name": agency.office_name or f"{agency.name}政务公开办公室",
        "address": agency.address or "示范市人民路1号",
        "office_hours": "工作日上午9:00—12:00，下午13:30—17:30（法定节假日除外）",
        "phone": agency.phone or "0531-88880000",
        "fax": agency.fax,
        "web_contact": agency.email or "gongkai@example.gov.cn",
        "other": "本指南根据《中华人民共和国政府信息公开条例》编制，如有变化将及时更新。（演示数据）",
    }
