"""Article text for the demo cluster: several paragraphs per article, put
together from phrase templates with the site's place name, the topic and
figures drawn from the caller's random generator, so the same seed always
writes the same text. Pure functions: no database."""

from django.utils.html import escape

from .models import ColumnKind

BACKGROUND = [
    "今年以来，{place}坚持把{topic}作为一项重要民生工程来抓，"
    "累计投入资金{money}万元，完成重点任务{count}项，群众满意度持续提升。",
    "{topic}工作事关群众切身利益。{place}成立了由主要负责同志任组长的工作专班，"
    "建立“周调度、月通报”工作机制，推动各项任务落地见效。",
    "近年来，{place}围绕{topic}持续补短板、强弱项，"
    "先后出台配套措施{small}项，形成了部门协同、上下联动的工作格局。",
    "据统计，{place}已累计开展{topic}相关检查{count}次，"
    "发现并整改问题{small}个，整改完成率达到{percent}%。",
    "按照上级统一部署，{place}自{month}月起在全域范围内开展{topic}专项行动，"
    "覆盖村（社区）{villages}个，受益群众{people}余人。",
]
EVENT = [
    "会上，各相关单位负责人分别汇报了{topic}工作进展情况及下一步打算，"
    "与会人员围绕存在的困难和问题进行了深入交流。",
    "活动现场，工作人员通过发放宣传资料、设置咨询台、现场答疑等方式，"
    "向群众宣传{topic}相关政策，共发放宣传资料{count}0余份，接受群众咨询{small}0余人次。",
    "检查组一行先后深入{small}个村（社区）和企业，采取查阅台账、实地查看、"
    "随机走访等方式，详细了解{topic}工作开展情况。",
    "培训采取专题授课与案例教学相结合的方式，邀请市级业务部门专家就{topic}政策要点、"
    "工作流程和常见问题进行了系统讲解，参训人员{small}0余人。",
    "调研中，{place}主要负责同志详细询问了{topic}工作推进中遇到的堵点难点，"
    "并与基层干部群众面对面交流，听取意见建议。",
]
REQUIREMENTS = [
    "提高思想认识，切实增强做好{topic}工作的责任感和紧迫感",
    "压实工作责任，层层传导压力，确保各项任务落实到人",
    "聚焦群众急难愁盼问题，建立问题清单、责任清单和整改清单，逐项销号管理",
    "加强部门协同，形成齐抓共管、协调联动的工作合力",
    "强化督查考核，对工作不力、推进缓慢的单位及时通报",
    "加大宣传引导力度，营造全社会共同关心支持{topic}工作的良好氛围",
    "守牢安全底线，完善应急预案，确保不发生重大风险事件",
    "注重总结提炼，及时推广好经验好做法，推动工作提质增效",
]
CLOSING = [
    "下一步，{place}将持续巩固工作成效，推动{topic}工作常态长效，"
    "不断增强人民群众的获得感、幸福感、安全感。",
    "{place}有关负责同志表示，将坚持以人民为中心的发展思想，"
    "以更加务实的作风抓好{topic}各项工作，确保年度目标任务圆满完成。",
    "据悉，{place}将在年底前对{topic}工作开展“回头看”，"
    "对发现的问题建立台账、限期整改，确保工作取得实效。",
]
NOTICE_SECTIONS = [
    (
        "工作目标",
        "到{year}年底，{topic}工作机制进一步健全，重点任务全面完成，"
        "群众反映强烈的突出问题得到有效解决。",
    ),
    (
        "工作范围",
        "{place}辖区内所有村（社区）、有关企事业单位，重点为人员密集场所和薄弱环节。",
    ),
    (
        "时间安排",
        "（一）动员部署阶段（{month}月1日至{month}月10日）。"
        "（二）集中实施阶段（{month}月11日至{month2}月20日）。"
        "（三）总结验收阶段（{month2}月21日至{month2}月30日）。",
    ),
    (
        "工作要求",
        "各单位要高度重视，明确一名分管负责同志和一名联络员，"
        "于每月5日前将工作进展情况报送{place}办公室。",
    ),
    (
        "保障措施",
        "将{topic}工作纳入年度目标考核，所需经费列入财政预算，"
        "对工作成效明显的单位予以通报表扬。",
    ),
    (
        "办理方式",
        "符合条件的群众可携带居民身份证、户口簿等材料到{place}便民服务中心窗口办理，"
        "也可通过政务服务网在线申请。",
    ),
]
INTERPRETATION_SECTIONS = [
    (
        "出台背景",
        "为贯彻落实上级关于{topic}的决策部署，解决工作中存在的短板弱项，"
        "{place}在深入调研、广泛征求意见的基础上制定了该文件。",
    ),
    (
        "主要内容",
        "文件共分{small}个部分，明确了{topic}工作的总体要求、重点任务和保障措施，"
        "提出到{year}年实现相关指标明显提升。",
    ),
    (
        "政策亮点",
        "一是突出问题导向，聚焦群众最关心的事项；二是强化部门协同，"
        "明确牵头单位和配合单位；三是注重可操作性，细化了{count}项具体举措。",
    ),
    (
        "适用对象",
        "文件适用于{place}行政区域内的有关单位和个人，自印发之日起施行。",
    ),
]
PERSONNEL_SECTIONS = [
    (
        "招聘岗位及人数",
        "本次公开招聘工作人员{small}名，岗位、人数及资格条件详见附件《岗位一览表》。",
    ),
    (
        "报名时间和方式",
        "报名时间为{year}年{month}月10日至{month}月16日，采取网上报名方式，"
        "报名人员对提交材料的真实性负责。",
    ),
    (
        "考试和考察",
        "考试分笔试和面试，按笔试成绩50%、面试成绩50%计算综合成绩，"
        "按岗位从高分到低分等额确定考察人选。",
    ),
    (
        "公示及聘用",
        "拟聘用人员名单在{place}政府网站公示7个工作日，公示期满无异议的，按规定办理聘用手续。",
    ),
    (
        "监督咨询",
        "本次招聘工作接受社会监督，咨询和监督电话在{place}政府网站“机构概况”栏目公布。",
    ),
]
PLANNING_SECTIONS = [
    (
        "过去一年工作回顾",
        "过去一年，{place}地区生产总值增长{growth}%，完成重点项目{small}0个，"
        "新增城镇就业{people}人，各项社会事业全面进步。",
    ),
    (
        "今年目标任务",
        "今年经济社会发展的主要预期目标是：地区生产总值增长{growth2}%左右，"
        "城乡居民收入增长与经济增长基本同步，生态环境质量持续改善。",
    ),
    (
        "重点工作安排",
        "一是着力扩大有效投资；二是持续优化营商环境；三是全面推进乡村振兴；"
        "四是扎实办好民生实事，重点推进{topic}等{small}件民生实事。",
    ),
    (
        "保障措施",
        "建立重点工作台账，明确牵头领导和责任单位，实行月调度、季通报、年考核。",
    ),
]
STATISTICS_LINES = [
    "地区生产总值完成{money}万元，同比增长{growth}%。",
    "规模以上工业增加值同比增长{growth}%。",
    "社会消费品零售总额完成{money}万元，同比增长{growth}%。",
    "固定资产投资同比增长{growth}%，其中民间投资增长{growth2}%。",
    "一般公共预算收入完成{money}万元，同比增长{growth}%。",
    "城镇居民人均可支配收入{people}元，同比增长{growth}%。",
    "农村居民人均可支配收入{people}元，同比增长{growth2}%。",
]
ADDRESSEES = {
    "city": "各县（区）人民政府，市级各部门：",
    "county": "各乡镇人民政府、街道办事处，县级各部门：",
    "township": "各村（社区），镇属各单位：",
    "department": "各县（区）主管部门，局属各单位：",
}
ORDINALS = "一二三四五六七八"
# The abbreviation a department's document numbers use (云教发, 东财发).
DEPARTMENT_ABBREVIATIONS = {
    "教育": "教",
    "卫生健康": "卫健",
    "市场监督": "市监",
    "自然资源": "自然资",
    "发展和改革": "发改",
    "财政": "财",
    "住房和城乡建设": "住建",
    "农业农村": "农",
}


