"""Importing an agency's past records from Excel: upload → validate (worker) →
preview → commit (worker, one transaction) .

- ``import_upload`` stores the file and queues ``import_validate``.
- ``import_validate`` reads every row, lists every problem (row, column,
  Chinese message), counts what is new and what was imported before (same
  登记号 in the agency: skipped), and computes the effect on table 三.
- ``import_confirm`` (the person, after the preview) queues ``import_commit``.
- ``import_commit`` writes every new record and its first event in one
  transaction: all rows or none. A file with any problem writes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from pathlib import PurePath
from typing import Any

from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from gongkai.accounts.users import AnyUser, staff_user
from gongkai.agencies.models import Agency
from gongkai.bulk import copy_insert
from gongkai.cases import clocks as case_clocks
from gongkai.cases.models import Case, CaseEvent, Channel, Status
from gongkai.cases.selectors import table3_counts
from gongkai.cases.services.intake import new_query_code
from gongkai.imports import applications as rows_mod
from gongkai.imports import catalogue as catalogue_mod
from gongkai.imports import disputes as disputes_mod
from gongkai.imports.errors import ImportRefused
from gongkai.imports.models import ImportBatch, Kind
from gongkai.imports.permissions import can_import
from gongkai.imports.sheets import SheetError, read_rows
from gongkai.workdays.calendar import WorkCalendar

MAX_BYTES = 20 * 1024 * 1024
#: Problems kept on the batch (a file of errors is better fixed in bulk).
MAX_PROBLEMS = 500
#: Years shown in the preview: the most recent ones the file touches.
PREVIEW_YEARS = 5
BATCH_SIZE = 2000
CONFIRMATION_METHOD = "导入历史记录"
#: Channels whose Art. 31 receipt is the confirmation day: imported with it.
CONFIRMED_CHANNELS = {Channel.POST_PLAIN, Channel.FAX, Channel.EMAIL, Channel.ONLINE}


def _now(now: dt.datetime | None) -> dt.datetime:
    return now or timezone.now()


@transaction.atomic
def import_upload(
    *,
    agency: Agency,
    kind: Kind | str,
    upload: UploadedFile[bytes],
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    max_bytes: int | None = MAX_BYTES,
    enqueue: bool = True,
) -> ImportBatch:
    """Store an uploaded workbook and queue its validation in the worker.

    The command line (``gongkai import_records``) lifts the size limit and
    runs the steps itself (``enqueue=False``).
    """
    now = _now(now)
    if not can_import(acting_user, agency):
        raise ImportRefused("只有本机关的负责人或机关管理员可以导入历史记录。")
    name = PurePath(upload.name or "").name
    if PurePath(name).suffix.lower() != ".xlsx":
        raise ImportRefused(
            "请上传 .xlsx 格式的文件（用本系统的模板填写）。", field="file"
        )
    if not upload.size:
        raise ImportRefused("文件是空的。", field="file")
    if max_bytes is not None and upload.size > max_bytes:
        raise ImportRefused(
            "文件不能超过20MB；更大的文件请用命令行导入。", field="file"
        )
    data = upload.read()
    upload.seek(0)
    if not data.startswith(b"PK\x03\x04"):
        raise ImportRefused("文件内容不是 .xlsx 工作簿。", field="file")
    batch = ImportBatch(
        agency=agency,
        kind=Kind(kind),
        original_name=name[:200],
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=staff_user(acting_user),
        uploaded_at=now,
    )
    batch.file.save(name, upload, save=False)
    batch.save()
    pk = batch.pk

    def queue() -> None:
        from gongkai.imports.tasks import validate_import

        validate_import.enqueue(pk)

    if enqueue:
        transaction.on_commit(queue)
    return batch


def _read(batch: ImportBatch, today: dt.date) -> tuple[list[Any], list[Any], int]:
    """(records, problems, rows) of the batch's file."""
    with batch.file.open("rb") as handle:
        data = handle.read()
    module: Any = _module(batch)
    parsed: list[Any] = []
    problems: list[rows_mod.Problem] = []
    count = 0
    for row in read_rows(data, module.COLUMNS):
        count += 1
        result = module.parse_row(row, today=today)
        if isinstance(result, list):
            problems.extend(result)
        else:
            parsed.append(result)
    if batch.kind == Kind.DISPUTES:
        problems.extend(disputes_mod.repeated(parsed))
    if batch.kind == Kind.CATALOGUE:
        problems.extend(catalogue_mod.check(batch.agency, parsed))
    repeated = Counter(a.number for a in parsed if batch.kind == Kind.APPLICATIONS)
    for a in parsed if batch.kind == Kind.APPLICATIONS else ():
        if repeated[a.number] > 1:
            problems.append(
                rows_mod.Problem(
                    a.row,
                    "登记号",
                    f"登记号“{a.number}”在文件中出现了{repeated[a.number]}次。",
                )
            )
    if count == 0:
        problems.append(rows_mod.Problem(0, "", "文件中没有数据行。"))
    problems.sort(key=lambda p: (p.row, p.column))
    return parsed, problems, count


