"""Every provision Gongkai cites, with the words that carry the rule.

Quotations are verbatim from the texts read for legal.md (the Regulation from
LawRefBook, 法释〔2025〕8号 and the 2023 行政复议法 from the sources it lists).
Each constant is a :class:`~gongkai.law.citations.Citation`; nothing else in the
code base spells an article number.
"""

from __future__ import annotations

from gongkai.law.citations import Citation
from gongkai.law.instruments import (
    CIVIL_CODE,
    CYBERSECURITY_LAW,
    FEE_MEASURES,
    HOLIDAY_MEASURES,
    JIANGSU_NORMS,
    LITIGATION_LAW,
    RECONSIDERATION_LAW,
    REGULATION,
    REPORT_FORMAT_2021,
    SPC_INTERPRETATION,
)

# -- 《中华人民共和国政府信息公开条例》 --------------------------------------------

#: 条例: how screens name the Regulation after its full title.
REGULATION_SHORT = REGULATION.short

ART_2 = Citation(
    REGULATION,
    2,
    quote="本条例所称政府信息，是指行政机关在履行行政管理职能过程中制作或者获取的，"
    "以一定形式记录、保存的信息",
)
ART_4 = Citation(
    REGULATION,
    4,
    1,
    quote="各级人民政府及县级以上人民政府部门应当建立健全本行政机关的政府信息公开"
    "工作制度，并指定机构（以下统称政府信息公开工作机构）负责本行政机关政府信息公开"
    "的日常工作",
)
ART_10 = Citation(
    REGULATION,
    10,
    1,
    quote="行政机关制作的政府信息，由制作该政府信息的行政机关负责公开",
)
ART_14 = Citation(
    REGULATION,
    14,
    quote="依法确定为国家秘密的政府信息，法律、行政法规禁止公开的政府信息，以及公开后"
    "可能危及国家安全、公共安全、经济安全、社会稳定的政府信息，不予公开",
)
ART_15 = Citation(
    REGULATION,
    15,
    quote="涉及商业秘密、个人隐私等公开会对第三方合法权益造成损害的政府信息，行政机关"
    "不得公开",
)
ART_16_1 = Citation(
    REGULATION,
    16,
    1,
    quote="行政机关的内部事务信息，包括人事管理、后勤管理、内部工作流程等方面的信息，"
    "可以不予公开",
)
ART_16_2 = Citation(
    REGULATION,
    16,
    2,
    quote="行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、磋商信函、请示报告"
    "等过程性信息以及行政执法案卷信息，可以不予公开",
)
ART_20_1 = Citation(REGULATION, 20, item=1, quote="行政法规、规章和规范性文件")
ART_20 = Citation(
    REGULATION,
    20,
    quote="行政机关应当依照本条例第十九条的规定，主动公开本行政机关的下列政府信息",
)
ART_26 = Citation(
    REGULATION, 26, quote="自该政府信息形成或者变更之日起20个工作日内及时公开"
)
ART_30_NOTICE = Citation(
    REGULATION,
    30,
    quote="自收到申请之日起7个工作日内一次性告知申请人作出补正，说明需要补正的事项和"
    "合理的补正期限",
)
ART_30_PERIOD = Citation(REGULATION, 30, quote="合理的补正期限")
ART_30_RESTART = Citation(
    REGULATION, 30, quote="答复期限自行政机关收到补正的申请之日起计算"
)
ART_30_LAPSE = Citation(
    REGULATION,
    30,
    quote="申请人无正当理由逾期不补正的，视为放弃申请，行政机关不再处理该政府信息公开"
    "申请",
)
ART_30_UNCLEAR = Citation(
    REGULATION,
    30,
    quote="政府信息公开申请内容不明确的，行政机关应当给予指导和释明",
)
ART_31 = Citation(REGULATION, 31, quote="行政机关收到政府信息公开申请的时间")
ART_31_IN_PERSON = Citation(REGULATION, 31, item=1, quote="以提交之日为收到申请之日")
ART_31_POST_SIGNED = Citation(
    REGULATION, 31, item=2, quote="以行政机关签收之日为收到申请之日"
)
ART_31_POST_PLAIN = Citation(
    REGULATION,
    31,
    item=2,
    quote="应当于收到申请的当日与申请人确认，确认之日为收到申请之日",
)
ART_31_ONLINE_FAX = Citation(
    REGULATION, 31, item=3, quote="以双方确认之日为收到申请之日"
)
ART_32 = Citation(
    REGULATION,
    32,
    quote="第三方应当自收到征求意见书之日起15个工作日内提出意见",
)
ART_32_DISCLOSE = Citation(
    REGULATION,
    32,
    quote="行政机关认为不公开可能对公共利益造成重大影响的，可以决定予以公开，并将决定"
    "公开的政府信息内容和理由书面告知第三方",
)
ART_33 = Citation(
    REGULATION,
    33,
    quote="行政机关收到政府信息公开申请，能够当场答复的，应当当场予以答复",
)
ART_33_2 = Citation(REGULATION, 33, 2, quote="应当自收到申请之日起20个工作日内予以答复")
ART_33_2_EXTENSION = Citation(
    REGULATION,
    33,
    2,
    quote="需要延长答复期限的，应当经政府信息公开工作机构负责人同意并告知申请人，"
    "延长的期限最长不得超过20个工作日",
)
ART_33_3 = Citation(
    REGULATION,
    33,
    3,
    quote="行政机关征求第三方和其他机关意见所需时间不计算在前款规定的期限内",
)
ART_34 = Citation(
    REGULATION,
    34,
    quote="被征求意见机关应当自收到征求意见书之日起15个工作日内提出意见，逾期未提出"
    "意见的视为同意公开",
)
ART_35 = Citation(
    REGULATION,
    35,
    quote="申请人申请公开政府信息的数量、频次明显超过合理范围，行政机关可以要求申请人"
    "说明理由",
)
ART_35_REFUSE = Citation(
    REGULATION, 35, quote="行政机关认为申请理由不合理的，告知申请人不予处理"
)
ART_35_DELAY = Citation(
    REGULATION,
    35,
    quote="行政机关认为申请理由合理，但是无法在本条例第三十三条规定的期限内答复申请人"
    "的，可以确定延迟答复的合理期限并告知申请人",
)
ART_36_1 = Citation(
    REGULATION,
    36,
    item=1,
    quote="所申请公开信息已经主动公开的，告知申请人获取该政府信息的方式、途径",
)
ART_36_2 = Citation(
    REGULATION,
    36,
    item=2,
    quote="所申请公开信息可以公开的，向申请人提供该政府信息，或者告知申请人获取该政府"
    "信息的方式、途径和时间",
)
ART_36_3 = Citation(
    REGULATION,
    36,
    item=3,
    quote="行政机关依据本条例的规定决定不予公开的，告知申请人不予公开并说明理由",
)
ART_36_4 = Citation(
    REGULATION,
    36,
    item=4,
    quote="经检索没有所申请公开信息的，告知申请人该政府信息不存在",
)
ART_36_5 = Citation(
    REGULATION,
    36,
    item=5,
    quote="所申请公开信息不属于本行政机关负责公开的，告知申请人并说明理由；能够确定"
    "负责公开该政府信息的行政机关的，告知申请人该行政机关的名称、联系方式",
)
ART_36_6 = Citation(
    REGULATION,
    36,
    item=6,
    quote="行政机关已就申请人提出的政府信息公开申请作出答复、申请人重复申请公开相同"
    "政府信息的，告知申请人不予重复处理",
)
ART_36_7 = Citation(
    REGULATION,
    36,
    item=7,
    quote="所申请公开信息属于工商、不动产登记资料等信息，有关法律、行政法规对信息的"
    "获取有特别规定的，告知申请人依照有关法律、行政法规的规定办理",
)
ART_37 = Citation(
    REGULATION,
    37,
    quote="申请公开的信息中含有不应当公开或者不属于政府信息的内容，但是能够作区分处理"
    "的，行政机关应当向申请人提供可以公开的政府信息内容，并对不予公开的内容说明理由",
)
ART_38 = Citation(
    REGULATION,
    38,
    quote="需要行政机关对现有政府信息进行加工、分析的，行政机关可以不予提供",
)
ART_39_1 = Citation(
    REGULATION,
    39,
    1,
    quote="申请人以政府信息公开申请的形式进行信访、投诉、举报等活动，行政机关应当告知"
    "申请人不作为政府信息公开申请处理并可以告知通过相应渠道提出",
)
ART_39_2 = Citation(
    REGULATION,
    39,
    2,
    quote="申请人提出的申请内容为要求行政机关提供政府公报、报刊、书籍等公开出版物的，"
    "行政机关可以告知获取的途径",
)
ART_27 = Citation(
    REGULATION,
    27,
    quote="公民、法人或者其他组织可以向地方各级人民政府……申请获取相关政府信息",
)
ART_29 = Citation(
    REGULATION,
    29,
    quote="公民、法人或者其他组织申请获取政府信息的，应当向行政机关的政府信息公开工作机构提出",
)
ART_51 = Citation(
    REGULATION,
    51,
    quote="认为行政机关在政府信息公开工作中侵犯其合法权益的，可以向上一级行政机关或者政府"
    "信息公开工作主管部门投诉、举报，也可以依法申请行政复议或者提起行政诉讼",
)
ART_42 = Citation(
    REGULATION,
    42,
    1,
    quote="申请人申请公开政府信息的数量、频次明显超过合理范围的，行政机关可以收取信息"
    "处理费",
)
ART_43 = Citation(
    REGULATION,
    43,
    quote="申请公开政府信息的公民存在阅读困难或者视听障碍的，行政机关应当为其提供必要"
    "的帮助",
)
ART_49_1 = Citation(
    REGULATION,
    49,
    1,
    quote="县级以上人民政府部门应当在每年1月31日前向本级政府信息公开工作主管部门提交"
    "本行政机关上一年度政府信息公开工作年度报告并向社会公布",
)
ART_49_2 = Citation(
    REGULATION,
    49,
    2,
    quote="县级以上地方人民政府的政府信息公开工作主管部门应当在每年3月31日前向社会"
    "公布本级政府上一年度政府信息公开工作年度报告",
)

