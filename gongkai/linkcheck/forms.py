from __future__ import annotations

from django import forms

from gongkai.linkcheck.models import CheckSettings


class SettingsForm(forms.ModelForm[CheckSettings]):
    class Meta:
        model = CheckSettings
        fields = ("enabled", "interval_days", "own_site", "allowed_hosts", "slow_ms")
        widgets = {"allowed_hosts": forms.Textarea(attrs={"rows": 3})}

    def clean_interval_days(self) -> int:
        value = int(self.cleaned_data["interval_days"])
        if not 1 <= value <= 90:
            raise forms.ValidationError("检查间隔应在 1 至 90 天之间。")
        return value

    def clean_slow_ms(self) -> int:
        value = int(self.cleaned_data["slow_ms"])
        if not 100 <= value <= 60000:
            raise forms.ValidationError("访问缓慢阈值应在 100 至 60000 毫秒之间。")
        return value
