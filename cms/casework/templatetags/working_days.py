"""`{% load working_days %}{% deadline_date value %}`: a date counted on the
working-day calendar, marked 暂定 when its year's holiday schedule is not
entered yet (staff and the public alike)."""

from django import template
from django.utils.html import format_html
from django.utils.translation import gettext as _

from cms.casework.workdays import is_provisional

register = template.Library()


@register.simple_tag
def deadline_date(value, empty="-"):
    """`value` as YYYY-MM-DD, followed by （暂定） with its reason when
    provisional; `empty` when there is no date."""
    if not value:
        return empty
    if not is_provisional(value):
        return format_html("{}", value.isoformat())
    return format_html(
        '{} <abbr class="provisional-date" title="{}">{}</abbr>',
        value.isoformat(),
        _("%(year)d年国家节假日安排尚未公布，此日期按法定节假日计算，公布后可能调整。")
        % {"year": value.year},
        _("（暂定）"),
    )
