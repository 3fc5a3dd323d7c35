"""/healthz: what a load balancer or a monitor asks."""

from __future__ import annotations

from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from gongkai.ops.health import CHECKS, run_checks


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    """JSON of every check; 200 when all pass, 503 when any fails.

    ``?checks=database,cache,storage`` runs only those (a load balancer should
    not take an app server out because the shared worker is down).
    """
    wanted = [n for n in request.GET.get("checks", "").split(",") if n]
    unknown = [n for n in wanted if n not in CHECKS]
    if unknown:
        return JsonResponse(
            {"status": "error", "detail": f"未知的检查项：{','.join(unknown)}"},
            status=400,
            json_dumps_params={"ensure_ascii": False},
        )
    results = run_checks(wanted or None)
    healthy = all(r["ok"] for r in results.values())
    return JsonResponse(
        {
            "status": "ok" if healthy else "fail",
            "time": timezone.localtime().isoformat(timespec="seconds"),
            "checks": results,
        },
        status=200 if healthy else 503,
        json_dumps_params={"ensure_ascii": False},
    )
