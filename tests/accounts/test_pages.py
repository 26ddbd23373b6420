import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_names_the_product_not_the_host(anonymous_client, settings):
    settings.SITE_NAME = "certplanner"
    page = anonymous_client.get(reverse("login")).content.decode()
    assert "Log in to certplanner" in page
    assert "testserver" not in page
