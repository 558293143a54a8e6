from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def query_with(context, name, value):
    """The current query string with `name` set to `value` (removed when
    empty); any other change than paging starts again from page 1."""
    params = context["request"].GET.copy()
    if value in ("", None):
        params.pop(name, None)
    else:
        params[name] = value
    if name != "page":
        params.pop("page", None)
    return params.urlencode()
