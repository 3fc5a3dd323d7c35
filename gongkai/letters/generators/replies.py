"""The 答复书, one class per outcome family, with the statutory elements each must state."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from gongkai.law import outcomes, rights
from gongkai.letters.generators.base import (
    LetterDataError,
    LetterGenerator,
    _date,
    clause,
    format_date_zh,
    sentence,
)
from gongkai.letters.kinds import FAMILY_BY_REPLY_KIND, LetterKind


class ReplyLetter(LetterGenerator):
    """答复书 — legal.md §6.1's elements, ground from :mod:`outcomes`."""

    default_title = "政府信息公开申请答复书"
    explains_clock = False
    required = (
        ("application.received_on", "收到申请日期"),
        ("reply.outcome", "办理结果"),
    )

    @property
    def family(self) -> outcomes.Family:
        return FAMILY_BY_REPLY_KIND[self.kind]

    def get_context_data(self) -> dict[str, Any]:
        context = super().get_context_data()
        reply = dict(self.data["reply"])
        try:
            rule = outcomes.outcome_rule(reply["outcome"])
            ground = outcomes.ground_for(reply["outcome"], reply.get("ground"))
        except outcomes.UnknownOutcomeError as exc:
            raise LetterDataError(str(exc)) from None
        if rule.family is not self.family:
            raise LetterDataError(
                f"办理结果属于“{rule.family.label_zh}”，"
                f"不能生成“{self.family.label_zh}”答复书。"
            )
        withheld_key = reply.get("withheld_ground") or ""
        # Only the fields of this ground print; whatever else came is dropped.
        for name in outcomes.FIELD_LABELS_ZH:
            if name not in ground.fields:
                reply[name] = ""
        for name in ground.unused(reply):
            reply[name] = ""
        missing = ground.missing(reply)
        if missing:
            raise LetterDataError(f"生成答复书缺少：{'、'.join(missing)}")
        reply["ground"] = ground.key
        reply["ground_label"] = ground.label_zh
        # Free text basis and decision only where the table has none (（六）3.其他):
        # everywhere else the citation comes from the table, never from input.
        free = "basis_text" in ground.needs
        if free and (problem := outcomes.basis_text_problem(reply["basis_text"])):
            raise LetterDataError(problem)
        reply["citation"] = reply["basis_text"] if free else ground.cite_zh
        reply["basis"] = f"根据{reply['basis_text']}的规定" if free else ground.basis_zh
        reply["decision"] = (
            sentence(reply["decision_text"]) if free else ground.decision_zh
        )
        reply["family_label"] = rule.family.label_zh
        reply["provisions"] = [
            {"cite": p.cite_zh, "quote": p.quote} for p in ground.provisions
        ]
        for name in ("reasons", "access", "referral", "other_agency_unknown"):
            reply[name] = sentence(reply.get(name))
        for name in ("withheld_part", "other_agency", "other_agency_contact"):
            reply[name] = clause(reply.get(name))
        requested = _date(reply.get("art35_requested_on"))
        reply["art35_requested_on_zh"] = format_date_zh(requested)
        if withheld_key and "withheld_ground" in ground.fields:
            try:
                withheld = outcomes.withheld_ground(withheld_key)
            except outcomes.UnknownOutcomeError as exc:
                raise LetterDataError(str(exc)) from None
            reply["withheld_citation"] = withheld.provisions[0].cite_zh
            reply["withheld_basis"] = f"{withheld.provisions[0].verb}" + (
                f"{withheld.provisions[0].cite_zh}的规定"
            )
            reply["withheld_reason"] = withheld.nature_zh
        else:
            withheld_key = ""
        context["reply"] = reply
        agency = context["agency"]
        try:
            context["rights_notice"] = rights.rights_notice_for(
                ground.key,
                withheld_ground=withheld_key,
                reconsideration_body=agency.get("reconsideration_body", ""),
                court=agency.get("court", ""),
                online_route=agency.get("reconsideration_online", "")
                if context["application"].get("online")
                else "",
            )
        except rights.RemedyDataError as exc:
            raise LetterDataError(str(exc)) from None
        return context

    def render_body(self, context: Mapping[str, Any]) -> list[str]:
        """The body with the rights notice, which no edited template can drop.

        Placed where the template puts ``{{ rights_notice }}``; otherwise before
        a closing 特此答复/特此告知 line, or at the end.
        """
        paragraphs = super().render_body(context)
        notice = context["rights_notice"]
        if any(notice in p for p in paragraphs):
            return paragraphs
        if paragraphs and paragraphs[-1].startswith("特此"):
            return [*paragraphs[:-1], notice, paragraphs[-1]]
        return [*paragraphs, notice]


class GrantedReply(ReplyLetter):
    """予以公开 — Art. 36 (一) already public / (二) can be disclosed."""

    kind = LetterKind.REPLY_GRANTED


class PartialReply(ReplyLetter):
    """部分公开 — Art. 37 区分处理, reasons for the withheld part."""

    kind = LetterKind.REPLY_PARTIAL


class WithheldReply(ReplyLetter):
    """不予公开 — Arts. 14, 15, 16 with Art. 36 (三), or Art. 36 (七)."""

    kind = LetterKind.REPLY_WITHHELD


class UnableReply(ReplyLetter):
    """无法提供 — Art. 36 (四)/(五), Art. 38, Art. 30 still unclear."""

    kind = LetterKind.REPLY_UNABLE


class NotProcessedReply(ReplyLetter):
    """不予处理 — Art. 39, Art. 36 (六), Art. 35."""

    kind = LetterKind.REPLY_NOT_PROCESSED


class OtherReply(ReplyLetter):
    """其他处理 — Art. 30 lapse (视为放弃申请), fee not paid, other."""

    kind = LetterKind.REPLY_OTHER
