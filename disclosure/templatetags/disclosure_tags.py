from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_query(context, name, value):
    """The current catalog filters with filter `name` set to `value` (or removed
    when it is already selected), back on the first page. Built from the
    validated filters, so a malformed parameter is not carried along."""
    query = dict(context["filters"])
    if query.get(name) == value:
        query.pop(name)
    else:
        query[name] = value
    return urlencode(query)
