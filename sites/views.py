"""Admin views of the sites app: the cluster tree, and the Wagtail admin views
that would otherwise show one site's pages or records to another site's
editors (each replaces Wagtail's view at the same URL; see sites/admin_urls.py)."""

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db.models import CharField, Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Cast, Substr
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import TemplateView
from wagtail.admin.views.bulk_action.registry import bulk_action_registry
from wagtail.admin.views.chooser import BrowseView, ChosenMultipleView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.views.reports.audit_logging import LogEntriesView
from wagtail.admin.views.reports.page_types_usage import (
    PageTypesUsageReportFilterSet,
    PageTypesUsageReportView,
)
from wagtail.admin.views.reports.workflows import (
    WorkflowReportFilterSet,
    WorkflowTasksReportFilterSet,
    WorkflowTasksView,
    WorkflowView,
    get_editable_content_type_ids,
    get_editable_page_ids_query,
)
from wagtail.coreutils import resolve_model_string
from wagtail.models import (
    ModelLogEntry,
    Page,
    Task,
    TaskState,
    Workflow,
    WorkflowPage,
    WorkflowState,
    WorkflowTask,
    get_default_page_content_type,
)
from wagtail.permission_policies.collections import (
    CollectionOwnershipPermissionPolicy,
    CollectionPermissionPolicy,
)
from wagtail.permission_policies.sites import SitePermissionPolicy
from wagtail.permissions import policy_registry
from wagtail.snippets.views.snippets import ModelIndexView

from .isolation import (
    is_cluster_admin,
    is_inspector,
    visible_page_filter,
    visible_page_roots,
    visible_pages,
    visible_sites,
)
from .models import SiteProfile
from .permissions import SiteScopedPermissionPolicy


def may_see_cluster(user):
    """Cluster administrators and inspectors see the whole cluster."""
    return is_cluster_admin(user) or is_inspector(user)


