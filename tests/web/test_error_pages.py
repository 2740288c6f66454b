"""Error pages in the user's language, saying what to do, and naming nothing of what was asked for."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.test import Client
from django.utils import translation

pytestmark = pytest.mark.django_db


def _vietnamese(client: Client) -> Client:
    client.cookies["django_language"] = "vi"
    return client


def test_another_communes_household_is_not_found_in_vietnamese_and_named_nowhere(season, browser):
    page = _vietnamese(browser("other_cadre")).get("/households/H1/")
    assert page.status_code == 404
    assert "Không tìm thấy trang" in page.text
    assert "Y Nguyễn" not in page.text  # the household's head, whose page it would have been


def test_a_page_the_role_may_not_open_says_so_in_vietnamese(world, browser):
    page = _vietnamese(browser("cadre")).get("/audit/changes/")
    assert page.status_code == 403
    assert "Vai trò của bạn không cho phép việc này." in page.text


def test_an_expired_form_is_explained_in_vietnamese(world):
    client = Client(enforce_csrf_checks=True)
    client.force_login(world.personas["province"])
    page = _vietnamese(client).post("/cycles/open/", {"year": "2025", "standard": "vn-2022-2025"})
    assert page.status_code == 403
    assert "Biểu mẫu đã hết hạn" in page.text


@pytest.mark.parametrize(
    ("language", "title"), [("vi", "Đã xảy ra lỗi"), ("en", "Something went wrong"), ("id", "Terjadi kesalahan")]
)
def test_the_server_error_page_renders_alone_in_each_language(language, title):
    with translation.override(language):
        assert title in render_to_string("500.html")
