from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_GET, require_http_methods

from gongkai.accounts.actions import get_account_or_404, render_account_page
from gongkai.accounts.decorators import staff_required
from gongkai.accounts.errors import AccountError
from gongkai.accounts.forms import LoginForm, SeparationForm, StaffCreateForm
from gongkai.accounts.models import Membership, Role, SecurityEvent
from gongkai.accounts.permissions import (
    accounts_managed_by,
    is_researcher,
    is_staff_member,
    manageable_agencies,
)
from gongkai.accounts.services import (
    agency_set_separation_of_duties,
    password_changed,
    staff_create,
)
from gongkai.accounts.users import AnyUser, is_active_user, staff_user
from gongkai.agencies.models import Agency


class StaffLoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_default_redirect_url(self) -> str:
        user = self.request.user
        if is_researcher(user) and not is_staff_member(user):
            return str(reverse_lazy("datacenter:catalogue"))
        return str(reverse_lazy("cases:dashboard"))


class StaffLogoutView(auth_views.LogoutView):
    next_page = "accounts:login"  # resolve_url() reverses a URL name


class StaffPasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("cases:dashboard")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        response = super().form_valid(form)
        password_changed(user=staff_user(self.request.user))
        messages.success(self.request, "密码已修改。")
        return response


def _manageable_or_403(request: HttpRequest) -> QuerySet[Agency]:
    agencies = manageable_agencies(request.user).order_by("path")
    if not agencies.exists():
        raise PermissionDenied("只有机关管理员可以管理账号。")
    return agencies


@staff_required
@require_GET
def account_list(request: HttpRequest) -> HttpResponse:
    """机关管理员: the accounts of their agencies and sub-units, with their roles."""
    agencies = _manageable_or_403(request)
    params = {
        k: request.GET.get(k, "").replace("\x00", "").strip()
        for k in ("agency", "q", "state")
    }
    accounts = accounts_managed_by(request.user)
    if params["agency"].isascii() and params["agency"].isdigit():
        agency_id = int(params["agency"][:9])
        accounts = accounts.filter(
            Q(staff_profile__agency_id=agency_id) | Q(memberships__agency_id=agency_id)
        )
    if params["q"]:
        accounts = accounts.filter(
            Q(username__icontains=params["q"]) | Q(first_name__icontains=params["q"])
        )
    if params["state"] == "active":
        accounts = accounts.filter(is_active=True)
    elif params["state"] == "inactive":
        accounts = accounts.filter(is_active=False)
    accounts = accounts.select_related("staff_profile__agency").prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.objects.select_related("agency").order_by(
                "agency__path", "role"
            ),
        )
    )
    page = Paginator(accounts.order_by("username"), 50).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/account_list.html",
        {
            "page": page,
            "params": params,
            "agencies": agencies,
            "query": query.urlencode(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def account_create(request: HttpRequest) -> HttpResponse:
    """机关管理员: a new account with its roles; the holder changes the password."""
    agencies = _manageable_or_403(request)
    initial = {}
    wanted = request.GET.get("agency", "")
    if wanted.isascii() and wanted.isdigit():
        initial["agency"] = agencies.filter(pk=int(wanted[:9])).first()
    form = StaffCreateForm(request.POST or None, agencies=agencies, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            account = staff_create(
                username=data["username"],
                password=data["password"],
                full_name=data["full_name"],
                agency=data["agency"],
                roles=[Role(r) for r in data["roles"]],
                acting_user=request.user,
            )
        except AccountError as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None, exc.message_zh
            )
        except ValidationError as exc:
            form.add_error("password", exc)
        else:
            messages.success(
                request,
                f"已添加账号 {account.username}（{account.first_name}）。"
                "请把初始密码当面或另行告知本人，本人首次登录时须修改密码。",
            )
            return redirect("accounts:account-detail", pk=account.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request, "accounts/account_create.html", {"form": form}, status=status
    )


@staff_required
@require_GET
def account_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return render_account_page(request, get_account_or_404(request, pk))


@staff_required
@require_GET
def staff_list(request: HttpRequest, agency_id: int) -> HttpResponse:
    """The former per-agency page: the account list filtered to that agency."""
    return redirect(f"{reverse('accounts:account-list')}?agency={agency_id}")


SECURITY_LOG_PAGE_SIZE = 50


def security_events_visible_to(user: AnyUser) -> QuerySet[SecurityEvent]:
    """The security log a user may read.

    A superuser (系统管理员) reads all of it. A 机关管理员 reads what concerns the
    agencies they administer: entries filed under one of them, and entries whose
    actor or account is one of their staff. Nobody else reads it.
    """
    if not is_active_user(user):
        return SecurityEvent.objects.none()
    if user.is_superuser:
        return SecurityEvent.objects.all()
    agencies = Membership.objects.filter(user=user, role=Role.ADMIN).values("agency_id")
    staff = Membership.objects.filter(agency_id__in=agencies).values("user_id")
    return SecurityEvent.objects.filter(
        Q(agency_id__in=agencies) | Q(actor_id__in=staff) | Q(subject_id__in=staff)
    )


@login_required
@require_GET
def security_log(request: HttpRequest) -> HttpResponse:
    """安全日志: superusers see all, 机关管理员 their agencies' staff (filter by kind)."""
    user = request.user
    if not (
        is_active_user(user)
        and (
            user.is_superuser
            or Membership.objects.filter(user=user, role=Role.ADMIN).exists()
        )
    ):
        raise PermissionDenied("只有系统管理员和机关管理员可以查看安全日志。")
    events = security_events_visible_to(user)
    kind = request.GET.get("kind", "")
    if kind in SecurityEvent.Kind.values:
        events = events.filter(kind=kind)
    else:
        kind = ""
    who = request.GET.get("who", "").strip()[:150]
    if who:
        events = events.filter(
            Q(actor_username__iexact=who) | Q(subject_username__iexact=who)
        )
    page = Paginator(events.order_by("-at", "-pk"), SECURITY_LOG_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "accounts/security_log.html",
        {
            "page": page,
            "kinds": SecurityEvent.Kind.choices,
            "params": {"kind": kind, "who": who},
            "query": query.urlencode(),
        },
    )


@staff_required
@require_http_methods(["GET", "POST"])
def separation_settings(request: HttpRequest) -> HttpResponse:
    """机关管理员: 分权审批 per agency they manage (on by default; off is logged)."""
    agencies = _manageable_or_403(request)
    form = SeparationForm(request.POST or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            agency_set_separation_of_duties(
                agency=data["agency"],
                enabled=data["enabled"],
                reason=data["reason"],
                acting_user=request.user,
            )
        except AccountError as exc:
            form.add_error(
                exc.field if exc.field in form.fields else None, exc.message_zh
            )
        else:
            state = "开启" if data["enabled"] else "关闭"
            messages.success(request, f"已{state}{data['agency'].name}的分权审批。")
            return redirect("accounts:separation")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "accounts/separation.html",
        {"agencies": agencies, "form": form},
        status=status,
    )
