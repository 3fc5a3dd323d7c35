"""Every change to the catalogue: one service per action, each one transaction
that checks the permission, validates, saves and writes its ``DisclosureEvent``.

Workflow (``models.ALLOWED_TRANSITIONS``)::

    草稿 --submit--> 待保密审查 --review(pass)--> 待负责人审核 --approve--> 待发布 --publish--> 已发布 --withdraw--> 已撤回
           ^            |review(return)            |return                  |return
           +------------+--------------------------+------------------------+

The services live in one module per area (``setup``: settings, classes, the
指南; ``drafts``: items and attachments; ``workflow``: review, approval, return,
withdrawal, 废止; ``publication``: 索引号 and publishing; ``versions``: 变更;
``recompute``: the calendar hook); this package exports them all, so callers
keep importing from ``gongkai.disclosure.services``.
"""

from __future__ import annotations

from gongkai.disclosure.selectors import chain
from gongkai.disclosure.services._common import ACTION_ZH, check_transition
from gongkai.disclosure.services.drafts import (
    ALLOWED_ATTACHMENTS,
    ITEM_FIELDS,
    MAX_ATTACHMENT_BYTES,
    check_attachment,
    item_attach,
    item_create,
    item_update,
)
from gongkai.disclosure.services.publication import item_publish
from gongkai.disclosure.services.recompute import items_recompute_publication_due
from gongkai.disclosure.services.setup import (
    DEFAULT_CATEGORIES,
    GUIDE_FIELDS,
    category_add,
    disclosure_setup,
    guide_update,
    settings_update,
)
from gongkai.disclosure.services.versions import item_change
from gongkai.disclosure.services.workflow import (
    item_abolish,
    item_approve,
    item_return,
    item_review,
    item_submit,
    item_withdraw,
)

__all__ = [
    "ACTION_ZH",
    "ALLOWED_ATTACHMENTS",
    "DEFAULT_CATEGORIES",
    "GUIDE_FIELDS",
    "ITEM_FIELDS",
    "MAX_ATTACHMENT_BYTES",
    "category_add",
    "chain",
    "check_attachment",
    "check_transition",
    "disclosure_setup",
    "guide_update",
    "item_abolish",
    "item_approve",
    "item_attach",
    "item_change",
    "item_create",
    "item_publish",
    "item_return",
    "item_review",
    "item_submit",
    "item_update",
    "item_withdraw",
    "items_recompute_publication_due",
    "settings_update",
]
