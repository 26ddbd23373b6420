"""Admin for the catalogue. Published editions are read-only here (except a test
case's watchlist flag): their plans must never change under a vendor. Drafts are
edited freely and published with an action once `validate_catalogue` is clean."""

from django.contrib import admin, messages
from django.db.models import Count
from django.utils.text import slugify

from . import services
from .models import (
    ControllerComponent,
    Edition,
    Feature,
    HardwareFeature,
    ListRule,
    Profile,
    ProfileItem,
    Question,
    TestCase,
    ValueList,
)


def _published(obj) -> bool:
    edition = obj if isinstance(obj, Edition) else getattr(obj, "edition", None)
    return edition is not None and edition.is_published


class FrozenWhenPublished:
    """Read-only views of rows of a published edition; new rows go to drafts only."""

    def has_change_permission(self, request, obj=None):
        if (
            obj is not None
            and _published(obj)
            and not self._published_editable_fields()
        ):
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and _published(obj):
            return False
        return super().has_delete_permission(request, obj)

    def _published_editable_fields(self) -> tuple[str, ...]:
        return getattr(self.model, "editable_when_published", ())

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if obj is not None and _published(obj):
            editable = self._published_editable_fields()
            readonly += [
                f.name
                for f in self.model._meta.get_fields()
                if f.concrete and f.name not in editable and f.name not in readonly
            ]
        return readonly

    def save_related(self, request, form, formsets, change):
        # After the row and its inlines are written: readers rebuild their cache.
        super().save_related(request, form, formsets, change)
        services.edition_touch(form.instance.edition)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        services.edition_touch(obj.edition)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "edition":
            kwargs["queryset"] = Edition.objects.filter(status=Edition.Status.DRAFT)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ProfilePartInline(admin.TabularInline):
    extra = 0

    def _editable(self, obj):
        return obj is None or not _published(obj)

    def has_add_permission(self, request, obj=None):
        return self._editable(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request, obj=None):
        return self._editable(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        return self._editable(obj) and super().has_delete_permission(request, obj)


class ProfileItemInline(ProfilePartInline):
    model = ProfileItem
    fields = ["position", "group", "text"]


class ControllerComponentInline(ProfilePartInline):
    model = ControllerComponent
    fields = ["position", "name"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["code", "title", "date", "status", "test_case_count", "cloned_from"]
    list_filter = ["status"]
    search_fields = ["code", "title"]
    readonly_fields = ["status", "cloned_from", "created_at", "updated_at"]
    actions = ["clone_into_draft", "publish"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("cloned_from")
            .annotate(_test_cases=Count("testcase"))
        )

    @admin.display(description="Test cases", ordering="_test_cases")
    def test_case_count(self, obj):
        return obj._test_cases

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_published:
            return ["code", "title", "date", *self.readonly_fields]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.is_published:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description="Clone into a new draft edition")
    def clone_into_draft(self, request, queryset):
        for edition in queryset:
            code = self._free_code(f"{edition.code}-draft")
            clone = services.edition_clone(edition, code=code)
            self.message_user(
                request, f"Created draft {clone.code} from {edition.code}."
            )

    @admin.action(description="Publish (freeze) the selected draft editions")
    def publish(self, request, queryset):
        for edition in queryset.filter(status=Edition.Status.DRAFT):
            try:
                services.edition_publish(edition)
            except services.CatalogueImportError as error:
                shown = "; ".join(error.problems[:5])
                more = len(error.problems) - 5
                suffix = f" (and {more} more)" if more > 0 else ""
                self.message_user(
                    request,
                    f"{edition.code} not published: {shown}{suffix}",
                    level=messages.ERROR,
                )
            else:
                self.message_user(request, f"Published {edition.code}.")

    @staticmethod
    def _free_code(base: str) -> str:
        base = slugify(base)[:50]
        code, n = base, 2
        while Edition.objects.filter(code=code).exists():
            code, n = f"{base}-{n}", n + 1
        return code


@admin.register(Profile)
class ProfileAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["name", "edition", "always_required", "position"]
    list_filter = ["edition"]
    search_fields = ["name"]
    filter_horizontal = ["requires"]
    inlines = [ProfileItemInline, ControllerComponentInline]
    list_select_related = ["edition"]


@admin.register(ValueList)
class ValueListAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["name", "edition", "value_count"]
    list_filter = ["edition"]
    search_fields = ["name"]
    list_select_related = ["edition"]

    @admin.display(description="Values")
    def value_count(self, obj):
        return len(obj.values)


@admin.register(Feature)
class FeatureAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = [
        "code",
        "side",
        "name",
        "config_variable",
        "profile",
        "support",
        "kind",
    ]
    list_display_links = ["code", "name"]
    list_filter = ["edition", "side", "profile__name", "support", "kind", "section"]
    search_fields = ["code", "name", "config_variable", "description"]
    list_select_related = ["profile"]
    raw_id_fields = ["parent"]
    ordering = ["edition", "side", "position"]


@admin.register(ListRule)
class ListRuleAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "side", "kind", "subject", "edition"]
    list_filter = ["edition", "side", "kind"]
    search_fields = ["code", "subject", "text", "condition"]
    list_select_related = ["edition"]


@admin.register(Question)
class QuestionAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "side", "text", "edition"]
    list_filter = ["edition", "side"]
    search_fields = ["code", "text"]
    list_select_related = ["edition"]
    ordering = ["edition", "side", "position"]


@admin.register(HardwareFeature)
class HardwareFeatureAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = ["code", "text", "kind", "edition"]
    list_filter = ["edition", "kind"]
    search_fields = ["code", "text"]
    list_select_related = ["edition"]


@admin.register(TestCase)
class TestCaseAdmin(FrozenWhenPublished, admin.ModelAdmin):
    list_display = [
        "code",
        "title",
        "group",
        "profile",
        "cs",
        "csms",
        "condition_cs",
        "condition_csms",
        "watchlist",
        "confidence",
    ]
    list_display_links = ["code", "title"]
    list_filter = [
        "edition",
        "profile__name",
        "cs",
        "csms",
        "watchlist",
        "confidence",
        "group",
    ]
    search_fields = [
        "code",
        "title",
        "group",
        "condition_cs",
        "condition_csms",
        "remark",
    ]
    list_select_related = ["profile"]
    ordering = ["edition", "position"]
    fieldsets = [
        (
            None,
            {"fields": ["edition", "code", "position", "group", "title", "profile"]},
        ),
        (
            "Requirement per side",
            {
                "description": "A cell is empty when the compliance test tool has no "
                "variant for that side. A C cell needs a condition in the condition "
                "language, e.g. <code>C-49 and (C-30 or C-31)</code>, "
                "<code>HFS-8 &gt; 1</code>, <code>NOT Smart Charging</code>.",
                "fields": [("cs", "condition_cs"), ("csms", "condition_csms")],
            },
        ),
        (
            "From the document",
            {
                "fields": [
                    "remark",
                    "related_feature_ids",
                    "related_feature",
                    "spec_line",
                ]
            },
        ),
        ("Transcription", {"fields": ["notes", "confidence"]}),
        ("OCA Watchlist", {"fields": ["watchlist", "watchlist_note"]}),
    ]