def document_prefix(issuer):
    """The part of a document number before the year (发文字号 without
    〔year〕N号) for an issuing body's full name: 东府发 for 东坡县人民政府,
    东财发 for 东坡县财政局, 青府发 for a township, 湖街办发 for a street office."""
    for keyword, abbreviation in DEPARTMENT_ABBREVIATIONS.items():
        if keyword in issuer:
            return f"{issuer[0]}{abbreviation}发"
    # 东坡县青石镇人民政府: the township's own name, not its county's.
    place = issuer.removesuffix("人民政府").removesuffix("办事处")
    for marker in ("市", "县", "区"):
        _head, found, tail = place.partition(marker)
        if found and tail:
            place = tail
    return f"{place[0]}{'街办发' if issuer.endswith('办事处') else '府发'}"


def figures(rng):
    """The numbers a text may quote, drawn once per article."""
    month = rng.randint(3, 10)
    return {
        "money": rng.randint(120, 9800),
        "count": rng.randint(12, 480),
        "small": rng.randint(3, 9),
        "percent": rng.randint(86, 99),
        "people": rng.randint(1200, 48000),
        "month": month,
        "villages": rng.randint(8, 36),
        "growth": f"{rng.randint(20, 95) / 10:.1f}",
        "growth2": f"{rng.randint(10, 80) / 10:.1f}",
    }


