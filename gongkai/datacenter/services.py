"""The data center's state changes: an upload, parsing one file, correcting a cell.

Each is one function here; the views and the worker call nothing else. Parsing
happens only in ``import_file_parse``, which the worker runs (``tasks.py``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import http.client
import io
import urllib.parse
import urllib.request
import zipfile
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from pathlib import PurePosixPath
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, models, transaction

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.annual import jsonio
from gongkai.annual.commands.audit import SUFFIXES
from gongkai.annual.compare import main_figures
from gongkai.annual.errors import AnnualError
from gongkai.annual.formats import CellKind
from gongkai.annual.model import Cell, Report
from gongkai.annual.parse import (
    MAX_FILE_BYTES,
    PARSED,
    REFUSED,
    TEMPLATE,
    UNREADABLE,
    parse_bytes,
)
from gongkai.annual.parse import findings as F
from gongkai.annual.parse.review import SOURCE_CHECK, SOURCE_PARSE, checked, rule_name
from gongkai.annual.rules import Finding, Severity
from gongkai.datacenter import permissions
from gongkai.datacenter.models import (
    CellCorrection,
    CollectedReport,
    ImportFile,
    ImportJob,
)
from gongkai.errors import DomainError
from gongkai.law.reports import statutory_deadline

#: Limits of one upload (files after a zip is opened, bytes in all).
MAX_FILES = 2000
MAX_UPLOAD_BYTES = 200 * 1024 * 1024  # held in memory while stored: keep it modest
ZIP_SUFFIX = ".zip"


class DataCenterError(DomainError):
    """The data center refused an upload or a correction."""


# -- upload ------------------------------------------------------------------------


def _zip_name(info: zipfile.ZipInfo) -> str:
    """A member's name; zips made on Chinese Windows store names in GBK."""
    name = info.filename
    if not info.flag_bits & 0x800:
        try:
            name = name.encode("cp437").decode("gbk")
        except (UnicodeEncodeError, UnicodeDecodeError):
            pass
    return PurePosixPath(name).name


