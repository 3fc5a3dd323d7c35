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
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.models import Membership
from gongkai.accounts.services import agency_set_separation_of_duties
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.cases import clocks, services
from gongkai.cases.forms import ID_CHECK, ID_WEIGHTS
from gongkai.cases.letter_samples import DECISION_TEXTS, DISCLOSURE_REASON, OTHER_BASIS
from gongkai.cases.models import Case
from gongkai.demo.data import (
    ACCOUNTS,
    AGE,
    AGENCIES,
    DEMO_PASSWORD,
    GIVEN,
    GROUNDS,
    ONE_PERSON_OFFICES,
    OPEN_MIX,
    ORGS,
    OUTCOME_WEIGHTS,
    PLACES,
    SCENARIOS,
    SH,
    SURNAMES,
    TOPICS,
    TYPE_WEIGHTS,
    DemoAgency,
)
from gongkai.law.outcomes import outcome_rule


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
                    **self.remedy_settings(spec),
                )
            else:
                # Demo data made before the settings were required are put right.
                for name, value in self.remedy_settings(spec).items():
                    setattr(agency, name, value)
                agency.full_clean(exclude=["path"])
                agency.save()
            self.agencies[spec.code] = agency

    def remedy_settings(self, spec: DemoAgency) -> dict[str, str]:
        """Body and court by agency type (gongkai.law.rights.GUIDANCE), fee payment.

        A government (county level or above) goes to the body above it and an
        intermediate court; the province is its own body; a town goes to the
        county; departments and the office replying in its own name go to their
        own government and a basic court.
        """
        parent = next((a for a in AGENCIES if a.code == spec.parent), None)
        body = parent.name if parent else spec.name
        courts: dict[str, str] = {
            Agency.Kind.GOVERNMENT: "示范市中级人民法院",
            Agency.Kind.TOWN: "示范县人民法院",
        }
        court = courts.get(spec.kind, "示范市市中区人民法院")
        return {
            "reconsideration_body": body,
            "court": court,
            "reconsideration_online": f"{body}行政复议网上申请平台"
            "（https://fuyi.shifan.example）",
            "fee_payment_method": "凭本机关开具的非税收入缴款通知书，"
            "到代收银行网点或者通过网上缴费平台缴纳",
            "fee_payment_account": "户名：示范市财政局非税收入汇缴结算户；"
            "开户行：示范银行示范市分行；账号：6222000000000001",
        }

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
        # One person registers, handles and approves in these offices: 分权审批
        # is turned off there, through the service that logs it.
        for code in ONE_PERSON_OFFICES:
            agency = self.agencies[code]
            if agency.separation_of_duties:
                agency_set_separation_of_duties(
                    agency=agency,
                    enabled=False,
                    reason="本机关只有一名政府信息公开工作人员（示例数据）",
                    acting_user=None,
                )
                agency.refresh_from_db()

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
                "id_number": _credit_code(
                    f"91370100MA{rng.randrange(10**7, 10**8)}"[:17]
                ),
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
            ground = GROUNDS.get(outcome) or outcome_rule(outcome).default_ground.key
            if (
                outcome_rule(outcome).default_ground.needs_art35_request
                and case.art35_reasons_requested_on is None
            ):
                # Art. 35: 不予处理 only after the request for reasons.
                case = services.case_request_reasons(
                    reason="该申请人一个月内提出申请四十余件。",
                    acting_user=handler,
                    case=case,
                    now=now - dt.timedelta(hours=2),
                )
                common["case"] = case
            return services.case_decide(
                outcome=outcome,
                ground=ground,
                legal_basis=OTHER_BASIS if outcome == "other_other" else "",
                confirm_unconsulted=True,
                disclosure_reason=DISCLOSURE_REASON,
                acting_user=handler,
                **{**DECISION_TEXTS.get(ground, {}), **common},
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


def _credit_code(first17: str) -> str:
    """A well-formed 统一社会信用代码 (its GB 32100-2015 check character added)."""
    from gongkai.cases.forms.fields import credit_code_check_char

    return first17 + credit_code_check_char(first17)
