"""`gongkai workdays …` and `gongkai clock …` subcommands (argparse builders).

The top-level `gongkai` entry point calls `add_workdays_parser(subparsers)` and
`add_clock_parser(subparsers)`; each subcommand sets `handler`, which returns
the exit status. Exit status: 0 success (for `is-workday`: a working day),
1 a day off (`is-workday` only), 2 bad input or a year without a schedule.

The calendar is the packaged one. When `DJANGO_SETTINGS_MODULE` is set, the
database calendar is loaded through `DB_LOADER`, imported only at that moment,
so this module itself never imports Django.
"""

from __future__ import annotations

import argparse
import datetime as dt
import importlib
import json
import os
import sys
from collections.abc import Callable
from typing import Any

from gongkai.law import periods
from gongkai.law import provisions as law
from gongkai.law.holidays import PROVISIONAL_ZH
from gongkai.workdays import clocks
from gongkai.workdays.calendar import WorkCalendar
from gongkai.workdays.data import package_calendar
from gongkai.workdays.errors import GongkaiError
from gongkai.workdays.provisional import YEARS_AHEAD, with_provisional_years

# "module:function" returning a WorkCalendar built from the database.
DB_LOADER = "gongkai.calendars.cli:calendar_for_cli"

Handler = Callable[[argparse.Namespace], int]


def load_calendar() -> WorkCalendar:
    """The packaged calendar, or the database one when Django is configured."""
    if not os.environ.get("DJANGO_SETTINGS_MODULE"):
        return package_calendar()
    module_name, func_name = DB_LOADER.split(":")
    try:
        loader: Callable[[], WorkCalendar] = getattr(
            importlib.import_module(module_name), func_name
        )
        return loader()
    except Exception as exc:  # any DB or settings problem: say so, use the package
        print(
            f"警告：未能读取数据库中的工作日历（{exc.__class__.__name__}），"
            "改用内置的节假日数据。",
            file=sys.stderr,
        )
        return package_calendar()


def clock_calendar(args: argparse.Namespace) -> WorkCalendar:
    """The calendar a `gongkai clock` command counts on.

    With ``--strict``, only years whose notice is entered (a deadline running
    into another year exits 2 naming it). Otherwise the years after the last
    notice are filled from the statutory holidays, far enough to cover every
    date given on the command line, and a deadline counted on them is 暂定.
    """
    calendar = load_calendar()
    if getattr(args, "strict", False) or not calendar.known_years:
        return calendar
    years = [max(calendar.known_years) + YEARS_AHEAD]
    for value in vars(args).values():
        for item in value if isinstance(value, list) else [value]:
            for d in item if isinstance(item, tuple) else (item,):
                if isinstance(d, dt.date):
                    years.append(d.year + 1)
    return with_provisional_years(calendar, through=max(years))


def parse_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"日期格式应为 YYYY-MM-DD（例如 2026-09-21），收到的是“{text}”"
        ) from None


