"""Sample data for the template editor's preview (never a real application)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from gongkai.law import periods
from gongkai.law import provisions as law
from gongkai.law.outcomes import OUTCOME_RULES
from gongkai.letters.data import agency_data
from gongkai.letters.kinds import FAMILY_BY_REPLY_KIND, LetterKind

SAMPLE_DEADLINE = {
    "due": dt.date(2026, 4, 1),
    "text_zh": (
        "答复期限：2026年4月1日（星期三）\n"
        f"依据：{law.ART_33_2.cite_zh}\n"
        f"起算：2026年3月2日当面提交（{law.ART_31_IN_PERSON.cite_zh}）\n"
        f"计算：{periods.REPLY.text_zh}（示例）"
    ),
}


def _sample_outcome(kind: str) -> str:
    family = FAMILY_BY_REPLY_KIND[kind]
    return next(o for o, r in OUTCOME_RULES.items() if r.family is family)


def sample_data(kind: str, agency: Any) -> dict[str, Any]:
    data: dict[str, Any] = {
        "letter": {"number": "（文号示例）〔2026〕1号", "date": dt.date(2026, 3, 20)},
        "agency": {
            **agency_data(agency),
            # A preview renders before the agency has named them.
            "reconsideration_body": agency.reconsideration_body or "（行政复议机关）",
            "court": agency.court or "（管辖人民法院）",
        },
        "applicant": {"name": "张三（示例）"},
        "application": {
            "query_code": "SAMPLE-0001",
            "received_on": dt.date(2026, 3, 2),
            "content": "（示例）2025年度本机关老旧小区改造项目清单",
            "form_wanted": "电子文件，电子邮件",
        },
        "deadline": SAMPLE_DEADLINE,
        "correction": {"items": "请写明所需信息的名称、文号或者其他特征性描述。"},
        "extension": {"reason": "所申请信息涉及多个内设机构，需要逐一检索核实"},
        "consultation": {
            "addressee": "某某有限公司（示例）",
            "matter": "涉及企业经营信息",
            "letter_on": dt.date(2026, 3, 5),
            "reply_on": dt.date(2026, 3, 12),
        },
        "decision": {
            "content": "（示例）2025年度本机关老旧小区改造项目清单",
            "reasons": "（示例）项目资金使用情况关系公众切身利益。",
        },
        "art35": {
            "requested_on": dt.date(2026, 3, 6),
            "grounds": "（示例）本月内已提出申请四十余件",
            "due_on": dt.date(2026, 5, 29),
            "reason": "（示例）所申请信息数量较大，需要逐件检索",
        },
        "fee": {
            "amount": Decimal("3000"),
            "method": "per_item",
            "breakdown": "本月第11件至第30件每件100元，第31件至第35件每件200元。",
            "payment": "（示例）通过非税收入缴款通知书缴入国库。",
        },
    }
    if kind in FAMILY_BY_REPLY_KIND:
        data["reply"] = {
            "outcome": _sample_outcome(kind),
            "access": "（示例）通过电子邮件发送。",
            "reasons": "（示例）理由。",
            "withheld_part": "（示例）个人身份证号码。",
            "withheld_ground": "art15",
            "art35_requested_on": dt.date(2026, 3, 6),
            "referral": "（示例）请向不动产登记机构申请查询。",
            "basis_text": "（示例）法律依据",
            "decision_text": "（示例）处理决定。",
        }
    if kind == LetterKind.EXTENSION:
        data["deadline"] = {
            **SAMPLE_DEADLINE,
            "extension_workdays": periods.EXTENSION_MAX.workdays,
        }
    return data
