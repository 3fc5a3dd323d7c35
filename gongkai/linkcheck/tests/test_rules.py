"""The rules of the link check, without Django or a network."""

from __future__ import annotations

from gongkai.linkcheck.rules import (
    Kind,
    Visit,
    extract_links,
    file_ending,
    judge,
    missing_fields,
    opens_as,
    parse_hosts,
    redirect_problem,
)


def test_links_are_found_in_chinese_text_and_in_html() -> None:
    text = (
        "详见http://www.example.gov.cn/a/通知.pdf。另见（https://b.example.cn/x?y=1）"
        '<a href="/rel/page.html">相对</a><a href="mailto:a@b.cn">信</a>'
        "重复：http://www.example.gov.cn/a/通知.pdf"
    )
    links = extract_links(text, base="https://gk.example.cn/catalogue/")
    assert links == [
        "https://gk.example.cn/rel/page.html",
        "http://www.example.gov.cn/a/通知.pdf",
        "https://b.example.cn/x?y=1",
    ]


def test_an_administrators_host_list_accepts_names_and_addresses() -> None:
    hosts = parse_hosts(
        "www.gov.cn\nhttps://Sousuo.Gov.cn/s?q=1， data.example.cn:8080"
    )
    assert hosts == {"www.gov.cn", "sousuo.gov.cn", "data.example.cn"}
    assert parse_hosts("") == frozenset()


def test_a_file_is_judged_by_its_first_bytes() -> None:
    assert opens_as("通知.pdf", b"%PDF-1.7 ...") is None
    assert opens_as("表.xlsx", b"PK\x03\x04rest") is None
    broken = opens_as("通知.pdf", b"<!DOCTYPE html><html>404")
    assert broken is not None and broken.kind is Kind.ATTACHMENT
    assert "网页" in broken.detail
    empty = opens_as("a.docx", b"")
    assert empty is not None and "0 字节" in empty.detail
    assert opens_as("readme.txt", b"anything") is None  # no known ending: not judged
    assert file_ending("http://x.cn/a/B.PDF?download=1") == ".pdf"
    assert file_ending("http://x.cn/a.b/c") == ""


def test_an_error_status_no_answer_and_slowness_are_problems() -> None:
    assert (
        judge(Visit("http://x.cn/", status=200, content_type="text/html"), slow_ms=3000)
        == []
    )
    [gone] = judge(Visit("http://x.cn/", status=404), slow_ms=3000)
    assert gone.kind is Kind.BROKEN and "404" in gone.detail
    [silent] = judge(Visit("http://x.cn/", error="超过 10 秒未响应"), slow_ms=3000)
    assert silent.kind is Kind.BROKEN and "10 秒" in silent.detail
    [slow] = judge(Visit("http://x.cn/", status=200, elapsed_ms=4200), slow_ms=3000)
    assert slow.kind is Kind.SLOW and "4200" in slow.detail


def test_a_pdf_link_answering_with_a_page_is_a_content_type_problem() -> None:
    soft_404 = Visit(
        "http://x.cn/f.pdf",
        status=200,
        content_type="text/html; charset=utf-8",
        head=b"<html>",
    )
    [problem] = judge(soft_404, slow_ms=3000)
    assert problem.kind is Kind.CONTENT_TYPE and "text/html" in problem.detail
    generic = Visit(
        "http://x.cn/f.pdf",
        status=200,
        content_type="application/octet-stream",
        head=b"%PDF-1.4",
    )
    assert judge(generic, slow_ms=3000) == []


def test_only_a_redirect_to_another_host_is_reported() -> None:
    away = Visit("http://a.cn/x", status=302, location="https://b.cn/y")
    problem = redirect_problem(away)
    assert (
        problem is not None
        and problem.kind is Kind.REDIRECT
        and "b.cn" in problem.detail
    )
    assert (
        redirect_problem(Visit("http://a.cn/x", status=301, location="http://a.cn/z"))
        is None
    )
    nowhere = redirect_problem(Visit("http://a.cn/x", status=302))
    assert nowhere is not None and nowhere.kind is Kind.BROKEN


def test_missing_catalogue_fields_are_named() -> None:
    problem = missing_fields({"索引号": None, "名称": "通知", "内容概述": ""})
    assert problem is not None and problem.detail == "缺少：索引号、内容概述"
    assert missing_fields({"索引号": "1/2026-00001"}) is None
