"""The demo province as data: its agencies, accounts, people's names, topics and
the mix of applications the builder (``province.py``) makes from them."""

from __future__ import annotations

from dataclasses import dataclass
from zoneinfo import ZoneInfo

from gongkai.accounts.models import Role
from gongkai.agencies.models import Agency

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
    ("shifuzeren", "市政府负责人 郑明", "demo-city", (Role.HEAD,)),
    (
        "shengjiandu",
        "省政务公开办 吴刚",
        ROOT_CODE,
        (Role.SUPERVISOR, Role.CALENDAR),
    ),
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


#: Agencies whose only account holds every casework role (see ACCOUNTS).
ONE_PERSON_OFFICES = ("demo-natres", "demo-housing", "demo-county", "demo-town")


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


#: The ground chosen where an outcome allows several (gongkai.law.outcomes);
#: the others have one ground, and （六）3.其他 states its basis in words.
GROUNDS: dict[str, str] = {"granted": "art36_2", "unable_not_held": "art36_4"}


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
