"""The link check: settings, runs requested by staff or the schedule, and the
run itself (visits, then one transaction that records what changed).

``check_run`` does the work and is called by the worker (``tasks.py``), never
in a request: it visits up to ``MAX_URLS`` addresses with a time limit each.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypedDict, Unpack

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.disclosure.models import Attachment, Item
from gongkai.disclosure.selectors import public_items
from gongkai.errors import DomainError
from gongkai.linkcheck import fetch, rules
from gongkai.linkcheck.models import CheckRun, CheckSettings, Problem
from gongkai.linkcheck.permissions import can_manage
from gongkai.linkcheck.tasks import run_link_check

#: Addresses one run visits at the most; the rest wait for the next run.
MAX_URLS = 2000
#: What a published catalogue entry must show (the model's own field labels).
REQUIRED_FIELDS = ("index_number", "title", "summary", "generated_on", "publisher")

type Visitor = Callable[[str], list[rules.Visit]]


class LinkCheckError(DomainError):
    pass


class SettingsFields(TypedDict, total=False):
    enabled: bool
    interval_days: int
    own_site: str
    allowed_hosts: str
    slow_ms: int


def settings_for(agency: Agency) -> CheckSettings:
    """The agency's settings, or the defaults (unsaved) when it has none."""
    found = CheckSettings.objects.filter(agency=agency).first()
    return found if found is not None else CheckSettings(agency=agency)


@transaction.atomic
def check_settings_update(
    *,
    agency: Agency,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    **fields: Unpack[SettingsFields],
) -> CheckSettings:
    if not can_manage(acting_user, agency):
        raise LinkCheckError("只有本机关管理员或负责人可以修改链接检查设置。")
    current = settings_for(agency)
    for name, value in fields.items():
        setattr(current, name, value)
    current.updated_at = now or timezone.now()
    current.updated_by = staff_user(acting_user)
    current.full_clean()
    current.save()
    return current


def pending_run(agency: Agency) -> CheckRun | None:
    return (
        CheckRun.objects.filter(
            agency=agency, status__in=[CheckRun.Status.QUEUED, CheckRun.Status.RUNNING]
        )
        .order_by("-requested_at")
        .first()
    )


@transaction.atomic
def check_request(
    *,
    agency: Agency,
    acting_user: AnyUser | None = None,
    now: dt.datetime | None = None,
) -> CheckRun:
    """Queue a check of ``agency`` (a person's 立即检查, or the schedule without one).

    A check already queued or running is returned instead of a second one.
    """
    if acting_user is not None and not can_manage(acting_user, agency):
        raise LinkCheckError("只有本机关管理员或负责人可以发起链接检查。")
    Agency.objects.select_for_update().filter(pk=agency.pk).first()
    pending = pending_run(agency)
    if pending is not None:
        return pending
    run = CheckRun.objects.create(
        agency=agency,
        scheduled=acting_user is None,
        requested_by=None if acting_user is None else staff_user(acting_user),
        requested_at=now or timezone.now(),
    )
    transaction.on_commit(lambda: run_link_check.enqueue(run.pk))
    return run


def agencies_due(now: dt.datetime) -> list[Agency]:
    """Agencies whose scheduled check is due: enabled (the default), with
    something to check, and no check requested within their interval."""
    due = []
    candidates = Agency.objects.filter(
        Q(pk__in=Item.objects.public().values("agency_id"))
        | Q(linkcheck_settings__own_site__gt="")
    ).distinct()
    for agency in candidates.order_by("pk"):
        config = settings_for(agency)
        if not config.enabled or pending_run(agency) is not None:
            continue
        last = agency.linkcheck_runs.order_by("-requested_at").first()
        if (
            last is None
            or last.requested_at + dt.timedelta(days=config.interval_days) <= now
        ):
            due.append(agency)
    return due


# -- one run -------------------------------------------------------------------


@dataclass
class Target:
    """An address to visit and where it was found."""

    url: str
    item: Item | None = None
    attachment: Attachment | None = None


