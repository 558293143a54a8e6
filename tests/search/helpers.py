from search.forms import SearchForm
from search.service import run_search


def search(site=None, **params):
    """run_search as the page calls it; `site` is the requesting site."""
    params.setdefault("scope", "site" if site else "cluster")
    form = SearchForm(params)
    assert form.is_valid(), form.errors
    return run_search(form.cleaned_data, site)


def titles(outcome):
    return [hit.title for hit in outcome.hits]
