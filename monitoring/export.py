"""Excel export of a spot-check run (openpyxl)."""

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Font

from cms.casework.spreadsheet import safe_cell

from .labels import finding_label, finding_labels, level_label


def _safe(value):
    """Keep spreadsheet formulas out of cells filled from site content."""
    return safe_cell(str(value))


def _scoring_note(result):
    if not result.scored:
        return "有单项否决，不计分"
    if not result.services_scored:
        return "无对外服务，不计办事服务，扣分部分按75分折算"
    return ""


def _new_media_row(result, account):
    def describe(items):
        return _safe(
            "\n".join(
                f"{finding_label(item['code'])}：{item['detail']}" for item in items
            )
        )

    return [
        result.hostname,
        _safe(account["name"]),
        _safe(account["platform_label"]),
        _safe(account["account_id"]),
        _safe(account["body"]),
        str(account["verdict"]),
        "不计分" if account["vetoes"] else account["score"],
        describe(account["vetoes"]),
        describe(account["deductions"]),
        describe(account["warnings"]),
        account["last_post_on"] or "",
    ]


def run_workbook(run):
    """An .xlsx with a summary sheet, one row per veto/deduction/warning, and
    one row per new-media account checked."""
    book = Workbook()
    summary = book.active
    summary.title = "汇总"
    summary.append(
        [
            "网站",
            "主机名",
            "层级",
            "合格",
            "得分",
            "单项否决",
            "预警数",
            "结论",
            "扣分部分得分",
            "加分",
            "计分说明",
        ]
    )
    detail = book.create_sheet("明细")
    detail.append(["主机名", "类别", "问题", "扣分", "说明", "佐证"])
    new_media = book.create_sheet("政务新媒体")
    new_media.append(
        [
            "主机名",
            "账号名称",
            "平台",
            "账号ID",
            "开设主体",
            "结论",
            "得分",
            "单项否决",
            "扣分项",
            "预警",
            "最近发布",
        ]
    )
    for sheet in (summary, detail, new_media):
        for cell in sheet[1]:
            cell.font = Font(bold=True)
    # As on the dashboard: the verdict first, then the score.
    for result in run.results.order_by("-passed", "-score", "hostname"):
        summary.append(
            [
                _safe(result.name),
                result.hostname,
                level_label(result.level),
                "是" if result.passed else "否",
                float(result.score) if result.scored else "不计分",
                finding_labels(result.veto_codes),
                len(result.warnings),
                str(result.verdict),
                "" if result.deduction_score is None else float(result.deduction_score),
                float(result.bonus_score),
                _scoring_note(result),
            ]
        )
        for account in result.new_media:
            new_media.append(_new_media_row(result, account))
        for kind, items in (
            ("单项否决", result.vetoes),
            ("扣分", result.deductions),
            ("加分", result.bonuses),
            ("预警", result.warnings),
        ):
            for item in items:
                detail.append(
                    [
                        result.hostname,
                        kind,
                        finding_label(item["code"]),
                        item.get("points", ""),
                        _safe(item["detail"]),
                        _safe("\n".join(item.get("evidence", []))),
                    ]
                )
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()