def _existing_numbers(agency: Agency, numbers: list[str]) -> set[str]:
    found: set[str] = set()
    for start in range(0, len(numbers), 5000):
        chunk = numbers[start : start + 5000]
        found.update(
            Case.objects.filter(agency=agency, number__in=chunk).values_list(
                "number", flat=True
            )
        )
    return found


def _words(exc: ValidationError | PermissionDenied) -> str:
    if isinstance(exc, ValidationError):
        return "；".join(exc.messages)
    return str(exc) or "没有权限。"


def _module(batch: ImportBatch) -> Any:
    """The kind's columns and row checks (and, but for applications, its writes)."""
    return {
        Kind.APPLICATIONS: rows_mod,
        Kind.DISPUTES: disputes_mod,
        Kind.CATALOGUE: catalogue_mod,
    }[Kind(batch.kind)]


def _new(batch: ImportBatch, parsed: list[Any]) -> list[Any]:
    """The parsed records the agency does not have yet (by their key)."""
    if batch.kind != Kind.APPLICATIONS:
        module = _module(batch)
        have = module.existing_keys(batch.agency, parsed)
        return [d for d in parsed if module.key(d) not in have]
    existing = _existing_numbers(batch.agency, [a.number for a in parsed])
    return [a for a in parsed if a.number not in existing]


def preview_table3(
    agency: Agency, new: list[rows_mod.Application]
) -> dict[str, list[dict[str, Any]]]:
    """Per year the file touches (the latest few): each affected row of table 三
    with its total now, what the file adds, and the total after the import."""
    result: dict[str, list[dict[str, Any]]] = {}
    years = rows_mod.years_touched(new)[-PREVIEW_YEARS:]
    for year in years:
        now_counts = table3_counts([agency], year)[agency.pk]
        adds = rows_mod.tally(new, year)
        keys = [
            *rows_mod.PERIOD_ROWS[:2],
            *(
                k
                for k in rows_mod.FORMAT_2021.leaf_outcomes
                if adds.total(k) or sum(now_counts.get(k, {}).values())
            ),
            *rows_mod.PERIOD_ROWS[2:],
        ]
        lines = []
        for key in keys:
            if key == "total":
                before = sum(
                    sum(now_counts.get(k, {}).values())
                    for k in rows_mod.FORMAT_2021.leaf_outcomes
                )
            else:
                before = sum(now_counts.get(key, {}).values())
            add = adds.total(key)
            lines.append(
                {
                    "key": key,
                    "label": rows_mod.row_label(key),
                    "before": before,
                    "adds": add,
                    "after": before + add,
                }
            )
        result[str(year)] = lines
    return result


def import_validate(*, batch_id: int, now: dt.datetime | None = None) -> ImportBatch:
    """Check every row of the file; store the problems or the preview."""
    now = _now(now)
    batch = ImportBatch.objects.select_related("agency").get(pk=batch_id)
    if batch.status != ImportBatch.Status.PENDING:
        return batch
    try:
        parsed, problems, count = _read(batch, timezone.localdate(now))
    except SheetError as exc:
        batch.status = ImportBatch.Status.INVALID
        batch.problems = [rows_mod.Problem(0, "", exc.message_zh).as_dict()]
        batch.save(update_fields=["status", "problems"])
        return batch
    except Exception:
        # A fault of ours, not of the file: say so rather than wait forever.
        batch.status = ImportBatch.Status.FAILED
        batch.message = "校验时出错，未导入任何记录；请联系系统管理员。"
        batch.save(update_fields=["status", "message"])
        raise
    new = _new(batch, parsed)
    batch.rows = count
    batch.skipped_rows = len(parsed) - len(new)
    batch.new_rows = len(new)
    batch.problems = [p.as_dict() for p in problems[:MAX_PROBLEMS]]
    if problems:
        batch.status = ImportBatch.Status.INVALID
        batch.message = (
            f"共{len(problems)}处错误，涉及{len({p.row for p in problems})}行。"
        )
    else:
        batch.status = ImportBatch.Status.VALID
        try:
            batch.preview = (
                preview_table3(batch.agency, new)
                if batch.kind == Kind.APPLICATIONS
                else _module(batch).preview(batch.agency, new, batch.uploaded_by, now)
            )
        except (ValidationError, PermissionDenied) as exc:
            batch.status = ImportBatch.Status.INVALID
            batch.problems = [rows_mod.Problem(0, "", _words(exc)).as_dict()]
        batch.message = ""
    batch.save()
    return batch


@transaction.atomic
def import_confirm(
    *,
    batch: ImportBatch,
    acting_user: AnyUser,
    now: dt.datetime | None = None,
    enqueue: bool = True,
) -> ImportBatch:
    """After the preview: queue the commit (once; a second click changes nothing)."""
    now = _now(now)
    if not can_import(acting_user, batch.agency):
        raise ImportRefused("只有本机关的负责人或机关管理员可以导入历史记录。")
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, status=ImportBatch.Status.VALID
    ).update(
        status=ImportBatch.Status.COMMITTING,
        committed_by=staff_user(acting_user),
        committed_at=now,
    )
    batch.refresh_from_db()
    if not claimed:
        raise ImportRefused(
            f"该文件当前状态为“{batch.get_status_display()}”，不能导入。"
        )
    pk = batch.pk

    def queue() -> None:
        from gongkai.imports.tasks import commit_import

        commit_import.enqueue(pk)

    if enqueue:
        transaction.on_commit(queue)
    return batch


