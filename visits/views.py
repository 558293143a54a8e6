"""The visit statistics in the admin: per site (the sites the user may see)
or, for cluster administrators and inspectors, the whole cluster."""

from datetime import date, timedelta
from io import BytesIO

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from cms.casework.spreadsheet import safe_row
from sites.isolation import is_cluster_admin, is_inspector, visible_sites
from visits import charts, queries

PERIODS = {"30": 30, "90": 90, "365": 365}
TOP = 20


def _period(request):
    """(start, end, period key) from ?days= or ?start=&end=."""
    today = timezone.localdate()
    start_text, end_text = request.GET.get("start", ""), request.GET.get("end", "")
    if start_text or end_text:
        try:
            start = date.fromisoformat(start_text)
            end = date.fromisoformat(end_text)
        except ValueError as error:
            raise Http404(_("日期应为 YYYY-MM-DD。")) from error
        if start > end or (end - start).days > 3 * 366:
            raise Http404(_("时间范围无效（最长三年）。"))
        return start, end, ""
    key = request.GET.get("days", "30")
    days = PERIODS.get(key, 30)
    return today - timedelta(days=days), today - timedelta(days=1), str(days)


def _scope(request):
    """(sites argument for queries, selected site or None, visible sites)."""
    sites = visible_sites(request.user)
    if not sites.exists():
        raise PermissionDenied
    wanted = request.GET.get("site", "")
    if wanted.isdigit():
        site = sites.filter(pk=int(wanted)).first()
        if site is None:
            raise Http404
        return site, site, sites
    whole_cluster = is_cluster_admin(request.user) or is_inspector(request.user)
    return (None if whole_cluster else list(sites)), None, sites


def report_data(scope, start, end):
    """Every table of the report: {key: (title, headers, rows)}."""
    daily = queries.daily_series(scope, start, end)
    monthly = queries.monthly_series(scope, start, end)
    totals = queries.visit_totals(scope, start, end)
    return {
        "daily": (
            _("每日浏览量与独立访客"),
            [_("日期"), _("浏览量"), _("独立访客"), _("访问次数")],
            [(day.isoformat(), *counts) for day, *counts in daily],
        ),
        "monthly": (
            _("每月浏览量与独立访客"),
            [_("月份"), _("浏览量"), _("独立访客"), _("访问次数")],
            [(month.strftime("%Y-%m"), *counts) for month, *counts in monthly],
        ),
        "pages": (
            _("最常阅读的页面"),
            [_("站点"), _("页面"), _("浏览量")],
            queries.top_pages(scope, start, end, TOP),
        ),
        "columns": (
            _("最常阅读的栏目"),
            [_("站点"), _("栏目"), _("路径"), _("浏览量")],
            queries.top_columns(scope, start, end, TOP),
        ),
        "terms": (
            _("热门检索词"),
            [_("检索词"), _("检索次数")],
            queries.search_terms(scope, start, end, TOP),
        ),
        "zero_terms": (
            _("无结果的检索词"),
            [_("检索词"), _("检索次数")],
            queries.search_terms(scope, start, end, TOP, zero_results=True),
        ),
        "referrers": (
            _("来源网站"),
            [_("来源"), _("浏览量")],
            [
                (origin or _("直接访问（无来源网站）"), views)
                for origin, views in queries.referrers(scope, start, end, TOP)
            ],
        ),
        "devices": (
            _("终端类型"),
            [_("终端"), _("浏览量")],
            [
                (_("桌面端"), totals.desktop_views),
                (_("移动端"), totals.mobile_views),
                (_("平板"), totals.tablet_views),
            ],
        ),
        "excluded": (
            _("未计入的日志行"),
            [_("原因"), _("行数")],
            queries.exclusions(scope, start, end),
        ),
    }, totals


def visit_report(request):
    scope, site, sites = _scope(request)
    start, end, period = _period(request)
    tables, totals = report_data(scope, start, end)
    if request.GET.get("format") == "xlsx":
        return _workbook_response(tables, totals, site, start, end)
    daily_rows = tables["daily"][2]
    monthly_rows = tables["monthly"][2]
    chart_of = {
        "daily": charts.line_chart(
            "visits-daily",
            tables["daily"][0],
            [row[0][5:] for row in daily_rows],
            [
                (_("浏览量"), [row[1] for row in daily_rows]),
                (_("独立访客"), [row[2] for row in daily_rows]),
            ],
        ),
        "monthly": charts.line_chart(
            "visits-monthly",
            tables["monthly"][0],
            [row[0] for row in monthly_rows],
            [
                (_("浏览量"), [row[1] for row in monthly_rows]),
                (_("独立访客"), [row[2] for row in monthly_rows]),
            ],
        ),
    }
    for key in ("pages", "columns", "terms", "zero_terms", "referrers", "devices"):
        title, _headers, rows = tables[key]
        chart_of[key] = charts.bar_chart(
            f"visits-{key}", title, [(row[-2], row[-1]) for row in rows]
        )
    sections = [
        {
            "key": key,
            "title": title,
            "headers": headers,
            "rows": rows,
            "chart": chart_of.get(key),
        }
        for key, (title, headers, rows) in tables.items()
    ]
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(
        request,
        "visits/admin/visit_report.html",
        {
            "page_title": _("访问统计"),
            "header_icon": "view",
            "sections": sections,
            "totals": totals,
            "start": start,
            "end": end,
            "period": period,
            "periods": sorted(PERIODS.values()),
            "sites": sites.order_by("hostname"),
            "site": site,
            "whole_cluster": scope is None,
            "export_query": query.urlencode(),
        },
    )


def _workbook_response(tables, totals, site, start, end):
    book = Workbook()
    summary = book.active
    summary.title = _("汇总")
    summary.append(
        [
            _("站点"),
            _("起始日期"),
            _("截止日期"),
            _("独立访客"),
            _("访问次数"),
            _("浏览量"),
        ]
    )
    summary.append(
        safe_row(
            [
                site.site_name or site.hostname if site else _("全部"),
                start.isoformat(),
                end.isoformat(),
                totals.unique_visitors,
                totals.total_visits,
                totals.page_views,
            ]
        )
    )
    for _key, (title, headers, rows) in tables.items():
        sheet = book.create_sheet(str(title)[:31])
        sheet.append([str(header) for header in headers])
        for row in rows:
            sheet.append(
                safe_row(
                    [
                        str(value) if not isinstance(value, int) else value
                        for value in row
                    ]
                )
            )
    for sheet in book.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    buffer = BytesIO()
    book.save(buffer)
    name = f"visits-{site.hostname if site else 'cluster'}-{start}-{end}.xlsx"
    response = HttpResponse(
        buffer.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
