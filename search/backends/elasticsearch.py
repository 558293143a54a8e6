"""modelsearch's Elasticsearch 8 backend with Chinese segmentation: the admin's
search when `SEARCH_BACKEND=elasticsearch`. Values and queries are segmented
here, the server only splits on whitespace (search/backends/segmenting.py).

Set `WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.elasticsearch"`."""

from copy import deepcopy

from modelsearch.backends import elasticsearch8
from modelsearch.utils import deep_update

from search.backends.segmenting import (
    SEGMENTED_ANALYSIS,
    SegmentingMappingMixin,
    SegmentingQueryCompilerMixin,
)


class SegmentingElasticsearchMapping(
    SegmentingMappingMixin, elasticsearch8.Elasticsearch8Mapping
):
    pass


class SegmentingElasticsearchQueryCompiler(
    SegmentingQueryCompilerMixin, elasticsearch8.Elasticsearch8SearchQueryCompiler
):
    mapping_class = SegmentingElasticsearchMapping


class SegmentingElasticsearchAutocompleteQueryCompiler(
    elasticsearch8.Elasticsearch8AutocompleteQueryCompiler
):
    mapping_class = SegmentingElasticsearchMapping


class SegmentingElasticsearchBackend(elasticsearch8.Elasticsearch8SearchBackend):
    mapping_class = SegmentingElasticsearchMapping
    query_compiler_class = SegmentingElasticsearchQueryCompiler
    autocomplete_query_compiler_class = SegmentingElasticsearchAutocompleteQueryCompiler
    settings = deep_update(
        deepcopy(elasticsearch8.Elasticsearch8SearchBackend.settings),
        SEGMENTED_ANALYSIS,
    )


SearchBackend = SegmentingElasticsearchBackend
