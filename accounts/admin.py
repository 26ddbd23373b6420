from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from .models import ApiToken, Membership, Organisation


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "joined_at"]
    readonly_fields = ["joined_at"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "member_count", "created_at"]
    search_fields = ["name", "code"]
    readonly_fields = ["code", "created_at"]
    inlines = [MembershipInline]

    def get_queryset(self, request):
        from django.db.models import Count

        return super().get_queryset(request).annotate(_members=Count("memberships"))

    @admin.display(description="Members", ordering="_members")
    def member_count(self, obj):
        return obj._members


class UserMembershipInline(admin.StackedInline):
    model = Membership
    can_delete = True
    extra = 0
    max_num = 1
    verbose_name = "Organisation (vendor users only)"
    autocomplete_fields = ["organisation"]
    fields = ["organisation"]


User = get_user_model()
admin.site.unregister(User)


@admin.register(User)
class CertplannerUserAdmin(UserAdmin):
    inlines = [UserMembershipInline]
    list_display = [
        "username",
        "email",
        "first_name",
        "last_name",
        "organisation",
        "is_staff",
    ]
    list_filter = [*UserAdmin.list_filter, "membership__organisation"]
    list_select_related = ["membership__organisation"]

    @admin.display(ordering="membership__organisation__name")
    def organisation(self, obj):
        membership = getattr(obj, "membership", None)
        return membership.organisation if membership else "—"


admin.site.site_header = "certplanner administration"
admin.site.site_title = "certplanner"
admin.site.index_title = "Catalogue, organisations and users"


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are created with `manage.py create_api_token`; here they are reviewed
    and revoked (deleted)."""

    list_display = ["name", "user", "created_at", "last_used_at"]
    search_fields = ["name", "user__username"]
    list_select_related = ["user"]
    readonly_fields = ["user", "name", "created_at", "last_used_at"]

    def has_add_permission(self, request):
        return False
