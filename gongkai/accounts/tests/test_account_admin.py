"""The 机关管理员's account pages: create, roles, deactivate, reset, forced change.

The cast's ``admin`` administers the office; the bureau (a sibling) and the city
above are out of their reach. A city administrator reaches both sub-units.
"""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from gongkai.accounts.errors import AccountError
from gongkai.accounts.models import Membership, Role, StaffProfile
from gongkai.accounts.services import role_grant, staff_deactivate
from gongkai.testing import PASSWORD, make_user

NEW_PASSWORD = "Xin-Ren-2026!"
OWN_PASSWORD = "Zi-Ji-De-2026?"


def _create(client, cast, **extra):
    data = {
        "agency": cast.office.pk,
        "username": "xiaowang",
        "full_name": "王小明",
        "password": NEW_PASSWORD,
        "roles": ["handler"],
        **extra,
    }
    return client.post(reverse("accounts:account-create"), data)


def test_it_lists_the_accounts_of_the_administrators_agency_only(client, cast):
    client.force_login(cast.admin)
    page = client.get(reverse("accounts:account-list")).content.decode()
    for user in (cast.registrar, cast.handler, cast.head, cast.admin):
        assert f">{user.username}</td>" in page
    for user in (cast.outsider, cast.supervisor, cast.city_head, cast.other_head):
        assert f">{user.username}</td>" not in page


def test_the_header_offers_account_management_to_administrators_only(client, cast):
    client.force_login(cast.admin)
    assert "账号管理" in client.get(reverse("cases:dashboard")).content.decode()
    client.force_login(cast.head)
    assert "账号管理" not in client.get(reverse("cases:dashboard")).content.decode()


def test_anyone_but_an_administrator_is_refused(client, cast):
    client.force_login(cast.head)
    assert client.get(reverse("accounts:account-list")).status_code == 403
    assert client.get(reverse("accounts:account-create")).status_code == 403
    url = reverse("accounts:account-detail", args=[cast.handler.pk])
    assert client.get(url).status_code == 404
    deactivate = reverse("accounts:deactivate", args=[cast.handler.pk])
    assert client.post(deactivate).status_code == 404
    cast.handler.refresh_from_db()
    assert cast.handler.is_active


def test_an_account_out_of_reach_is_not_found(client, cast):
    client.force_login(cast.admin)
    for user in (cast.outsider, cast.supervisor):
        url = reverse("accounts:account-detail", args=[user.pk])
        assert client.get(url).status_code == 404
        response = client.post(reverse("accounts:deactivate", args=[user.pk]))
        assert response.status_code == 404
        user.refresh_from_db()
        assert user.is_active


def test_a_new_account_must_change_its_password_at_first_login(client, cast):
    client.force_login(cast.admin)
    response = _create(client, cast)
    account = get_user_model().objects.get(username="xiaowang")
    assert response.url == reverse("accounts:account-detail", args=[account.pk])
    assert account.staff_profile.agency == cast.office
    assert account.staff_profile.must_change_password
    client.logout()
    client.post(
        reverse("accounts:login"), {"username": "xiaowang", "password": NEW_PASSWORD}
    )
    dashboard = client.get(reverse("cases:dashboard"))
    assert dashboard.status_code == 302
    assert dashboard.url == reverse("accounts:password-change")
    # Nothing but the password form: a POST elsewhere is refused.
    assert client.post(reverse("cases:register"), {}).status_code == 403
    client.post(
        reverse("accounts:password-change"),
        {
            "old_password": NEW_PASSWORD,
            "new_password1": OWN_PASSWORD,
            "new_password2": OWN_PASSWORD,
        },
    )
    assert client.get(reverse("cases:dashboard")).status_code == 200
    account.staff_profile.refresh_from_db()
    assert not account.staff_profile.must_change_password


def test_a_taken_username_or_weak_password_is_a_form_error(client, cast):
    client.force_login(cast.admin)
    taken = _create(client, cast, username="Handler")
    assert taken.status_code == 400
    assert "该用户名已被使用" in taken.content.decode()
    weak = _create(client, cast, password="abcdefgh")
    assert weak.status_code == 400
    assert not get_user_model().objects.filter(username="xiaowang").exists()


def test_an_administrator_cannot_create_an_account_in_a_sibling_agency(client, cast):
    client.force_login(cast.admin)
    response = _create(client, cast, agency=cast.bureau.pk)
    assert response.status_code == 400
    assert "请选择您管理的机关" in response.content.decode()


def test_roles_are_granted_and_revoked_on_the_account_page(client, cast):
    client.force_login(cast.admin)
    grant = reverse("accounts:grant-role", args=[cast.handler.pk])
    response = client.post(grant, {"agency": cast.office.pk, "role": "registrar"})
    assert response.status_code == 302
    held = Membership.objects.get(
        user=cast.handler, agency=cast.office, role=Role.REGISTRAR
    )
    again = client.post(grant, {"agency": cast.office.pk, "role": "registrar"})
    assert again.status_code == 400
    assert "已有“登记员”角色" in again.content.decode()
    revoke = reverse("accounts:revoke-role", args=[cast.handler.pk])
    assert client.post(revoke, {"membership": held.pk}).status_code == 302
    assert not Membership.objects.filter(pk=held.pk).exists()


