"""Realistic catalogue text for the search tests and ``bench/search.py``.

Seeded and framework-free: ``sample_items(n, seed)`` gives the same ``n``
items every time, with titles of ~25, summaries of ~100 and bodies of ~1,500
Chinese characters drawn from government vocabulary, 文号 with digits and
brackets, and mixed Latin/digit terms (GB/T 2025, 5G). Each word of ``RARE``
is put into about 0.5 % of the items, so a rare-word query has a known,
small share of hits.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

AGENCIES = (
    "示例市人民政府办公室",
    "示例市住房和城乡建设局",
    "示例市财政局",
    "示例市民政局",
    "示例市教育局",
    "示例市卫生健康委员会",
    "示例市生态环境局",
    "示例市交通运输局",
    "示例市农业农村局",
    "示例市市场监督管理局",
    "示例市人力资源和社会保障局",
    "示例市自然资源和规划局",
    "示例市应急管理局",
)
TOPICS = (
    "政府信息公开",
    "城乡居民医疗保险",
    "义务教育招生",
    "国有土地上房屋征收",
    "生态环境保护",
    "安全生产检查",
    "财政预算执行",
    "政府集中采购",
    "行政许可事项",
    "农村人居环境整治",
    "公共卫生应急",
    "老旧小区改造",
    "公务员招考",
    "重大建设项目",
    "营商环境优化",
    "食品药品监督",
    "就业创业补贴",
    "防汛抗旱",
    "道路交通管理",
    "养老服务体系",
)
KINDS = ("通知", "实施方案", "管理办法", "工作要点", "情况公示", "意见", "报告", "规定")
PHRASES = (
    "根据《中华人民共和国政府信息公开条例》规定",
    "为进一步做好相关工作",
    "经市人民政府同意",
    "现将有关事项通知如下",
    "各县区人民政府、市直各部门",
    "请结合实际认真贯彻执行",
    "加强组织领导，落实工作责任",
    "严格按照有关规定执行",
    "及时向社会公开办理结果",
    "切实保障人民群众合法权益",
    "建立健全长效工作机制",
    "做好政策解读和舆论引导工作",
    "加大监督检查力度",
    "本办法自发布之日起施行",
    "统筹推进各项重点任务",
    "确保各项措施落到实处",
    "进一步提高公共服务水平",
    "按照国家标准GB/T 2025执行",
    "推进5G网络建设",
    "完善信息化平台功能",
    "主动接受社会监督",
    "依法依规开展工作",
    "强化部门协同配合",
    "优化办事流程，压缩办理时限",
    "公开内容包括政策文件和办理结果",
    "对群众反映的问题及时研究解决",
    "定期开展评估并公开评估结果",
)
#: Rare words, each in about 0.5 % of the items (never in the common vocabulary).
RARE = ("低保", "拆迁", "廉租房", "秸秆禁烧")
RARE_SHARE = 0.005
RARE_SENTENCES = {
    "低保": "城乡低保标准按月调整，低保对象名单按规定公示",
    "拆迁": "拆迁补偿按照评估价格确定",
    "廉租房": "廉租房保障对象实行动态管理",
    "秸秆禁烧": "秸秆禁烧工作实行网格化管理",
}


@dataclass(frozen=True)
class SampleItem:
    title: str
    doc_number: str
    summary: str
    body: str
    year: int


def _sentence(rng: random.Random) -> str:
    return "，".join(rng.choice(PHRASES) for _ in range(rng.randint(2, 3))) + "。"


def _text(rng: random.Random, chars: int, topic: str) -> str:
    parts = [f"关于{topic}的有关情况。"]
    while sum(len(p) for p in parts) < chars:
        parts.append(
            rng.choice((topic, rng.choice(TOPICS))) + "方面，" + _sentence(rng)
        )
    return "".join(parts)


def sample_items(
    n: int, seed: int = 12, rare_share: float = RARE_SHARE
) -> list[SampleItem]:
    rng = random.Random(seed)  # noqa: S311 - sample text, not secrets
    items = []
    for _ in range(n):
        topic = rng.choice(TOPICS)
        year = rng.randint(2015, 2026)
        agency = rng.choice(AGENCIES)
        title = f"{agency}关于{topic}{rng.choice(KINDS)}"
        if rng.random() < 0.3:
            title = f"{year}年{title}"
        doc_number = (
            f"示{rng.choice('政办财民教卫环交农市人自应')}发〔{year}〕{rng.randint(1, 120)}号"
            if rng.random() < 0.6
            else ""
        )
        summary = _text(rng, 100, topic)
        body = _text(rng, 1500, topic)
        for word in RARE:
            if rng.random() < rare_share:
                where = rng.random()
                sentence = RARE_SENTENCES[word] + "。"
                if where < 0.2:
                    title = title[:-2] + word + title[-2:]
                elif where < 0.5:
                    summary += sentence
                else:
                    cut = rng.randint(0, len(body))
                    body = body[:cut] + sentence + body[cut:]
        items.append(SampleItem(title, doc_number, summary, body, year))
    return items
