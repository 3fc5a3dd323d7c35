"""Staff pages: the years kept, month-by-month views, the notice and region forms.

Every logged-in member of staff may look; who may change what is decided in
`gongkai.calendars.permissions`. A visitor who is not logged in is sent to the
login page; a logged-in user without the right gets 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.calendars import progress, selectors, services
from gongkai.calendars.forms import NoticeForm, RegionalDaysForm, RegionForm
from gongkai.calendars.loader import current_calendar
from gongkai.calendars.models import HolidayNotice, Region
from gongkai.calendars.permissions import (
    can_edit_national,
    can_edit_region,
    can_view_calendar,
)
from gongkai.workdays import UnknownYearError, WorkCalendar

View = Callable[..., HttpResponse]
FORBIDDEN_NATIONAL = (
    "只有超级管理员、最高一级机关的机关管理员或日历管理员可以修改全国工作日历。"
)
FORBIDDEN_REGION = (
    "只有全国工作日历的管理员或该地区适用机关的机关管理员可以修改地区安排。"
)


def _allowed(check: Callable[[Any], bool], message: str = "") -> Callable[[View], View]:
    """Login first (redirect), then `check(user)` or 403."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not check(request.user):
                raise PermissionDenied(message or "您没有查看工作日历的权限。")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


staff_only = _allowed(can_view_calendar)
national_editors_only = _allowed(can_edit_national, FORBIDDEN_NATIONAL)


def _year_param(request: HttpRequest) -> int | None:
    """``?year=`` as a plain four-digit year, else None (the form then asks for it)."""
    raw = request.GET.get("year", "")
    if raw.isascii() and raw.isdigit() and len(raw) == 4:
        return int(raw)
    return None


def _form_year(year: int) -> bool:
    """Whether the day forms accept ``year`` (their year field sets the range)."""
    field = RegionalDaysForm.base_fields["year"]
    return field.min_value <= year <= field.max_value  # type: ignore[attr-defined]


def _months_context(calendar: WorkCalendar, year: int) -> dict[str, object]:
    """What `_months.html` needs (raises UnknownYearError)."""
    return {
        "year": year,
        "months": selectors.month_grids(calendar, year),
        "workday_count": calendar.count_workdays_in_year(year),
    }


# -- the national calendar ----------------------------------------------------------


@require_GET
@staff_only
def year_list(request: HttpRequest) -> HttpResponse:
    calendar = current_calendar()
    return render(
        request,
        "calendars/year_list.html",
        {
            "rows": selectors.year_rows(calendar),
            "next_year": selectors.next_year_status(calendar=calendar),
            "can_edit": can_edit_national(request.user),
            "recompute": progress.latest(),
        },
    )