@dataclass
class Findings:
    problems: dict[str, tuple[rules.Problem, Target]] = field(default_factory=dict)
    pages: int = 0
    attachments: int = 0
    items: int = 0
    external_skipped: int = 0
    notes: list[str] = field(default_factory=list)

    def add(self, problem: rules.Problem, target: Target) -> None:
        ident = "|".join(
            [
                problem.kind.value,
                target.url,
                str(target.item.pk if target.item else ""),
                str(target.attachment.pk if target.attachment else ""),
            ]
        )
        key = hashlib.sha256(ident.encode()).hexdigest()
        self.problems.setdefault(key, (problem, target))


def _public_base() -> str:
    """The site's public address (``SITE_URL``), or "" when the check cannot visit
    it: unset, or a loopback address the check refuses outside the tests."""
    base = str(getattr(settings, "SITE_URL", "") or "").rstrip("/")
    if base and not getattr(settings, "LINKCHECK_ALLOW_LOOPBACK", False):
        host = rules.host_of(base)
        if host in {"localhost", "127.0.0.1", "::1", "[::1]"}:
            return ""
    return base


def _own_pages(agency: Agency, items: list[Item], base: str) -> list[Target]:
    """Gongkai's own public pages of the agency: list, guide, items, attachments."""
    code = agency.code
    targets = [
        Target(base + reverse("catalogue:list", args=[code])),
        Target(base + reverse("catalogue:guide", args=[code])),
    ]
    for item in items:
        targets.append(
            Target(base + reverse("catalogue:item", args=[code, item.pk]), item=item)
        )
        for attachment in item.attachments.all():
            url = base + reverse(
                "catalogue:attachment", args=[code, item.pk, attachment.pk]
            )
            # The address has no file ending; judge it by the file's own name.
            targets.append(Target(url, item=item, attachment=attachment))
    return targets


def _links_in_items(
    items: Iterable[Item], visited_hosts: frozenset[str], found: Findings
) -> list[Target]:
    targets = []
    for item in items:
        for url in rules.extract_links(f"{item.summary}\n{item.body}"):
            if rules.host_of(url) in visited_hosts:
                targets.append(Target(url, item=item))
            else:
                found.external_skipped += 1
    return targets


def _required_labels() -> list[tuple[str, str]]:
    """(field, label) of what a published entry must show, labels from the model."""
    fields = [Item._meta.get_field(name) for name in REQUIRED_FIELDS]
    return [(f.name, str(getattr(f, "verbose_name", f.name))) for f in fields]


def _check_fields(items: Iterable[Item], found: Findings) -> None:
    for item in items:
        found.items += 1
        values = {label: getattr(item, name) for name, label in _required_labels()}
        problem = rules.missing_fields(values)
        if problem is not None:
            found.add(problem, Target("", item=item))


def _check_stored_files(items: Iterable[Item], found: Findings) -> None:
    """Each attachment opens as the kind of file its name says."""
    for item in items:
        for attachment in item.attachments.all():
            found.attachments += 1
            target = Target("", item=item, attachment=attachment)
            try:
                with attachment.file.open("rb") as handle:
                    head = handle.read(fetch.HEAD_BYTES)
            except (OSError, ValueError):
                found.add(
                    rules.Problem(rules.Kind.ATTACHMENT, "文件不存在或无法读取"), target
                )
                continue
            problem = rules.opens_as(attachment.original_name, head)
            if problem is not None:
                found.add(problem, target)


def _visit_all(
    targets: list[Target], visitor: Visitor, slow_ms: int, found: Findings
) -> None:
    seen: set[str] = set()
    for target in targets:
        if target.url in seen:
            continue
        if found.pages >= MAX_URLS:
            found.notes.append(f"本次最多访问 {MAX_URLS} 个网址，其余留待下次检查。")
            break
        seen.add(target.url)
        found.pages += 1
        hops = visitor(target.url)
        last = hops[-1]
        if last.status is not None and 300 <= last.status < 400:
            problem = rules.redirect_problem(last) or rules.Problem(
                rules.Kind.BROKEN, f"连续跳转超过 {fetch.MAX_REDIRECTS} 次"
            )
            found.add(problem, target)
            continue
        if target.attachment is not None:
            last = rules.Visit(
                url=target.attachment.original_name,
                status=last.status,
                error=last.error,
                content_type=last.content_type,
                elapsed_ms=last.elapsed_ms,
                head=last.head,
            )
        for problem in rules.judge(last, slow_ms=slow_ms):
            found.add(problem, target)


