"""Demo data: a small province, staff for every role, a year of applications.

Everything is created through the real services (with ``now=`` set to past days),
so the events, clocks and table 三 are exactly what real use would produce.
Idempotent: a second run only makes sure the accounts and passwords are there.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.cases import clocks, services
from gongkai.cases.forms import ID_CHECK, ID_WEIGHTS
from gongkai.cases.models import Case

SH = ZoneInfo("Asia/Shanghai")
DEMO_PASSWORD = "Gongkai@2026"  # noqa: S105 - printed on purpose, demo only
ROOT_CODE = "demo-province"


@dataclass(frozen=True)
class DemoAgency:
    code: str
    name: str
    short: str
    kind: str
    parent: str | None
    cases: int = 0


AGENCIES: tuple[DemoAgency, ...] = (
    DemoAgency(ROOT_CODE, "示范省人民政府", "示范省政府", Agency.Kind.GOVERNMENT, None),
    DemoAgency(
        "demo-city", "示范市人民政府", "示范市政府", Agency.Kind.GOVERNMENT, ROOT_CODE
    ),
    DemoAgency(
        "demo-office",
        "示范市人民政府办公室",
        "市政府办公室",
        Agency.Kind.OFFICE,
        "demo-city",
        60,
    ),
    DemoAgency(
        "demo-natres",
        "示范市自然资源和规划局",
        "市自然资源和规划局",
        Agency.Kind.DEPARTMENT,
        "demo-city",
        36,
    ),
    DemoAgency(
        "demo-housing",
        "示范市住房和城乡建设局",
        "市住建局",
        Agency.Kind.DEPARTMENT,
        "demo-city",
        30,
    ),
    DemoAgency(
        "demo-county",
        "示范县人民政府",
        "示范县政府",
        Agency.Kind.GOVERNMENT,
        "demo-city",
        16,
    ),
    DemoAgency(
        "demo-town",
        "示范县青山镇人民政府",
        "青山镇政府",
        Agency.Kind.TOWN,
        "demo-county",
        8,
    ),
)

#: (username, full name, agency code, roles)
ACCOUNTS: tuple[tuple[str, str, str, tuple[Role, ...]], ...] = (
    ("dengji", "登记员 周敏", "demo-office", (Role.REGISTRAR,)),
    ("chengban", "承办人 李强", "demo-office", (Role.HANDLER,)),
    ("chengban2", "承办人 王芳", "demo-office", (Role.HANDLER,)),
    ("fuzeren", "负责人 陈静", "demo-office", (Role.HEAD,)),
    ("guanli", "机关管理员 赵磊", "demo-office", (Role.ADMIN,)),
    ("jiandu", "上级监督 孙伟", "demo-city", (Role.SUPERVISOR,)),
    ("shengjiandu", "省政务公开办 吴刚", ROOT_CODE, (Role.SUPERVISOR,)),
    (
        "ziran",
        "自然资源局 刘洋",
        "demo-natres",
        (Role.REGISTRAR, Role.HANDLER, Role.HEAD),
    ),
    (
        "zhujian",
        "住建局 何丽",
        "demo-housing",
        (Role.REGISTRAR, Role.HANDLER, Role.HEAD),
    ),
    ("xian", "县政府办 郭涛", "demo-county", (Role.REGISTRAR, Role.HANDLER, Role.HEAD)),
    ("zhen", "青山镇 马琳", "demo-town", (Role.REGISTRAR, Role.HANDLER, Role.HEAD)),
)

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = [
    "伟",
    "芳",
    "娜",
    "敏",
    "静",
    "强",
    "磊",
    "洋",
    "艳",
    "军",
    "杰",
    "涛",
    "明",
    "霞",
    "平",
]
ORGS = {
    "commercial": [
        "示范建工集团有限公司",
        "青山置业有限公司",
        "示范市新材料科技有限公司",
    ],
    "research": ["示范大学城市规划研究院", "示范省社会科学院"],
    "social_welfare": ["示范市环保志愿者协会", "青山公益基金会"],
    "legal_services": ["示范正义律师事务所", "示范市法律援助中心"],
    "other_org": ["青山村村民委员会", "示范市个体劳动者协会"],
}
TOPICS = [
    "{year}年度本单位财政预算、决算及“三公”经费支出情况",
    "{place}片区旧城改造项目的征收补偿安置方案",
    "{place}道路拓宽工程的规划许可及批复文件",
    "{year}年本市老旧小区改造项目名单和资金使用情况",
    "{place}地块土地出让合同及出让金缴纳情况",
    "本机关{year}年作出的行政处罚决定书（涉及{place}）",
    "{place}小区违法建筑查处的相关文件",
    "{year}年保障性住房分配名单及审核标准",
    "{place}河道整治工程的环境影响评价文件",
    "关于{place}农贸市场迁建的会议纪要和批复",
]
PLACES = ["东湖", "西城", "青山", "南港", "北苑", "滨江", "新华", "红星"]
TYPE_WEIGHTS = {
    "natural_person": 70,
    "commercial": 12,
    "research": 3,
    "social_welfare": 3,
    "legal_services": 7,
    "other_org": 5,
}
OUTCOME_WEIGHTS: dict[str, int] = {
    "granted": 38,
    "partially_granted": 14,
    "withheld_state_secret": 1,
    "withheld_law_forbidden": 1,
    "withheld_three_safety_one_stability": 1,
    "withheld_third_party": 3,
    "withheld_internal_affairs": 2,
    "withheld_process_info": 3,
    "withheld_enforcement_file": 1,
    "withheld_inquiry_matter": 2,
    "unable_not_held": 14,
    "unable_needs_creation": 4,
    "unable_unclear_after_correction": 2,
    "not_processed_petition": 3,
    "not_processed_repeat": 3,
    "not_processed_publication": 1,
    "not_processed_massive": 1,
    "not_processed_confirm": 1,
    "other_other": 2,
}
REG = "《中华人民共和国政府信息公开条例》"
#: The ground chosen where an outcome allows several (gongkai.letters.outcomes);
#: the others have one ground, and （六）3.其他 states its basis in words.
GROUNDS: dict[str, str] = {"granted": "art36_2", "unable_not_held": "art36_4"}
OTHER_BASIS = f"{REG}第三十六条"

#: Scenario → steps (action, calendar days after arrival). The last step leaves
#: the application in the state the scenario is named after.
ARCHIVE_PATH = [
    ("assign", 1),
    ("decide", 14),
    ("approve", 15),
    ("deliver", 17),
    ("archive", 24),
]
SCENARIOS: dict[str, list[tuple[str, int]]] = {
    "submitted": [],
    "discarded": [("discard", 1)],
    "registered": [],
    "in_progress": [("assign", 1)],
    "extension_requested": [("assign", 1), ("request_extension", 16)],
    "awaiting_correction": [("assign", 1), ("request_correction", 3)],
    "consulting": [("assign", 1), ("consult", 6)],
    "awaiting_fee": [("assign", 1), ("fee_notice", 7)],
    "awaiting_reasons": [("assign", 1), ("request_reasons", 4)],
    "decided": [("assign", 1), ("decide", 12)],
    "replied": [("assign", 1), ("decide", 12), ("approve", 13)],
    "delivered": [("assign", 1), ("decide", 12), ("approve", 13), ("deliver", 15)],
    "closed_lapse": [("assign", 1), ("request_correction", 3), ("lapse", 30)],
    "closed_unpaid": [("assign", 1), ("fee_notice", 6), ("fee_unpaid", 45)],
    "archived": ARCHIVE_PATH,
    "archived_corrected": [
        ("assign", 1),
        ("request_correction", 3),
        ("receive_correction", 8),
        ("decide", 25),
        ("approve", 26),
        ("deliver", 28),
        ("archive", 35),
    ],
    "archived_consulted": [
        ("assign", 1),
        ("consult", 6),
        ("consultation_reply", 16),
        ("request_extension", 24),
        ("approve_extension", 25),
        ("decide", 40),
        ("approve", 41),
        ("deliver", 43),
        ("archive", 50),
    ],
    "archived_paid": [
        ("assign", 1),
        ("fee_notice", 7),
        ("fee_paid", 14),
        ("decide", 24),
        ("approve", 25),
        ("deliver", 27),
        ("archive", 34),
    ],
}
#: How old (days before today, a range) the arrival is for each scenario.
AGE: dict[str, tuple[int, int]] = {
    "submitted": (0, 2),
    "discarded": (3, 20),
    "registered": (1, 3),
    "in_progress": (3, 45),
    "extension_requested": (18, 24),
    "awaiting_correction": (4, 8),
    "consulting": (7, 12),
    "awaiting_fee": (8, 14),
    "awaiting_reasons": (5, 10),
    "decided": (13, 20),
    "replied": (15, 25),
    "delivered": (20, 30),
    "closed_lapse": (40, 200),
    "closed_unpaid": (60, 200),
}
OPEN_MIX = [
    "submitted",
    "registered",
    "in_progress",
    "in_progress",
    "awaiting_correction",
    "consulting",
    "awaiting_fee",
    "awaiting_reasons",
    "decided",
    "replied",
    "delivered",
    "extension_requested",
    "discarded",
    "closed_lapse",
    "closed_unpaid",
]


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SH)


def _weekday(day: dt.date) -> dt.date:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    return day


def resident_id(rng: random.Random) -> str:
    """A well-formed (fictitious) resident identity number with its check digit."""
    birth = dt.date(1950, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 50))
    body = f"110105{birth:%Y%m%d}{rng.randrange(0, 1000):03d}"
    total = sum(int(d) * w for d, w in zip(body, ID_WEIGHTS, strict=True))
    return body + ID_CHECK[total % 11]


def _pick(rng: random.Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


@contextmanager
def cached_calendar() -> Iterator[None]:
    """Build the calendar once for the whole run instead of once per service call."""
    original = clocks.current_calendar
    original_for = clocks.calendar_for
    calendar = original()
    by_agency: dict[int, Any] = {}
    clocks.current_calendar = lambda: calendar
    clocks.calendar_for = lambda agency: by_agency.setdefault(
        agency.pk, original_for(agency)
    )
    try:
        yield
    finally:
        clocks.current_calendar = original
        clocks.calendar_for = original_for


class DemoBuilder:
    def __init__(
        self, *, today: dt.date, seed: int = 2026, out: Callable[[str], None] = print
    ) -> None:
        self.today = today
        self.rng = random.Random(seed)  # noqa: S311 - reproducible demo data
        self.out = out
        self.agencies: dict[str, Agency] = {}
        self.users: dict[str, Any] = {}
        self.applicants: list[dict[str, Any]] = []

    # -- structure ---------------------------------------------------------

    def ensure_agencies(self) -> None:
        for spec in AGENCIES:
            agency = Agency.objects.filter(code=spec.code).first()
            if agency is None:
                agency = agency_create(
                    name=spec.name,
                    code=spec.code,
                    kind=spec.kind,
                    parent=self.agencies.get(spec.parent) if spec.parent else None,
                    short_name=spec.short,
                    office_name=f"{spec.short}政务公开办公室",
                    address=f"示范市人民路{len(self.agencies) + 1}号",
                    postcode="100000",
                    phone="0531-8888000" + str(len(self.agencies)),
                    docno_prefix=f"{spec.short}依申公开",
                    reconsideration_body="示范市人民政府"
                    if spec.parent not in (None, ROOT_CODE)
                    else "示范省人民政府",
                    court="示范市中级人民法院",
                )
            self.agencies[spec.code] = agency

    def ensure_accounts(self) -> None:
        User = get_user_model()
        for username, full_name, code, roles in ACCOUNTS:
            user, _ = User.objects.get_or_create(
                username=username, defaults={"first_name": full_name}
            )
            user.first_name = full_name
            user.set_password(DEMO_PASSWORD)
            user.save()
            for role in roles:
                Membership.objects.get_or_create(
                    user=user, agency=self.agencies[code], role=role
                )
            self.users[username] = user

    def staff_for(self, code: str) -> dict[str, Any]:
        if code == "demo-office":
            return {
                "registrar": self.users["dengji"],
                "handlers": [self.users["chengban"], self.users["chengban2"]],
                "head": self.users["fuzeren"],
            }
        name = {
            "demo-natres": "ziran",
            "demo-housing": "zhujian",
            "demo-county": "xian",
            "demo-town": "zhen",
        }[code]
        user = self.users[name]
        return {"registrar": user, "handlers": [user], "head": user}

    # -- applications ------------------------------------------------------

    def _applicant(self) -> dict[str, Any]:
        rng = self.rng
        if self.applicants and rng.random() < 0.15:
            return dict(rng.choice(self.applicants))  # a returning applicant
        kind = _pick(rng, TYPE_WEIGHTS)
        phone = f"1{rng.choice('3578')}{rng.randrange(0, 10**9):09d}"
        if kind == "natural_person":
            name = rng.choice(SURNAMES) + "".join(
                rng.choices(GIVEN, k=rng.choice((1, 2)))
            )
            data = {
                "applicant_type": kind,
                "applicant_name": name,
                "id_type": "resident_id",
                "id_number": resident_id(rng),
            }
        else:
            name = rng.choice(ORGS[kind])
            data = {
                "applicant_type": kind,
                "applicant_name": name,
                "id_type": "credit_code",
                "id_number": f"91370100MA{rng.randrange(10**7, 10**8)}X",
                "legal_representative": rng.choice(SURNAMES) + rng.choice(GIVEN),
            }
        data.update(
            phone=phone,
            email=f"user{rng.randrange(1000, 9999)}@example.com",
            address="示范市人民路1号",
            postcode="100000",
        )
        self.applicants.append(data)
        return data

    def _description(self, arrival: dt.date) -> str:
        topic = self.rng.choice(TOPICS)
        return topic.format(
            year=arrival.year - self.rng.choice((0, 1)), place=self.rng.choice(PLACES)
        )

    def make_case(self, code: str, scenario: str, arrival: dt.date) -> Case | None:
        rng = self.rng
        agency = self.agencies[code]
        staff = self.staff_for(code)
        handler = rng.choice(staff["handlers"])
        head = staff["head"]
        arrival = _weekday(arrival)
        details = services.ApplicationDetails.from_mapping(
            {
                **self._applicant(),
                "description": self._description(arrival),
                "info_form": rng.choice(["electronic", "electronic", "paper"]),
                "delivery_way": rng.choice(["email", "email", "post", "pickup"]),
            }
        )
        online = scenario == "submitted" or rng.random() < 0.5
        if scenario == "discarded":
            online = True
        if online:
            case = services.case_submit_online(
                agency=agency, details=details, token=uuid.uuid4(), now=_at(arrival, 9)
            )
            if scenario in ("submitted", "discarded"):
                if scenario == "discarded":
                    day = _weekday(arrival + dt.timedelta(days=1))
                    if day <= self.today:
                        services.case_discard(
                            case=case,
                            reason="测试提交，申请人确认不是申请",
                            acting_user=staff["registrar"],
                            now=_at(day),
                        )
                return case
            case = services.case_confirm_receipt(
                case=case,
                confirmed_on=arrival,
                confirmation_method="电话确认",
                acting_user=staff["registrar"],
                now=_at(arrival, 15),
            )
        else:
            channel = rng.choice(["in_person", "in_person", "post_signed", "email"])
            case = services.case_register(
                agency=agency,
                details=details,
                channel=channel,
                arrived_on=arrival,
                signed_on=arrival if channel == "post_signed" else None,
                confirmed_on=arrival if channel == "email" else None,
                confirmation_method="电话确认" if channel == "email" else "",
                acting_user=staff["registrar"],
                now=_at(arrival, 11),
            )
        outcome = _pick(rng, OUTCOME_WEIGHTS)
        for step, offset in SCENARIOS[scenario]:
            day = _weekday(arrival + dt.timedelta(days=offset))
            if day > self.today:
                break
            case = self._step(
                case, step, day, handler, head, staff["registrar"], outcome
            )
        return case

    def _step(
        self,
        case: Case,
        step: str,
        day: dt.date,
        handler: Any,
        head: Any,
        registrar: Any,
        outcome: str,
    ) -> Case:
        now = _at(day, 14)
        common: dict[str, Any] = {"case": case, "now": now}
        if step == "assign":
            return services.case_assign(
                assignee=handler, acting_user=registrar, **common
            )
        if step == "request_correction":
            return services.case_request_correction(
                items="请补充所需信息的文件名称或文号、形成时间。",
                notice_on=day,
                period_workdays=10,
                acting_user=handler,
                **common,
            )
        if step == "receive_correction":
            return services.case_receive_correction(
                received_on=day, acting_user=registrar, **common
            )
        if step == "lapse":
            return services.case_lapse_correction(acting_user=handler, **common)
        if step == "consult":
            kind = self.rng.choice(["third_party", "co_producer"])
            party = "青山置业有限公司" if kind == "third_party" else "示范市财政局"
            services.case_start_consultation(
                kind=kind,
                party=party,
                letter_on=day,
                delivered_on=day,
                acting_user=handler,
                **common,
            )
            return Case.objects.get(pk=case.pk)
        if step == "consultation_reply":
            opinion = self.rng.choice(["agree", "object"])
            services.case_record_consultation_reply(
                opinion=opinion,
                reply_on=day,
                opinion_text="书面回复意见",
                acting_user=handler,
                **common,
            )
            return Case.objects.get(pk=case.pk)
        if step == "request_extension":
            return services.case_request_extension(
                workdays=15,
                reason="所需信息涉及多个年度档案，需要检索核对。",
                acting_user=handler,
                **common,
            )
        if step == "approve_extension":
            return services.case_approve_extension(
                notice_on=day, acting_user=head, **common
            )
        if step == "request_reasons":
            return services.case_request_reasons(
                reason="该申请人一个月内提出申请四十余件。",
                acting_user=handler,
                **common,
            )
        if step == "fee_notice":
            return services.case_send_fee_notice(
                method="per_page",
                pages=self.rng.choice([120, 260, 480]),
                sent_on=day,
                acting_user=handler,
                **common,
            )
        if step == "fee_paid":
            return services.case_record_fee_payment(
                paid_on=day, acting_user=registrar, **common
            )
        if step == "fee_unpaid":
            return services.case_record_fee_nonpayment(acting_user=handler, **common)
        if step == "decide":
            return services.case_decide(
                outcome=outcome,
                ground=GROUNDS.get(outcome, ""),
                legal_basis=OTHER_BASIS if outcome == "other_other" else "",
                reasons="经审查，依据上述规定作出本决定。",
                access_info="通过申请人选择的方式提供，电子文件发送至申请人电子邮箱。",
                withheld_part="涉及第三方商业秘密和个人隐私的内容。",
                referral="请依照《不动产登记暂行条例》的规定向不动产登记机构申请查询。",
                decision_text="本机关已将申请转交有权处理的机关办理。",
                acting_user=handler,
                **common,
            )
        if step == "approve":
            return services.case_approve_decision(acting_user=head, **common)
        if step == "deliver":
            return services.case_record_delivery(
                method=case.delivery_way if case.delivery_way != "online" else "email",
                delivered_on=day,
                proof="EMS" + str(self.rng.randrange(10**9, 10**10)),
                acting_user=registrar,
                **common,
            )
        if step == "archive":
            return services.case_archive(acting_user=registrar, **common)
        raise ValueError(step)

    def build_cases(self) -> int:
        count = 0
        for spec in AGENCIES:
            if not spec.cases:
                continue
            plan: list[tuple[str, dt.date]] = []
            mix = (
                OPEN_MIX
                if spec.cases >= 30
                else [*OPEN_MIX[:5], "delivered", "closed_lapse"]
            )
            for scenario in mix:
                lo, hi = AGE[scenario]
                plan.append(
                    (scenario, self.today - dt.timedelta(days=self.rng.randint(lo, hi)))
                )
            archived = [
                "archived",
                "archived",
                "archived",
                "archived_corrected",
                "archived_consulted",
                "archived_paid",
            ]
            while len(plan) < spec.cases:
                scenario = self.rng.choice(archived)
                age = self.rng.randint(60, 395)
                plan.append((scenario, self.today - dt.timedelta(days=age)))
            for scenario, arrival in sorted(plan, key=lambda p: p[1]):
                with transaction.atomic():
                    if self.make_case(spec.code, scenario, arrival) is not None:
                        count += 1
        return count

    def issue_sample_letters(self, limit: int = 6) -> int:
        """A few stored letters so the case pages show downloads (best effort)."""
        from gongkai.cases.errors import CaseError

        issued = 0
        office = self.agencies["demo-office"]
        for case in Case.objects.filter(
            agency=office, status__in=["archived", "delivered", "replied"]
        ).order_by("-approved_on")[:limit]:
            for kind, _label in services.letter_kinds_available(case):
                if not kind.startswith("reply"):
                    continue
                try:
                    services.case_issue_letter(
                        case=case,
                        kind=kind,
                        acting_user=self.users["fuzeren"],
                        now=_at(case.approved_on or self.today),
                    )
                    issued += 1
                except (CaseError, Exception) as exc:
                    self.out(f"  （示例文书未生成：{exc}）")
        return issued


def demo_is_loaded() -> bool:
    return Case.objects.filter(agency__code__startswith="demo-").exists()


def load_demo(
    *,
    today: dt.date | None = None,
    letters: bool = True,
    out: Callable[[str], None] = print,
) -> dict[str, int]:
    """Create (once) the demo province, its staff and a year of applications."""
    today = today or timezone.localdate()
    builder = DemoBuilder(today=today, out=out)
    with transaction.atomic():
        builder.ensure_agencies()
        builder.ensure_accounts()
    if demo_is_loaded():
        return {"cases": 0, "letters": 0}
    with cached_calendar():
        cases = builder.build_cases()
        issued = builder.issue_sample_letters() if letters else 0
    return {"cases": cases, "letters": issued}
