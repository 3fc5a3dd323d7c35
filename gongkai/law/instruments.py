"""The legal instruments Gongkai cites (legal.md §1), each once.

Titles are the official ones in 书名号; numbers are the 文号 or 令 number. A text
forwarded nationally "供工作中参考" (Jiangsu's 答复规范) is not binding: letters cite
it with 参照.
"""

from __future__ import annotations

from gongkai.law.citations import Instrument

REGULATION = Instrument(
    "regulation",
    "《中华人民共和国政府信息公开条例》",
    "国务院令第711号",
    short="条例",
)
FEE_MEASURES = Instrument(
    "fee_measures",
    "《政府信息公开信息处理费管理办法》",
    "国办函〔2020〕109号",
    short="信息处理费管理办法",
)
CIVIL_CODE = Instrument("civil_code", "《中华人民共和国民法典》", short="民法典")
JIANGSU_NORMS = Instrument(
    "jiangsu_norms",
    "《江苏省政府信息公开申请办理答复规范》",
    "苏政办函〔2019〕98号",
    short="江苏答复规范",
    binding=False,
)
RECONSIDERATION_LAW = Instrument(
    "reconsideration_law",
    "《中华人民共和国行政复议法》",
    "2023年9月1日修订",
    short="行政复议法",
)
LITIGATION_LAW = Instrument(
    "litigation_law", "《中华人民共和国行政诉讼法》", short="行政诉讼法"
)
SPC_INTERPRETATION = Instrument(
    "spc_interpretation",
    "《最高人民法院关于审理政府信息公开行政案件适用法律若干问题的解释》",
    "法释〔2025〕8号",
    short="法释〔2025〕8号",
)
REPORT_FORMAT_2021 = Instrument(
    "report_format_2021",
    "《中华人民共和国政府信息公开工作年度报告格式》",
    "国办公开办函〔2021〕30号",
    short="国办公开办函〔2021〕30号",
)
HOLIDAY_MEASURES = Instrument(
    "holiday_measures",
    "《全国年节及纪念日放假办法》",
    "国务院令第795号",
    short="放假办法",
)

CYBERSECURITY_LAW = Instrument(
    "cybersecurity_law", "《中华人民共和国网络安全法》", short="网络安全法"
)

ALL: tuple[Instrument, ...] = (
    REGULATION,
    FEE_MEASURES,
    CIVIL_CODE,
    JIANGSU_NORMS,
    RECONSIDERATION_LAW,
    LITIGATION_LAW,
    SPC_INTERPRETATION,
    REPORT_FORMAT_2021,
    HOLIDAY_MEASURES,
    CYBERSECURITY_LAW,
)
