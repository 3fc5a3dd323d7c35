from __future__ import annotations

from typing import Any

from django import forms
from django.templatetags.static import static

from gongkai.letters.generators import LetterDataError, generator_for
from gongkai.letters.samples import sample_data

PREVIEW_STYLESHEET = "letter.css"


class LetterTemplateForm(forms.Form):
    title = forms.CharField(label="标题", max_length=100)
    body = forms.CharField(
        label="正文模板",
        widget=forms.Textarea(attrs={"rows": 18, "cols": 80}),
        help_text="每行一段。可用占位符见右侧说明；复议诉讼权利、落款、日期、印章和期限说明由系统自动加入。",
    )

    def __init__(self, *args: Any, kind: str, agency: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.agency = agency
        self.preview_html = ""

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors:
            return cleaned
        generator = generator_for(
            self.kind,
            sample_data(self.kind, self.agency),
            body=cleaned["body"],
            title=cleaned["title"],
        )
        try:
            # The static copy of the letter's stylesheet,
            # gongkai/static/gongkai/letter.css (the preview is a web page).
            self.preview_html = generator.render_html(
                stylesheet_href=static(f"gongkai/{PREVIEW_STYLESHEET}")
            )
        except LetterDataError as exc:
            raise forms.ValidationError(str(exc)) from None
        return cleaned
