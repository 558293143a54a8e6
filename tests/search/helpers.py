from search.forms import SearchForm
from search.service import run_search


def search(asked_on=None, **params):
    """run_search as the page calls it; `asked_on` is the requesting site."""
    params.setdefault("scope", "site" if asked_on else "cluster")
    form = SearchForm(params)
    assert form.is_valid(), form.errors
    return run_search(form.cleaned_data, asked_on)


def titles(outcome):
    return [hit.title for hit in outcome.hits]