def _paragraphs(texts):
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def _news(rng, values, title):
    first, second = rng.sample(BACKGROUND, k=2)
    events = rng.sample(EVENT, k=2)
    requirements = rng.sample(REQUIREMENTS, k=3)
    texts = [
        f"{values['month']}月{values.get('day') or rng.randint(1, 28)}日，{title}。"
        + first.format(**values),
        events[0].format(**values),
        second.format(**values),
        events[1].format(**values),
        f"针对下一步工作，{values['place']}明确提出："
        + "；".join(
            f"{'一二三'[index]}要{item.format(**values)}"
            for index, item in enumerate(requirements)
        )
        + "。",
        rng.choice(CLOSING).format(**values),
    ]
    return _paragraphs(texts)


def _sections(rng, values, sections, opening, issuer, date_text):
    """Opening paragraphs, three or four numbered sections in a random order,
    a closing sentence and, for a document, the issuer and date."""
    chosen = rng.sample(sections, k=min(len(sections), rng.randint(3, 4)))
    texts = list(opening)
    for index, (heading, text) in enumerate(chosen):
        texts.append(f"{ORDINALS[index]}、{heading}")
        texts.append(text.format(**values))
    texts.append(rng.choice(CLOSING).format(**values))
    if issuer:
        texts += [issuer, date_text]
    return _paragraphs(texts)


def _statistics(rng, values):
    lines = rng.sample(STATISTICS_LINES, k=5)
    texts = [
        f"{values['year']}年{values['month']}月，{values['place']}经济运行总体平稳、稳中有进。"
    ]
    texts += [line.format(**{**values, **figures(rng)}) for line in lines]
    texts.append("注：增速按可比价格计算，数据为快报数，最终以年报为准。")
    return _paragraphs(texts)


def article_body(rng, kind, values, title, issuer, level, date_text):
    """The body (rich-text HTML) of a demo article of column `kind`.
    `values` holds place, topic and year, and may set month and day (of the
    events told); the other figures are drawn here."""
    values = {**figures(rng), **values}
    values["month2"] = min(values["month"] + 1, 12)
    if kind in (ColumnKind.NOTICE, ColumnKind.POLICY):
        opening = (
            f"为做好{values['topic']}工作，根据上级有关要求，"
            f"结合{values['place']}实际，现就有关事项通知如下。"
        )
        return _sections(
            rng,
            values,
            NOTICE_SECTIONS,
            [ADDRESSEES[level], opening],
            issuer,
            date_text,
        )
    if kind == ColumnKind.PERSONNEL:
        opening = (
            "根据《事业单位公开招聘人员暂行规定》等有关规定，经研究决定，"
            f"{values['place']}开展有关人事工作。现将有关事项公告如下。"
        )
        return _sections(rng, values, PERSONNEL_SECTIONS, [opening], issuer, date_text)
    if kind == ColumnKind.PLANNING:
        opening = (
            f"为明确{values['place']}今后一个时期的发展目标和工作重点，"
            "经研究，现将有关内容公布如下。"
        )
        return _sections(rng, values, PLANNING_SECTIONS, [opening], issuer, date_text)
    if kind == ColumnKind.INTERPRETATION:
        opening = (
            f"近日，{values['place']}印发了有关{values['topic']}的文件。"
            "现就文件的主要内容解读如下。"
        )
        return _sections(rng, values, INTERPRETATION_SECTIONS, [opening], None, "")
    if kind == ColumnKind.STATISTICS:
        return _statistics(rng, values)
    return _news(rng, values, title)
