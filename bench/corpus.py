"""Synthetic Chinese government documents over a real vocabulary, for the
search benchmarks.

The words come from the dictionary jieba ships (`jieba/dict.txt`: 349,046
entries with their counts in a large general corpus, which follow Zipf's
law); the Chinese ones (about 340,000) are the vocabulary. A document's
words are drawn by those counts (background), mixed with the words of one
to three topics it is about: a topic is 200 content words (nouns, verbs,
names, abbreviations of two to four characters) drawn by the same counts
with a fixed seed, so words of a topic occur together as they do in real
text. Nobody chose the topics' words: queries taken from elsewhere find what
they find, as on a real site.

A document has an official title (issuer, an action, two or three of its
main topic's words, a document kind), a body of 800 to 3,000 characters (the
length of real notices, log-uniform) in clauses and paragraphs with the
formal sentences every notice has, a document number in the national format
(60 %), a subject classification, an issuing body, a date (2012-2025) and one
of 20 sites.

`vocabulary_pairs()`, CITIZEN_QUERIES and ONE_WORD_QUERIES are the
benchmark's queries, drawn apart from the generator's topics."""

import itertools
import math
import os
import pickle
import random
import re
import tempfile
from datetime import date, timedelta
from functools import cache
from importlib import resources
from pathlib import Path

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
ACTIONS = ["关于开展", "关于进一步加强", "关于印发", "关于做好", "关于推进", "关于规范"]
TAILS = ["工作", "实施方案", "专项行动", "管理办法", "工作方案", "若干措施"]
# The formal sentences of the register, a small share of every body.
FORMAL = [
    "各区县人民政府，市级各部门：",
    "为深入贯彻落实党中央、国务院决策部署，",
    "按照省委、省政府工作要求，结合我市实际，",
    "现就有关事项通知如下。",
    "各地各部门要高度重视，加强组织领导，压实工作责任，",
    "确保各项任务落地见效。",
    "对工作不力的单位和个人依法依规严肃问责。",
    "本通知自印发之日起施行。",
]
PLACES = ["青川县", "利州区", "昭化区", "朝天区", "旺苍县", "剑阁县", "苍溪县"]
SITES = 20
TOPICS = 400
TOPIC_WORDS = 200
# Words drawn once by the vocabulary's counts, and for each topic (see
# `streams`); bodies are cut from them.
BACKGROUND_STREAM = 2**23
TOPIC_STREAM = 4096
SHORTEST, LONGEST = 800, 3000

_CHINESE = re.compile(r"^[\u4e00-\u9fff]+$")
# Parts of speech of content words (jieba's tags): nouns, verbal nouns,
# verbs, place, organisation and other proper names, idioms, abbreviations.
_CONTENT = {"n", "vn", "v", "ns", "nt", "nz", "l", "j", "an"}


@cache
def vocabulary():
    """(words, cumulative counts, parts of speech) of jieba's dictionary,
    Chinese words only, most frequent first."""
    entries = []
    text = resources.files("jieba").joinpath("dict.txt").read_text("utf-8")
    for line in text.splitlines():
        word, count, tag = line.split(" ")
        if _CHINESE.match(word):
            entries.append((int(count), word, tag))
    entries.sort(key=lambda entry: (-entry[0], entry[1]))
    words = [word for _count, word, _tag in entries]
    # Floats: bisecting ints with a float is several times slower.
    cumulative = [
        float(total) for total in itertools.accumulate(c for c, _w, _t in entries)
    ]
    return words, cumulative, [tag for _c, _w, tag in entries]


def is_content_word(word, tag):
    return tag in _CONTENT and 2 <= len(word) <= 4


@cache
def content_words():
    """(words, cumulative counts) of the content words, most frequent first."""
    words, cumulative, tags = vocabulary()
    chosen, counts = [], []
    previous = 0
    for word, total, tag in zip(words, cumulative, tags, strict=True):
        count, previous = int(total - previous), total
        if is_content_word(word, tag):
            chosen.append(word)
            counts.append(count)
    return chosen, [float(total) for total in itertools.accumulate(counts)]


@cache
def topics(seed=2026):
    """TOPICS lists of TOPIC_WORDS distinct content words, drawn by their
    counts; within a topic the words keep that order (frequent first)."""
    rng = random.Random(seed)
    words, cumulative = content_words()
    order = {word: rank for rank, word in enumerate(words)}
    result = []
    for _ in range(TOPICS):
        chosen = set()
        while len(chosen) < TOPIC_WORDS:
            chosen.update(draw(rng, words, cumulative, TOPIC_WORDS - len(chosen)))
        result.append(sorted(chosen, key=order.__getitem__))
    return result


def draw(rng, words, cumulative, count):
    """`count` words drawn (with replacement) by their cumulative counts."""
    return rng.choices(words, cum_weights=cumulative, k=count)


@cache
def _topic_weights():
    # Zipf within a topic: its k-th word weighs 1/k.
    return list(itertools.accumulate(1 / rank for rank in range(1, TOPIC_WORDS + 1)))


