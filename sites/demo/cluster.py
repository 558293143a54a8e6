"""The fictional 云岭市 cluster: a city portal, 4 counties, 8 townships and 4
city departments, each on `<slug>.localhost`."""

from sites.models import SiteLevel

DEMO_PASSWORD = "govcluster-demo"  # noqa: S105 - documented demo login
CITY = "yunling"

# slug, full name, short name, level, identity code, superior slug
DEMO_SITES = [
    ("yunling", "云岭市人民政府", "云岭市", SiteLevel.CITY, "5120000001", None),
    ("dongpo", "东坡县人民政府", "东坡县", SiteLevel.COUNTY, "5120210001", "yunling"),
    ("xishan", "西山县人民政府", "西山县", SiteLevel.COUNTY, "5120220001", "yunling"),
    ("nanping", "南坪县人民政府", "南坪县", SiteLevel.COUNTY, "5120230001", "yunling"),
    (
        "beihu",
        "云岭市北湖区人民政府",
        "北湖区",
        SiteLevel.COUNTY,
        "5120020001",
        "yunling",
    ),
    (
        "qingshi",
        "东坡县青石镇人民政府",
        "青石镇",
        SiteLevel.TOWNSHIP,
        "5120210011",
        "dongpo",
    ),
    (
        "baima",
        "东坡县白马镇人民政府",
        "白马镇",
        SiteLevel.TOWNSHIP,
        "5120210012",
        "dongpo",
    ),
    (
        "longquan",
        "西山县龙泉乡人民政府",
        "龙泉乡",
        SiteLevel.TOWNSHIP,
        "5120220011",
        "xishan",
    ),
    (
        "shiqiao",
        "西山县石桥镇人民政府",
        "石桥镇",
        SiteLevel.TOWNSHIP,
        "5120220012",
        "xishan",
    ),
    (
        "hekou",
        "南坪县河口镇人民政府",
        "河口镇",
        SiteLevel.TOWNSHIP,
        "5120230011",
        "nanping",
    ),
    (
        "liulin",
        "南坪县柳林乡人民政府",
        "柳林乡",
        SiteLevel.TOWNSHIP,
        "5120230012",
        "nanping",
    ),
    (
        "hubin",
        "北湖区湖滨街道办事处",
        "湖滨街道",
        SiteLevel.TOWNSHIP,
        "5120020011",
        "beihu",
    ),
    (
        "xincheng",
        "北湖区新城街道办事处",
        "新城街道",
        SiteLevel.TOWNSHIP,
        "5120020012",
        "beihu",
    ),
    (
        "jiaoyu",
        "云岭市教育局",
        "市教育局",
        SiteLevel.DEPARTMENT,
        "5120000002",
        "yunling",
    ),
    (
        "weijian",
        "云岭市卫生健康委员会",
        "市卫健委",
        SiteLevel.DEPARTMENT,
        "5120000003",
        "yunling",
    ),
    (
        "scjg",
        "云岭市市场监督管理局",
        "市市场监管局",
        SiteLevel.DEPARTMENT,
        "5120000004",
        "yunling",
    ),
    (
        "zrzy",
        "云岭市自然资源和规划局",
        "市自然资源局",
        SiteLevel.DEPARTMENT,
        "5120000005",
        "yunling",
    ),
]

# Left to sleep: homepage untouched for months, empty columns, stale notices,
# unanswered consultation letters. Monitoring must find exactly these.
DORMANT_SLUGS = frozenset({"longquan", "liulin", "zrzy"})

STREETS = [
    "人民路",
    "解放路",
    "建设路",
    "文化路",
    "滨江路",
    "中山路",
    "新华路",
    "光明路",
]


def hostname_for(slug):
    return f"{slug}.localhost"


def seat_of(name):
    """Where a demo body sits: a government or street office in its own
    place (东坡县青石镇), a city department in the city."""
    for suffix in ("人民政府", "街道办事处"):
        if name.endswith(suffix):
            place = name.removesuffix(suffix)
            return place if suffix == "人民政府" else name.removesuffix("办事处")
    return "云岭市"


def profile_fields(slug, name, code, rng):
    """Footer identity items of a demo site (fictional but well formed)."""
    return {
        "sponsor": name.replace("人民政府", "人民政府办公室")
        if "人民政府" in name
        else name,
        "undertaker": "云岭市大数据中心",
        "address": f"{seat_of(name)}{rng.choice(STREETS)}{rng.randint(1, 299)}号",
        "phone": f"0825-{rng.randint(2000000, 8999999)}",
        "email": f"{slug}@yunling.gov.example.cn",
        "icp_number": f"蜀ICP备{rng.randint(10000000, 99999999)}号",
        "public_security_number": f"川公网安备 {code[:6]}{rng.randint(10000000, 99999999)}号",
    }
