"""Staff endpoints: one agency's records through its token, as its person may.

The token's agency bounds every query (``_agency_cases``, ``_agency_items``);
within it, the permission functions and services the staff pages use decide,
called with the person the token acts as. Identity numbers and phones are
always masked; a natural person's name is masked unless that person does the
agency's case work (``gongkai.cases.privacy``), as on the staff pages.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpRequest
from ninja import Query, Router, Status

from gongkai.accounts.permissions import can_view_agency, casework_agency_ids
from gongkai.api.errors import ApiInputError
from gongkai.api.main import TokenAuth
from gongkai.api.models import ApiToken
from gongkai.api.public import paged
from gongkai.api.schemas import (
    ApplicationCreated,
    ApplicationDetail,
    ApplicationIn,
    ApplicationSummary,
    DraftIn,
    DraftOut,
    Error,
    Page,
    PageParams,
)
from gongkai.cases.forms import StaffRegistrationForm
from gongkai.cases.models import Case
from gongkai.cases.permissions import cases_visible_to
from gongkai.cases.privacy import (
    applicant_name_for,
    mask_id_number,
    mask_phone,
    text_for,
)
from gongkai.cases.selectors import with_related
from gongkai.cases.services import ApplicationDetails, case_register
from gongkai.disclosure.models import Category, Item
from gongkai.disclosure.permissions import items_visible_to
from gongkai.disclosure.services import item_create

router = Router(tags=["工作数据（令牌）"], auth=TokenAuth())

ERRORS: dict[int, Any] = {401: Error, 403: Error, 404: Error}
WRITE_ERRORS: dict[int, Any] = ERRORS | {409: Error, 422: Error}


def _token(request: HttpRequest) -> ApiToken:
    token = request.auth  # type: ignore[attr-defined]
    assert isinstance(token, ApiToken)
    if not can_view_agency(token.acting_as, token.agency):
        raise PermissionDenied("令牌所代表的工作人员无权查看本机关的数据。")
    return token


def _writable(request: HttpRequest) -> ApiToken:
    token = _token(request)
    if not token.writes:
        raise PermissionDenied("该令牌为只读，不能写入。")
    return token


def _agency_cases(token: ApiToken) -> QuerySet[Case]:
    return with_related(cases_visible_to(token.acting_as).filter(agency=token.agency))


def case_out(case: Case, casework: Collection[int]) -> dict[str, Any]:
    """A case as the token's person may read it: identity number and phone
    masked always, a natural person's name unless that person does the
    agency's case work (``casework``: their case-work agencies)."""
    return {
        "id": case.pk,
        "number": case.number,
        "status": case.status,
        "status_label": case.get_status_display(),
        "channel": case.channel,
        "applicant_type": case.applicant_type,
        "applicant_name": applicant_name_for(case, casework),
        "id_number_masked": mask_id_number(case.id_number),
        "phone_masked": mask_phone(case.phone),
        "description": text_for(case, case.description, casework),
        "arrived_on": case.arrived_on,
        "received_on": case.received_on,
        "due_on": case.due_on,
        "outcome": case.outcome,
        "closed_on": case.closed_on,
    }


@router.get(
    "/applications",
    response={200: Page[ApplicationSummary]} | ERRORS,
    summary="本机关的依申请公开件",
)
def applications(
    request: HttpRequest,
    page: Query[PageParams],
    status: str | None = None,
    year: int | None = Query(None, ge=1900, le=2999),
) -> dict[str, Any]:
    """按状态（status）、收到申请的年度（year）筛选；证件号码和电话已脱敏。"""
    token = _token(request)
    qs = _agency_cases(token)
    if status:
        qs = qs.filter(status=status)
    if year is not None:
        qs = qs.filter(received_on__year=year)
    casework = casework_agency_ids(token.acting_as)
    return paged(
        qs.order_by("-arrived_on", "-pk"), page, lambda c: case_out(c, casework)
    )


@router.get(
    "/applications/{int:pk}",
    response={200: ApplicationDetail} | ERRORS,
    summary="申请详情、办理记录和期限",
    url_name="staff-application",
)
def application(request: HttpRequest, pk: int) -> dict[str, Any]:
    token = _token(request)
    case = _agency_cases(token).filter(pk=pk).first()
    if case is None:
        raise Http404
    events = case.events.select_related("actor").order_by("at", "pk")
    return case_out(case, casework_agency_ids(token.acting_as)) | {
        "assignee": case.assignee.get_username() if case.assignee else None,
        "clocks": case.clocks,
        "clock_error": case.clock_error,
        "events": [
            {
                "kind": e.kind,
                "kind_label": e.get_kind_display(),
                "at": e.at,
                "actor": e.actor_label,
                "status_before": e.status_before,
                "status_after": e.status_after,
                "reason": e.reason,
                "due_before": e.due_before,
                "due_after": e.due_after,
            }
            for e in events
        ],
    }


