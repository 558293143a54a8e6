"""Search promotions (wagtail.contrib.search_promotions), site by site.

A promotion belongs to the site of the page it promotes (the site search
shows it only there, see `search.service.promotions_for`); promotions of an
external link show on no site and are the cluster office's. Wagtail edits
every promotion of a search term together; here each user lists, edits,
reorders and deletes only the promotions of their manageable sites, and the
other sites' promotions of the same term stay as they are. Inspectors read
every site's promotions; opening a term shows them a read-only page. These views
replace Wagtail's at the same paths (see `sites/admin_urls.py`)."""

from django.core.paginator import InvalidPage, Paginator
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.search import SearchForm
from wagtail.admin.modal_workflow import render_modal_workflow
from wagtail.contrib.search_promotions import views as promotion_views
from wagtail.contrib.search_promotions.forms import (
    SearchPromotionForm,
    SearchPromotionsFormSet,
)
from wagtail.contrib.search_promotions.models import Query, SearchPromotion
from wagtail.log_actions import log
from wagtail.permissions import policy_registry
from wagtail.search.utils import normalise_query_string

from .isolation import is_cluster_admin
from .permissions import READ_ACTIONS
from .readonly import ReadOnlyView, edit_or_inspect
from .viewsets import CHANGE_ACTIONS


def _policy():
    return policy_registry.get_by_type(SearchPromotion)


def visible_promotions(user):
    return _policy().instances_user_has_any_permission_for(user, READ_ACTIONS)


def changeable_promotions(user):
    return _policy().instances_user_has_any_permission_for(user, CHANGE_ACTIONS)


class ScopedSearchPromotionForm(SearchPromotionForm):
    """A promotion of a page of the user's manageable sites only."""

    def clean(self):
        cleaned_data = super().clean()
        user = self.for_user
        if user is None or is_cluster_admin(user) or self.errors:
            return cleaned_data
        page = cleaned_data.get("page")
        if page is None:
            self.add_error(
                None, _("只能推荐您负责管理的站点的页面，不能推荐外部链接。")
            )
        elif not _policy().user_has_permission_for_instance(
            user, "add", SearchPromotion(page=page)
        ):
            self.add_error("page", _("只能推荐您负责管理的站点的页面。"))
        return cleaned_data


class ScopedSearchPromotionsFormSet(SearchPromotionsFormSet):
    form = ScopedSearchPromotionForm

    def __init__(self, *args, user=None, **kwargs):
        kwargs["queryset"] = changeable_promotions(user).order_by("sort_order")
        kwargs["form_kwargs"] = {"for_user": user}
        super().__init__(*args, **kwargs)


class ScopedSearchPromotionIndexView(promotion_views.IndexView):
    """Search terms with at least one promotion the user may read, each
    showing only those promotions."""

    def get_base_queryset(self):
        rows = visible_promotions(self.request.user)
        return (
            super()
            .get_base_queryset()
            .filter(pk__in=rows.values("query_id"))
            .prefetch_related(None)
            .prefetch_related(
                Prefetch(
                    "editors_picks",
                    queryset=rows.select_related("page").order_by("sort_order"),
                ),
            )
        )


class ScopedFormSetMixin:
    """The promotions formset holds only the user's promotions of the term
    (Wagtail's holds every site's)."""

    @cached_property
    def searchpicks_formset(self):
        data = self.request.POST if self.request.method == "POST" else None
        return ScopedSearchPromotionsFormSet(
            data, instance=self.object, user=self.request.user
        )


class ScopedSearchPromotionCreateView(ScopedFormSetMixin, promotion_views.CreateView):
    pass


class OwnTermMixin:
    """A search term opens only for those who may change one of its
    promotions (404 for everyone else)."""

    def get_object(self, queryset=None):
        query = super().get_object(queryset)
        if not changeable_promotions(self.request.user).filter(query=query).exists():
            raise Http404
        return query


class ScopedSearchPromotionEditView(
    OwnTermMixin, ScopedFormSetMixin, promotion_views.EditView
):
    """Edits the user's promotions of the term; renaming the term moves only
    those."""


class SearchTermReadOnlyView(ReadOnlyView):
    """What an inspector sees on opening a search term: the term and its
    promotions, each page linked to its read-only preview."""

    model = Query
    # No policy knows inspectors for search terms: reached only through
    # `search_term_edit` by read-only inspectors, and `get_object` answers
    # only terms with promotions they may read.
    any_permission_required = None
    pk_url_kwarg = "query_id"
    index_url_name = "wagtailsearchpromotions:index"
    header_icon = "pick"
    page_title = _("搜索推荐（只读）")
    fields = ["query_string", "editors_picks"]

    def get_breadcrumbs_items(self):
        items = super().get_breadcrumbs_items()
        items[-2]["label"] = _("搜索推荐")  # not the model's name ("Queries")
        return items

    def get_object(self, queryset=None):
        query = super().get_object(queryset)
        if not self.promotions(query).exists():
            raise Http404
        return query

    def promotions(self, query):
        return (
            visible_promotions(self.request.user)
            .filter(query=query)
            .select_related("page")
            .order_by("sort_order")
        )

    def get_field_label(self, field_name, field):
        if field_name == "editors_picks":
            return _("推荐")
        return _("搜索词")

    def get_editors_picks_display_value(self):
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                '<li><a href="{}">{}</a> {}</li>',
                (
                    (
                        reverse("cluster:page_preview", args=[promotion.page_id])
                        if promotion.page_id
                        else promotion.external_link_url,
                        promotion.title or promotion.external_link_url,
                        promotion.description,
                    )
                    for promotion in self.promotions(self.object)
                ),
            ),
        )


search_term_edit = edit_or_inspect(
    ScopedSearchPromotionEditView.as_view(), SearchTermReadOnlyView.as_view()
)


class ScopedSearchPromotionDeleteView(OwnTermMixin, promotion_views.DeleteView):
    """Deletes the user's promotions of the search term, not other sites'."""

    def delete_action(self):
        promotions = changeable_promotions(self.request.user).filter(query=self.object)
        with transaction.atomic():
            for promotion in promotions:
                log(promotion, "wagtail.delete")
            promotions.delete()


def own_queries(user):
    """Search terms the query chooser offers: every term to the cluster
    office, the terms of the user's own promotions to everyone else."""
    queries = Query.get_most_popular()
    if is_cluster_admin(user):
        return queries
    return queries.filter(pk__in=visible_promotions(user).values("query_id"))


def query_chooser(request, get_results=False):
    """Wagtail's search term chooser over `own_queries`."""
    queries = own_queries(request.user)
    if "q" in request.GET:
        searchform = SearchForm(request.GET)
        if searchform.is_valid():
            queries = queries.filter(
                query_string__icontains=normalise_query_string(
                    searchform.cleaned_data["q"]
                )
            )
    else:
        searchform = SearchForm()
    paginator = Paginator(queries, per_page=10)
    try:
        queries = paginator.page(request.GET.get("p", 1))
    except InvalidPage as error:
        raise Http404 from error
    if get_results:
        return TemplateResponse(
            request,
            "wagtailsearchpromotions/queries/chooser/results.html",
            {"queries": queries},
        )
    return render_modal_workflow(
        request,
        "wagtailsearchpromotions/queries/chooser/chooser.html",
        None,
        {"queries": queries, "searchform": searchform},
        json_data={"step": "chooser"},
    )


def query_chooser_results(request):
    return query_chooser(request, get_results=True)
