"""The pages' forms: survey upload, proposing a correction or appeal, deciding one."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from povmis.registry.models import ChangeRequest


class UploadForm(forms.Form):
    year = forms.TypedChoiceField(label=_("Review"), coerce=int)
    households = forms.FileField(
        label=_("Households file (CSV) or workbook (XLSX)"),
        help_text=_("A workbook holds the sheets 'households' and 'members'."),
    )
    members = forms.FileField(label=_("Members file (CSV)"), required=False)

    def __init__(self, *args: Any, years: list[int], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, str(year)) for year in years]  # type: ignore[attr-defined]  # TypedChoiceField

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        households = data.get("households")
        if households and not households.name.lower().endswith((".xlsx", ".xlsm")) and not data.get("members"):
            self.add_error("members", _("A CSV upload needs the members file too."))
        return data


class ProposeForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=[(ChangeRequest.Kind.CORRECTION, _("Correction")), (ChangeRequest.Kind.APPEAL, _("Appeal"))],
    )
    field = forms.ChoiceField(label=_("Answer"))
    member_code = forms.CharField(label=_("Member (for a member's answer)"), required=False, max_length=64)
    value = forms.CharField(label=_("New value"), max_length=200)
    reason = forms.CharField(label=_("Why"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, fields: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["field"].choices = fields  # type: ignore[attr-defined]  # ChoiceField


class DecideForm(forms.Form):
    decision = forms.ChoiceField(choices=[("approve", _("Approve")), ("reject", _("Reject"))])
    note = forms.CharField(label=_("Note"), required=False, max_length=500)
