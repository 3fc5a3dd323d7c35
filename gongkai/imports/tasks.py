"""The import's background jobs (`gongkai worker`): validate, then commit."""

from __future__ import annotations

from django.tasks import task


@task()
def validate_import(batch_id: int) -> str:
    from gongkai.imports.services import import_validate

    return import_validate(batch_id=batch_id).status


@task()
def commit_import(batch_id: int) -> str:
    from gongkai.imports.services import import_commit

    return import_commit(batch_id=batch_id).status
