from django.shortcuts import render

from accounts.roles import Role, role_of


def dashboard(request):
    role = role_of(request.user)
    membership = getattr(request.user, "membership", None)
    context = {"organisation": membership.organisation if membership else None}
    template = {
        Role.VENDOR: "pics/dashboard_vendor.html",
        Role.LAB_REVIEWER: "pics/dashboard_lab.html",
        Role.ADMIN: "pics/dashboard_admin.html",
    }.get(role, "pics/dashboard_norole.html")
    return render(request, template, context)