# -- 《政府信息公开信息处理费管理办法》 (国办函〔2020〕109号) ----------------------
# Arts. 3–5 are verified (legal.md §5). The article that fixes the payment period
# is not: it is cited by the measures' number and its words, never by a number.

FEE_ART_3 = Citation(
    FEE_MEASURES,
    3,
    quote="信息处理费可以按件计收，也可以按量计收，均按照超额累进方式计算收费金额",
)
FEE_ART_4 = Citation(
    FEE_MEASURES,
    4,
    quote="同一申请人一个自然月内累计申请10件以下（含10件）的，不收费",
)
FEE_ART_5 = Citation(
    FEE_MEASURES,
    5,
    quote="适用于申请人要求以提供纸质件、发送电子邮件、复制电子数据等方式获取政府信息"
    "的情形",
)
FEE_PAYMENT = Citation(
    FEE_MEASURES,
    label="（国办函〔2020〕109号）",
    quote="申请人应当在收到收费通知次日起20个工作日内缴纳费用，逾期未缴纳的视为放弃"
    "申请，行政机关不再处理该政府信息公开申请",
)
FEE_NOTICE = Citation(
    FEE_MEASURES,
    label="（国办函〔2020〕109号）",
    quote="应当在政府信息公开申请处理期限内，按照申请人获取信息的途径向申请人发出收费"
    "通知，说明收费的依据、标准、数额、缴纳方式等",
)