@cache
def streams(seed=2026):
    """Words drawn once, in the order drawn: BACKGROUND_STREAM words by the
    vocabulary's counts, and TOPIC_STREAM of each topic by the topic's
    weights. A body is cut from them at random offsets, so the corpus has
    the vocabulary's distribution and costs little to generate (drawing
    each word of a million documents would take an hour of CPU). They are
    kept in the temporary directory for the next run."""
    saved = Path(tempfile.gettempdir()) / (
        f"govcluster_bench_streams_{seed}_{BACKGROUND_STREAM}_{TOPICS}_"
        f"{TOPIC_STREAM}.pickle"
    )
    if saved.exists():
        with saved.open("rb") as file:
            return pickle.load(file)  # noqa: S301 - written below by this module
    rng = random.Random(seed + 1)
    words, cumulative, _tags = vocabulary()
    background = draw(rng, words, cumulative, BACKGROUND_STREAM)
    weights = _topic_weights()
    per_topic = [
        rng.choices(topic, cum_weights=weights, k=TOPIC_STREAM) for topic in topics()
    ]
    # Kept for the next run (drawing them takes half a minute); written
    # under a name of its own, then renamed, so runs side by side agree.
    partial = saved.with_suffix(f".{os.getpid()}")
    with partial.open("wb") as file:
        pickle.dump((background, per_topic), file, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(partial, saved)
    return background, per_topic


def body(rng, main, others, length):
    """About `length` characters: clauses of a run of background words with
    one or two words of the document's topics (its main topic most often),
    the formal sentences of the register among them, paragraphs."""
    background, per_topic = streams()
    parts = [FORMAL[0]] if rng.random() < 0.7 else []
    size = len(parts[0]) if parts else 0
    last = len(background) - 16
    while size < length:
        if rng.random() < 0.06:
            clause = rng.choice(FORMAL)
        else:
            start = rng.randrange(last)
            words = background[start : start + rng.randint(2, 7)]
            for _ in range(1 + (rng.random() < 0.5)):
                topic = rng.choice(others) if others and rng.random() < 0.3 else main
                offset = rng.randrange(TOPIC_STREAM)
                words.insert(rng.randrange(len(words) + 1), per_topic[topic][offset])
            clause = "".join(words)
            if rng.random() < 0.05:
                clause = rng.choice(PLACES) + clause
            roll = rng.random()
            clause += "。\n" if roll < 0.07 else "。" if roll < 0.3 else "，"
        parts.append(clause)
        size += len(clause)
    return "".join(parts).rstrip("，\n") + "。"


def document(rng, sequence):
    """One synthetic document as a dict of the catalogue fields."""
    every = topics()
    main = rng.randrange(len(every))
    others = rng.sample(range(len(every)), rng.randint(0, 2))
    issuer, prefix = rng.choice(ISSUERS)
    subject = "".join(rng.sample(every[main][:40], rng.randint(2, 3)))
    title = (
        f"{issuer}{rng.choice(ACTIONS)}{subject}{rng.choice(TAILS)}"
        f"的{rng.choice(KINDS)}"
    )
    length = round(math.exp(rng.uniform(math.log(SHORTEST), math.log(LONGEST))))
    day = date(2012, 1, 1) + timedelta(days=rng.randrange(0, 365 * 14))
    doc_number = (
        f"{prefix}〔{day.year}〕{rng.randint(1, 200)}号" if rng.random() < 0.6 else ""
    )
    return {
        "title": title,
        "text": body(rng, main, others, length),
        "doc_number": doc_number,
        "category": rng.choice(CATEGORIES),
        "issuing_body": issuer,
        "date": day,
        "site": sequence % SITES,
    }


def generate(count, seed=2026, start=0):
    """`count` documents from number `start`; batches of a corpus can be made
    independently (in parallel) and always come out the same."""
    rng = random.Random(seed * 1_000_003 + start)
    for sequence in range(start, start + count):
        yield document(rng, sequence)


# --- the queries -------------------------------------------------------------

# What residents type into a government site's search box (two words, the
# way people search for a service), and single words; none is taken from
# the generator: they find what the vocabulary and topics happen to hold.
CITIZEN_QUERIES = [
    "医保 报销",
    "公积金 提取",
    "社保 转移",
    "居住证 办理",
    "低保 申请",
    "户口 迁移",
    "养老金 调整",
    "营业执照 办理",
    "不动产 登记",
    "驾驶证 换证",
    "人才 补贴",
    "二手房 过户",
    "入学 报名",
    "生育 津贴",
    "异地 就医",
    "拆迁 补偿",
]
ONE_WORD_QUERIES = ["公积金", "招聘", "疫苗", "补贴", "新生儿", "廉租房"]

# Frequency ranks (among content words) the vocabulary pairs are drawn from:
# a word read in most documents, a common one, a rarer one.
RANK_BANDS = {
    "frequent": (50, 1_000),
    "common": (1_000, 10_000),
    "rare": (10_000, 60_000),
}
PAIR_KINDS = [
    ("frequent", "frequent"),
    ("frequent", "common"),
    ("common", "common"),
    ("common", "rare"),
    ("frequent", "rare"),
]


def vocabulary_pairs(per_kind=4, seed=7, keeps_word=None):
    """[(kind, "word word")]: `per_kind` pairs of content words from each
    PAIR_KINDS combination of rank bands, drawn uniformly within a band with
    their own seed. `keeps_word(word)` (the segmenter's verdict that a word
    stays one token) filters the candidates."""
    rng = random.Random(seed)
    words, _cumulative = content_words()

    def pick(band):
        low, high = RANK_BANDS[band]
        while True:
            word = words[rng.randrange(low, high)]
            if keeps_word is None or keeps_word(word):
                return word

    pairs = []
    for first, second in PAIR_KINDS:
        for _ in range(per_kind):
            one, other = pick(first), pick(second)
            while other == one:
                other = pick(second)
            pairs.append((f"{first}+{second}", f"{one} {other}"))
    return pairs


def rank_of(word):
    """A word's rank by count in the whole vocabulary (1 = most frequent)."""
    return _ranks()[word] + 1


def count_of(word):
    """A word's count in jieba's dictionary."""
    _words, cumulative, _tags = vocabulary()
    rank = _ranks()[word]
    return int(cumulative[rank] - (cumulative[rank - 1] if rank else 0))


@cache
def _ranks():
    words, _cumulative, _tags = vocabulary()
    return {word: rank for rank, word in enumerate(words)}