@require_GET
@staff_only
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    calendar = current_calendar()
    try:
        months = _months_context(calendar, year)
    except UnknownYearError as exc:
        return render(
            request,
            "calendars/unknown_year.html",
            {
                "year": exc.year,
                "error": exc.message_zh,
                "can_edit": can_edit_national(request.user),
            },
            status=404,
        )
    return render(
        request,
        "calendars/year_detail.html",
        {
            **months,
            "source": calendar.schedules[year].source,
            "notice": HolidayNotice.objects.filter(year=year).first(),
            "changes": selectors.changes_for_year(year),
            "can_edit": can_edit_national(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@national_editors_only
def notice_edit(request: HttpRequest, year: int | None = None) -> HttpResponse:
    if year is None:
        year = _year_param(request)
    notice = HolidayNotice.objects.filter(year=year).first() if year else None
    if request.method == "GET":
        initial = NoticeForm.initial_for(notice) if notice else {"year": year}
        form = NoticeForm(initial=initial)
        return render(request, "calendars/notice_form.html", {"form": form})
    form = NoticeForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.notice_save(
                year=data["year"],
                title=data["title"],
                document_number=data["document_number"],
                issued_on=data["issued_on"],
                source_url=data["source_url"],
                holidays=data["holidays"],
                workdays=data["workdays"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"已保存{data['year']}年的节假日安排。")
            return redirect("calendars:year-detail", year=data["year"])
    return render(request, "calendars/notice_form.html", {"form": form}, status=400)


@require_POST
@national_editors_only
def notice_preview(request: HttpRequest) -> HttpResponse:
    """The form's month-by-month preview of what was entered; saves nothing."""
    form = NoticeForm(request.POST)
    context: dict[str, object] = {"form": form}
    if not form.is_valid():
        return render(request, "calendars/notice_form.html", context, status=400)
    context.update(
        _months_context(form.cleaned_data["calendar"], form.cleaned_data["year"])
    )
    return render(request, "calendars/notice_form.html", context)


# -- regions --------------------------------------------------------------------------


@require_GET
@staff_only
def region_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "calendars/region_list.html",
        {
            "regions": Region.objects.select_related("agency"),
            "can_edit": can_edit_national(request.user),
        },
    )


@require_GET
@staff_only
def region_detail(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region.objects.select_related("agency"), code=code)
    return render(
        request,
        "calendars/region_detail.html",
        {
            "region": region,
            "years": selectors.regional_years(region),
            "changes": selectors.changes_for_region(region),
            "can_edit": can_edit_region(request.user, region),
            "can_link": can_edit_national(request.user),
        },
    )


@require_http_methods(["GET", "POST"])
@national_editors_only
def region_edit(request: HttpRequest, code: str | None = None) -> HttpResponse:
    """Create a region or change its name and the agency it applies to."""
    region = get_object_or_404(Region, code=code) if code else None
    form = RegionForm(request.POST or None, instance=region)
    if request.method == "GET" or not form.is_valid():
        status = 200 if request.method == "GET" else 400
        return render(
            request, "calendars/region_form.html", {"form": form}, status=status
        )
    try:
        saved = services.region_save(
            code=region.code if region else form.cleaned_data["code"],
            name=form.cleaned_data["name"],
            agency=form.cleaned_data["agency"],
            acting_user=request.user,
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return render(request, "calendars/region_form.html", {"form": form}, status=400)
    messages.success(request, f"已保存地区“{saved.name}”。")
    return redirect("calendars:region-detail", code=saved.code)


def _editable_region(request: HttpRequest, code: str) -> Region:
    region = get_object_or_404(Region.objects.select_related("agency"), code=code)
    if not can_edit_region(request.user, region):
        raise PermissionDenied(FORBIDDEN_REGION)
    return region


def _regional_form(
    request: HttpRequest, region: Region, form: RegionalDaysForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "calendars/regional_days_form.html",
        {"form": form, "region": region},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@staff_only
def regional_days_edit(
    request: HttpRequest, code: str, year: int | None = None
) -> HttpResponse:
    """Set a region's own days off and worked days of one year."""
    region = _editable_region(request, code)
    national = current_calendar()
    if year is not None and not _form_year(year):
        raise Http404("年份超出范围。")
    if request.method == "GET":
        if year is None:
            year = _year_param(request)
        initial = RegionalDaysForm.initial_for(region, year) if year else {}
        return _regional_form(
            request, region, RegionalDaysForm(initial=initial, national=national)
        )
    form = RegionalDaysForm(request.POST, national=national)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.regional_days_save(
                region=region,
                year=data["year"],
                holidays=data["holidays"],
                workdays=data["workdays"],
                source=data["source"],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(
                request, f"已保存{region.name}{data['year']}年的地区安排。"
            )
            return redirect("calendars:region-detail", code=region.code)
    return _regional_form(request, region, form, status=400)


@require_POST
@staff_only
def regional_days_preview(request: HttpRequest, code: str) -> HttpResponse:
    """The region's year as it would be, month by month; saves nothing."""
    region = _editable_region(request, code)
    form = RegionalDaysForm(request.POST, national=current_calendar())
    if not form.is_valid():
        return _regional_form(request, region, form, status=400)
    data = form.cleaned_data
    return render(
        request,
        "calendars/regional_days_form.html",
        {
            "form": form,
            "region": region,
            **_months_context(data["calendar"], data["year"]),
        },
    )
