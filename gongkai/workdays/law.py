"""The legal texts the clocks cite, quoted from legal.md (verified passages only).

Each constant is a `LegalBasis`: the instrument, the article (条/款/项) and the
words that carry the rule. Explanations and letters cite these; nothing else in
the package spells an article number.
"""

from __future__ import annotations

from dataclasses import dataclass

REGULATION = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》"
CIVIL_CODE = "《中华人民共和国民法典》"
JIANGSU_NORMS = "《江苏省政府信息公开申请办理答复规范》"


@dataclass(frozen=True)
class LegalBasis:
    instrument: str
    article: str
    quote: str

    @property
    def cite_zh(self) -> str:
        return f"{self.instrument}{self.article}"


ART_26 = LegalBasis(
    REGULATION, "第二十六条", "自该政府信息形成或者变更之日起20个工作日内"
)
ART_30_NOTICE = LegalBasis(
    REGULATION,
    "第三十条",
    "自收到申请之日起7个工作日内一次性告知申请人作出补正，"
    "说明需要补正的事项和合理的补正期限",
)
ART_30_PERIOD = LegalBasis(REGULATION, "第三十条", "合理的补正期限")
ART_30_RESTART = LegalBasis(
    REGULATION, "第三十条", "答复期限自行政机关收到补正的申请之日起计算"
)
ART_31_IN_PERSON = LegalBasis(
    REGULATION, "第三十一条第一项", "以提交之日为收到申请之日"
)
ART_31_POST_SIGNED = LegalBasis(
    REGULATION, "第三十一条第二项", "以行政机关签收之日为收到申请之日"
)
ART_31_POST_PLAIN = LegalBasis(
    REGULATION,
    "第三十一条第二项",
    "应当于收到申请的当日与申请人确认，确认之日为收到申请之日",
)
ART_31_ONLINE_FAX = LegalBasis(
    REGULATION, "第三十一条第三项", "以双方确认之日为收到申请之日"
)
ART_32 = LegalBasis(REGULATION, "第三十二条", "自收到征求意见书之日起15个工作日内")
ART_34 = LegalBasis(REGULATION, "第三十四条", "逾期未提出意见的视为同意公开")
ART_33_2 = LegalBasis(
    REGULATION, "第三十三条第二款", "应当自收到申请之日起20个工作日内予以答复"
)
ART_33_2_EXTENSION = LegalBasis(
    REGULATION,
    "第三十三条第二款",
    "需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，"
    "延长的期限最长不得超过20个工作日",
)
ART_33_3 = LegalBasis(
    REGULATION,
    "第三十三条第三款",
    "行政机关征求第三方和其他机关意见所需时间不计算在前款规定的期限内",
)
ART_35 = LegalBasis(REGULATION, "第三十五条", "可以确定延迟答复的合理期限并告知申请人")
# The article number of the payment rule in the fee measures is unverified
# (legal.md §5, §8), so it is cited by its words only.
FEE_PAYMENT = LegalBasis(
    FEE_MEASURES,
    "（缴费期限规定）",
    "申请人应当在收到收费通知次日起20个工作日内缴纳费用",
)
# legal.md §5: whether the reply clock stops while a fee is unpaid is unverified;
# the pause is a setting, on by default.
FEE_PAUSE = LegalBasis(
    FEE_MEASURES,
    "（收费通知至缴费期间，依本系统设置中止计算）",
    "逾期未缴纳的视为放弃申请",
)
CIVIL_CODE_201 = LegalBasis(
    CIVIL_CODE,
    "第二百零一条",
    "按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算",
)
JIANGSU_CORRECTION = LegalBasis(JIANGSU_NORMS, "（供参考）", "一般不超过15个工作日")