class ClusterTreeView(WagtailAdminTemplateMixin, TemplateView):
    """站群结构: every site under its superior, with level, status, identity
    code, hostname and page counts."""

    template_name = "cluster/cluster_tree.html"
    page_title = _("站群结构")
    header_icon = "site"

    def dispatch(self, request, *args, **kwargs):
        if not may_see_cluster(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        profiles = list(
            SiteProfile.objects.with_site().select_related(
                "site__root_page", "merged_into__site"
            )
        )
        counts = page_counts_by_home(profiles)
        # Link to each site on the port the admin is served on (dev: 8000).
        port = self.request.get_port()
        suffix = "" if port in ("80", "443") else f":{port}"
        children = {}
        for profile in profiles:
            profile.public_url = (
                f"{self.request.scheme}://{profile.site.hostname}{suffix}/"
            )
            profile.page_count, profile.live_count = counts.get(
                profile.site.root_page.path, (0, 0)
            )
            children.setdefault(profile.superior_id, []).append(profile)
        known = {profile.pk for profile in profiles}
        roots = [
            profile
            for profile in profiles
            if profile.superior_id is None or profile.superior_id not in known
        ]
        context["tree"] = [_node(profile, children) for profile in roots]
        context["site_count"] = len(profiles)
        return context


def _node(profile, children, seen=None):
    seen = (seen or set()) | {profile.pk}
    return {
        "profile": profile,
        "children": [
            _node(child, children, seen)
            for child in children.get(profile.pk, [])
            if child.pk not in seen
        ],
    }


def page_counts_by_home(profiles):
    """{home page path: (pages, live pages)} for the sites of `profiles`, in one
    query: a site's pages share its home page's path as prefix."""
    homes = {profile.site.root_page.path for profile in profiles}
    if not homes:
        return {}
    length = len(next(iter(homes)))
    if any(len(path) != length for path in homes):
        return {
            path: (
                Page.objects.filter(path__startswith=path).count(),
                Page.objects.filter(path__startswith=path, live=True).count(),
            )
            for path in homes
        }
    rows = (
        Page.objects.filter(depth__gte=length // Page.steplen)
        .annotate(home=Substr("path", 1, length))
        .filter(home__in=homes)
        .order_by()
        .values("home")
        .annotate(total=Count("pk"), live=Count("pk", filter=Q(live=True)))
    )
    return {row["home"]: (row["total"], row["live"]) for row in rows}


class ScopedPageBrowseView(BrowseView):
    """The page chooser opens where the user's own pages are, never inside
    another site (Wagtail starts at the common ancestor of every page of the
    requested type, wherever it lives)."""

    def get(self, request, parent_page_id=None):
        if parent_page_id is None and visible_page_roots(request.user) is not None:
            parent_page_id = self.starting_parent(request).pk
        return super().get(request, parent_page_id=parent_page_id)

    def starting_parent(self, request):
        root = Page.get_first_root_node()
        page_type = request.GET.get("page_type") or "wagtailcore.page"
        try:
            models = [resolve_model_string(name) for name in page_type.split(",")]
        except (LookupError, ValueError):
            return root
        if models == [Page]:
            return root
        pages = visible_pages(request.user, Page.objects.type(*models))
        if not pages.exists():
            return root
        return pages.first_common_ancestor()


class ScopedPageChosenMultipleView(ChosenMultipleView):
    """Only pages the user may read can be "chosen" by id."""

    def get(self, request):
        allowed = set(
            visible_pages(
                request.user, Page.objects.filter(pk__in=request.GET.getlist("id"))
            ).values_list("pk", flat=True)
        )
        request.GET = request.GET.copy()
        request.GET.setlist(
            "id", [pk for pk in request.GET.getlist("id") if _int(pk) in allowed]
        )
        return super().get(request)


def _int(value):
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


class ScopedPageTypesUsageFilterSet(PageTypesUsageReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "site" not in self.filters:
            return
        user = self.request.user if self.request else None
        sites = visible_sites(user).select_related("root_page") if user else []
        self.filters["site"].extra["choices"] = [
            (site.root_page.path, str(site)) for site in sites
        ]


class ScopedPageTypesUsageReportView(PageTypesUsageReportView):
    """Page type counts and "last edited" pages of the user's own sites only."""

    filterset_class = ScopedPageTypesUsageFilterSet

    def get_queryset(self):
        queryset = ContentType.objects.filter(model__in=self.page_models)
        self.queryset = queryset
        queryset = self.filter_queryset(queryset)
        site_root_path = self.filters.form.cleaned_data.get("site", None)

        pages = visible_pages(self.request.user, Page.objects.all())
        if site_root_path:
            pages = pages.filter(path__startswith=site_root_path)
        page_ids = pages.values("pk")
        latest = pages.filter(content_type=OuterRef("pk")).order_by(
            F("latest_revision_created_at").desc(nulls_last=True), "title", "-pk"
        )
        return queryset.annotate(
            count=Count("pages", filter=Q(pages__in=page_ids), distinct=True),
            last_edited_page_id=Subquery(latest.values("pk")[:1]),
        ).order_by("-count", "app_label", "model")


def site_scoped_models():
    """(model, policy) for every model whose rows belong to a site."""
    found = []
    for model in apps.get_models():
        policy = policy_registry.get_by_type(model, fallback=False)
        if isinstance(policy, SiteScopedPermissionPolicy | SitePermissionPolicy):
            found.append((model, policy))
    return found


def hidden_log_entries_filter(user):
    """A Q matching history entries of site-owned records outside the user's
    sites (Wagtail shows a model's history to anyone holding one of its
    model permissions)."""
    if may_see_cluster(user):
        return None
    condition = Q(pk__in=[])
    sites = visible_sites(user)
    for model, policy in site_scoped_models():
        if isinstance(policy, SiteScopedPermissionPolicy):
            rows = policy.visible_instances(user)
        else:
            rows = model._default_manager.filter(site__in=sites)
        condition |= Q(content_type=ContentType.objects.get_for_model(model)) & ~Q(
            object_id__in=rows.values_list(Cast("pk", CharField()), flat=True)
        )
    return condition


class ScopedLogEntriesView(LogEntriesView):
    """Site history (audit log) without other sites' records."""

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if queryset.model is ModelLogEntry:
            hidden = hidden_log_entries_filter(self.request.user)
            if hidden is not None:
                queryset = queryset.exclude(hidden)
        return queryset


class PagePreviewView(View):
    """Read-only preview of a page's latest version for anyone who may read
    it: how inspectors look at pages of every site (they hold no page
    permission, so Wagtail's own draft view refuses them). GET only."""

    http_method_names = ["get"]

    def get(self, request, page_id):
        page = get_object_or_404(Page, id=page_id)
        condition = visible_page_filter(request.user)
        if (
            condition is not None
            and not Page.objects.filter(condition, pk=page.pk).exists()
        ):
            raise PermissionDenied
        page = page.get_latest_revision_as_object()
        mode = request.GET.get("mode", page.default_preview_mode)
        if mode not in dict(page.preview_modes):
            mode = page.default_preview_mode
        return page.make_preview_request(request, mode)


def readable_rows(user, model):
    """The rows of `model` `user` may read in the admin, or None when the model
    is not divided by site (access to it is a matter of model permissions)."""
    if issubclass(model, Page):
        return visible_pages(user, model._default_manager.all())
    policy = policy_registry.get_by_type(model, fallback=False)
    if isinstance(policy, SiteScopedPermissionPolicy):
        return policy.visible_instances(user)
    if isinstance(
        policy, CollectionPermissionPolicy | CollectionOwnershipPermissionPolicy
    ):
        return policy.instances_user_has_any_permission_for(
            user, ["add", "change", "delete", "choose"]
        )
    return None


class SiteScopedBulkActionMixin:
    """Bulk actions act on, and list, only rows the user may read: Wagtail
    lists the rows a user may not act on by title ("no permission"), and
    "select all" takes every row of the table."""

    def get_actionable_objects(self):
        objects, extra = super().get_actionable_objects()
        rows = readable_rows(self.request.user, self.model)
        if rows is None or may_see_cluster(self.request.user):
            return objects, extra
        candidates = [obj.pk for obj in objects + extra["items_with_no_access"]]
        readable = set(rows.filter(pk__in=candidates).values_list("pk", flat=True))
        return (
            [obj for obj in objects if obj.pk in readable],
            {
                "items_with_no_access": [
                    obj for obj in extra["items_with_no_access"] if obj.pk in readable
                ]
            },
        )


_scoped_bulk_actions = {}


def scoped_bulk_action(request, app_label, model_name, action):
    """Wagtail's bulk action dispatcher, with every action site-scoped."""
    try:
        model = apps.get_model(app_label, model_name)
    except LookupError as error:
        raise Http404 from error
    action_class = bulk_action_registry.get_bulk_action_class(
        app_label, model_name, action
    )
    if action_class is None:
        raise Http404
    if action_class not in _scoped_bulk_actions:
        _scoped_bulk_actions[action_class] = type(
            f"SiteScoped{action_class.__name__}",
            (SiteScopedBulkActionMixin, action_class),
            {},
        )
    return _scoped_bulk_actions[action_class](request, model).dispatch(request)


class ScopedSnippetModelIndexView(ModelIndexView):
    """The snippets overview counts only the rows of the user's sites for
    site-owned models (Wagtail counts the whole table)."""

    def _get_snippet_types(self):
        types = super()._get_snippet_types()
        for snippet_type in types:
            rows = readable_rows(self.request.user, snippet_type["model"])
            if rows is not None:
                snippet_type["count"] = rows.count()
        return types


def _workflow_states_filter(request, prefix=""):
    """A Q matching the workflow states (`prefix` "workflow_state__" for task
    states) the report may list: Wagtail's (pages the user may change, records
    of models they may change), with site-owned records narrowed to the rows
    the user may read; every page's and record's for inspectors."""
    user = request.user
    page_type = get_default_page_content_type()
    if may_see_cluster(user):
        return Q()
    pages = Q(
        **{
            f"{prefix}base_content_type": page_type,
            f"{prefix}object_id__in": get_editable_page_ids_query(request),
        }
    )
    records = Q(**{f"{prefix}pk__in": []})
    for content_type_id in get_editable_content_type_ids(request):
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        rows = readable_rows(user, model) if model is not None else None
        condition = Q(**{f"{prefix}content_type_id": content_type_id})
        if rows is not None:
            condition &= Q(
                **{
                    f"{prefix}object_id__in": rows.values_list(
                        Cast("pk", CharField()), flat=True
                    )
                }
            )
        records |= condition
    return pages | records


def _workflow_requesters(states):
    """The requesters' filter lists only people who started one of `states`
    (Wagtail lists everyone who ever started a workflow on any site)."""
    User = get_user_model()
    return User.objects.filter(pk__in=states.values("requested_by_id")).order_by(
        User.USERNAME_FIELD
    )


def _report_workflows(request):
    """The workflows the reports' filters offer: those assigned to a page the
    user may read, or run by a workflow state the report lists (Wagtail offers
    every site's workflows, whose names tell one site about the others)."""
    user = request.user
    if may_see_cluster(user):
        return Workflow.objects.order_by("name")
    assigned = WorkflowPage.objects.all()
    pages = visible_page_filter(user, prefix="page__")
    if pages is not None:
        assigned = assigned.filter(pages)
    listed = WorkflowState.objects.filter(_workflow_states_filter(request))
    return Workflow.objects.filter(
        Q(pk__in=assigned.values("workflow_id"))
        | Q(pk__in=listed.values("workflow_id"))
    ).order_by("name")


class ScopedWorkflowReportFilterSet(WorkflowReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            self.filters["requested_by"].queryset = _workflow_requesters(
                WorkflowState.objects.filter(_workflow_states_filter(self.request))
            )
            self.filters["workflow"].queryset = _report_workflows(self.request)


class ScopedWorkflowTasksReportFilterSet(WorkflowTasksReportFilterSet):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.request is not None:
            workflows = _report_workflows(self.request)
            self.filters["workflow"].queryset = workflows
            listed = TaskState.objects.filter(
                _workflow_states_filter(self.request, prefix="workflow_state__")
            )
            self.filters["task"].queryset = Task.objects.filter(
                Q(
                    pk__in=WorkflowTask.objects.filter(workflow__in=workflows).values(
                        "task_id"
                    )
                )
                | Q(pk__in=listed.values("task_id"))
            ).order_by("name")


class ScopedWorkflowView(WorkflowView):
    """Workflow report of the user's sites; every site's for inspectors."""

    filterset_class = ScopedWorkflowReportFilterSet

    def get_queryset(self):
        return (
            WorkflowState.objects.filter(_workflow_states_filter(self.request))
            .select_related("workflow", "requested_by")
            .prefetch_related("content_object", "content_object__latest_revision")
            .order_by("-created_at")
        )


class ScopedWorkflowTasksView(WorkflowTasksView):
    """Workflow tasks report of the user's sites; every site's for
    inspectors."""

    filterset_class = ScopedWorkflowTasksReportFilterSet

    def get_queryset(self):
        return (
            TaskState.objects.filter(
                _workflow_states_filter(self.request, prefix="workflow_state__")
            )
            .select_related("workflow_state", "task")
            .prefetch_related(
                "workflow_state__content_object",
                "workflow_state__content_object__latest_revision",
            )
            .order_by("-started_at")
        )
