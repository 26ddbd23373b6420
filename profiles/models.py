"""The certification catalogue, stored per edition of OCPP 2.0.1 Part 5.

Every row carries its edition, and the document's own ids are the natural keys
(`TC_B_02`, `C-09.1`, `AQ-2`), so fixtures read like the document and a later
edition can sit beside this one. A published edition is frozen: plans computed
from it must never change under a vendor.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models

from rules import integrity


class Side(models.TextChoices):
    CHARGING_STATION = "cs", "Charging Station"
    CSMS = "csms", "CSMS"


class EditionManager(models.Manager):
    def get_by_natural_key(self, code):
        return self.get(code=code)

    def current(self) -> Edition | None:
        """The newest published edition: what a new PICS is answered against."""
        return (
            self.filter(status=Edition.Status.PUBLISHED)
            .order_by("-date", "-id")
            .first()
        )


class Edition(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"

    code = models.SlugField(max_length=60, unique=True)
    title = models.CharField(max_length=250)
    date = models.DateField()
    status = models.CharField(max_length=10, choices=Status, default=Status.DRAFT)
    cloned_from = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="clones"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = EditionManager()

    class Meta:
        ordering = ["-date", "code"]

    def __str__(self) -> str:
        return self.title

    def natural_key(self):
        return (self.code,)

    def condition_problem(self, text: str, side: str) -> str | None:
        """Why `text` is not a usable condition for `side` in this edition, or None."""
        answerable = [Feature, Question] + (
            [HardwareFeature] if side == Side.CHARGING_STATION else []
        )
        known = set()
        for model in answerable:
            rows = model.objects.filter(edition=self)
            if model is not HardwareFeature:  # hardware features have no side
                rows = rows.filter(side=side)
            known |= set(rows.values_list("code", flat=True))
        profiles = Profile.objects.filter(edition=self).values_list("name", flat=True)
        return integrity.condition_problem(text, known, profiles, side)

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class EditionScopedManager(models.Manager):
    """Natural key: (edition code, *the row's own key fields)."""

    def __init__(self, *key_fields: str) -> None:
        super().__init__()
        self.key_fields = key_fields

    def get_by_natural_key(self, edition_code, *key):
        return self.get(
            edition__code=edition_code, **dict(zip(self.key_fields, key, strict=True))
        )

    def deconstruct(self):
        # Managers built with arguments must rebuild the same way in migrations.
        return (False, f"{__name__}.{type(self).__name__}", None, self.key_fields, {})


class EditionScoped(models.Model):
    """Base of every catalogue row; published editions refuse edits in clean()."""

    edition = models.ForeignKey(Edition, on_delete=models.CASCADE)
    position = models.PositiveIntegerField(
        default=0, help_text="Order in the document."
    )

    natural_key_fields: tuple[str, ...] = ()
    # Fields that describe the state of the world rather than the document, and so
    # may change on a published edition without changing any plan.
    editable_when_published: tuple[str, ...] = ()

    class Meta:
        abstract = True
        ordering = ["position"]

    def natural_key(self):
        return (self.edition.code, *(getattr(self, f) for f in self.natural_key_fields))

    natural_key.dependencies = ["profiles.edition"]

    def changes_frozen_fields(self) -> bool:
        if self.pk is None:
            return True
        stored = type(self).objects.get(pk=self.pk)
        return any(
            getattr(stored, field.attname) != getattr(self, field.attname)
            for field in self._meta.concrete_fields
            if field.name not in self.editable_when_published
        )

    def clean(self):
        super().clean()
        if (
            self.edition_id
            and self.edition.is_published
            and self.changes_frozen_fields()
        ):
            raise ValidationError(
                f"{self.edition} is published and read-only: "
                "clone it into a draft to edit it."
            )


class Profile(EditionScoped):
    """A certification profile of Table 1."""

    name = models.CharField(max_length=100)
    always_required = models.BooleanField(default=False)
    requires = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="required_by",
        help_text="Profiles whose test cases this one brings in (§2).",
    )
    requires_note = models.TextField(blank=True)
    controller_components_note = models.TextField(blank=True)
    spec_line = models.PositiveIntegerField(null=True, blank=True)

    natural_key_fields = ("name",)
    objects = EditionScopedManager("name")

    class Meta(EditionScoped.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"], name="profile_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ProfilePartManager(models.Manager):
    def get_by_natural_key(self, edition_code, profile_name, position):
        return self.get(
            profile__edition__code=edition_code,
            profile__name=profile_name,
            position=position,
        )


class ProfilePart(models.Model):
    """Base of the ordered lines that belong to a profile; keyed by their position."""

    objects = ProfilePartManager()

    class Meta:
        abstract = True

    def natural_key(self):
        return (self.profile.edition.code, self.profile.name, self.position)

    natural_key.dependencies = ["profiles.profile"]


class ProfileItem(ProfilePart):
    """One line of a profile's description in Table 1 (ISO 15118 support keeps its
    three sub-groups in `group`)."""

    profile = models.ForeignKey(Profile, on_delete=models.CASCADE, related_name="items")
    position = models.PositiveIntegerField(default=0)
    group = models.CharField(max_length=100, blank=True)
    text = models.CharField(max_length=200)

    class Meta:
        ordering = ["profile", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "position"], name="profileitem_unique"
            )
        ]

    def __str__(self) -> str:
        return self.text


