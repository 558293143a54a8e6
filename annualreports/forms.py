"""The two annual forms as data: blocks of fields, each with its JSON key
(English snake_case, no pinyin), its Chinese label, its unit and where its
value comes from.

The official templates were not available to us; the fields are those
reconstructed in domain.md (国办函〔2018〕12号). JSON, HTML, Excel, the admin
panels and docs/annual-reports.md all follow these lists, so a correction of
the form is a change of data here, not of the code that renders it.

A field's `source`:
- ``platform``: computed from the platform's data on every refresh, never
  edited by hand;
- ``entered``: entered by the office (the platform cannot know it); where the
  platform can suggest a value, the new report starts from that suggestion.

A block without a key is the form's header: its fields sit at the top level
of the JSON; every other block is a nested object under its key."""

from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

PLATFORM = "platform"
ENTERED = "entered"

INTEGER = "integer"
DECIMAL = "decimal"
BOOLEAN = "boolean"
TEXT = "text"
DATE = "date"


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    unit: str = ""
    kind: str = INTEGER
    source: str = PLATFORM
    # For an entered field: the key of the computed value it starts from.
    suggested_by: str | None = None


@dataclass(frozen=True)
class Block:
    key: str | None
    label: str
    fields: list = field(default_factory=list)


def platform(key, label, unit="", kind=INTEGER):
    return Field(key, label, unit, kind, PLATFORM)


def entered(key, label, unit="", kind=INTEGER, suggested_by=None):
    return Field(key, label, unit, kind, ENTERED, suggested_by)


ITEMS = _("条")
COUNT = _("个")
TIMES = _("次")
DAYS = _("天")
PEOPLE = _("人次")

