"""Read-only admin pages for inspectors (检查员).

Inspectors hold no "change" permission, so Wagtail's edit views refuse them.
Where they should read a record (an image, a document, a redirect, a search
term's promotions), the edit URL shows them a read-only page instead — no
form, no edit or delete button — and any other method than GET is refused
with a plain 403 (Wagtail's admin would turn a PermissionDenied into a
redirect to the dashboard). Everyone else gets the edit view."""

from django.contrib.admin.utils import quote
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.views.defaults import permission_denied
from wagtail.admin.views.generic import InspectView

from .isolation import is_read_only_inspector

READ_METHODS = frozenset({"GET", "HEAD"})


def refused(request):
    return permission_denied(request, PermissionDenied())


def edit_or_inspect(edit_view, inspect_view):
    """One view at the edit URL: `inspect_view` for read-only inspectors
    (GET only), `edit_view` for everyone else."""

    def view(request, *args, **kwargs):
        if is_read_only_inspector(request.user):
            if request.method not in READ_METHODS:
                return refused(request)
            return inspect_view(request, *args, **kwargs)
        return edit_view(request, *args, **kwargs)

    return view


def read_only_for_inspectors(view):
    """A view inspectors may open (GET only) without a change permission."""

    def wrapped(request, *args, **kwargs):
        if is_read_only_inspector(request.user) and request.method not in READ_METHODS:
            return refused(request)
        return view(request, *args, **kwargs)

    return wrapped


class InspectorLinksMixin:
    """Inspectors' listing links each row to its read-only page (at the edit
    URL; Wagtail links only rows the user may change)."""

    def get_edit_url(self, instance):
        if is_read_only_inspector(self.request.user):
            return reverse(self.edit_url_name, args=(quote(instance.pk),))
        return super().get_edit_url(instance)


class ReadOnlyView(InspectView):
    """A record's details, no form, no edit or delete button. GET only."""

    http_method_names = ["get", "head", "options"]
    edit_url_name = None
    delete_url_name = None