def _default_visitor(url: str) -> list[rules.Visit]:
    return fetch.follow(
        url,
        timeout=float(getattr(settings, "LINKCHECK_TIMEOUT", 10)),
        allow_loopback=bool(getattr(settings, "LINKCHECK_ALLOW_LOOPBACK", False)),
    )


def collect(agency: Agency, visitor: Visitor = _default_visitor) -> Findings:
    """Everything wrong with the agency's published information right now."""
    config = settings_for(agency)
    found = Findings()
    items = list(public_items(agency).prefetch_related("attachments"))
    base = _public_base()
    own_hosts = {rules.host_of(base)} if base else set()
    targets: list[Target] = []
    if base:
        targets += _own_pages(agency, items, base)
    else:
        found.notes.append(
            "未设置本平台的公网地址（SITE_URL，或其为本机地址），本平台页面未经网络访问。"
        )
    if config.own_site:
        own_hosts.add(rules.host_of(config.own_site))
        targets.append(Target(config.own_site))
    visited_hosts = frozenset(own_hosts) | rules.parse_hosts(config.allowed_hosts)
    targets += _links_in_items(items, visited_hosts, found)
    _check_fields(items, found)
    _check_stored_files(items, found)
    _visit_all(targets, visitor, config.slow_ms, found)
    return found


def check_run(
    run: CheckRun,
    *,
    visitor: Visitor = _default_visitor,
    now: Callable[[], dt.datetime] = timezone.now,
) -> CheckRun:
    """Do the check ``run`` asks for and record what changed (worker only)."""
    claimed = CheckRun.objects.filter(pk=run.pk, status=CheckRun.Status.QUEUED).update(
        status=CheckRun.Status.RUNNING, started_at=now()
    )
    run.refresh_from_db()
    if not claimed:
        return run  # another worker has it, or it is finished
    try:
        found = collect(run.agency, visitor)
    except Exception as exc:
        CheckRun.objects.filter(pk=run.pk).update(
            status=CheckRun.Status.FAILED,
            finished_at=now(),
            note=f"检查中断：{type(exc).__name__}。请稍后重试或联系系统管理员。",
        )
        raise
    _record(run, found, now())
    run.refresh_from_db()
    return run


@transaction.atomic
def _record(run: CheckRun, found: Findings, at: dt.datetime) -> None:
    open_rows = {
        p.key: p
        for p in Problem.objects.select_for_update().filter(
            agency=run.agency, fixed_at__isnull=True
        )
    }
    new = 0
    for key, (problem, target) in found.problems.items():
        row = open_rows.pop(key, None)
        if row is None:
            new += 1
            Problem.objects.create(
                agency=run.agency,
                key=key,
                kind=problem.kind.value,
                url=target.url,
                item=target.item,
                attachment=target.attachment,
                detail=problem.detail,
                first_seen_at=at,
                last_seen_at=at,
            )
        else:
            row.detail = problem.detail
            row.last_seen_at = at
            row.save(update_fields=["detail", "last_seen_at"])
    fixed = Problem.objects.filter(pk__in=[p.pk for p in open_rows.values()]).update(
        fixed_at=at
    )
    CheckRun.objects.filter(pk=run.pk).update(
        status=CheckRun.Status.DONE,
        finished_at=at,
        pages=found.pages,
        attachments=found.attachments,
        items=found.items,
        external_skipped=found.external_skipped,
        found=new,
        fixed=fixed,
        note="\n".join(found.notes),
    )