# -- other instruments ---------------------------------------------------------

CIVIL_CODE_201 = Citation(
    CIVIL_CODE,
    201,
    quote="按照年、月、日计算期间的，开始的当日不计入，自下一日开始计算",
)
JIANGSU_CORRECTION = Citation(
    JIANGSU_NORMS, label="（供参考）", quote="一般不超过15个工作日"
)
JIANGSU_CONFIRM = Citation(
    JIANGSU_NORMS,
    label="（苏政办函〔2019〕98号）",
    quote="申请人要求对已获取的政府信息进行确认或者重新出具的，行政机关可以不予处理",
)
REPORT_DEADLINES_2021 = Citation(
    REPORT_FORMAT_2021,
    label="二、报告方式及时间",
    quote="县级、地市级、省级政府信息公开工作主管部门汇总报告分别于2月20日、3月10日、"
    "3月31日前报送并公布",
)
HOLIDAYS_ART_2 = Citation(
    HOLIDAY_MEASURES,
    2,
    quote="元旦，放假1天（1月1日）；春节，放假4天（农历除夕、正月初一至初三）；清明节，"
    "放假1天（农历清明当日）；劳动节，放假2天（5月1日、2日）；端午节，放假1天（农历"
    "端午当日）；中秋节，放假1天（农历中秋当日）；国庆节，放假3天（10月1日至3日）",
)
HOLIDAYS_ART_6 = Citation(
    HOLIDAY_MEASURES,
    6,
    quote="全体公民放假的假日，如果适逢周六、周日，应当在工作日补假",
)

