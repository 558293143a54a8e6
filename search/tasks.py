"""Background index upkeep (django-tasks; `manage.py db_worker` runs them)."""

from django_tasks import task

from search import indexing


@task()
def index_pages_task(page_ids: list[int]):
    indexing.index_pages(page_ids)


@task()
def index_subtree_task(page_id: int):
    from wagtail.models import Page

    page = Page.objects.filter(pk=page_id).first()
    if page is not None:
        indexing.index_pages(indexing.subtree_page_ids(page))


@task()
def remove_documents_task(document_ids: list[int]):
    from search.engines import current_engine

    current_engine().remove(document_ids)
