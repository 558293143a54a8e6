"""Synthetic Chinese government documents with catalogue metadata, realistic
enough for search benchmarks: official titles built from real document kinds,
subjects and programme names, bodies of formal sentences, document numbers in
the national format, subject classifications and issuing bodies."""

import random
from datetime import date, timedelta

ISSUERS = [
    ("市人民政府", "市政发"),
    ("市人民政府办公室", "市府办发"),
    ("市发展和改革委员会", "市发改"),
    ("市教育局", "市教发"),
    ("市财政局", "市财"),
    ("市人力资源和社会保障局", "市人社发"),
    ("市自然资源和规划局", "市自然资规"),
    ("市生态环境局", "市环发"),
    ("市住房和城乡建设局", "市住建发"),
    ("市交通运输局", "市交发"),
    ("市农业农村局", "市农发"),
    ("市卫生健康委员会", "市卫健发"),
    ("市应急管理局", "市应急发"),
    ("市市场监督管理局", "市市监发"),
    ("市医疗保障局", "市医保发"),
    ("县人民政府", "县府发"),
    ("县人民政府办公室", "县府办发"),
    ("镇人民政府", "镇府发"),
]
CATEGORIES = [
    "综合政务",
    "国民经济管理、国有资产监管",
    "财政、金融、审计",
    "国土资源、能源",
    "农业、林业、水利",
    "工业、交通",
    "商贸、海关、旅游",
    "市场监管、安全生产监管",
    "城乡建设、环境保护",
    "科技、教育",
    "文化、广电、新闻出版",
    "卫生、体育",
    "劳动、人事、监察",
    "公安、安全、司法",
    "民政、扶贫、救灾",
    "其他",
]
KINDS = ["通知", "意见", "决定", "通告", "公告", "通报", "批复", "函", "报告", "纪要"]
# Topics: (subject words used in titles, words used in bodies)
TOPICS = [
    (
        "安全生产",
        ["安全生产", "隐患排查", "应急管理", "事故防范", "大检查", "危险化学品"],
    ),
    (
        "乡村振兴",
        ["乡村振兴", "农村人居环境", "高标准农田", "产业发展", "驻村帮扶", "脱贫攻坚"],
    ),
    (
        "营商环境",
        ["营商环境", "市场主体", "一网通办", "减税降费", "审批服务", "信用体系"],
    ),
    (
        "医疗保障",
        [
            "医疗保险",
            "城乡居民医保",
            "异地就医",
            "报销比例",
            "大病保险",
            "药品集中采购",
        ],
    ),
    (
        "义务教育",
        ["义务教育", "课后服务", "校外培训", "教师队伍", "学位供给", "招生入学"],
    ),
    (
        "生态环境",
        ["大气污染防治", "河长制", "垃圾分类", "生态环境保护", "碳达峰", "水污染防治"],
    ),
    (
        "城市更新",
        [
            "老旧小区改造",
            "城市更新",
            "保障性住房",
            "物业管理",
            "棚户区改造",
            "燃气管道",
        ],
    ),
    (
        "就业创业",
        ["稳就业", "高校毕业生", "创业担保贷款", "职业技能培训", "农民工", "社会保险"],
    ),
    ("防汛抗旱", ["防汛抗旱", "汛期", "地质灾害", "水库安全", "防汛物资", "应急预案"]),
    (
        "疫情防控",
        ["疫苗接种", "疫情防控", "核酸检测", "公共卫生", "医疗机构", "传染病"],
    ),
    (
        "交通运输",
        ["道路运输", "公路建设", "公共交通", "交通安全", "农村公路", "出租汽车"],
    ),
    ("财政预算", ["财政预算", "政府债务", "专项资金", "绩效管理", "预算公开", "决算"]),
    (
        "文化旅游",
        ["文化旅游", "非物质文化遗产", "景区", "公共文化服务", "文物保护", "全民健身"],
    ),
    (
        "养老服务",
        ["养老服务", "居家养老", "老年人", "社区食堂", "长期护理保险", "适老化改造"],
    ),
    (
        "数字政府",
        ["数字政府", "政务数据", "电子证照", "政务服务", "互联网+政务服务", "数据共享"],
    ),
]
ACTIONS = [
    "关于开展",
    "关于进一步加强",
    "关于印发",
    "关于做好",
    "关于推进",
    "关于规范",
    "关于加快",
]
TAILS = [
    "工作",
    "实施方案",
    "专项行动",
    "管理办法",
    "工作方案",
    "若干措施",
    "三年行动计划",
]
FILLER = [
    "各区县人民政府，市级各部门：",
    "为深入贯彻落实党中央、国务院决策部署，",
    "按照省委、省政府工作要求，结合我市实际，",
    "现就有关事项通知如下。",
    "各地各部门要高度重视，加强组织领导，压实工作责任，",
    "确保各项任务落地见效。",
    "要建立健全工作机制，强化督促检查，",
    "对工作不力的单位和个人依法依规严肃问责。",
    "请于每月底前将工作进展情况报送市政府办公室。",
    "本通知自印发之日起施行。",
    "要加强宣传引导，及时回应社会关切，营造良好氛围。",
    "有关部门要密切配合，形成工作合力。",
]
PLACES = [
    "青川县",
    "利州区",
    "昭化区",
    "朝天区",
    "旺苍县",
    "剑阁县",
    "苍溪县",
    "广元经济技术开发区",
]