def parse_count(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        value = -1
    if value < 0:
        raise argparse.ArgumentTypeError(f"工作日数应为不小于0的整数，收到的是“{text}”")
    return value


def parse_span(text: str) -> tuple[dt.date, dt.date]:
    start, sep, end = text.partition("..")
    if not sep:
        raise argparse.ArgumentTypeError(
            f"期间格式应为 开始..结束（例如 2026-09-23..2026-10-12），收到的是“{text}”"
        )
    return parse_date(start), parse_date(end)


def _guard(handler: Handler) -> Handler:
    """Turn a GongkaiError into its Chinese message and exit status 2."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except GongkaiError as exc:
            print(f"错误：{exc.message_zh}", file=sys.stderr)
            return 2
        except BrokenPipeError:  # e.g. `… | head -1`: the reader left, not an error
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
            return 0

    return run


# -- gongkai workdays ---------------------------------------------------------------


def add_workdays_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "workdays",
        help="工作日查询（含法定节假日与调休）",
        description="按国务院办公厅每年的节假日安排查询工作日。",
    )
    sub = parser.add_subparsers(dest="workdays_command", required=True)

    p = sub.add_parser(
        "is-workday",
        help="某日是否为工作日（是：退出码0；否：退出码1）",
        description="判断某日是否为工作日并说明理由。退出码：0 工作日，1 休息日，"
        "2 输入有误或该年份尚无节假日安排。",
    )
    p.add_argument("date", type=parse_date, help="日期，YYYY-MM-DD")
    p.set_defaults(handler=_guard(_is_workday))

    p = sub.add_parser("add", help="某日之后第 N 个工作日")
    p.add_argument("date", type=parse_date, help="开始日期（当日不计入）")
    p.add_argument("n", type=parse_count, help="工作日数")
    p.set_defaults(handler=_guard(_add))

    p = sub.add_parser("between", help="两日之间的工作日数（不含开始日，含结束日）")
    p.add_argument("a", type=parse_date, help="开始日期")
    p.add_argument("b", type=parse_date, help="结束日期")
    p.set_defaults(handler=_guard(_between))

    p = sub.add_parser("year", help="列出某年的放假与调休上班安排")
    p.add_argument("year", type=int, help="年份")
    p.set_defaults(handler=_guard(_year))


def _is_workday(args: argparse.Namespace) -> int:
    explanation = load_calendar().explain_day(args.date)
    print(explanation.text_zh)
    return 0 if explanation.is_workday else 1


def _add(args: argparse.Namespace) -> int:
    print(load_calendar().add_workdays(args.date, args.n).isoformat())
    return 0


def _between(args: argparse.Namespace) -> int:
    print(load_calendar().workdays_between(args.a, args.b))
    return 0


def _year(args: argparse.Namespace) -> int:
    calendar = load_calendar()
    days = [d for d in calendar.year_days(args.year) if d.name]
    print(f"{args.year}年节假日安排（来源：{calendar.schedules[args.year].source}）")
    for d in days:
        print(f"  {d.text_zh}")
    print(f"全年工作日：{calendar.count_workdays_in_year(args.year)}天")
    return 0


# -- gongkai clock ---------------------------------------------------------------------


def add_clock_parser(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "clock",
        help="法定期限计算（答复、补正、缴费、主动公开）",
        description="按《中华人民共和国政府信息公开条例》计算期限并说明计算过程。",
    )
    sub = parser.add_subparsers(dest="clock_command", required=True)

    p = sub.add_parser(
        "reply-due",
        help=f"答复期限（{law.ART_33.short_zh}）",
        description=f"计算答复期限：{periods.REPLY.text_zh}，补正后重新起算，"
        "征求意见期间不计入，经批准并告知可延长不超过"
        f"{periods.EXTENSION_MAX.text_zh}。",
    )
    _receipt_arguments(p)
    p.add_argument(
        "--corrected",
        type=parse_date,
        metavar="DATE",
        help=f"收到补正后申请的日期（答复期限自该日起算，{law.ART_30_RESTART.short_zh}）",
    )
    p.add_argument(
        "--pause",
        type=parse_span,
        action="append",
        default=[],
        metavar="A..B",
        help="征求意见期间：发函日期..回复日期（可重复；重叠部分只计一次）",
    )
    p.add_argument(
        "--consult",
        type=parse_date,
        action="append",
        default=[],
        metavar="DATE",
        help="已发函征求意见但尚未回复：按发函日期后"
        f"{periods.CONSULTATION_WORKDAYS}个工作日届满中止（可重复）",
    )
    p.add_argument("--extension", type=parse_count, metavar="N", help="延长的工作日数")
    p.add_argument("--approver", default="", help="同意延长的工作机构负责人")
    p.add_argument(
        "--extension-notice",
        type=parse_date,
        metavar="DATE",
        help="告知申请人延期的日期",
    )
    p.set_defaults(handler=_guard(_reply_due))

    p = sub.add_parser(
        "correction-notice-due", help=f"补正告知期限（{law.ART_30_NOTICE.short_zh}）"
    )
    _receipt_arguments(p)
    p.set_defaults(handler=_guard(_correction_notice_due))

    p = sub.add_parser("publication-due", help=f"主动公开期限（{law.ART_26.short_zh}）")
    p.add_argument("date", type=parse_date, help="政府信息形成或者变更的日期")
    _common_arguments(p)
    p.set_defaults(handler=_guard(_publication_due))

    p = sub.add_parser("fee-payment-due", help="缴纳信息处理费的期限")
    p.add_argument("date", type=parse_date, help="申请人收到收费通知的日期")
    _common_arguments(p)
    p.set_defaults(handler=_guard(_fee_payment_due))


def _common_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--day-one",
        choices=[r.value for r in clocks.DayOneRule],
        default=clocks.DayOneRule.NEXT_WORKDAY.value,
        help="第1日的计算方法（默认 next_workday：开始的当日不计入）",
    )
    p.add_argument("--json", action="store_true", help="以 JSON 输出计算过程")
    p.add_argument(
        "--strict",
        action="store_true",
        help="只按已录入的国务院办公厅节假日安排计算：期限涉及未录入的年份时报错"
        "（退出码2），不给出暂定期限",
    )


def _receipt_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--channel",
        required=True,
        choices=[c.value for c in clocks.Channel],
        help=f"提交渠道（{law.ART_31.short_zh}）",
    )
    p.add_argument(
        "--received",
        required=True,
        type=parse_date,
        metavar="DATE",
        help="申请送达（当面提交）的日期",
    )
    p.add_argument(
        "--confirmed",
        type=parse_date,
        metavar="DATE",
        help="与申请人确认的日期（互联网、传真、平常信函）；省略则按当日确认",
    )
    p.add_argument(
        "--signed",
        type=parse_date,
        metavar="DATE",
        help="邮寄签收日期；省略则按送达当日",
    )
    _common_arguments(p)


def _receipt(args: argparse.Namespace) -> tuple[clocks.Receipt, list[str]]:
    notes = []
    confirmed, signed = args.confirmed, args.signed
    channel = clocks.Channel(args.channel)
    needs_confirmation = channel not in {
        clocks.Channel.IN_PERSON,
        clocks.Channel.POST_SIGNED,
    }
    if needs_confirmation and confirmed is None:
        confirmed = args.received
        notes.append("说明：未提供确认日期，按收到当日确认计算。")
    if channel is clocks.Channel.POST_SIGNED and signed is None:
        signed = args.received
        notes.append("说明：未提供签收日期，按送达当日签收计算。")
    receipt = clocks.receipt_date(
        channel=channel,
        arrived_on=args.received,
        signed_on=signed,
        confirmed_on=confirmed,
    )
    return receipt, notes


def _settings(args: argparse.Namespace) -> clocks.ClockSettings:
    return clocks.ClockSettings(day_one=clocks.DayOneRule(args.day_one))


def _print(
    deadline: clocks.Deadline, args: argparse.Namespace, notes: list[str]
) -> int:
    if args.json:
        print(json.dumps(deadline.to_data(), ensure_ascii=False, indent=2))
    else:
        if deadline.provisional:
            years = "、".join(f"{y}年" for y in deadline.provisional_years)
            print(
                f"{deadline.due.isoformat()}（{PROVISIONAL_ZH}：{years}的节假日安排尚未录入）"
            )
        print(deadline.text_zh)
        for note in notes:
            print(note)
    return 0


def _reply_due(args: argparse.Namespace) -> int:
    calendar = clock_calendar(args)
    receipt, notes = _receipt(args)
    pauses = [clocks.Pause(a, b, clocks.PauseKind.OTHER) for a, b in args.pause]
    pauses += [
        clocks.consultation_pause(calendar, kind=clocks.PauseKind.OTHER, letter_on=d)
        for d in args.consult
    ]
    extension = None
    if args.extension is not None:
        approver = args.approver.strip()
        notice_on = args.extension_notice
        if not approver or notice_on is None:
            # A what-if calculation: the law still requires both (Art. 33 ¶2),
            # so the output says the assumption instead of refusing.
            notes = [
                *notes,
                "假定：延期已经政府信息公开工作机构负责人同意并告知申请人"
                f"（{law.ART_33_2_EXTENSION.short_zh}；"
                "可用 --approver 和 --extension-notice 写明）",
            ]
            approver = approver or "（未写明）"
            notice_on = notice_on or receipt.date
        extension = clocks.Extension(args.extension, approver, notice_on)
    deadline = clocks.reply_due(
        calendar,
        receipt=receipt,
        corrected_received_on=args.corrected,
        pauses=pauses,
        extension=extension,
        settings=_settings(args),
    )
    return _print(deadline, args, notes)


def _correction_notice_due(args: argparse.Namespace) -> int:
    receipt, notes = _receipt(args)
    deadline = clocks.correction_notice_due(
        clock_calendar(args), receipt=receipt, settings=_settings(args)
    )
    return _print(deadline, args, notes)


def _publication_due(args: argparse.Namespace) -> int:
    deadline = clocks.proactive_publication_due(
        clock_calendar(args), made_or_changed_on=args.date, settings=_settings(args)
    )
    return _print(deadline, args, [])


def _fee_payment_due(args: argparse.Namespace) -> int:
    deadline = clocks.fee_payment_due(
        clock_calendar(args), notice_received_on=args.date
    )
    return _print(deadline, args, [])