# 政府网站工作年度报表
WEBSITE_FORM = [
    Block(
        None,
        _("基本信息"),
        [
            platform("site_name", _("网站名称"), kind=TEXT),
            platform("homepage_url", _("首页网址"), kind=TEXT),
            platform("sponsor", _("主办单位"), kind=TEXT),
            platform("site_type", _("网站类型"), kind=TEXT),
            platform("site_identity_code", _("政府网站标识码"), kind=TEXT),
            platform("icp_number", _("ICP备案号"), kind=TEXT),
            platform("public_security_number", _("公安机关备案号"), kind=TEXT),
            platform("unique_visitors", _("独立用户访问总量"), COUNT),
            platform("total_visits", _("网站总访问量"), TIMES),
        ],
    ),
    Block(
        "information_release",
        _("信息发布"),
        [
            platform("total", _("总数"), ITEMS),
            platform("overview_updates", _("概况类信息更新量"), ITEMS),
            platform("news_updates", _("政务动态信息更新量"), ITEMS),
            platform("disclosure_catalog_updates", _("信息公开目录信息更新量"), ITEMS),
        ],
    ),
    Block(
        "special_columns",
        _("专栏专题"),
        [
            platform("maintained", _("维护数量"), COUNT),
            platform("opened", _("新开设数量"), COUNT),
        ],
    ),
    Block(
        "interpretation_response",
        _("解读回应"),
        [
            platform("interpretations_total", _("解读信息发布总数"), ITEMS),
            entered(
                "interpretation_materials",
                _("其中：解读材料数量"),
                ITEMS,
                suggested_by="interpretations_total",
            ),
            entered("interpretation_products", _("其中：解读产品数量"), ITEMS),
            entered("media_commentaries", _("其中：媒体评论文章数量"), ITEMS),
            entered(
                "responses_to_public_concerns",
                _("回应公众关注热点或重大舆情数量"),
                TIMES,
            ),
        ],
    ),
    Block(
        "online_services",
        _("办事服务"),
        [
            platform(
                "service_catalog_published", _("是否发布服务事项目录"), kind=BOOLEAN
            ),
            entered("registered_users", _("注册用户数"), _("个")),
            platform("service_items", _("政务服务事项数量"), _("项")),
            entered(
                "fully_online_service_items",
                _("可全程在线办理政务服务事项数量"),
                _("项"),
            ),
            entered("cases_total", _("办件量：总数"), _("件")),
            entered("cases_natural_persons", _("办件量：自然人办件量"), _("件")),
            entered("cases_legal_persons", _("办件量：法人办件量"), _("件")),
        ],
    ),
    Block(
        "interaction",
        _("互动交流"),
        [
            platform("uses_unified_platform", _("是否使用统一平台"), kind=BOOLEAN),
            platform("letters_received", _("留言办理：收到留言数量"), ITEMS),
            platform("letters_completed", _("留言办理：办结留言数量"), ITEMS),
            platform(
                "average_handling_days", _("留言办理：平均办理时间"), DAYS, DECIMAL
            ),
            platform("letters_answered_publicly", _("留言办理：公开答复数量"), ITEMS),
            platform("solicitations_held", _("征集调查：征集调查期数"), _("期")),
            platform("opinions_received", _("征集调查：收到意见数量"), ITEMS),
            platform(
                "solicitation_results_published",
                _("征集调查：公布调查结果期数"),
                _("期"),
            ),
            platform("interviews_held", _("在线访谈：访谈期数"), _("期")),
            entered("interview_messages", _("在线访谈：网民留言数量"), ITEMS),
            entered(
                "interview_questions_answered", _("在线访谈：答复网民提问数量"), ITEMS
            ),
            entered("provides_smart_answers", _("是否提供智能问答"), kind=BOOLEAN),
        ],
    ),
    Block(
        "security",
        _("安全防护"),
        [
            entered(
                "security_assessments",
                _("安全检测评估次数"),
                TIMES,
                suggested_by="platform_checks",
            ),
            entered(
                "issues_found",
                _("发现问题数量"),
                COUNT,
                suggested_by="platform_issues_found",
            ),
            entered(
                "issues_fixed",
                _("问题整改数量"),
                COUNT,
                suggested_by="platform_issues_fixed",
            ),
            entered(
                "monitoring_mechanism",
                _("是否建立安全监测预警机制"),
                kind=BOOLEAN,
                suggested_by="platform_monitored",
            ),
            entered("emergency_drills", _("是否开展应急演练"), kind=BOOLEAN),
            entered(
                "security_officer_named", _("是否明确网站安全负责人"), kind=BOOLEAN
            ),
        ],
    ),
    Block(
        "new_media",
        _("移动新媒体"),
        [
            platform("has_new_media", _("是否有移动新媒体"), kind=BOOLEAN),
            platform("weibo_name", _("微博：名称"), kind=TEXT),
            platform("weibo_posts", _("微博：信息发布量"), ITEMS),
            platform("weibo_followers", _("微博：关注量"), COUNT),
            platform("wechat_name", _("微信：名称"), kind=TEXT),
            platform("wechat_posts", _("微信：信息发布量"), ITEMS),
            platform("wechat_subscribers", _("微信：订阅数"), COUNT),
            platform("other_accounts", _("其他"), kind=TEXT),
        ],
    ),
    Block(
        "innovation",
        _("创新发展"),
        [
            entered("search_as_service", _("搜索即服务"), kind=BOOLEAN),
            entered("multilingual", _("多语言版本"), kind=BOOLEAN),
            entered("accessible_browsing", _("无障碍浏览"), kind=BOOLEAN),
            entered("personalised_pages", _("千人千网"), kind=BOOLEAN),
            entered("other_innovation", _("其他"), kind=TEXT),
        ],
    ),
    Block(
        "footer",
        _("填报信息"),
        [
            entered("unit_head", _("单位负责人"), kind=TEXT),
            entered("reviewer", _("审核人"), kind=TEXT),
            entered("filled_by", _("填报人"), kind=TEXT),
            entered("contact_phone", _("联系电话"), kind=TEXT),
            entered("filled_on", _("填报日期"), kind=DATE),
        ],
    ),
]

QUARTERS = (1, 2, 3, 4)


