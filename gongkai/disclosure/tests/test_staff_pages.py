"""Staff pages: each action succeeds for the right person, is forbidden to the
outsider, and refuses bad input in Chinese with nothing saved."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from gongkai.disclosure.models import Attachment, DisclosureSettings, Guide, Item
from gongkai.testing import PASSWORD


def login(client, user) -> None:
    assert client.login(username=user.username, password=PASSWORD)


def form_data(cast, **overrides):
    return {
        "agency": cast.office.pk,
        "title": "示例市城乡低保标准调整方案",
        "summary": "调整城乡低保标准。",
        "generated_on": "2026-02-27",
        "doc_number": "示政办发〔2026〕5号",
        "publisher": "",
        "category": cast.category().pk,
        "art20_item": "1",
        "body": "正文。",
    } | overrides


def test_a_drafter_creates_an_item(client, cast):
    login(client, cast.handler)
    assert client.get(reverse("disclosure:create")).status_code == 200
    response = client.post(reverse("disclosure:create"), form_data(cast))
    item = Item.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("disclosure:detail", args=[item.pk])
    assert item.created_by == cast.handler and item.publisher == cast.office.name
    page = client.get(response["Location"]).content.decode()
    assert "应于 <strong>" in page and "第二十六条" in page


def test_invalid_input_is_refused_in_chinese_and_nothing_is_saved(client, cast):
    login(client, cast.handler)
    response = client.post(
        reverse("disclosure:create"),
        form_data(cast, title="", generated_on="2026/13/40", art20_item="99"),
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "请填写名称。" in page
    assert "生成日期格式不对" in page
    assert not Item.objects.exists()


def test_a_category_of_another_agency_is_refused_on_the_form(client, cast):
    login(client, cast.handler)
    response = client.post(
        reverse("disclosure:create"),
        form_data(cast, category=cast.category(agency=cast.bureau).pk),
    )
    assert response.status_code == 400
    assert "请选择本机关的信息类别。" in response.content.decode()
    assert not Item.objects.exists()


def test_outsiders_see_nothing_and_supervisors_only_read(client, cast):
    item = cast.item()
    login(client, cast.outsider)
    assert client.get(reverse("disclosure:detail", args=[item.pk])).status_code == 404
    assert client.post(reverse("disclosure:submit", args=[item.pk])).status_code == 404
    assert (
        "示例市城乡低保" not in client.get(reverse("disclosure:list")).content.decode()
    )
    client.logout()
    login(client, cast.supervisor)
    assert client.get(reverse("disclosure:detail", args=[item.pk])).status_code == 200
    assert client.get(reverse("disclosure:create")).status_code == 403
    assert client.post(reverse("disclosure:submit", args=[item.pk])).status_code == 403
    item.refresh_from_db()
    assert item.status == Item.Status.DRAFT


def test_anonymous_visitors_are_sent_to_login(client, cast):
    response = client.get(reverse("disclosure:list"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_the_workflow_through_the_pages(client, cast):
    item = cast.item()
    detail = reverse("disclosure:detail", args=[item.pk])
    login(client, cast.handler)
    assert client.post(reverse("disclosure:submit", args=[item.pk])).status_code == 302
    # the drafter may not review their own item
    denied = client.post(
        reverse("disclosure:review", args=[item.pk]),
        {"result": "pass", "basis": "无密。"},
    )
    assert denied.status_code == 403
    client.logout()
    login(client, cast.other_handler)
    missing = client.post(
        reverse("disclosure:review", args=[item.pk]), {"result": "pass"}
    )
    assert missing.status_code == 302
    assert "请填写审查依据和意见。" in client.get(detail).content.decode()
    item.refresh_from_db()
    assert item.status == Item.Status.REVIEWING
    client.post(
        reverse("disclosure:review", args=[item.pk]),
        {"result": "pass", "basis": "不涉及国家秘密。"},
    )
    client.logout()
    login(client, cast.head)
    client.post(reverse("disclosure:approve", args=[item.pk]), {"note": ""})
    client.post(reverse("disclosure:publish", args=[item.pk]))
    item.refresh_from_db()
    assert item.status == Item.Status.PUBLISHED
    assert item.index_number == "000000001/2026-00001"
    again = client.post(reverse("disclosure:publish", args=[item.pk]), follow=True)
    assert "当前状态为“已发布”，不能发布。" in again.content.decode()


def test_attachments_are_checked_for_type_and_content(client, cast):
    item = cast.item()
    login(client, cast.handler)
    url = reverse("disclosure:attach", args=[item.pk])
    fake = SimpleUploadedFile("方案.pdf", b"MZ\x90\x00 not a pdf", "application/pdf")
    page = client.post(url, {"file": fake}, follow=True).content.decode()
    assert "附件内容与其文件类型不符" in page
    exe = SimpleUploadedFile("a.exe", b"MZ\x90\x00", "application/octet-stream")
    assert "只接受 PDF" in client.post(url, {"file": exe}, follow=True).content.decode()
    assert not Attachment.objects.exists()
    good = SimpleUploadedFile("方案.pdf", b"%PDF-1.7\n...", "application/pdf")
    client.post(url, {"file": good})
    attachment = Attachment.objects.get()
    assert attachment.original_name == "方案.pdf"


def test_settings_refuse_a_bad_pattern(client, cast):
    url = reverse("disclosure:settings", args=[cast.office.code])
    login(client, cast.handler)
    assert client.get(url).status_code == 403
    client.logout()
    login(client, cast.admin)
    response = client.post(
        url,
        {"org_code": "000000001", "credit_code": "", "index_pattern": "{部门}-{年份}"},
    )
    assert response.status_code == 400
    assert "无法识别的占位符" in response.content.decode()
    settings = DisclosureSettings.objects.get(agency=cast.office)
    assert settings.index_pattern == "{机构代码}/{年份}-{流水号:5}"
    ok = client.post(
        url,
        {
            "org_code": "000000001",
            "credit_code": "",
            "index_pattern": "{机构代码}-{流水号:6}",
        },
    )
    assert ok.status_code == 302
    settings.refresh_from_db()
    assert settings.index_pattern == "{机构代码}-{流水号:6}"


def test_the_guide_is_edited_by_the_admin_and_shown_publicly(client, cast):
    url = reverse("disclosure:guide-edit", args=[cast.office.code])
    login(client, cast.outsider)
    assert client.get(url).status_code == 404
    client.logout()
    login(client, cast.admin)
    data = {
        "classification": "按主题分类。",
        "arrangement": "按类别、年份编排。",
        "access": "登录门户网站查阅。",
        "office_name": "示例市人民政府办公室政务公开科",
        "address": "示例市人民路1号",
        "office_hours": "工作日 9:00—17:00",
        "phone": "",
        "fax": "",
        "web_contact": "gongkai@example.gov.cn",
        "other": "",
    }
    bad = client.post(url, data)
    assert bad.status_code == 400 and "请填写联系电话。" in bad.content.decode()
    assert not Guide.objects.exists()
    assert client.post(url, data | {"phone": "0000-1234567"}).status_code == 302
    client.logout()
    public = client.get(reverse("catalogue:guide", args=[cast.office.code]))
    assert public.status_code == 200
    page = public.content.decode()
    assert "示例市人民政府办公室政务公开科" in page
    # The procedure and the remedies are the law's, printed on every guide
    # (issue 10), with a link to the application form for this agency.
    assert "五、依申请公开" in page and "六、监督和救济" in page
    assert "20个工作日内予以答复" in page and "信息处理费" in page
    assert "投诉、举报" in page and "行政复议" in page
    apply_url = f"{reverse('apply:form')}?agency={cast.office.pk}"
    assert f'href="{apply_url}"' in page
    form = client.get(apply_url).content.decode()
    assert f'<option value="{cast.office.pk}" selected>' in form


def test_the_item_page_offers_each_step_to_the_right_person(client, cast):
    """Every status renders, and shows its action only to whoever may take it."""
    from gongkai.disclosure import services

    item = cast.item()
    url = reverse("disclosure:detail", args=[item.pk])
    login(client, cast.head)
    steps = [
        (
            "提交保密审查",
            lambda: services.item_submit(item=item, acting_user=cast.handler),
        ),
        (
            "记录审查结果",
            lambda: services.item_review(
                item=item, result="pass", basis="无密。", acting_user=cast.other_handler
            ),
        ),
        ("审核通过", lambda: services.item_approve(item=item, acting_user=cast.head)),
        (
            "发布</button>",
            lambda: services.item_publish(item=item, acting_user=cast.head),
        ),
        ("登记废止", None),
    ]
    for label, step in steps:
        page = client.get(url).content.decode()
        assert label in page, label
        if step:
            step()
    assert "在公开目录中查看" in client.get(url).content.decode()
    client.logout()
    login(client, cast.supervisor)
    page = client.get(url).content.decode()
    assert "登记废止" not in page and "撤回</button>" not in page


def test_the_nav_links_lead_to_the_catalogue(client, cast):
    login(client, cast.handler)
    assert "主动公开" in client.get(reverse("disclosure:list")).content.decode()
    client.logout()
    assert "政府信息公开目录" in client.get(reverse("catalogue:home")).content.decode()
