from django.conf import settings
from django.urls import reverse

from .roles import Role, organisation_of, role_of

ALL_ROLES = (Role.VENDOR, Role.LAB_REVIEWER, Role.ADMIN)

# (label, url name, icon, roles that see it). Views enforce access themselves;
# this only decides what the navigation offers.
NAVIGATION = [
    ("Dashboard", "dashboard", "speedometer2", ALL_ROLES),
    ("PICS", "pics_list", "clipboard-check", (Role.VENDOR, Role.ADMIN)),
    ("Review queue", "lab_queue", "inbox", (Role.LAB_REVIEWER, Role.ADMIN)),
    ("Catalogue", "catalogue", "journal-text", ALL_ROLES),
]


def navigation(request):
    role = role_of(request.user)
    items = [
        {"label": label, "url": reverse(url_name), "icon": icon}
        for label, url_name, icon, roles in NAVIGATION
        if role in roles
    ]
    # The active item is the one whose URL is the longest prefix of this page's.
    matching = [
        item
        for item in items
        if request.path == item["url"]
        or (item["url"] != "/" and request.path.startswith(item["url"]))
    ]
    if matching:
        max(matching, key=lambda item: len(item["url"]))["active"] = True
    return {
        "nav_items": items,
        "user_role": role,
        "user_organisation": organisation_of(request.user),
        "user_role_label": role.label if role else "",
        "brand_name": settings.SITE_NAME,
        "lab_name": settings.LAB_NAME,
    }
