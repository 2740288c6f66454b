"""The users page: administrators give accounts their role and area, through accounts.people."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from povmis.accounts.models import RoleChange, RoleKind
from povmis.accounts.people import AccountChange, save_account
from povmis.accounts.scoping import role_kind, signed_in
from povmis.errors import ServiceError

PAGE_SIZE = 100


class AccountForm(forms.Form):
    username = forms.CharField(label=gettext_lazy("Account"), max_length=150)
    kind = forms.ChoiceField(label=gettext_lazy("Role"), required=False)
    unit_code = forms.CharField(
        label=gettext_lazy("Unit code"), max_length=32, required=False,
        help_text=gettext_lazy("The commune, district or province the role covers; empty for an administrator."),
    )  # fmt: skip
    password = forms.CharField(
        label=gettext_lazy("Password"), required=False, widget=forms.PasswordInput(render_value=False),
        help_text=gettext_lazy("Needed for a new account; a new one replaces the old."),
    )  # fmt: skip
    active = forms.BooleanField(label=gettext_lazy("May sign in"), required=False, initial=True)

    def __init__(self, *args: object, editing: bool = False, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]  # forms.Form's own signature
        self.fields["kind"].choices = [("", _("No role (sees nothing)")), *RoleKind.choices]  # type: ignore[attr-defined]  # ChoiceField
        if editing:
            self.fields["username"].disabled = True


def _require_administrator(request: HttpRequest) -> None:
    if role_kind(request.user) != RoleKind.ADMINISTRATOR:
        raise PermissionDenied(gettext_lazy("only an administrator manages accounts and roles"))


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    users = User.objects.select_related("role__unit").order_by("username")
    page = Paginator(users, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/users.html", {"page": page})


@login_required
def user_new(request: HttpRequest) -> HttpResponse:
    _require_administrator(request)
    return _edit(request, None)


@login_required
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _require_administrator(request)
    account = User.objects.select_related("role__unit").filter(pk=pk).first()
    if account is None:
        raise Http404("no such account")
    return _edit(request, account)


def _edit(request: HttpRequest, account: User | None) -> HttpResponse:
    role = getattr(account, "role", None)
    initial = {
        "username": account.username if account else "",
        "kind": role.kind if role else "",
        "unit_code": role.unit.code if role and role.unit else "",
        "active": account.is_active if account else True,
    }
    form = AccountForm(request.POST or None, initial=initial, editing=account is not None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        change = AccountChange(
            username=account.username if account else data["username"].strip(), kind=data["kind"],
            unit_code=data["unit_code"].strip(), password=data["password"], active=data["active"],
        )  # fmt: skip
        if account is None and User.objects.filter(username=change.username).exists():
            form.add_error("username", _("This account already exists: open it from the list to change it."))
        else:
            try:
                saved = save_account(change, by=signed_in(request))
            except ServiceError as error:
                form.add_error(None, error.shown())
            else:
                messages.success(request, _("The account %(name)s is saved.") % {"name": saved.username})
                return redirect("user-edit", pk=saved.pk)
    history = RoleChange.objects.filter(user=account).select_related("changed_by") if account else []
    return render(request, "accounts/user_form.html", {"form": form, "account": account, "history": history})
