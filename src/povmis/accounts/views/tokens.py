"""The "My API tokens" page: the user's tokens (an administrator's: everyone's), issuing one, revoking one."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from povmis.accounts.models import ApiToken, RoleKind
from povmis.accounts.scoping import role_kind, signed_in
from povmis.accounts.services import issue_token, list_tokens, revoke_token
from povmis.errors import ServiceError


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("What the token is for"),
        help_text=gettext_lazy("The script or system that will use it, for example: district GIS."),
        max_length=100,
    )


@login_required
def token_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _page(request, TokenForm())
    form = TokenForm(request.POST)
    if not form.is_valid():
        return _page(request, form)
    _token, key = issue_token(signed_in(request), form.cleaned_data["name"])
    # The key is shown in this answer and nowhere else (no redirect that would have to keep it),
    # and no cache may store the page.
    response = _page(request, TokenForm(), key=key)
    response["Cache-Control"] = "no-store"
    return response


def _page(request: HttpRequest, form: TokenForm, key: str | None = None) -> HttpResponse:
    user = signed_in(request)
    context = {
        "form": form,
        "key": key,
        "tokens": list_tokens(user),
        "everyone": role_kind(user) == RoleKind.ADMINISTRATOR,
    }
    return render(request, "accounts/api_tokens.html", context)


@login_required
@require_POST
def revoke(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        token = revoke_token(pk, by=signed_in(request))
    except ApiToken.DoesNotExist:
        raise Http404("no such token") from None
    except ServiceError:
        messages.info(request, _("This token was already revoked."))
    else:
        messages.success(request, _("Token “%(name)s” revoked: the API refuses it from now on.") % {"name": token.name})
    return redirect("api-tokens")
