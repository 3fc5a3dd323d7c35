"""The shapes the API reads and writes (pydantic, through django-ninja)."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from ninja import Schema
from pydantic import Field


class ErrorBody(Schema):
    code: str = Field(description="稳定的错误代码，如 not_found、invalid、forbidden")
    message: str = Field(description="中文说明")
    fields: dict[str, list[str]] = Field(
        default_factory=dict, description="逐字段的中文说明（输入有误时）"
    )


class Error(Schema):
    error: ErrorBody


class AgencyOut(Schema):
    code: str
    name: str
    kind: str
    kind_label: str
    parent_code: str | None
    accepts_applications: bool


class ReportSummary(Schema):
    id: int
    agency_code: str | None
    agency_name: str
    year: int
    format: str
    aggregated: bool
    published_at: dt.datetime | None
    url: str = Field(description="本接口中该报告的地址")


class CategoryOut(Schema):
    code: str
    name: str


class CatalogueItemSummary(Schema):
    id: int
    agency_code: str
    agency_name: str
    index_number: str | None
    title: str
    doc_number: str
    generated_on: dt.date
    published_at: dt.datetime | None
    category: CategoryOut
    art20_item: str
    validity: str


class CatalogueItemDetail(CatalogueItemSummary):
    summary: str
    body: str
    publisher: str
    abolished_on: dt.date | None
    version_number: int


class CaseEventOut(Schema):
    kind: str
    kind_label: str
    at: dt.datetime
    actor: str
    status_before: str
    status_after: str
    reason: str
    due_before: dt.date | None
    due_after: dt.date | None


class ApplicationSummary(Schema):
    id: int
    number: str
    status: str
    status_label: str
    channel: str
    applicant_type: str
    applicant_name: str
    id_number_masked: str
    phone_masked: str
    description: str
    arrived_on: dt.date
    received_on: dt.date | None
    due_on: dt.date | None
    outcome: str
    closed_on: dt.date | None


class ApplicationDetail(ApplicationSummary):
    assignee: str | None
    clocks: dict[str, Any] = Field(description="各期限及其计算说明")
    clock_error: str
    events: list[CaseEventOut]


class ApplicationIn(Schema):
    """An application received by another intake system (portal, 12345, OA)."""

    idempotency_key: uuid.UUID = Field(
        description="调用方为每件申请生成的 UUID；重复提交同一个值只登记一次"
    )
    channel: str = Field(
        description="提交渠道：in_person、post_signed、post_plain、fax、email"
    )
    arrived_on: dt.date
    signed_on: dt.date | None = None
    confirmed_on: dt.date | None = None
    confirmation_method: str = ""
    applicant_type: str
    applicant_name: str
    id_type: str = "resident_id"
    id_number: str
    legal_representative: str = ""
    contact_person: str = ""
    phone: str
    email: str = ""
    address: str = ""
    postcode: str = ""
    description: str
    document_number: str = ""
    info_form: str = "electronic"
    delivery_way: str = "email"
    needs_assistance: bool = False


class ApplicationCreated(ApplicationSummary):
    created: bool = Field(description="false：此前已用同一 idempotency_key 登记")


class DraftIn(Schema):
    title: str
    summary: str
    generated_on: dt.date
    doc_number: str = ""
    publisher: str = ""
    category_code: str
    art20_item: str
    body: str = ""


class DraftOut(Schema):
    id: int
    status: str
    status_label: str
    title: str
    generated_on: dt.date
    publication_due: dt.date | None
    category: CategoryOut
    art20_item: str


class PageParams(Schema):
    limit: int = Field(50, ge=1, le=200, description="每页条数（1–200）")
    offset: int = Field(0, ge=0, le=10**9, description="跳过的条数")


class Page[T](Schema):
    items: list[T]
    count: int = Field(description="符合条件的总条数")
