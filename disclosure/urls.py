from django.urls import path

from .views import api

app_name = "disclosure"

urlpatterns = [
    path("api/disclosure/documents/", api.document_list, name="api_documents"),
]
