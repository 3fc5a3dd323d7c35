"""One sample of every letter, made through the case services the web uses.

``gongkai letters samples OUTDIR`` (``management/commands/letters.py``) creates
a temporary agency with its own registrar, handler and head, takes one
application per letter kind and per decision ground through the same services
the case screens call (register, assign, correction, consultation, extension,
Art. 35, fee, decision, approval), issues each letter with
``case_issue_letter``, copies its Word and PDF files to OUTDIR with an
``index.json``, and rolls everything back: the database is left as it was, so
it runs on an empty database and on the demo data alike.

The decision texts below are what a handler writes for each ground; the demo
data (``gongkai.demo``) uses the same ones.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.db import transaction

from gongkai.accounts.models import Membership, Role
from gongkai.agencies.models import Agency
from gongkai.agencies.services import agency_create
from gongkai.cases import services
from gongkai.cases.models import DECISION_OUTCOMES, Case
from gongkai.law import provisions as law
from gongkai.law.outcomes import WITHHELD_GROUNDS, outcome_rule
from gongkai.letters.kinds import LetterKind, reply_kind_for
from gongkai.letters.services import letter_render_pdf

OTHER_BASIS = law.ART_36_2.cite_zh
#: Art. 32: why information is disclosed over a third party's objection.
DISCLOSURE_REASON = (
    "该信息涉及财政资金使用和公共工程质量，不公开可能对公共利益造成重大影响。"
)
#: What a handler writes for each ground; the service keeps only that ground's
#: fields (gongkai.law.outcomes), so each letter reads as a real one would.
DECISION_TEXTS: dict[str, dict[str, str]] = {
    "art36_2": {"access_info": "电子文件已发送至您登记的电子邮箱。"},
    "art36_1": {
        "access_info": "该信息已在本机关门户网站“政府信息公开”栏目公开，"
        "您可以登录查阅。"
    },
    "art37": {
        "access_info": "可以公开的部分已以电子文件发送至您登记的电子邮箱。",
        "withheld_part": "项目合同中承建企业的报价明细和联系人的身份证号码",
        "withheld_ground": "art15",
        "reasons": "报价明细属于企业的商业秘密，身份证号码属于个人隐私，"
        "公开会对第三方合法权益造成损害。",
    },
    "art14_secret": {"reasons": "经保密审查，该文件已依法定密，保密期限尚未届满。"},
    "art14_law": {
        "reasons": "该信息属于统计调查中能够识别单个统计调查对象身份的资料，"
        "法律禁止对外提供。"
    },
    "art14_safety": {
        "reasons": "该信息涉及城市供水设施的布防情况，公开后可能危及公共安全。"
    },
    "art15": {
        "reasons": "该信息包含被征收户家庭成员的姓名、身份证号码和补偿金额等个人信息，"
        "公开会对第三方合法权益造成损害。"
    },
    "art16_1": {"reasons": "该信息为本机关内部的考勤和公务用车管理记录。"},
    "art16_2_process": {
        "reasons": "该信息为专题会议的讨论记录和内部请示，不对外发生效力。"
    },
    "art16_2_enforcement": {"reasons": "该信息为行政处罚案件的调查询问笔录。"},
    "art36_7": {
        "reasons": "您申请的是不动产权属登记资料，有关行政法规对其查询有专门规定。",
        "referral": "请持身份证明到不动产登记机构依照《不动产登记暂行条例》的规定申请查询。",
    },
    "art36_4": {
        "reasons": "本机关检索了文书档案系统和相关业务科室2018年以来的文件，"
        "未找到您所描述的文件。"
    },
    "art36_5": {
        "reasons": "您申请的信息由示范市生态环境局制作和保存。",
        "other_agency": "示范市生态环境局",
        "other_agency_contact": "电话0531-88880099，地址示范市人民路20号",
    },
    "art38": {
        "reasons": "您要求的分街道统计需要对现有数据重新加工汇总，本机关没有现成的统计结果。"
    },
    "art30_unclear": {
        "reasons": "补正后的申请仍未写明所需文件的名称、文号或者其他可以确定该信息的特征。"
    },
    "art39_1": {
        "reasons": "您反映的是对小区物业服务的投诉，请通过市住建局物业服务投诉热线提出。"
    },
    "art36_6": {"reasons": "本机关已于本年3月对您相同内容的申请作出答复。"},
    "art39_2": {
        "access_info": "《示范市人民政府公报》可在市政府门户网站“政府公报”栏目查阅，"
        "也可在市图书馆借阅。",
        "reasons": "您要求提供的是本机关已出版的政府公报。",
    },
    "art35": {
        "reasons": "您说明的理由为个人研究，但一个月内提出申请四十余件，"
        "内容大多与您本人的生产、生活无关，申请理由不合理。"
    },
    "confirm": {"reasons": "您要求对已获取的文件加盖印章以证明其真实性。"},
    "other": {
        "reasons": "该申请已由本机关依法转交有权处理的机关办理。",
        "decision_text": "本机关已将申请转交有权处理的机关办理。",
    },
}


SH = ZoneInfo("Asia/Shanghai")
#: The day the sample applications arrive: a Monday in a year whose holiday
#: notice ships with Gongkai, so every clock is exact.
DAY0 = dt.date(2026, 3, 2)
#: What no letter may contain (the legal review's text glitches).
GLITCHES: tuple[str, ...] = ("。。", "。，", "，。", "负责人负责人", "{{", "}}", "None")
#: index.json's ``kind`` for each letter kind (every 答复书 is ``reply``).
INDEX_KIND: dict[str, str] = {
    LetterKind.RECEIPT: "receipt",
    LetterKind.CORRECTION: "correction",
    LetterKind.EXTENSION: "extension",
    LetterKind.CONSULT_THIRD_PARTY: "consultation_third_party",
    LetterKind.CONSULT_AGENCY: "consultation_agency",
    LetterKind.THIRD_PARTY_DECISION: "third_party_decision",
    LetterKind.ART35_REASONS: "art35_reasons",
    LetterKind.ART35_DELAY: "art35_delay",
    LetterKind.FEE_NOTICE: "fee",
}
WITHHELD_PART_REASON: dict[str, str] = {
    "art2_not_gov_info": "该部分为申请人本人提交的举报材料，不属于本机关在履行行政管理职能"
    "过程中制作或者获取的信息。",
}


def _at(day: dt.date, hour: int = 10) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=SH)


def _day(n: int) -> dt.date:
    return DAY0 + dt.timedelta(days=n)


@dataclass
class Sample:
    letter: Any
    kind: str
    outcome: str | None = None
    ground: str | None = None
    withheld_ground: str | None = None


class _RollBack(Exception):
    pass


class SampleBuilder:
    """Takes one application per letter kind and ground through the services."""

    def __init__(self, *, out: Callable[[str], None] = print) -> None:
        self.out = out
        token = uuid.uuid4().hex[:8]
        name = "文书样例机关（临时）"
        if Agency.objects.filter(name=name).exists():
            name += token
        self.agency = agency_create(
            name=name,
            code=f"letter-samples-{token}",
            kind=Agency.Kind.OFFICE,
            short_name="样例办",
            office_name="样例办政务公开办公室",
            address="示范市人民路1号",
            postcode="100000",
            phone="0531-88880001",
            docno_prefix="样例办依申公开",
            reconsideration_body="示范市人民政府",
            court="示范市市中区人民法院",
            reconsideration_online="示范市人民政府行政复议网上申请平台"
            "（https://fuyi.shifan.example）",
            fee_payment_method="凭本机关开具的非税收入缴款通知书，到代收银行网点或者"
            "通过网上缴费平台缴纳",
            fee_payment_account="户名：示范市财政局非税收入汇缴结算户；开户行：示范银行"
            "示范市分行；账号：6222000000000001",
        )
        User = get_user_model()

        def person(key: str, name: str, role: Role) -> Any:
            user = User.objects.create_user(
                username=f"samples-{token}-{key}", first_name=name
            )
            Membership.objects.create(user=user, agency=self.agency, role=role)
            return user

        # The head's display name starts with its role: the letters must not
        # print it twice (负责人负责人).
        self.registrar = person("registrar", "登记员 周敏", Role.REGISTRAR)
        self.handler = person("handler", "承办人 李强", Role.HANDLER)
        self.head = person("head", "负责人 陈静", Role.HEAD)
        self.samples: list[Sample] = []

    # -- steps ---------------------------------------------------------------

    def new_case(self, description: str) -> Case:
        details = services.ApplicationDetails(
            applicant_type="natural_person",
            applicant_name="张三",
            id_number="11010519491231002X",
            phone="13812345678",
            email="zhangsan@example.com",
            address="示范市青年路8号",
            postcode="100000",
            description=description,
            delivery_way="email",
        )
        case = services.case_register(
            agency=self.agency,
            details=details,
            channel="in_person",
            arrived_on=DAY0,
            acting_user=self.registrar,
            now=_at(DAY0, 9),
        )
        return services.case_assign(
            case=case, assignee=self.handler, acting_user=self.registrar, now=_at(DAY0)
        )

    def issue(self, case: Case, kind: str, day: dt.date, **index: Any) -> None:
        letter = services.case_issue_letter(
            case=case, kind=kind, acting_user=self.handler, now=_at(day, 16)
        )
        self.samples.append(Sample(letter, kind, **index))
        self.out(f"{letter.number} {LetterKind(kind).label}")

    def decide_and_approve(
        self, case: Case, outcome: str, ground: str, **fields: Any
    ) -> Case:
        texts = {**DECISION_TEXTS.get(ground, {}), **fields}
        if outcome_rule(outcome).grounds[0].needs_art35_request and ground == "art35":
            case = services.case_request_reasons(
                case=case,
                reason="该申请人一个月内提出申请四十余件",
                acting_user=self.handler,
                now=_at(_day(3)),
            )
        case = services.case_decide(
            case=case,
            outcome=outcome,
            ground=ground,
            legal_basis=OTHER_BASIS
            if "basis_text" in _ground(outcome, ground).needs
            else "",
            confirm_unconsulted=True,
            acting_user=self.handler,
            now=_at(_day(15)),
            **texts,
        )
        return services.case_approve_decision(
            case=case, acting_user=self.head, now=_at(_day(15), 15)
        )

    # -- the samples ---------------------------------------------------------

    def build(self) -> list[Sample]:
        case = self.new_case("请公开2025年本市老旧小区改造项目清单。")
        self.issue(case, LetterKind.RECEIPT, DAY0)

        case = self.new_case("请公开关于那个项目的文件")
        case = services.case_request_correction(
            case=case,
            items="请写明所需文件的名称、文号或者形成时间等特征。",
            notice_on=_day(1),
            period_workdays=15,
            acting_user=self.handler,
            now=_at(_day(1)),
        )
        self.issue(case, LetterKind.CORRECTION, _day(1))

        case = self.new_case("请公开2018年至2025年本市征收补偿的全部档案。")
        case = services.case_request_extension(
            case=case,
            workdays=20,
            reason="所需信息涉及多个年度的档案，需要逐卷检索核对。",
            acting_user=self.handler,
            now=_at(_day(10)),
        )
        case = services.case_approve_extension(
            case=case, notice_on=_day(10), acting_user=self.head, now=_at(_day(10), 15)
        )
        self.issue(case, LetterKind.EXTENSION, _day(10))

        for kind, party, letter_kind in (
            ("third_party", "青山置业有限公司", LetterKind.CONSULT_THIRD_PARTY),
            ("co_producer", "示范市财政局", LetterKind.CONSULT_AGENCY),
        ):
            case = self.new_case("请公开青山片区改造项目的施工合同。")
            services.case_start_consultation(
                case=case,
                kind=kind,
                party=party,
                letter_on=_day(3),
                delivered_on=_day(4),
                acting_user=self.handler,
                now=_at(_day(3)),
            )
            self.issue(Case.objects.get(pk=case.pk), letter_kind, _day(3))

        case = self.new_case("请公开青山片区改造项目的施工合同。")
        services.case_start_consultation(
            case=case,
            kind="third_party",
            party="青山置业有限公司",
            letter_on=_day(3),
            delivered_on=_day(4),
            acting_user=self.handler,
            now=_at(_day(3)),
        )
        services.case_record_consultation_reply(
            case=Case.objects.get(pk=case.pk),
            opinion="object",
            reply_on=_day(10),
            opinion_text="合同涉及本公司商业秘密，不同意公开。",
            acting_user=self.handler,
            now=_at(_day(10)),
        )
        case = self.decide_and_approve(
            Case.objects.get(pk=case.pk),
            "granted",
            "art36_2",
            disclosure_reason=DISCLOSURE_REASON,
        )
        self.issue(case, LetterKind.THIRD_PARTY_DECISION, _day(15))

        case = self.new_case("请公开本市2025年全部行政处罚决定书。")
        case = services.case_request_reasons(
            case=case,
            reason="该申请人一个月内提出申请四十余件",
            acting_user=self.handler,
            now=_at(_day(3)),
        )
        self.issue(case, LetterKind.ART35_REASONS, _day(3))
        case = services.case_set_art35_delay(
            case=case,
            due_on=_day(60),
            notice_on=_day(12),
            reason="申请人说明了用于学术研究的理由，所需信息数量较大，需要逐件检索",
            acting_user=self.handler,
            now=_at(_day(12)),
        )
        self.issue(case, LetterKind.ART35_DELAY, _day(12))

        case = self.new_case("请提供2025年全部会议纪要的纸质复印件。")
        case = services.case_send_fee_notice(
            case=case,
            method="per_page",
            pages=120,
            sent_on=_day(3),
            acting_user=self.handler,
            now=_at(_day(3)),
        )
        self.issue(case, LetterKind.FEE_NOTICE, _day(3))

        self.replies()
        self.abandoned()

        # 按件: by now the applicant has made more than ten applications this month.
        case = self.new_case("请公开2025年本市道路养护合同。")
        case = services.case_send_fee_notice(
            case=case,
            method="per_item",
            items=1,
            sent_on=_day(3),
            acting_user=self.handler,
            now=_at(_day(3)),
        )
        self.issue(case, LetterKind.FEE_NOTICE, _day(3))
        return self.samples

    def replies(self) -> None:
        for outcome in DECISION_OUTCOMES:
            for ground in outcome_rule(outcome).grounds:
                withheld_keys: list[str | None] = (
                    list(WITHHELD_GROUNDS)
                    if "withheld_ground" in ground.fields
                    else [None]
                )
                for withheld in withheld_keys:
                    fields: dict[str, Any] = {}
                    if withheld:
                        fields["withheld_ground"] = withheld
                        fields["reasons"] = WITHHELD_PART_REASON.get(
                            withheld, DECISION_TEXTS.get(withheld, {}).get("reasons")
                        )
                    case = self.new_case("请公开2025年本市老旧小区改造项目的实施情况。")
                    case = self.decide_and_approve(case, outcome, ground.key, **fields)
                    self.issue(
                        case,
                        reply_kind_for(outcome),
                        _day(15),
                        outcome=outcome,
                        ground=ground.key,
                        withheld_ground=withheld,
                    )

    def abandoned(self) -> None:
        """（六）1 and （六）2: reached through the lapse and non-payment services."""
        case = self.new_case("请公开关于那个项目的文件")
        case = services.case_request_correction(
            case=case,
            items="请写明所需文件的名称、文号或者形成时间等特征。",
            notice_on=_day(1),
            period_workdays=5,
            acting_user=self.handler,
            now=_at(_day(1)),
        )
        case = services.case_lapse_correction(
            case=case, acting_user=self.handler, now=_at(_day(30))
        )
        self.issue(
            case,
            reply_kind_for(case.outcome),
            _day(30),
            outcome=case.outcome,
            ground=case.legal_ground or None,
        )
        case = self.new_case("请提供2024年全部会议纪要的纸质复印件。")
        case = services.case_send_fee_notice(
            case=case,
            method="per_page",
            pages=150,
            sent_on=_day(3),
            acting_user=self.handler,
            now=_at(_day(3)),
        )
        case = services.case_record_fee_nonpayment(
            case=case, acting_user=self.handler, now=_at(_day(60))
        )
        self.issue(
            case,
            reply_kind_for(case.outcome),
            _day(60),
            outcome=case.outcome,
            ground=case.legal_ground or None,
        )


def _ground(outcome: str, key: str) -> Any:
    return next(g for g in outcome_rule(outcome).grounds if g.key == key)


def _name(n: int, sample: Sample) -> str:
    bits = [f"{n:02d}", INDEX_KIND.get(sample.kind, "reply")]
    bits += [b for b in (sample.ground, sample.withheld_ground) if b]
    return re.sub(r"[^0-9A-Za-z_-]", "_", "-".join(bits))


def glitches(text: str) -> list[str]:
    return [g for g in GLITCHES if g in text]


def write_samples(
    outdir: Path, *, out: Callable[[str], None] = print
) -> list[dict[str, Any]]:
    """Make every sample, copy the files to ``outdir``, leave the database as it was.

    Returns the index; raises ``ValueError`` (Chinese) if a letter has a glitch.
    """
    outdir.mkdir(parents=True, exist_ok=True)
    index: list[dict[str, Any]] = []
    problems: list[str] = []
    try:
        with transaction.atomic():
            samples = SampleBuilder(out=out).build()
            for n, sample in enumerate(samples, start=1):
                letter = sample.letter
                name = _name(n, sample)
                # The PDF here and now, whichever task backend is configured.
                pdf = letter_render_pdf(letter_id=letter.pk).file
                for ext, field in (("docx", letter.docx), ("pdf", pdf)):
                    with field.open("rb") as f:
                        (outdir / f"{name}.{ext}").write_bytes(f.read())
                    field.delete(save=False)
                index.append(
                    {
                        "docx": f"{name}.docx",
                        "pdf": f"{name}.pdf",
                        "kind": INDEX_KIND.get(sample.kind, "reply"),
                        "outcome": sample.outcome,
                        "ground": sample.ground,
                        "withheld_ground": sample.withheld_ground,
                        "letter_kind": str(sample.kind),
                        "title": letter.title,
                    }
                )
                problems += [f"{name}：含有“{g}”" for g in glitches(letter.text)]
            raise _RollBack
    except _RollBack:
        pass
    (outdir / "index.json").write_text(
        json.dumps(index, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    if problems:
        raise ValueError("文书样例有文字问题：" + "；".join(problems))
    return index