def _per_quarter(key, label, unit, source=PLATFORM):
    make = platform if source == PLATFORM else entered
    return [
        *[
            make(
                f"{key}_q{q}",
                _("%(label)s（第%(q)d季度）") % {"label": label, "q": q},
                unit,
            )
            for q in QUARTERS
        ],
        make(f"{key}_year", _("%(label)s（全年）") % {"label": label}, unit),
    ]


# 政府网站监管年度报表
SUPERVISION_FORM = [
    Block(
        None,
        _("基本信息"),
        [
            platform("organisation", _("填报单位"), kind=TEXT),
            platform("sites_total", _("运行网站总数"), COUNT),
        ],
    ),
    Block(
        "spot_checks",
        _("网站抽查"),
        [
            *_per_quarter("sites_checked", _("抽查网站数量"), COUNT),
            *_per_quarter("sites_failed", _("不合格网站数量"), COUNT),
            *_per_quarter("accountability", _("问责人次"), PEOPLE, ENTERED),
            platform("issues_found", _("发现问题数量"), COUNT),
            platform("issues_rectified", _("问题整改数量"), COUNT),
        ],
    ),
    Block(
        "security_checks",
        _("安全检查"),
        [
            entered("checks", _("安全检查次数"), TIMES),
            entered("issues_found", _("发现安全问题数量"), COUNT),
            entered("issues_fixed", _("安全问题整改数量"), COUNT),
        ],
    ),
    Block(
        "site_changes",
        _("网站开设整合"),
        [
            platform("sites_at_start", _("年初网站数量"), COUNT),
            platform("sites_opened", _("新开设网站数量"), COUNT),
            platform("sites_consolidated", _("整合迁移网站数量"), COUNT),
            platform("sites_closed", _("关停网站数量"), COUNT),
            platform("sites_at_end", _("年末网站数量"), COUNT),
        ],
    ),
    Block(
        "error_reports",
        _("“我为政府网站找错”留言办理"),
        [
            entered("received", _("收到留言数量"), ITEMS),
            entered("answered_in_time", _("按时办理数量"), ITEMS),
            entered("answered_late", _("超期办理数量"), ITEMS),
            entered("unanswered", _("未办理数量"), ITEMS),
        ],
    ),
    Block(
        "counterfeit_sites",
        _("假冒政府网站处置"),
        [
            entered("found", _("发现假冒政府网站数量"), COUNT),
            entered("handled", _("处置数量"), COUNT),
        ],
    ),
    Block(
        "training",
        _("人员培训"),
        [
            entered("sessions", _("培训次数"), TIMES),
            entered("participants", _("培训人次"), PEOPLE),
        ],
    ),
    Block(
        "new_media",
        _("政务新媒体"),
        [
            platform("accounts_total", _("年末运行账号数量"), COUNT),
            platform("accounts_opened", _("本年开设账号数量"), COUNT),
            platform("accounts_merged", _("本年整合账号数量"), COUNT),
            platform("accounts_closed", _("本年关停账号数量"), COUNT),
            platform("accounts_checked", _("检查账号数量"), COUNT),
            platform("accounts_failed", _("不合格账号数量"), COUNT),
            platform("posts", _("信息发布量"), ITEMS),
        ],
    ),
]


def all_fields(form):
    """[(block, field)] in the form's order."""
    return [(block, f) for block in form for f in block.fields]


def entered_fields(form):
    return [f for _block, f in all_fields(form) if f.source == ENTERED]


def check_form(form):
    """Computed and entered values are each stored by key: keys must be
    unique among the fields of one source."""
    for source in (PLATFORM, ENTERED):
        keys = [f.key for _block, f in all_fields(form) if f.source == source]
        duplicates = {key for key in keys if keys.count(key) > 1}
        if duplicates:
            raise ValueError(f"duplicate {source} keys: {sorted(duplicates)}")


check_form(WEBSITE_FORM)
check_form(SUPERVISION_FORM)