class ControllerComponent(ProfilePart):
    """A controller component §5 requires for a profile."""

    profile = models.ForeignKey(
        Profile, on_delete=models.CASCADE, related_name="controller_components"
    )
    position = models.PositiveIntegerField(default=0)
    name = models.CharField(max_length=60)

    class Meta:
        ordering = ["profile", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["profile", "position"], name="controllercomponent_unique"
            )
        ]

    def __str__(self) -> str:
        return self.name


class ValueList(EditionScoped):
    """Values of a list feature whose members have no id of their own (TimeSource,
    measurands, cipher suites, AuthCachePolicy) or of a fixed list (TriggerMessage),
    taken from OCPP 2.0.1 Part 2."""

    name = models.CharField(max_length=60)
    values = models.JSONField(default=list)
    source = models.TextField(blank=True)
    notes = models.TextField(blank=True)

    natural_key_fields = ("name",)
    objects = EditionScopedManager("name")

    class Meta(EditionScoped.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "name"], name="valuelist_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Feature(EditionScoped):
    """An optional feature of Table 2 (Charging Station) or Table 3 (CSMS)."""

    class Support(models.TextChoices):
        OPTIONAL = "optional", "Optional"
        REQUIRED = "required", "Required"

    class Kind(models.TextChoices):
        BOOLEAN = "boolean", "Yes/no"
        LIST_PARENT = "list_parent", "List of features"
        VALUE_LIST = "value_list", "List of values"

    side = models.CharField(max_length=4, choices=Side)
    code = models.CharField("id", max_length=12)
    name = models.CharField(max_length=250)
    config_variable = models.CharField(max_length=200, blank=True)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children"
    )
    profile = models.ForeignKey(
        Profile, on_delete=models.PROTECT, related_name="features"
    )
    section = models.CharField(
        max_length=120, blank=True, help_text="Sub-heading in the table."
    )
    support = models.CharField(max_length=10, choices=Support, default=Support.OPTIONAL)
    support_text = models.TextField(blank=True)
    kind = models.CharField(max_length=12, choices=Kind, default=Kind.BOOLEAN)
    value_list = models.ForeignKey(
        ValueList,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="features",
    )
    related_use_cases = models.CharField(max_length=200, blank=True)
    description = models.TextField(blank=True)
    spec_line = models.PositiveIntegerField(null=True, blank=True)

    natural_key_fields = ("side", "code")
    objects = EditionScopedManager("side", "code")

    class Meta(EditionScoped.Meta):
        ordering = ["side", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "side", "code"], name="feature_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self):
        super().clean()
        if (self.kind == self.Kind.VALUE_LIST) != (self.value_list_id is not None):
            message = (
                "Only a list-of-values feature has a value list, and it needs one."
            )
            raise ValidationError({"value_list": message})
        if self.parent_id and (
            self.parent.side != self.side or self.parent.edition_id != self.edition_id
        ):
            raise ValidationError(
                {"parent": "The parent must be of the same side and edition."}
            )


class ListRule(EditionScoped):
    """A list or dependency rule of the feature tables, read by the PICS validation."""

    class Kind(models.TextChoices):
        AT_LEAST_ONE = "at_least_one", "At least one member feature"
        MUST_INCLUDE = "must_include", "List must include these values"
        IMPLIED_MEMBER = "implied_member", "Always-supported member"
        VALUES_AT_LEAST_ONE = "values_at_least_one", "At least one value"
        VALUES_COMPLETE_SET = "values_complete_set", "All values of at least one set"
        REQUIRES = "requires", "Feature requires a condition"

    code = models.CharField(max_length=60)
    side = models.CharField(max_length=4, choices=Side)
    kind = models.CharField(max_length=24, choices=Kind)
    subject = models.CharField(
        max_length=120, help_text="A feature id, or a section name."
    )
    members = models.JSONField(default=list, blank=True)
    sets = models.JSONField(default=list, blank=True)
    condition = models.CharField(
        max_length=500,
        blank=True,
        help_text="For a requires rule: what the subject needs. For the others: when "
        "the rule binds (empty: always).",
    )
    text = models.TextField(help_text="The rule as the document states it.")
    notes = models.TextField(blank=True)
    source = models.TextField(blank=True)
    spec_line = models.PositiveIntegerField(null=True, blank=True)

    natural_key_fields = ("code",)
    objects = EditionScopedManager("code")

    class Meta(EditionScoped.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"], name="listrule_unique_code"
            )
        ]

    def __str__(self) -> str:
        return self.code

    def clean(self):
        super().clean()
        if self.kind == self.Kind.REQUIRES and not self.condition.strip():
            raise ValidationError({"condition": "A requires rule needs a condition."})
        if self.condition.strip():
            problem = self.edition.condition_problem(self.condition, self.side)
            if problem:
                raise ValidationError({"condition": problem})


