"""Tasks of the operations side (run by `gongkai worker`)."""

from __future__ import annotations

import os
import socket
from typing import Any

from django.tasks import task


@task()
def worker_probe(token: str) -> dict[str, Any]:
    """Answer with the process that ran it: `gongkai check_worker` enqueues it.

    Proves the whole path: a process enqueues into the database, a worker claims
    and runs the task, its result comes back through the database.
    """
    return {"token": token, "pid": os.getpid(), "hostname": socket.gethostname()}