def document(rng, sequence):
    """One synthetic document as a dict of the catalogue fields."""
    issuer, prefix = rng.choice(ISSUERS)
    subject, words = rng.choice(TOPICS)
    kind = rng.choice(KINDS)
    title = (
        f"{issuer}{rng.choice(ACTIONS)}{rng.choice(words)}{rng.choice(TAILS)}的{kind}"
    )
    day = date(2012, 1, 1) + timedelta(days=rng.randrange(0, 365 * 14))
    sentences = []
    for _ in range(rng.randint(8, 16)):
        if rng.random() < 0.5:
            sentences.append(rng.choice(FILLER))
        else:
            first, second = rng.sample(words, 2)
            place = rng.choice(PLACES)
            sentences.append(f"{place}要以{first}为重点，统筹推进{second}，")
    # A document now and then mentions words of a second topic.
    if rng.random() < 0.3:
        sentences.append(f"同时做好{rng.choice(rng.choice(TOPICS)[1])}相关工作。")
    doc_number = (
        f"{prefix}〔{day.year}〕{rng.randint(1, 200)}号" if rng.random() < 0.6 else ""
    )
    return {
        "title": title,
        "text": "".join(sentences),
        "doc_number": doc_number,
        "category": rng.choice(CATEGORIES),
        "issuing_body": issuer,
        "date": day,
        "site": sequence % 20,
        "subject": subject,
    }


def generate(count, seed=2026, start=0):
    """`count` documents from number `start`; batches of a corpus can be made
    independently (in parallel) and always come out the same."""
    rng = random.Random(seed * 1_000_003 + start)
    for sequence in range(start, start + count):
        yield document(rng, sequence)


# Queries a member of the public types: two words, one word, a programme name,
# and document numbers in the bracket styles people use.
TWO_WORD_QUERIES = [
    "安全生产 大检查",
    "乡村振兴 高标准农田",
    "营商环境 一网通办",
    "医疗保险 异地就医",
    "义务教育 课后服务",
    "垃圾分类 河长制",
    "老旧小区改造 燃气管道",
    "高校毕业生 就业",
    "防汛 地质灾害",
    "疫苗接种 公共卫生",
    "农村公路 建设",
    "预算公开 决算",
    "文物保护 景区",
    "居家养老 社区食堂",
    "电子证照 数据共享",
    "隐患排查 危险化学品",
]
ONE_WORD_QUERIES = ["安全生产", "乡村振兴", "营商环境", "养老服务", "碳达峰", "青川县"]
