"""What the search app stores: the public search index (one denormalised row
per live public page), custom segmentation words and the query log."""

import re

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel

from search import segmentation


class CustomWord(models.Model):
    """A word the segmenter must keep whole: a place or programme name."""

    word = models.CharField(
        _("词语"),
        max_length=40,
        unique=True,
        help_text=_("地名、项目名称等需要整体切分的词，例如：青川县、乡村振兴示范区。"),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("添加时间"), auto_now_add=True)

    panels = [FieldPanel("word"), FieldPanel("note")]

    class Meta:
        verbose_name = _("自定义分词")
        verbose_name_plural = _("自定义分词")
        ordering = ["word"]

    def __str__(self):
        return self.word

    def save(self, *args, **kwargs):
        self.word = self.word.strip()
        super().save(*args, **kwargs)
        segmentation.custom_words_changed()

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        segmentation.custom_words_changed()
        return result


# What separates the terms of a synonym group as administrators type them.
TERM_SEPARATORS = re.compile(r"[,，、;；\s]+")
SYNONYMS_CACHE_KEY = "govsearch:synonym-groups"


def split_terms(text):
    """The distinct terms of a synonym group as typed, in order."""
    return list(dict.fromkeys(term for term in TERM_SEPARATORS.split(text) if term))


class Synonym(models.Model):
    """Terms the public search treats as one, such as an abbreviation and
    its full name (医保，医疗保险): a query for any of them finds documents
    holding any of them (search/synonyms.py)."""

    terms = models.CharField(
        _("同义词组"),
        max_length=200,
        unique=True,
        help_text=_(
            "意思相同的词、简称与全称，用逗号或顿号分隔，例如：医保，医疗保险。"
            "检索其中任何一个词，都会找到含有其他词的内容；修改后立即生效，无需重建索引。"
        ),
    )
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_at = models.DateTimeField(_("修改时间"), auto_now=True)

    panels = [FieldPanel("terms"), FieldPanel("note")]

    class Meta:
        verbose_name = _("检索同义词")
        verbose_name_plural = _("检索同义词")
        ordering = ["terms"]

    def __str__(self):
        return self.terms

    @classmethod
    def groups(cls):
        """[[term, ...]] of every group, cached until the table changes."""
        found = cache.get(SYNONYMS_CACHE_KEY)
        if found is None:
            found = [
                split_terms(terms)
                for terms in cls.objects.values_list("terms", flat=True)
            ]
            cache.set(SYNONYMS_CACHE_KEY, found, timeout=None)
        return found

    def term_list(self):
        return split_terms(self.terms or "")

    def clean(self):
        terms = self.term_list()
        if len(terms) < 2:
            raise ValidationError(
                {"terms": _("同义词组至少要有两个不同的词，用逗号或顿号分隔。")}
            )
        for term in terms:
            if not segmentation.tokens(term):
                raise ValidationError(
                    {"terms": _("“%(term)s”不含文字，无法检索。") % {"term": term}}
                )
        others = Synonym.objects.exclude(pk=self.pk)
        for other in others:
            shared = [term for term in terms if term in other.term_list()]
            if shared:
                raise ValidationError(
                    {
                        "terms": _(
                            "“%(term)s”已在同义词组“%(group)s”中，一个词只能属于一个组。"
                        )
                        % {"term": shared[0], "group": other.terms}
                    }
                )
        self.terms = "，".join(terms)

    def save(self, *args, **kwargs):
        self.terms = "，".join(self.term_list())
        super().save(*args, **kwargs)
        cache.delete(SYNONYMS_CACHE_KEY)

    def delete(self, *args, **kwargs):
        result = super().delete(*args, **kwargs)
        cache.delete(SYNONYMS_CACHE_KEY)
        return result


