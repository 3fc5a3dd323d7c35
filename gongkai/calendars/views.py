"""Staff pages: the years kept, a month-by-month preview, the notice form."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.calendars import selectors, services
from gongkai.calendars.forms import NoticeForm
from gongkai.calendars.loader import current_calendar
from gongkai.calendars.models import HolidayNotice
from gongkai.workdays import UnknownYearError, WorkCalendar

VIEW = "calendars.view_holidaynotice"
EDIT = "calendars.change_holidaynotice"


@require_GET
@permission_required(VIEW, raise_exception=True)
def year_list(request: HttpRequest) -> HttpResponse:
    calendar = current_calendar()
    return render(
        request,
        "calendars/year_list.html",
        {
            "rows": selectors.year_rows(calendar),
            "next_year": selectors.next_year_status(calendar=calendar),
        },
    )


@require_GET
@permission_required(VIEW, raise_exception=True)
def year_detail(request: HttpRequest, year: int) -> HttpResponse:
    calendar = current_calendar()
    try:
        months = selectors.month_grids(calendar, year)
    except UnknownYearError as exc:
        return render(
            request,
            "calendars/unknown_year.html",
            {"year": exc.year, "error": exc.message_zh},
            status=404,
        )
    return render(
        request,
        "calendars/year_detail.html",
        {
            "year": year,
            "months": months,
            "source": calendar.schedules[year].source,
            "workday_count": calendar.count_workdays_in_year(year),
            "notice": HolidayNotice.objects.filter(year=year).first(),
            "changes": selectors.changes_for_year(year),
        },
    )


@require_http_methods(["GET", "POST"])
@permission_required(EDIT, raise_exception=True)
def notice_edit(request: HttpRequest, year: int | None = None) -> HttpResponse:
    if year is None and request.GET.get("year", "").isdigit():
        year = int(request.GET["year"])
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
@permission_required(EDIT, raise_exception=True)
def notice_preview(request: HttpRequest) -> HttpResponse:
    """The form's month-by-month preview of what was entered; saves nothing."""
    form = NoticeForm(request.POST)
    context: dict[str, object] = {"form": form, "preview": True}
    if form.is_valid():
        schedule = form.cleaned_data["schedule"]
        calendar = WorkCalendar.from_schedules([schedule])
        context.update(
            months=selectors.month_grids(calendar, schedule.year),
            workday_count=calendar.count_workdays_in_year(schedule.year),
            year=schedule.year,
        )
        return render(request, "calendars/notice_form.html", context)
    return render(request, "calendars/notice_form.html", context, status=400)
