"""Strict, typed readers for environment variables (no Django imports).

Anything that is not exactly a valid value is an error at start-up, so a typo in
an operator's configuration never silently turns a feature on or off.
"""

from __future__ import annotations

import os
from pathlib import Path


class ConfigError(ValueError):
    """An environment variable holds a value that cannot be used."""


def envstr(name: str, default: str) -> str:
    return os.environ.get(name, default)


def envbool(name: str, default: bool) -> bool:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    if raw in {"True", "true", "1"}:
        return True
    if raw in {"False", "false", "0"}:
        return False
    raise ConfigError(f"环境变量 {name} 只能是 True 或 False，当前为 {raw!r}")


def envint(name: str, default: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"环境变量 {name} 必须是整数，当前为 {raw!r}") from None


def envlist(name: str, default: list[str]) -> list[str]:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    return [item.strip() for item in raw.split(",") if item.strip()]


def envsecret(name: str) -> str | None:
    """Read NAME, or the contents of the file named by NAME_FILE."""
    value = os.environ.get(name)
    if value:
        return value
    path = os.environ.get(f"{name}_FILE")
    if path:
        try:
            return Path(path).read_text(encoding="utf-8").strip()
        except OSError as exc:
            raise ConfigError(
                f"无法读取 {name}_FILE 指向的文件 {path}：{exc}"
            ) from None
    return None


def envnetworks(name: str) -> list[str]:
    """A comma-separated list of IP addresses or networks (``10.0.0.0/8``).

    Returned normalised (``127.0.0.1/32``); a value that is not an address or a
    network is a configuration error, never silently skipped.
    """
    import ipaddress

    networks = []
    for item in envlist(name, []):
        try:
            networks.append(str(ipaddress.ip_network(item, strict=False)))
        except ValueError:
            raise ConfigError(
                f"环境变量 {name} 只能是逗号分隔的 IP 地址或网段，{item!r} 不是"
            ) from None
    return networks