def expand_uploads(uploads: list[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """The report files of an upload: zips opened (one level), other files kept.

    A zip member that is not a report file (by its extension) is left out; a
    file or member over the parser's size limit, a broken zip or too many
    files refuse the whole upload (nothing is stored).
    """
    out: list[tuple[str, bytes]] = []
    total = 0

    def add(name: str, data: bytes) -> None:
        nonlocal total
        if len(data) > MAX_FILE_BYTES:
            raise DataCenterError(
                f"文件“{name}”超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限"
            )
        total += len(data)
        if total > MAX_UPLOAD_BYTES:
            raise DataCenterError(
                f"一次上传的文件合计超过 {MAX_UPLOAD_BYTES // 1024 // 1024} MB，请分批上传"
            )
        out.append((name, data))
        if len(out) > MAX_FILES:
            raise DataCenterError(f"一次最多导入 {MAX_FILES} 个文件，请分批上传")

    for name, data in uploads:
        if PurePosixPath(name).suffix.lower() != ZIP_SUFFIX:
            add(name, data)
            continue
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                for info in archive.infolist():
                    member = _zip_name(info)
                    if info.is_dir() or not member or member.startswith("."):
                        continue
                    if PurePosixPath(member).suffix.lower() not in SUFFIXES:
                        continue
                    if info.file_size > MAX_FILE_BYTES:  # before inflating it
                        raise DataCenterError(
                            f"压缩包中的文件“{member}”超过 "
                            f"{MAX_FILE_BYTES // 1024 // 1024} MB 的上限"
                        )
                    add(member, archive.read(info))
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError) as exc:
            raise DataCenterError(f"压缩包“{name}”无法打开（{exc}）") from None
        except NotImplementedError:
            raise DataCenterError(
                f"压缩包“{name}”使用了不支持的压缩方式或加密，请重新压缩（ZIP，不加密）"
            ) from None
    if not out:
        raise DataCenterError(
            "没有可导入的文件：请选择年度报告文件（文本、网页、Word、PDF）或包含它们的 ZIP 压缩包"
        )
    return out


# -- fetching from an intranet mirror -------------------------------------------------

FETCH_TIMEOUT = 30


def fetch_hosts() -> list[str]:
    """Hosts reports may be fetched from (``DATACENTER_FETCH_HOSTS``); none: off."""
    return [h.lower() for h in settings.DATACENTER_FETCH_HOSTS]


def check_url(url: str) -> str:
    """``url`` if it is http(s) on an allowed host, else a Chinese refusal."""
    url = url.strip()
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise DataCenterError(f"“{url[:80]}”不是 http 或 https 网址", field="urls")
    if parts.hostname.lower() not in fetch_hosts():
        raise DataCenterError(
            f"“{parts.hostname}”不在管理员允许下载的主机之列（DATACENTER_FETCH_HOSTS）",
            field="urls",
        )
    # a pasted address may hold Chinese: percent-encode it (what is encoded stays)
    safe = "/%:@!$&'()*+,;=-._~?"
    return urllib.parse.urlunsplit(
        parts._replace(
            path=urllib.parse.quote(parts.path, safe=safe),
            query=urllib.parse.quote(parts.query, safe=safe),
        )
    )


class _AllowedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only to an allowed host."""

    def redirect_request(
        self, req: Any, fp: Any, code: int, msg: str, headers: Any, newurl: str
    ) -> Any:
        check_url(urllib.parse.urljoin(req.full_url, newurl))
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def fetch(url: str) -> bytes:
    """The file at ``url`` (an allowed host), at most the parser's size limit."""
    # no proxy from the environment: the mirror is on the intranet
    opener = urllib.request.build_opener(
        urllib.request.ProxyHandler({}), _AllowedRedirects()
    )
    request = urllib.request.Request(check_url(url), headers={"User-Agent": "Gongkai"})  # noqa: S310 (scheme checked)
    try:
        with opener.open(request, timeout=FETCH_TIMEOUT) as response:
            data: bytes = response.read(MAX_FILE_BYTES + 1)
    except DataCenterError:
        raise
    except (OSError, ValueError, http.client.HTTPException) as exc:
        raise DataCenterError(f"无法下载：{exc}") from None
    if len(data) > MAX_FILE_BYTES:
        raise DataCenterError(f"文件超过 {MAX_FILE_BYTES // 1024 // 1024} MB 的上限")
    return data


def url_list(text: str) -> list[str]:
    """The URLs of a pasted list (one a line), each checked."""
    urls = [line.strip() for line in text.splitlines() if line.strip()]
    if urls and not fetch_hosts():
        raise DataCenterError("管理员未开启从内网镜像下载报告的功能", field="urls")
    if len(urls) > MAX_FILES:
        raise DataCenterError(
            f"一次最多导入 {MAX_FILES} 个文件，请分批提交", field="urls"
        )
    return [check_url(u) for u in urls]


@transaction.atomic
def import_job_create(
    *,
    owner: AnyUser,
    scope: str,
    uploads: list[tuple[str, bytes]],
    now: dt.datetime,
    urls: list[str] | None = None,
) -> ImportJob:
    """Store an upload and queue each new file for the worker.

    A file whose content (SHA-256) is already in the scope — or earlier in the
    same upload — is recorded as a duplicate and not parsed again. ``urls``
    (allowed intranet hosts only) are queued too; the worker fetches them.
    """
    user = staff_user(owner)
    if scope not in permissions.upload_scopes(user):
        raise DataCenterError("您不能向这个数据范围上传报告。", field="scope")
    urls = [check_url(u) for u in urls or []]
    files = expand_uploads(uploads) if uploads or not urls else []
    workspace = None
    if scope.startswith("agency:"):
        workspace = Agency.objects.get(pk=int(scope.split(":", 1)[1]))
    job = ImportJob.objects.create(
        owner=user, scope=scope, workspace=workspace, created_at=now
    )
    hashes = [hashlib.sha256(data).hexdigest() for _name, data in files]
    known: dict[str, ImportFile] = {
        f.sha256: f
        for f in ImportFile.objects.filter(job__scope=scope, sha256__in=set(hashes))
        .exclude(status=ImportFile.Status.DUPLICATE)
        .order_by("-pk")
    }
    queued: list[int] = []
    for (name, data), digest in zip(files, hashes, strict=True):
        row = ImportFile(job=job, name=name[:255], sha256=digest, size=len(data))
        first = known.get(digest)
        if first is not None:
            row.status = ImportFile.Status.DUPLICATE
            row.duplicate_of = first
            row.message = f"与已上传的文件“{first.name}”内容完全相同，未重复导入"
            row.finished_at = now
            row.save()
            continue
        suffix = PurePosixPath(name).suffix.lower()[:8]
        row.content.save(f"{digest}{suffix}", ContentFile(data), save=False)
        row.save()
        known[digest] = row
        queued.append(row.pk)
    for url in urls:
        name = PurePosixPath(urllib.parse.urlsplit(url).path).name or url
        row = ImportFile.objects.create(
            job=job, name=urllib.parse.unquote(name)[:255], source_url=url, size=0
        )
        queued.append(row.pk)

    _enqueue(queued)
    return job


def _enqueue(file_ids: list[int]) -> None:
    def enqueue() -> None:
        from gongkai.datacenter.tasks import parse_import_file

        for pk in file_ids:
            parse_import_file.enqueue(pk)

    transaction.on_commit(enqueue)


#: A file parses in seconds; one still 排队中 or 解析中 after this lost its task
#: (a worker killed mid-parse, a queue wiped): it may be queued again.
STUCK_AFTER = dt.timedelta(minutes=30)


def stuck_files(job: ImportJob, *, now: dt.datetime) -> models.QuerySet[ImportFile]:
    """The job's files whose parse has not finished long after it should have."""
    before = now - STUCK_AFTER
    return job.files.filter(
        models.Q(status=ImportFile.Status.PARSING, started_at__lt=before)
        | models.Q(status=ImportFile.Status.QUEUED, job__created_at__lt=before)
    )


@transaction.atomic
def import_job_requeue(*, job: ImportJob, now: dt.datetime) -> int:
    """Queue the job's stuck files again (``stuck_files``); returns how many.

    A file 排队中 whose first task is still waiting is claimed once only (the
    claim in ``import_file_parse`` is conditional on 排队中); a file 解析中 for
    ``STUCK_AFTER`` is taken as lost with its worker.
    """
    ids = list(
        stuck_files(job, now=now).select_for_update().values_list("pk", flat=True)
    )
    ImportFile.objects.filter(pk__in=ids).update(
        status=ImportFile.Status.QUEUED, started_at=None
    )
    _enqueue(ids)
    return len(ids)


# -- parsing (in the worker) --------------------------------------------------------


def match_agency(name: str) -> Agency | None:
    """The installation's agency a report names: full name, else a unique short name."""
    exact = Agency.objects.filter(name=name).first()
    if exact is not None:
        return exact
    short = list(Agency.objects.filter(short_name=name)[:2])
    return short[0] if len(short) == 1 else None


def _deadline(report: Report, agency: Agency | None) -> dt.date:
    government = (
        agency.kind == Agency.Kind.GOVERNMENT
        if agency is not None
        else report.agency.endswith("人民政府")
    )
    return statutory_deadline(report.year, government=government).date


def _finding_dicts(
    source: str, found: list[Finding] | tuple[Finding, ...]
) -> list[Any]:
    return [{**f.to_dict(), "source": source, "name": rule_name(f.rule)} for f in found]


_RANK = {Severity.ERROR.value: 0, Severity.WARNING.value: 1, Severity.INFO.value: 2}


def report_of(obj: CollectedReport) -> Report:
    return jsonio.report_from_dict(obj.data)


def _previous(obj: CollectedReport) -> CollectedReport | None:
    return CollectedReport.objects.filter(
        scope=obj.scope, agency_name=obj.agency_name, year=obj.year - 1
    ).first()


def _following(obj: CollectedReport) -> CollectedReport | None:
    return CollectedReport.objects.filter(
        scope=obj.scope, agency_name=obj.agency_name, year=obj.year + 1
    ).first()


def refresh_findings(obj: CollectedReport) -> None:
    """Recompute the rules' findings (with last year's report, if collected)
    and the main figures."""
    previous = _previous(obj)
    report = report_of(obj)
    obj.figures = {
        key: (float(v) if isinstance(v, Decimal) else v)
        for key, v in main_figures(report).items()
    }
    found = checked(
        report,
        report_of(previous) if previous is not None else None,
        frozenset(obj.absent),
    )
    rules = _finding_dicts(SOURCE_CHECK, found)
    every = sorted([*obj.parse_findings, *rules], key=lambda f: _RANK[f["severity"]])
    obj.findings = every
    obj.errors = sum(1 for f in every if f["severity"] == Severity.ERROR.value)
    obj.warnings = sum(1 for f in every if f["severity"] == Severity.WARNING.value)
    obj.infos = sum(1 for f in every if f["severity"] == Severity.INFO.value)


_FILE_STATUS = {
    PARSED: ImportFile.Status.PARSED,
    TEMPLATE: ImportFile.Status.TEMPLATE,
    REFUSED: ImportFile.Status.REFUSED,
    UNREADABLE: ImportFile.Status.UNREADABLE,
}


def import_file_parse(*, file_id: int, now: dt.datetime) -> ImportFile:
    """Parse one queued file into a collected report (the worker's job).

    The file is claimed with a conditional update, so a task run twice parses
    once. The parse itself runs outside any transaction; what it found is
    written in one.
    """
    claimed = ImportFile.objects.filter(
        pk=file_id, status=ImportFile.Status.QUEUED
    ).update(status=ImportFile.Status.PARSING, started_at=now)
    row = ImportFile.objects.select_related("job").get(pk=file_id)
    if not claimed:
        return row
    if row.source_url and not row.content:
        fetched = _fetch_into(row, now)
        if fetched is None:
            return row
        data = fetched
    else:
        with row.content.open("rb") as handle:
            data = handle.read()
    result = parse_bytes(data, row.name)
    with transaction.atomic():
        row.finished_at = now
        row.status = _FILE_STATUS[result.status]
        report = result.report
        if result.status != PARSED or report is None:
            row.message = result.error or "；".join(
                f.message for f in result.findings if f.rule == F.UNFILLED_TEMPLATE
            )
            row.save(update_fields=["status", "message", "finished_at"])
            return row
        agency = match_agency(report.agency)
        name = agency.name if agency is not None else report.agency
        existing = CollectedReport.objects.filter(
            scope=row.job.scope, agency_name=name, year=report.year
        ).first()
        if existing is not None:
            row.status = ImportFile.Status.DUPLICATE
            row.duplicate_of = existing.file
            row.message = (
                f"{name}{report.year}年度的报告已由文件“{existing.file.name}”导入，"
                "未重复导入"
            )
            row.save(update_fields=["status", "message", "duplicate_of", "finished_at"])
            return row
        data_dict = jsonio.report_to_dict(report)
        obj = CollectedReport(
            file=row,
            scope=row.job.scope,
            agency=agency,
            agency_name=name,
            region_path=agency.path if agency is not None else "",
            year=report.year,
            format=report.format.id,
            source_kind=result.source_kind,
            data=data_dict,
            parsed=data_dict,
            provenance=dict(report.provenance),
            units=dict(result.units),
            absent=sorted(result.absent),
            parse_findings=_finding_dicts(SOURCE_PARSE, result.findings),
            dated=result.dated,
            deadline=_deadline(report, agency),
            created_at=now,
        )
        refresh_findings(obj)
        try:
            with transaction.atomic():
                obj.save()
        except IntegrityError:  # the same agency-year, parsed at the same moment
            row.status = ImportFile.Status.DUPLICATE
            row.message = f"{name}{report.year}年度的报告已导入，未重复导入"
            row.save(update_fields=["status", "message", "finished_at"])
            return row
        row.save(update_fields=["status", "finished_at"])
        following = _following(obj)
        if following is not None:  # its carry-over can be checked now
            refresh_findings(following)
            following.save(
                update_fields=["findings", "errors", "warnings", "infos", "figures"]
            )
    return row


def _fetch_into(row: ImportFile, now: dt.datetime) -> bytes | None:
    """Fetch a queued URL into the file's content; None when it ended there
    (not fetched, or a duplicate)."""
    try:
        data = fetch(row.source_url)
    except DataCenterError as exc:
        row.status = ImportFile.Status.UNREADABLE
        row.message = exc.message_zh
        row.finished_at = now
        row.save(update_fields=["status", "message", "finished_at"])
        return None
    digest = hashlib.sha256(data).hexdigest()
    row.sha256, row.size = digest, len(data)
    first = (
        ImportFile.objects.filter(job__scope=row.job.scope, sha256=digest)
        .exclude(pk=row.pk)
        .exclude(status=ImportFile.Status.DUPLICATE)
        .first()
    )
    if first is not None:
        row.status = ImportFile.Status.DUPLICATE
        row.duplicate_of = first
        row.message = f"与已导入的文件“{first.name}”内容完全相同，未重复导入"
        row.finished_at = now
        row.save(
            update_fields=[
                "sha256",
                "size",
                "status",
                "duplicate_of",
                "message",
                "finished_at",
            ]
        )
        return None
    suffix = PurePosixPath(row.name).suffix.lower()[:8]
    row.content.save(f"{digest}{suffix}", ContentFile(data), save=False)
    row.save(update_fields=["sha256", "size", "content"])
    return data


# -- corrections -------------------------------------------------------------------

MAX_LITERAL = 20


def cell_value(text: str, kind: CellKind) -> Cell:
    """What a person typed into a cell: blank, a figure of the column's kind, or
    a short literal (“/”, “—”, “无”)."""
    text = text.strip().replace(",", "").replace("，", "")
    if not text:
        return None
    try:
        number = Decimal(text)
    except InvalidOperation:
        if len(text) > MAX_LITERAL:
            raise DataCenterError(
                f"不是数字；文字内容（如“/”）不能超过 {MAX_LITERAL} 个字", field="value"
            ) from None
        return text
    if not number.is_finite():
        raise DataCenterError("不是有效的数字", field="value")
    if kind is CellKind.MONEY:
        if number < 0:
            raise DataCenterError("金额不能为负数", field="value")
        return number
    if number != number.to_integral_value():
        raise DataCenterError("件数必须是整数", field="value")
    if kind is CellKind.COUNT and number < 0:
        raise DataCenterError("件数不能为负数", field="value")
    return int(number)


def _json(cell: Cell) -> Any:
    return str(cell) if isinstance(cell, Decimal) else cell


@dataclass(frozen=True)
class _Located:
    kind: CellKind
    parsed: Cell
    current: Cell


def _locate(obj: CollectedReport, report: Report, ref: str) -> _Located:
    info = next((c for c in report.cells() if c.ref == ref), None)
    if info is None:
        raise DataCenterError("没有这个单元格", field="ref")
    try:
        parsed = jsonio.report_from_dict(obj.parsed).get(ref)
    except AnnualError:
        parsed = None
    return _Located(info.column.kind, parsed, info.value)


@transaction.atomic
def report_correct_cell(
    *,
    report: CollectedReport,
    ref: str,
    value: str,
    reason: str,
    acting_user: AnyUser,
    now: dt.datetime,
) -> CellCorrection:
    """Correct one cell of a collected report; the parsed value is kept.

    The rules' findings of the report (and of the next year's, whose
    carry-over reads it) are recomputed.
    """
    user = staff_user(acting_user)
    obj = CollectedReport.objects.select_for_update().get(pk=report.pk)
    if not permissions.can_view_scope(user, obj.scope):
        raise DataCenterError("您不能更正这份报告。")
    reason = reason.strip()
    if not reason:
        raise DataCenterError(
            "请说明更正的理由（例如：原文第 3 页表三该格为 12）", field="reason"
        )
    data = report_of(obj)
    located = _locate(obj, data, ref)
    new = cell_value(value, located.kind)
    if new == located.current and type(new) is type(located.current):
        raise DataCenterError("更正值与现值相同", field="value")
    data.set(ref, new)
    try:
        obj.data = jsonio.report_to_dict(data)
        jsonio.report_from_dict(obj.data)
    except AnnualError as exc:
        raise DataCenterError(str(exc), field="value") from None
    refresh_findings(obj)
    obj.save(
        update_fields=["data", "findings", "errors", "warnings", "infos", "figures"]
    )
    following = _following(obj)
    if following is not None:
        refresh_findings(following)
        following.save(
            update_fields=["findings", "errors", "warnings", "infos", "figures"]
        )
    return CellCorrection.objects.create(
        report=obj,
        ref=ref,
        parsed_value=_json(located.parsed),
        previous_value=_json(located.current),
        corrected_value=_json(new),
        reason=reason,
        actor=user,
        at=now,
    )
