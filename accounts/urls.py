from django.contrib.auth import views as auth_views
from django.urls import path

from certplanner.access import EVERYONE, LOGGED_IN, access

from . import views

LOGOUT_GET = {**dict.fromkeys(EVERYONE, 405), "anonymous": "login"}
# Logging out, like visiting a page anonymously, ends on the login page.
LOGOUT_POST = dict.fromkeys(EVERYONE, "login")

urlpatterns = [
    path(
        "login/",
        access(get=EVERYONE, post=EVERYONE)(views.LoginView.as_view()),
        name="login",
    ),
    path(
        "logout/",
        access(get=LOGOUT_GET, post=LOGOUT_POST)(auth_views.LogoutView.as_view()),
        name="logout",
    ),
    path(
        "password/",
        access(get=LOGGED_IN, post=LOGGED_IN)(views.PasswordChangeView.as_view()),
        name="password_change",
    ),
]