def test_a_role_elsewhere_cannot_be_revoked_or_granted(client, cast):
    both = make_user("both", cast.office, Role.HANDLER)
    elsewhere = Membership.objects.create(
        user=both, agency=cast.bureau, role=Role.HANDLER
    )
    client.force_login(cast.admin)
    page = client.get(reverse("accounts:account-detail", args=[both.pk]))
    assert "不归您管理" in page.content.decode()
    revoke = reverse("accounts:revoke-role", args=[both.pk])
    assert client.post(revoke, {"membership": elsewhere.pk}).status_code == 400
    assert Membership.objects.filter(pk=elsewhere.pk).exists()
    grant = reverse("accounts:grant-role", args=[both.pk])
    assert (
        client.post(grant, {"agency": cast.bureau.pk, "role": "head"}).status_code
        == 400
    )
    # Nor deactivated: the bureau's administrator has a say too.
    response = client.post(reverse("accounts:deactivate", args=[both.pk]))
    assert response.status_code == 400
    assert "示例市住房和城乡建设局也有角色" in response.content.decode()
    both.refresh_from_db()
    assert both.is_active


def test_a_deactivated_account_cannot_sign_in_until_reactivated(client, cast):
    client.force_login(cast.admin)
    assert (
        client.post(reverse("accounts:deactivate", args=[cast.handler.pk])).status_code
        == 302
    )
    cast.handler.refresh_from_db()
    assert not cast.handler.is_active
    other = client.__class__()
    login = {"username": "handler", "password": PASSWORD}
    assert other.post(reverse("accounts:login"), login).status_code == 200  # refused
    client.post(reverse("accounts:reactivate", args=[cast.handler.pk]))
    assert other.post(reverse("accounts:login"), login).status_code == 302


def test_a_deactivation_ends_the_open_sessions(client, cast):
    handler_client = client.__class__()
    handler_client.force_login(cast.handler)
    assert handler_client.get(reverse("cases:dashboard")).status_code == 200
    staff_deactivate(account=cast.handler, acting_user=cast.admin)
    assert handler_client.get(reverse("cases:dashboard")).status_code == 302


def test_an_administrator_cannot_lock_themselves_out(client, cast):
    client.force_login(cast.admin)
    response = client.post(reverse("accounts:deactivate", args=[cast.admin.pk]))
    assert response.status_code == 400
    assert "不能停用自己的账号" in response.content.decode()
    own = Membership.objects.get(user=cast.admin, role=Role.ADMIN)
    response = client.post(
        reverse("accounts:revoke-role", args=[cast.admin.pk]), {"membership": own.pk}
    )
    assert response.status_code == 400
    assert Membership.objects.filter(pk=own.pk).exists()


def test_a_reset_sets_a_temporary_password_to_be_changed(client, cast):
    handler_client = client.__class__()
    handler_client.force_login(cast.handler)
    client.force_login(cast.admin)
    url = reverse("accounts:reset-password", args=[cast.handler.pk])
    weak = client.post(url, {"password": "handler123"})
    assert weak.status_code == 400
    assert client.post(url, {"password": NEW_PASSWORD}).status_code == 302
    # The old session is over; the temporary password must be changed.
    assert handler_client.get(reverse("cases:dashboard")).status_code == 302
    assert StaffProfile.objects.get(user=cast.handler).must_change_password
    handler_client.post(
        reverse("accounts:login"), {"username": "handler", "password": NEW_PASSWORD}
    )
    response = handler_client.get(reverse("cases:list"))
    assert response.url == reverse("accounts:password-change")


def test_a_city_administrator_manages_the_sub_units(client, cast):
    city_admin = make_user("city_admin", cast.city, Role.ADMIN)
    client.force_login(city_admin)
    page = client.get(reverse("accounts:account-list")).content.decode()
    assert ">outsider</td>" in page and ">handler</td>" in page
    response = client.post(
        reverse("accounts:grant-role", args=[cast.outsider.pk]),
        {"agency": cast.bureau.pk, "role": "head"},
    )
    assert response.status_code == 302
    assert Membership.objects.filter(
        user=cast.outsider, agency=cast.bureau, role=Role.HEAD
    ).exists()


def test_an_account_whose_roles_were_all_revoked_stays_manageable(client, cast):
    client.force_login(cast.admin)
    _create(client, cast)
    account = get_user_model().objects.get(username="xiaowang")
    membership = account.memberships.get()
    client.post(
        reverse("accounts:revoke-role", args=[account.pk]),
        {"membership": membership.pk},
    )
    page = client.get(reverse("accounts:account-detail", args=[account.pk]))
    assert page.status_code == 200
    assert "没有任何角色" in page.content.decode()


def test_the_services_refuse_an_administrator_out_of_reach(cast):
    with pytest.raises(AccountError):
        role_grant(
            account=cast.handler,
            agency=cast.bureau,
            role=Role.HEAD,
            acting_user=cast.admin,
        )
    with pytest.raises(AccountError):
        staff_deactivate(account=cast.outsider, acting_user=cast.admin)


def test_the_former_per_agency_address_leads_to_the_list(client, cast):
    client.force_login(cast.admin)
    response = client.get(reverse("accounts:staff-list", args=[cast.office.pk]))
    assert response.url == f"{reverse('accounts:account-list')}?agency={cast.office.pk}"
