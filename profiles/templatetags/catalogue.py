import re

from django import template
from django.urls import reverse
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe

register = template.Library()

_FEATURE_ID = re.compile(r"\b((?:C|AS|ORS|ISO)-\d+(?:\.\d+)?)\b")


@register.simple_tag
def condition_html(condition: str | None, edition_code: str, side: str):
    """A condition with its feature ids linked to their catalogue pages."""
    if not condition:
        return ""
    parts = []
    last = 0
    for match in _FEATURE_ID.finditer(condition):
        parts.append(escape(condition[last : match.start()]))
        url = reverse("catalogue_feature", args=[edition_code, side, match.group(1)])
        parts.append(format_html('<a href="{}">{}</a>', url, match.group(1)))
        last = match.end()
    parts.append(escape(condition[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every part is escaped above


@register.inclusion_tag("profiles/_cell.html")
def requirement_cell(cell: str | None):
    return {"cell": cell}