# 《中华人民共和国行政复议法》 (2023 revision, in force 2024-01-01).
RECON_20_1 = Citation(
    RECONSIDERATION_LAW,
    20,
    1,
    quote="可以自知道或者应当知道该行政行为之日起六十日内提出行政复议申请",
)
RECON_20_3 = Citation(
    RECONSIDERATION_LAW,
    20,
    3,
    quote="未告知公民、法人或者其他组织申请行政复议的权利、行政复议机关和申请期限的，"
    "申请期限自公民、法人或者其他组织知道或者应当知道申请行政复议的权利、行政复议机关"
    "和申请期限之日起计算，但是自知道或者应当知道行政行为内容之日起最长不得超过一年",
)
RECON_22_2 = Citation(
    RECONSIDERATION_LAW,
    22,
    2,
    quote="行政机关通过互联网渠道送达行政行为决定书的，应当同时提供提交行政复议申请书"
    "的互联网渠道",
)
RECON_23_1_4 = Citation(
    RECONSIDERATION_LAW,
    23,
    1,
    4,
    quote="申请政府信息公开，行政机关不予公开",
)
RECON_23_2 = Citation(
    RECONSIDERATION_LAW,
    23,
    2,
    quote="行政机关在作出行政行为时应当告知公民、法人或者其他组织先向行政复议机关申请"
    "行政复议",
)
RECON_24_1_1 = Citation(
    RECONSIDERATION_LAW,
    24,
    1,
    1,
    quote="对本级人民政府工作部门作出的行政行为不服的",
)
RECON_24_1_2 = Citation(
    RECONSIDERATION_LAW, 24, 1, 2, quote="对下一级人民政府作出的行政行为不服的"
)
RECON_24_2 = Citation(
    RECONSIDERATION_LAW,
    24,
    2,
    quote="省、自治区、直辖市人民政府同时管辖对本机关作出的行政行为不服的行政复议案件",
)
RECON_27 = Citation(
    RECONSIDERATION_LAW,
    27,
    quote="对海关、金融、外汇管理等实行垂直领导的行政机关、税务和国家安全机关的行政"
    "行为不服的，向上一级主管部门申请行政复议",
)

# 《中华人民共和国行政诉讼法》.
LITIG_14 = Citation(LITIGATION_LAW, 14, quote="基层人民法院管辖第一审行政案件")
LITIG_15_1 = Citation(
    LITIGATION_LAW,
    15,
    item=1,
    quote="对国务院部门或者县级以上地方人民政府所作的行政行为提起诉讼的案件",
)
LITIG_18 = Citation(
    LITIGATION_LAW,
    18,
    1,
    quote="行政案件由最初作出行政行为的行政机关所在地人民法院管辖",
)
LITIG_45 = Citation(
    LITIGATION_LAW,
    45,
    quote="公民、法人或者其他组织不服复议决定的，可以在收到复议决定书之日起十五日内向"
    "人民法院提起诉讼",
)
LITIG_46_1 = Citation(
    LITIGATION_LAW,
    46,
    1,
    quote="公民、法人或者其他组织直接向人民法院提起诉讼的，应当自知道或者应当知道作出"
    "行政行为之日起六个月内提出",
)

# 法释〔2025〕8号.
SPC_1_3 = Citation(
    SPC_INTERPRETATION,
    1,
    item=3,
    quote="认为行政机关提供的政府信息不符合其申请内容的",
)
SPC_4_3 = Citation(
    SPC_INTERPRETATION,
    4,
    3,
    quote="公民、法人或者其他组织对该机构以自己名义所作的政府信息公开行为不服提起诉讼"
    "的，以该机构为被告",
)
SPC_10_2_2 = Citation(
    SPC_INTERPRETATION,
    10,
    2,
    2,
    quote="行政机关作出延长答复期限或者要求申请人补正等程序性告知行为的",
)
SPC_10_2_3 = Citation(
    SPC_INTERPRETATION, 10, 2, 3, quote="单独起诉行政机关收取信息处理费决定的"
)
SPC_10_2_4 = Citation(
    SPC_INTERPRETATION,
    10,
    2,
    4,
    quote="申请人重复申请公开已经予以公开的政府信息，行政机关作出不予重复处理答复的",
)
SPC_10_2_5 = Citation(
    SPC_INTERPRETATION,
    10,
    2,
    5,
    quote="申请行政机关公开的信息属于工商、不动产登记等资料，行政机关告知其按照法律、"
    "行政法规规定查询的",
)
SPC_10_2_6 = Citation(
    SPC_INTERPRETATION,
    10,
    2,
    6,
    quote="要求行政机关为其制作、加工、分析政府信息，行政机关未予提供的",
)
SPC_10_2_7 = Citation(
    SPC_INTERPRETATION,
    10,
    2,
    7,
    quote="申请人以政府信息公开申请的形式进行信访、投诉、举报等活动的",
)
SPC_10_2_8 = Citation(
    SPC_INTERPRETATION,
    10,
    2,
    8,
    quote="要求行政机关提供政府公报、报刊、书籍等公开出版物的",
)


# -- 《中华人民共和国网络安全法》 ----------------------------------------------------

#: Art. 21 (3): network logs kept at least six months (the security log).
CYBERSECURITY_LOG_RETENTION = Citation(
    CYBERSECURITY_LAW,
    21,
    item=3,
    quote="采取监测、记录网络运行状态、网络安全事件的技术措施，并按照规定留存相关的"
    "网络日志不少于六个月",
)
