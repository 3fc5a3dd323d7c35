"""The simple template editor: a letter's paragraphs with named placeholders.

For the 机关管理员 who should not have to read Django template syntax: each
paragraph of the body is a text box in which placeholders are names in
lenticular brackets (【补正事项】), insertable from a list; paragraphs that carry
template logic are shown read-only; the result is previewed as the PDF the
letter will be (sample data) and saved through ``services.letter_template_save``.
The raw template editor (``template_edit``) stays for experts.
"""

from __future__ import annotations

import hashlib
from typing import Any

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.accounts.decorators import staff_required
from gongkai.accounts.models import Membership, Role
from gongkai.accounts.users import staff_user
from gongkai.letters import paragraphs, services
from gongkai.letters.generators import LetterDataError, default_body, generator_for
from gongkai.letters.kinds import LetterKind
from gongkai.letters.samples import sample_data
from gongkai.letters.views import _admin_agency, _kind

NEW_SLOTS = 2


def _digest(body: str) -> str:
    return hashlib.sha256(body.encode()).hexdigest()[:16]


class ParagraphForm(forms.Form):
    """Title, one box per editable paragraph, and two boxes for new paragraphs."""

    title = forms.CharField(label="标题", max_length=100)
    base = forms.CharField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, kind: str, agency: Any, body: str, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.kind, self.agency, self.current = kind, agency, body
        self.parts = paragraphs.split(body)
        self.body = ""
        self.document: Any = None
        self.generator: Any = None
        self.rows: list[tuple[paragraphs.Paragraph, Any]] = []
        self.initial.setdefault("base", _digest(body))
        for i, part in enumerate(self.parts):
            if part.fixed:
                self.rows.append((part, None))
                continue
            name = f"p{i}"
            self.fields[name] = forms.CharField(
                label=f"第{len(self.rows) + 1}段",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 3, "class": "paragraph"}),
            )
            self.initial.setdefault(name, part.text)
            self.rows.append((part, name))
        for j in range(NEW_SLOTS):
            self.fields[f"new{j}"] = forms.CharField(
                label=f"新增段落{j + 1}（插在结束语之前）",
                required=False,
                max_length=3000,
                widget=forms.Textarea(attrs={"rows": 2, "class": "paragraph"}),
            )

    def bound_rows(self) -> list[tuple[paragraphs.Paragraph, Any]]:
        return [(part, self[name] if name else None) for part, name in self.rows]

    def new_fields(self) -> list[Any]:
        return [self[f"new{j}"] for j in range(NEW_SLOTS)]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if self.errors:
            return data
        if data["base"] != _digest(self.current):
            raise forms.ValidationError("模板已被修改，请重新打开本页后再编辑。")
        parts: list[paragraphs.Paragraph] = []
        for part, name in self.rows:
            if name is None:
                parts.append(part)
                continue
            try:
                paragraphs.to_template(data.get(name, ""))
            except paragraphs.ParagraphError as exc:
                self.add_error(name, str(exc))
            parts.append(paragraphs.Paragraph(text=data.get(name, "")))
        added = []
        for j in range(NEW_SLOTS):
            text = data.get(f"new{j}", "")
            try:
                paragraphs.to_template(text)
            except paragraphs.ParagraphError as exc:
                self.add_error(f"new{j}", str(exc))
            added.append(paragraphs.Paragraph(text=text))
        if self.errors:
            return data
        at = len(parts) - 1 if parts else 0  # before the closing formula (特此……)
        parts[at:at] = added
        self.body = paragraphs.join(parts)
        if not self.body.strip():
            raise forms.ValidationError("正文不能为空。")
        generator = generator_for(
            self.kind,
            sample_data(self.kind, self.agency),
            body=self.body,
            title=data["title"],
        )
        try:
            # The letter's text from the sample data: what makes a template
            # unlawful fails here. The PDF is drawn only when asked for.
            self.document = generator.document()
        except LetterDataError as exc:
            raise forms.ValidationError(str(exc)) from None
        self.generator = generator
        return data


def _form(request: HttpRequest, agency: Any, kind: LetterKind) -> ParagraphForm:
    title, body, _source = services.letter_template_for(agency, kind)
    return ParagraphForm(
        request.POST or None,
        kind=kind,
        agency=agency,
        body=body,
        initial={"title": title},
    )


def _page(
    request: HttpRequest,
    agency: Any,
    kind: LetterKind,
    form: ParagraphForm,
    status: int,
) -> HttpResponse:
    context = {
        "agency": agency,
        "kind": kind,
        "form": form,
        "placeholders": paragraphs.offered(default_body(kind)),
    }
    return render(request, "letters/template_paragraphs.html", context, status=status)


@staff_required
@require_http_methods(["GET", "POST"])
def template_paragraphs(
    request: HttpRequest, agency_id: int, kind: str
) -> HttpResponse:
    """GET: the paragraphs; POST: check, render with sample data, save."""
    agency, letter_kind = _admin_agency(request, agency_id), _kind(kind)
    form = _form(request, agency, letter_kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.letter_template_save(
                agency=agency,
                kind=letter_kind,
                title=form.cleaned_data["title"],
                body=form.body,
                acting_user=request.user,
            )
        except LetterDataError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, f"已保存“{letter_kind.label}”模板。")
            return redirect("letters:template-list", agency_id=agency.pk)
    return _page(request, agency, letter_kind, form, 400 if form.is_bound else 200)


@staff_required
@require_POST
def template_paragraphs_pdf(
    request: HttpRequest, agency_id: int, kind: str
) -> HttpResponse:
    """The unsaved paragraphs as the PDF the letter will be (sample data; nothing saved)."""
    agency, letter_kind = _admin_agency(request, agency_id), _kind(kind)
    form = _form(request, agency, letter_kind)
    if not form.is_valid():
        return _page(request, agency, letter_kind, form, 400)
    # One page of sample data, drawn for the person who asked (under a
    # second); saving the template does not draw it.
    pdf = form.generator.render_pdf(form.document)
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="preview-{letter_kind.value}.pdf"'
    )
    return response


@staff_required
@require_GET
def templates_home(request: HttpRequest) -> HttpResponse:
    """The menu entry: the templates of the (first) agency the user administers."""
    membership = (
        Membership.objects.filter(user=staff_user(request.user), role=Role.ADMIN)
        .order_by("agency__path", "pk")
        .first()
    )
    if membership is None:
        messages.error(request, "只有机关管理员可以修改文书模板。")
        return redirect("cases:dashboard")
    return redirect("letters:template-list", agency_id=membership.agency_id)
