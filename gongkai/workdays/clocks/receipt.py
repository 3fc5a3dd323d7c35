"""The date an application counts as received (Art. 31)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from gongkai.law import provisions as law
from gongkai.law.citations import Citation
from gongkai.workdays.calendar import format_date_zh
from gongkai.workdays.errors import ClockInputError, ReceiptNotConfirmedError


class Channel(StrEnum):
    IN_PERSON = "in_person"
    POST_SIGNED = "post_signed"
    POST_PLAIN = "post_plain"
    ONLINE = "online"
    FAX = "fax"
    EMAIL = "email"

    @property
    def label_zh(self) -> str:
        return {
            Channel.IN_PERSON: "当面提交",
            Channel.POST_SIGNED: "邮寄（需签收）",
            Channel.POST_PLAIN: "邮寄（平常信函，无需签收）",
            Channel.ONLINE: "互联网渠道",
            Channel.FAX: "传真",
            Channel.EMAIL: "电子邮件（按互联网渠道的数据电文处理）",
        }[self]


@dataclass(frozen=True)
class Receipt:
    """The date an application counts as received, and why."""

    date: dt.date
    channel: Channel
    basis: Citation
    reason_zh: str
    arrived_on: dt.date
    warnings: tuple[str, ...] = ()


def receipt_date(
    *,
    channel: Channel | str,
    arrived_on: dt.date,
    signed_on: dt.date | None = None,
    confirmed_on: dt.date | None = None,
) -> Receipt:
    """The receipt date of an application by channel — Art. 31.

    (一) in person: the day of submission. (二) signed post: the day the agency
    signs for it; plain post: the day of confirmation with the applicant, which
    must be the day the letter arrives. (三) online or by fax: the day both sides
    confirm; until then the clock does not start. E-mail is a 数据电文 (Art. 29)
    received over the internet and is treated as the online channel.
    """
    channel = Channel(channel)
    if channel is Channel.IN_PERSON:
        return Receipt(
            arrived_on,
            channel,
            law.ART_31_IN_PERSON,
            f"{format_date_zh(arrived_on)}当面提交申请",
            arrived_on,
        )
    if channel is Channel.POST_SIGNED:
        if signed_on is None:
            raise ReceiptNotConfirmedError("邮寄需签收的申请须填写签收日期。")
        _not_before(signed_on, arrived_on, "签收日期")
        return Receipt(
            signed_on,
            channel,
            law.ART_31_POST_SIGNED,
            f"{format_date_zh(signed_on)}签收邮寄的申请",
            arrived_on,
        )
    if confirmed_on is None:
        raise ReceiptNotConfirmedError(
            f"{channel.label_zh}提交的申请须填写与申请人确认的日期；确认之前期限不起算。"
        )
    _not_before(confirmed_on, arrived_on, "确认日期")
    if channel is Channel.POST_PLAIN:
        warnings: tuple[str, ...] = ()
        if confirmed_on != arrived_on:
            warnings = (
                f"平常信函应于收到当日与申请人确认，本件收到于{format_date_zh(arrived_on)}，"
                f"确认于{format_date_zh(confirmed_on)}。",
            )
        return Receipt(
            confirmed_on,
            channel,
            law.ART_31_POST_PLAIN,
            f"{format_date_zh(confirmed_on)}与申请人确认收到平常信函",
            arrived_on,
            warnings,
        )
    return Receipt(
        confirmed_on,
        channel,
        law.ART_31_ONLINE_FAX,
        f"{format_date_zh(confirmed_on)}经双方确认收到申请（{channel.label_zh}）",
        arrived_on,
    )


def _not_before(later: dt.date, earlier: dt.date, what: str) -> None:
    if later < earlier:
        raise ClockInputError(
            f"{what}（{later.isoformat()}）不能早于收到日期（{earlier.isoformat()}）。"
        )
