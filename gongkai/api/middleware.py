"""ETags on the API's GET responses; ``If-None-Match`` of an unchanged one → 304."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponseBase, JsonResponse
from django.middleware.http import ConditionalGetMiddleware

API_PREFIX = "/api/"


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """Django's conditional GET (weak ETag from the body), for /api/ only.

    Staff answers vary with the token, so they say so (``Vary: Authorization``)
    and stay out of shared caches (``Cache-Control: private``).
    """

    def process_request(self, request: HttpRequest) -> HttpResponseBase | None:
        """A NUL character in a query value cannot reach PostgreSQL: 422 here."""
        if request.path.startswith(API_PREFIX) and any(
            "\x00" in value for values in request.GET.lists() for value in values[1]
        ):
            return JsonResponse(
                {
                    "error": {
                        "code": "invalid",
                        "message": "查询参数含有无效字符。",
                        "fields": {},
                    }
                },
                status=422,
            )
        return None

    def process_response(
        self, request: HttpRequest, response: HttpResponseBase
    ) -> HttpResponseBase:
        if not request.path.startswith(API_PREFIX):
            return response
        if "HTTP_AUTHORIZATION" in request.META:
            response["Vary"] = "Authorization"
            response["Cache-Control"] = "private"
        return super().process_response(request, response)