@router.post(
    "/applications",
    response={201: ApplicationCreated, 200: ApplicationCreated} | WRITE_ERRORS,
    summary="登记从其他受理系统收到的申请",
)
def application_create(request: HttpRequest, payload: ApplicationIn) -> Status:
    """与工作人员网页登记相同的校验；同一 idempotency_key 重复提交只登记一次（返回 200）。"""
    token = _writable(request)
    existing = Case.objects.filter(idempotency_token=payload.idempotency_key).first()
    if existing is not None:
        if existing.agency_id != token.agency_id:
            raise ApiInputError(
                "该 idempotency_key 已被使用。", field="idempotency_key"
            )
        casework = casework_agency_ids(token.acting_as)
        return Status(200, case_out(existing, casework) | {"created": False})
    data = payload.model_dump()
    data["agency"] = token.agency.pk
    data["token"] = data.pop("idempotency_key")
    form = StaffRegistrationForm(
        data={k: ("" if v is None else v) for k, v in data.items()},
        agencies=type(token.agency).objects.filter(pk=token.agency.pk),
    )
    if not form.is_valid():
        raise ValidationError({k: [str(m) for m in v] for k, v in form.errors.items()})
    clean = form.cleaned_data
    case = case_register(
        agency=token.agency,
        details=ApplicationDetails.from_mapping(clean),
        channel=clean["channel"],
        arrived_on=clean["arrived_on"],
        signed_on=clean.get("signed_on"),
        confirmed_on=clean.get("confirmed_on"),
        confirmation_method=clean.get("confirmation_method", ""),
        token=clean["token"],
        acting_user=token.acting_as,
        source=f"接口令牌：{token.name}（{token.prefix}）",
    )
    casework = casework_agency_ids(token.acting_as)
    return Status(201, case_out(case, casework) | {"created": True})


def _agency_items(token: ApiToken) -> QuerySet[Item]:
    return (
        items_visible_to(token.acting_as)
        .filter(agency=token.agency)
        .select_related("category")
    )


def draft_out(item: Item) -> dict[str, Any]:
    return {
        "id": item.pk,
        "status": item.status,
        "status_label": item.get_status_display(),
        "title": item.title,
        "generated_on": item.generated_on,
        "publication_due": item.publication_due,
        "category": {"code": item.category.code, "name": item.category.name},
        "art20_item": item.art20_item,
    }


@router.get(
    "/catalogue/drafts",
    response={200: Page[DraftOut]} | ERRORS,
    summary="本机关未发布的主动公开信息",
)
def drafts(request: HttpRequest, page: Query[PageParams]) -> dict[str, Any]:
    unpublished = [
        Item.Status.DRAFT,
        Item.Status.REVIEWING,
        Item.Status.APPROVING,
        Item.Status.APPROVED,
    ]
    qs = _agency_items(_token(request)).filter(status__in=unpublished)
    return paged(qs.order_by("-pk"), page, draft_out)


@router.post(
    "/catalogue/drafts",
    response={201: DraftOut} | WRITE_ERRORS,
    summary="起草主动公开信息",
)
def draft_create(request: HttpRequest, payload: DraftIn) -> Status:
    """与网页起草相同的校验和权限；草稿随后在网页上走保密审查、审核、发布。"""
    token = _writable(request)
    category = Category.objects.filter(
        agency=token.agency, code=payload.category_code
    ).first()
    if category is None:
        raise ApiInputError("本机关没有这个信息类别代码。", field="category_code")
    fields = payload.model_dump()
    fields.pop("category_code")
    item = item_create(
        agency=token.agency, acting_user=token.acting_as, category=category, **fields
    )
    return Status(201, draft_out(item))


@router.get("/whoami", response={200: dict[str, Any]} | ERRORS, summary="本令牌")
def whoami(request: HttpRequest) -> dict[str, Any]:
    token = _token(request)
    return {
        "agency_code": token.agency.code,
        "agency_name": token.agency.name,
        "name": token.name,
        "scope": token.scope,
        "acting_as": token.acting_as.get_username(),
        "expires_on": token.expires_on.isoformat(),
    }
