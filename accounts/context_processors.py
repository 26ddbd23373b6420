from django.conf import settings

from .roles import Role, role_of

# (label, url name, icon, roles that see it). Views enforce access themselves;
# this only decides what the navigation offers.
NAVIGATION = [
    (
        "Dashboard",
        "dashboard",
        "speedometer2",
        (Role.VENDOR, Role.LAB_REVIEWER, Role.ADMIN),
    ),
]


def navigation(request):
    role = role_of(request.user)
    items = [
        {"label": label, "url_name": url_name, "icon": icon}
        for label, url_name, icon, roles in NAVIGATION
        if role in roles
    ]
    return {
        "nav_items": items,
        "user_role": role,
        "user_role_label": role.label if role else "",
        "brand_name": settings.SITE_NAME,
        "lab_name": settings.LAB_NAME,
    }