def _case(
    batch: ImportBatch, a: rows_mod.Application, user: User, calendar: WorkCalendar
) -> Case:
    closed = a.closed_on is not None
    case = Case(
        agency=batch.agency,
        number=a.number,
        query_code=new_query_code(),
        status=Status.ARCHIVED if closed else Status.REGISTERED,
        applicant_type=a.applicant_type,
        applicant_name=a.applicant_name,
        id_type=a.id_type,
        id_number=a.id_number,
        phone=a.phone,
        description=a.description,
        channel=a.channel,
        arrived_on=a.received_on,
        signed_on=a.received_on if a.channel == Channel.POST_SIGNED else None,
        confirmed_on=a.received_on if a.channel in CONFIRMED_CHANNELS else None,
        confirmation_method=CONFIRMATION_METHOD
        if a.channel in CONFIRMED_CHANNELS
        else "",
        registered_by=user,
        outcome=a.outcome,
        closed_on=a.closed_on,
        archived_on=a.closed_on,
    )
    if not closed:
        case_clocks.apply_clocks(
            case, case_clocks.case_clocks(case, consultations=[], calendar=calendar)
        )
    case.received_on = a.received_on
    return case


def import_commit(*, batch_id: int, now: dt.datetime | None = None) -> ImportBatch:
    """Write every new row of the file and its first event, all in one transaction.

    The file is read and checked again (the records may have changed since the
    preview: a 登记号 imported meanwhile is skipped). Any problem or failure
    writes nothing and marks the batch failed, with the reason.
    """
    now = _now(now)
    batch = ImportBatch.objects.select_related("agency", "committed_by").get(
        pk=batch_id
    )
    if batch.status != ImportBatch.Status.COMMITTING:
        return batch
    user = batch.committed_by or batch.uploaded_by
    try:
        with transaction.atomic():
            parsed, problems, _ = _read(batch, timezone.localdate(now))
            if problems:
                raise ImportRefused(
                    f"文件校验未通过（{len(problems)}处错误），未写入任何记录。"
                )
            new = _new(batch, parsed)
            if batch.kind == Kind.APPLICATIONS:
                created = _write(batch, new, user, now)
            else:
                created = _module(batch).write(
                    batch.agency, new, user, now, f"自Excel导入：{batch.original_name}"
                )
    except (ImportRefused, SheetError) as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.message = exc.message_zh
        batch.save(update_fields=["status", "message"])
        return batch
    except (ValidationError, PermissionDenied) as exc:
        # A service's own check refused a row: nothing written, its words shown.
        batch.status = ImportBatch.Status.FAILED
        batch.message = "未导入任何记录：" + _words(exc)
        batch.save(update_fields=["status", "message"])
        return batch
    except Exception as exc:
        batch.status = ImportBatch.Status.FAILED
        batch.message = (
            f"写入时出错，全部记录已撤销，未导入任何一行：{type(exc).__name__}"
        )
        batch.save(update_fields=["status", "message"])
        raise
    batch.status = ImportBatch.Status.COMMITTED
    batch.created_rows = created
    batch.skipped_rows = len(parsed) - created
    batch.message = f"已导入{created}件，跳过已导入过的{len(parsed) - created}件。"
    batch.save(update_fields=["status", "created_rows", "skipped_rows", "message"])
    return batch


def _write(
    batch: ImportBatch, new: list[rows_mod.Application], user: User, now: dt.datetime
) -> int:
    label = user.get_full_name() or user.get_username()
    # One calendar for the whole file (it was read again for every open row):
    # the import is one transaction, so the calendar cannot change under it.
    calendar = case_clocks.calendar_for(batch.agency)
    for start in range(0, len(new), BATCH_SIZE):
        chunk = new[start : start + BATCH_SIZE]
        # COPY on PostgreSQL (an 86-column case quoted in Python by
        # bulk_create was two thirds of the commit), the ids drawn first.
        cases = copy_insert(
            Case, [_case(batch, a, user, calendar) for a in chunk], assign_ids=True
        )
        CaseEvent.objects.bulk_append(
            [
                CaseEvent(
                    case=case,
                    kind=CaseEvent.Kind.REGISTERED,
                    actor=user,
                    actor_label=label,
                    at=now,
                    status_before="",
                    status_after=case.status,
                    reason=f"自Excel导入：{batch.original_name} 第{a.row}行",
                    data={
                        "source": "excel_import",
                        "import_batch": batch.pk,
                        "file": batch.original_name,
                        "sha256": batch.sha256,
                        "row": a.row,
                        "outcome": a.outcome,
                        "closed_on": a.closed_on.isoformat() if a.closed_on else None,
                    },
                    due_after=case.due_on,
                    clocks_after=case.clocks,
                )
                for case, a in zip(cases, chunk, strict=True)
            ]
        )
    return len(new)
