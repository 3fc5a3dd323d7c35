"""The case list ignores filters that cannot match, never a server error.

A ``?agency=`` or ``?year=`` that is not a plain number small enough for the
database is ignored; a NUL byte, which no stored text contains (and which
PostgreSQL refuses in a query), is dropped from the search words.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from gongkai.cases.tests.conftest import registered


@pytest.mark.parametrize(
    "query",
    [
        {"agency": "²"},  # str.isdigit() but not int()
        {"agency": "9" * 30},  # beyond any database integer
        {"year": "²", "row": "new_received"},
        {"year": "9" * 30, "row": "new_received"},
        {"q": "张\x00三"},
        {"status": "\x00", "due": "\x00"},
    ],
)
def test_the_list_answers_bad_filters_without_a_server_error(cast, client, query):
    registered(cast)
    client.force_login(cast.head)
    response = client.get(reverse("cases:list"), query)
    assert response.status_code in (200, 404)


def test_a_nul_byte_is_dropped_from_the_search_words(cast, client):
    registered(cast)
    client.force_login(cast.head)
    response = client.get(reverse("cases:list"), {"q": "张\x00三"})
    assert response.status_code == 200
    assert "张三" in response.content.decode()
