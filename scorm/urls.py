"""Package URLs, mounted inside the learning paths tool (/courses/<code>/learnpaths/)."""

from django.urls import path

from scorm import views

app_name = "scorm"

urlpatterns = [
    path("import/", views.package_import, name="import"),
    path("import/<int:job_id>/", views.import_status, name="import_status"),
    path("<int:path_id>/content/<path:file_path>", views.content, name="content"),
    path("<int:path_id>/items/<int:item_id>/commit/", views.commit, name="commit"),
    path("<int:path_id>/export/", views.export, name="export"),
]
