"""The check dictionary in the admin (a snippet), limited per site: editors
see the cluster-wide entries and their own sites' entries, and change only
their own sites' entries."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.permission_policies.base import ModelPermissionPolicy
from wagtail.snippets.views import snippets
from wagtail.snippets.views.snippets import SnippetViewSet

from sites.isolation import manageable_sites

from .forms import DictionaryEntryForm
from .models import DictionaryEntry


def entries_visible_to(user):
    if user.is_superuser:
        return DictionaryEntry.objects.all()
    return DictionaryEntry.objects.filter(
        Q(site__isnull=True) | Q(site__in=manageable_sites(user))
    )


class DictionaryPermissionPolicy(ModelPermissionPolicy):
    def user_has_permission_for_instance(self, user, action, instance):
        if not self.user_has_permission(user, action):
            return False
        if user.is_superuser:
            return True
        if instance.site_id is None:
            return action == "view"
        return manageable_sites(user).filter(pk=instance.site_id).exists()

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return DictionaryEntry.objects.none()
        return entries_visible_to(user)


class _InstanceCheck:
    """Refuse an entry the user may not act on, whatever its URL says."""

    instance_action = "view"

    def get_object(self, queryset=None):
        entry = super().get_object(queryset)
        if not self.permission_policy.user_has_permission_for_instance(
            self.request.user, self.instance_action, entry
        ):
            raise PermissionDenied
        return entry


class EntryEditView(_InstanceCheck, snippets.EditView):
    instance_action = "change"


class EntryDeleteView(_InstanceCheck, snippets.DeleteView):
    instance_action = "delete"


class EntryCopyView(_InstanceCheck, snippets.CopyView):
    instance_action = "view"


class EntryHistoryView(_InstanceCheck, snippets.HistoryView):
    pass


class EntryUsageView(_InstanceCheck, snippets.UsageView):
    pass


class EntryInspectView(_InstanceCheck, snippets.InspectView):
    pass


class DictionaryEntryViewSet(SnippetViewSet):
    model = DictionaryEntry
    icon = "spell-check"
    menu_label = _("检查词库")
    menu_name = "content-dictionary"
    add_to_admin_menu = False
    list_display = ["term", "suggestion", "kind", "site", "active", "updated_at"]
    list_filter = ["kind", "active"]
    search_fields = ["term", "suggestion", "note"]
    edit_handler = ObjectList(
        [
            FieldPanel("kind"),
            FieldPanel("term"),
            FieldPanel("suggestion"),
            FieldPanel("note"),
            FieldPanel("site"),
            FieldPanel("active"),
        ],
        base_form_class=DictionaryEntryForm,
    )
    edit_view_class = EntryEditView
    delete_view_class = EntryDeleteView
    copy_view_class = EntryCopyView
    history_view_class = EntryHistoryView
    usage_view_class = EntryUsageView
    inspect_view_class = EntryInspectView

    def get_queryset(self, request):
        return entries_visible_to(request.user).select_related("site")
