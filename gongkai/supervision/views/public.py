"""Public pages: the applicant's evaluation of a reply, and published bulletins."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.cases import throttle
from gongkai.cases.selectors import lookup_case, normalise_query_code
from gongkai.supervision import documents, services
from gongkai.supervision.forms import EvaluationForm
from gongkai.supervision.models import Bulletin
from gongkai.supervision.selectors import published_bulletins
from gongkai.web.forms import LABEL_SUFFIX

NOT_FOUND_ZH = "没有找到与该查询码和电话号码相符的申请，请核对后重试。"


@require_http_methods(["GET", "POST"])
def evaluate(request: HttpRequest) -> HttpResponse:
    """社会评议: the applicant, identified as on /track/, rates the reply once.

    Wrong codes or digits count against the same limits as /track/.
    """
    form = EvaluationForm(request.POST or None, label_suffix=LABEL_SUFFIX)
    status = 200
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code = normalise_query_code(data["query_code"])
        attempt = throttle.track_begin(request, code)
        if attempt.refused:
            form.add_error(None, throttle.refused_message(attempt))
            status = 429
        elif (case := lookup_case(code, data["phone_last4"])) is None:
            attempt.failed()
            form.add_error(None, NOT_FOUND_ZH)
            status = 404
        else:
            attempt.succeeded()
            try:
                services.evaluation_submit(
                    case=case,
                    rating=data["rating"],
                    reasons=data["reasons"],
                    comment=data["comment"],
                )
            except ValidationError as exc:
                form.add_error(None, "；".join(exc.messages))
                status = 400
            else:
                messages.success(
                    request, "感谢您的评价！您的意见将用于政务公开工作考核。"
                )
                return redirect("supervision_public:evaluate")
    elif request.method == "POST":
        status = 400
    return render(
        request, "supervision/public/evaluate.html", {"form": form}, status=status
    )


def _published() -> list[Bulletin]:
    return list(published_bulletins().select_related("agency"))


@require_GET
def bulletin_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "supervision/public/bulletin_list.html", {"bulletins": _published()}
    )


@require_GET
def bulletin_detail(request: HttpRequest, pk: int) -> HttpResponse:
    bulletin = (
        published_bulletins()
        .select_related("agency", "issued_by")
        .filter(pk=pk)
        .first()
    )
    if bulletin is None:
        raise Http404("没有找到该通报。")
    context = documents.bulletin_context(bulletin)
    return render(request, "supervision/public/bulletin_detail.html", context)
