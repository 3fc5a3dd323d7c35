from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse_lazy
from django.views.decorators.http import require_http_methods

from gongkai.accounts.forms import LoginForm, StaffCreateForm
from gongkai.accounts.models import Membership, Role
from gongkai.accounts.permissions import can_manage_staff
from gongkai.accounts.services import staff_create
from gongkai.agencies.models import Agency


class StaffLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        return str(reverse_lazy("cases:dashboard"))


class StaffLogoutView(auth_views.LogoutView):
    next_page = "accounts:login"  # resolve_url() reverses a URL name


class StaffPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("cases:dashboard")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        messages.success(self.request, "密码已修改。")
        return super().form_valid(form)


@login_required
@require_http_methods(["GET", "POST"])
def staff_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    """机关管理员: the agency's staff and their roles; add an account."""
    agency = get_object_or_404(Agency, pk=agency_id)
    if not can_manage_staff(request.user, agency):
        raise PermissionDenied("只有本机关的机关管理员可以管理工作人员。")
    form = StaffCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            staff_create(
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                agency=agency,
                roles=[Role(r) for r in data["roles"]],
                acting_user=request.user,
            )
        except ValidationError as exc:
            form.add_error(
                "password" if "密码" in " ".join(exc.messages) else None, exc
            )
        except IntegrityError:
            form.add_error("username", "该用户名已被使用。")
        else:
            messages.success(request, f"已添加工作人员 {data['username']}。")
            return redirect("accounts:staff-list", agency_id=agency.pk)
    members = (
        Membership.objects.filter(agency=agency)
        .select_related("user")
        .order_by("user__username", "role")
    )
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/staff_list.html",
        {"agency": agency, "members": members, "form": form},
        status=status,
    )
