import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_names_the_product_not_the_host(anonymous_client, settings):
    settings.SITE_NAME = "certplanner"
    page = anonymous_client.get(reverse("login")).content.decode()
    assert "Log in to certplanner" in page
    assert "testserver" not in page


def test_navigation_offers_the_catalogue_and_marks_the_current_section(vendor_client):
    page = vendor_client.get("/catalogue/", follow=True).content.decode()
    assert 'href="/catalogue/"' in page
    assert 'class="nav-link active" href="/catalogue/"' in page