class SearchDocument(models.Model):
    """One searchable item, denormalised so a query and its facet counts are
    answered from this table and its full-text index alone.

    The full-text index itself lives beside it: bitmaps of document ids per
    token in `Posting` (search/fulltext.py), or an Elasticsearch index.
    `page` is empty only for rows the benchmark loads straight into the
    index."""

    page = models.OneToOneField(
        "wagtailcore.Page",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("页面"),
    )
    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    content_type = models.ForeignKey(
        "contenttypes.ContentType",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("内容类型"),
    )
    title = models.CharField(_("标题"), max_length=255)
    url = models.CharField(_("地址"), max_length=500)
    category = models.CharField(_("主题分类"), max_length=100, blank=True)
    issuing_body = models.CharField(_("发布机构"), max_length=200, blank=True)
    doc_number = models.CharField(_("文号"), max_length=100, blank=True)
    doc_number_key = models.CharField(
        _("文号检索键"),
        max_length=100,
        blank=True,
        db_index=True,
        help_text=_("统一括号后的文号，用于按文号精确查找。"),
    )
    date = models.DateTimeField(_("日期"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("年份"), null=True, blank=True)
    expire_at = models.DateTimeField(
        _("过期时间"),
        null=True,
        blank=True,
        help_text=_("页面的过期时间；过期后即使尚未下线也不再出现在结果中。"),
    )
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)
    # Last on purpose: SQLite stores columns in order, so the facet columns
    # stay on a row's first page and are read without the long text.
    text = models.TextField(_("正文文本"), blank=True)
    words = models.TextField(
        _("索引词"),
        blank=True,
        help_text=_("文档的全部分词（含标题词标记），更新或删除时据此从索引中移除。"),
    )

    class Meta:
        verbose_name = _("搜索索引条目")
        verbose_name_plural = _("搜索索引条目")

    def __str__(self):
        return self.title


class Posting(models.Model):
    """The documents holding one token (a word, a marked title word or an
    attribute: search/fulltext.py), as a serialised Roaring bitmap of
    SearchDocument ids."""

    token = models.TextField(_("词"), primary_key=True)
    docs = models.BinaryField(_("文档集合"))
    version = models.BigIntegerField(
        _("版本"), help_text=_("最后一次修改时的索引代号。")
    )
    attribute = models.BooleanField(
        _("属性"),
        default=False,
        db_index=True,
        help_text=_("分面取值、月份或过期标记，而不是词；每次检索都读取全部属性。"),
    )

    class Meta:
        verbose_name = _("倒排记录")
        verbose_name_plural = _("倒排记录")

    def __str__(self):
        return self.token


class PostingState(models.Model):
    """One row: the generation of the postings, drawn afresh by every write,
    so a process knows whether its cached bitmaps may be stale."""

    generation = models.BigIntegerField(_("索引代号"), default=0)

    class Meta:
        verbose_name = _("倒排索引状态")
        verbose_name_plural = _("倒排索引状态")

    def __str__(self):
        return str(self.generation)


class SearchQueryLog(models.Model):
    """How often a query was asked on a site on a day, and how many results it
    had. Nothing about who asked (no IP address, no user, no session)."""

    site = models.ForeignKey(
        "wagtailcore.Site",
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("站点"),
    )
    day = models.DateField(_("日期"))
    query = models.CharField(_("检索词"), max_length=100)
    scope = models.CharField(_("范围"), max_length=10, default="site")
    hits = models.PositiveIntegerField(_("检索次数"), default=0)
    results = models.PositiveIntegerField(
        _("结果数"), default=0, help_text=_("最近一次检索的结果数。")
    )

    class Meta:
        verbose_name = _("检索记录")
        verbose_name_plural = _("检索记录")
        constraints = [
            models.UniqueConstraint(
                fields=["site", "day", "query", "scope"], name="govsearch_log_unique"
            )
        ]
        indexes = [models.Index(fields=["day", "results"])]

    def __str__(self):
        return self.query

    @property
    def is_zero_result(self):
        return self.results == 0
