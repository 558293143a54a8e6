from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def facet_query(context, name, value):
    """The current catalog query with filter `name` set to `value` (or removed
    when it is already selected), back on the first page."""
    query = context["request"].GET.copy()
    query.pop("page", None)
    if query.get(name) == str(value):
        query.pop(name)
    else:
        query[name] = value
    return query.urlencode()