class Question(EditionScoped):
    """An additional question of Appendix A (AQ-1, AQ-2 and AQ-6 exist on both sides
    with different meanings)."""

    side = models.CharField(max_length=4, choices=Side)
    code = models.CharField("id", max_length=12)
    text = models.TextField()
    spec_line = models.PositiveIntegerField(null=True, blank=True)

    natural_key_fields = ("side", "code")
    objects = EditionScopedManager("side", "code")

    class Meta(EditionScoped.Meta):
        ordering = ["side", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "side", "code"], name="question_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class HardwareFeature(EditionScoped):
    """A hardware feature of Appendix B (Charging Station only)."""

    class Kind(models.TextChoices):
        BOOLEAN = "boolean", "Yes/no"
        NUMBER = "number", "Number"

    code = models.CharField("id", max_length=12)
    text = models.CharField(max_length=200)
    kind = models.CharField(max_length=10, choices=Kind, default=Kind.BOOLEAN)
    spec_line = models.PositiveIntegerField(null=True, blank=True)

    natural_key_fields = ("code",)
    objects = EditionScopedManager("code")

    class Meta(EditionScoped.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"], name="hardware_unique_code"
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text}"


class Requirement(models.TextChoices):
    MANDATORY = "M", "Mandatory"
    CONDITIONAL = "C", "Conditional"


class TestCase(EditionScoped):
    """A test case of §4 with its Charging Station and CSMS cells.

    A cell is empty when the compliance test tool has no variant for that side, C when
    a condition governs that side, M otherwise.
    """

    __test__ = False  # not a pytest test class

    class Confidence(models.TextChoices):
        HIGH = "high", "High"
        MEDIUM = "medium", "Medium"

    code = models.CharField("id", max_length=12)
    group = models.CharField("use-case group", max_length=200)
    title = models.CharField(max_length=250)
    profile = models.ForeignKey(
        Profile, on_delete=models.PROTECT, related_name="test_cases"
    )
    cs = models.CharField(
        "Charging Station", max_length=1, choices=Requirement, blank=True
    )
    csms = models.CharField("CSMS", max_length=1, choices=Requirement, blank=True)
    condition_cs = models.CharField(
        "condition (Charging Station)", max_length=500, blank=True
    )
    condition_csms = models.CharField("condition (CSMS)", max_length=500, blank=True)
    remark = models.TextField("condition / remark as written", blank=True)
    related_feature_ids = models.JSONField(default=list, blank=True)
    related_feature = models.CharField(max_length=300, blank=True)
    spec_line = models.PositiveIntegerField(null=True, blank=True)
    notes = models.TextField(blank=True)
    confidence = models.CharField(
        max_length=6, choices=Confidence, default=Confidence.HIGH
    )
    watchlist = models.BooleanField(
        default=False, help_text="On the OCA Watchlist: labs do extra log reviews."
    )
    watchlist_note = models.TextField(blank=True)

    natural_key_fields = ("code",)
    editable_when_published = ("watchlist", "watchlist_note")
    objects = EditionScopedManager("code")

    class Meta(EditionScoped.Meta):
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "code"], name="testcase_unique_code"
            ),
            models.CheckConstraint(
                condition=~models.Q(cs="C", condition_cs="")
                & ~models.Q(csms="C", condition_csms=""),
                name="testcase_c_cell_has_condition",
            ),
            models.CheckConstraint(
                condition=(models.Q(cs="C") | models.Q(condition_cs=""))
                & (models.Q(csms="C") | models.Q(condition_csms="")),
                name="testcase_condition_only_on_c_cell",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"

    def cell(self, side: str) -> str:
        return self.cs if side == Side.CHARGING_STATION else self.csms

    def condition(self, side: str) -> str:
        return (
            self.condition_cs if side == Side.CHARGING_STATION else self.condition_csms
        )

    def clean(self):
        super().clean()
        errors = {}
        for side, cell_field, condition_field in (
            (Side.CHARGING_STATION, "cs", "condition_cs"),
            (Side.CSMS, "csms", "condition_csms"),
        ):
            cell, condition = getattr(self, cell_field), getattr(self, condition_field)
            if cell == Requirement.CONDITIONAL and not condition.strip():
                errors[condition_field] = "A conditional (C) cell needs a condition."
            elif cell != Requirement.CONDITIONAL and condition.strip():
                errors[condition_field] = "Only a conditional (C) cell has a condition."
            elif condition.strip() and self.edition_id:
                problem = self.edition.condition_problem(condition, side)
                if problem:
                    errors[condition_field] = problem
        if errors:
            raise ValidationError(errors)
