"""What every 政府信息公开指南 says about applying and about remedies.

Art. 12 ¶1 lists the guide's elements; the procedure of an application (Arts.
27, 29–33, 42) and the remedies (Art. 51; 行政复议法, 行政诉讼法) are the law's,
not each agency's, so the guide page prints them from here, with the same
periods and fee thresholds the clocks and the fee notice use.
"""

from __future__ import annotations

from gongkai.law import fees, periods
from gongkai.law import provisions as p


def application_steps_zh() -> list[str]:
    """How to apply and what happens then, one paragraph per step."""
    free_pages = fees.PER_PAGE_TIERS[0][1]
    return [
        f"公民、法人或者其他组织可以向本机关申请获取相关政府信息（{p.ART_27.short_zh}）。"
        "申请可以在本网站在线提交，也可以当面提交、邮寄或者传真；书写确有困难的，"
        f"可以口头提出，由工作人员代为填写（{p.ART_29.short_zh}）。",
        "申请应当写明：申请人的姓名或者名称、身份证明、联系方式；所需政府信息的名称、"
        "文号或者便于查询的其他特征性描述；获取信息的形式要求，包括获取信息的方式、途径。",
        f"申请内容不明确的，本机关自收到申请之日起{periods.CORRECTION_NOTICE.text_zh}内"
        f"一次性告知需要补正的事项（{p.ART_30_NOTICE.short_zh}）。",
        f"本机关自收到申请之日起{periods.REPLY.text_zh}内予以答复"
        f"（{periods.REPLY.basis.short_zh}）；需要延长的，经政府信息公开工作机构负责人"
        f"同意并告知申请人，延长的期限最长不超过{periods.EXTENSION_MAX.text_zh}。"
        "征求第三方或者其他机关意见的时间不计算在内。",
        "依申请提供政府信息，不收取费用；申请公开政府信息的数量、频次明显超过合理范围的，"
        f"可以收取信息处理费（{p.ART_42.short_zh}）：按件计收的，同一申请人一个自然月内"
        f"累计申请{fees.PER_ITEM_FREE}件以下（含{fees.PER_ITEM_FREE}件）不收费；"
        f"按量计收的，{free_pages}页以下（含{free_pages}页）不收费。",
    ]


def remedies_zh() -> list[str]:
    """Where to turn when the agency's disclosure work is wrong."""
    recon = p.RECON_20_1.instrument.title
    litig = p.LITIG_46_1.instrument.title
    return [
        "认为本机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府信息"
        "公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼"
        f"（{p.ART_51.short_zh}）。",
        f"对答复不服的，可以依照{recon}，自收到答复之日起{periods.RECONSIDERATION_DAYS}日内"
        f"申请行政复议；也可以依照{litig}，自收到答复之日起{periods.LITIGATION_MONTHS}个月内"
        "提起行政诉讼。对不予公开的决定不服的，应当先申请行政复议"
        f"（{recon}{p.RECON_23_1_4.article_zh}）。",
    ]
