"""modelsearch's OpenSearch 2 backend with Chinese segmentation: the admin's
search when `SEARCH_BACKEND=opensearch`. Values and queries are segmented
here, the server only splits on whitespace (search/backends/segmenting.py).

Set `WAGTAILSEARCH_BACKENDS["default"]["BACKEND"] = "search.backends.opensearch"`."""

from copy import deepcopy

from modelsearch.backends import opensearch2
from modelsearch.utils import deep_update

from search.backends.segmenting import (
    SEGMENTED_ANALYSIS,
    SegmentingMappingMixin,
    SegmentingQueryCompilerMixin,
)


class SegmentingOpenSearchMapping(
    SegmentingMappingMixin, opensearch2.OpenSearch2Mapping
):
    pass


class SegmentingOpenSearchQueryCompiler(
    SegmentingQueryCompilerMixin, opensearch2.OpenSearch2SearchQueryCompiler
):
    mapping_class = SegmentingOpenSearchMapping


class SegmentingOpenSearchAutocompleteQueryCompiler(
    opensearch2.OpenSearch2AutocompleteQueryCompiler
):
    mapping_class = SegmentingOpenSearchMapping


class SegmentingOpenSearchBackend(opensearch2.OpenSearch2SearchBackend):
    mapping_class = SegmentingOpenSearchMapping
    query_compiler_class = SegmentingOpenSearchQueryCompiler
    autocomplete_query_compiler_class = SegmentingOpenSearchAutocompleteQueryCompiler
    settings = deep_update(
        deepcopy(opensearch2.OpenSearch2SearchBackend.settings), SEGMENTED_ANALYSIS
    )


SearchBackend = SegmentingOpenSearchBackend
