"""Text messages through a pluggable backend, chosen by ``SMS_BACKEND``.

Agencies contract an SMS platform (运营商或短信平台); Gongkai calls none by
default. The backends:

* ``gongkai.notifications.sms.FileBackend`` (default): one ``.txt`` file per
  message under ``SMS_FILE_PATH`` (``var/outbox/sms``): nothing leaves the machine.
* ``gongkai.notifications.sms.ConsoleBackend``: the message on the log.
* ``gongkai.notifications.sms.LocmemBackend``: kept in ``LocmemBackend.outbox``
  (tests).
* ``gongkai.notifications.sms.HttpGatewayBackend``: a JSON POST
  ``{"phone": …, "text": …, "sign": …}`` to ``SMS_GATEWAY_URL`` with
  ``Authorization: Bearer <SMS_GATEWAY_TOKEN>``; any answer but 2xx is a failure.
  Most platforms' HTTP interfaces take this shape or sit behind a small relay.

A backend's ``send`` returns normally on success and raises ``SmsError`` (or any
``OSError``) on failure; the caller retries.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger(__name__)


class SmsError(RuntimeError):
    """The message was not accepted."""


class BaseBackend:
    def __init__(self, **options: Any) -> None:
        self.options = options

    def send(self, phone: str, text: str) -> None:  # pragma: no cover - abstract
        raise NotImplementedError


class FileBackend(BaseBackend):
    def send(self, phone: str, text: str) -> None:
        folder = Path(
            self.options.get("file_path")
            or getattr(settings, "SMS_FILE_PATH", "")
            or Path(settings.VAR_DIR) / "outbox" / "sms"
        )
        folder.mkdir(parents=True, exist_ok=True)
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%d-%H%M%S")
        path = folder / f"{stamp}-{uuid.uuid4().hex[:8]}.txt"
        path.write_text(f"To: {phone}\n\n{text}\n", encoding="utf-8")


class ConsoleBackend(BaseBackend):
    def send(self, phone: str, text: str) -> None:
        logger.info("短信 → %s：%s", phone, text)


class LocmemBackend(BaseBackend):
    outbox: ClassVar[list[tuple[str, str]]] = []

    def send(self, phone: str, text: str) -> None:
        LocmemBackend.outbox.append((phone, text))


class HttpGatewayBackend(BaseBackend):
    def send(self, phone: str, text: str) -> None:
        url = self.options.get("url") or getattr(settings, "SMS_GATEWAY_URL", "")
        if not url:
            raise SmsError("未配置短信网关地址（SMS_GATEWAY_URL）。")
        if not url.startswith(("http://", "https://")):
            raise SmsError("短信网关地址须以 http:// 或 https:// 开头。")
        token = self.options.get("token") or getattr(settings, "SMS_GATEWAY_TOKEN", "")
        payload = {
            "phone": phone,
            "text": text,
            "sign": self.options.get("sign") or getattr(settings, "SMS_SIGN", ""),
        }
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=json.dumps(payload, ensure_ascii=False).encode(),
            headers={
                "Content-Type": "application/json; charset=utf-8",
                **({"Authorization": f"Bearer {token}"} if token else {}),
            },
            method="POST",
        )
        timeout = float(self.options.get("timeout", 10))
        try:
            with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
                status = response.status
        except urllib.error.HTTPError as exc:
            raise SmsError(f"短信网关拒绝：HTTP {exc.code}") from exc
        except (urllib.error.URLError, TimeoutError) as exc:
            raise SmsError(f"短信网关无法连接：{exc}") from exc
        if not 200 <= status < 300:
            raise SmsError(f"短信网关拒绝：HTTP {status}")


def get_backend() -> BaseBackend:
    path = getattr(settings, "SMS_BACKEND", "gongkai.notifications.sms.FileBackend")
    backend_class = import_string(path)
    return backend_class(**getattr(settings, "SMS_OPTIONS", {}))
