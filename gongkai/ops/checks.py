"""System checks of the production configuration (`gongkai check --deploy`)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, Warning, register


@register(Tags.security, deploy=True)
def proxy_headers_check(**kwargs: Any) -> list[CheckMessage]:
    if settings.SECURE_PROXY_SSL_HEADER and not settings.TRUSTED_PROXIES:
        return [
            Warning(
                "SECURE_PROXY_SSL_HEADER 已开启，但 TRUSTED_PROXIES 为空："
                "任何客户端都能伪造 X-Forwarded-Proto。",
                hint="把前面的反向代理（同机的 nginx 是 127.0.0.1,::1）写入 TRUSTED_PROXIES。",
                id="gongkai.ops.W001",
            )
        ]
    return []


@register(Tags.caches, deploy=True)
def shared_cache_check(**kwargs: Any) -> list[CheckMessage]:
    if settings.EMBEDDED_DATABASE or settings.REDIS_URL:
        return []
    return [
        Warning(
            "使用 PostgreSQL 但没有设置 REDIS_URL：缓存和访问频率限制只在单个进程内有效，"
            "多个工作进程或多台服务器各算各的。",
            hint="设置 REDIS_URL=redis://127.0.0.1:6379/0。",
            id="gongkai.ops.W002",
        )
    ]


@register(Tags.files)
def object_storage_check(**kwargs: Any) -> list[CheckMessage]:
    if not settings.S3_BUCKET:
        return []
    try:
        import storages.backends.s3  # noqa: F401
    except ImportError:
        return [
            Error(
                "设置了 S3_BUCKET，但没有安装对象存储支持（django-storages、boto3）。",
                hint="pip install -c requirements.lock -e '.[s3]'",
                id="gongkai.ops.E001",
            )
        ]
    return []
