"""One module per `gongkai report` subcommand; see ``gongkai.annual.cli``."""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from gongkai.annual.errors import AnnualError

EXIT_OK = 0
EXIT_FINDINGS = 1
EXIT_BAD_INPUT = 2


def guarded(func: Callable[..., int]) -> Callable[..., int]:
    """Turn expected errors into one Chinese line on stderr and exit status 2."""

    def wrapper(*args: Any, **kwargs: Any) -> int:
        try:
            return func(*args, **kwargs)
        except AnnualError as exc:
            print(f"错误：{exc}", file=sys.stderr)
            return EXIT_BAD_INPUT
        except KeyboardInterrupt:
            print("已中断", file=sys.stderr)
            return 130

    return wrapper
