from django.urls import path

from glossary import views

app_name = "glossary"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.term_edit, name="create"),
    path("<int:term_id>/", views.term_detail, name="term"),
    path("<int:term_id>/edit/", views.term_edit, name="edit"),
    path("<int:term_id>/delete/", views.term_delete, name="delete"),
    path("import/", views.import_csv, name="import"),
    path("export/", views.export_csv, name="export"),
    path("settings/", views.settings, name="settings"),
]
