from django.urls import include, path

from backups import views

app_name = "backups"

urlpatterns = [
    path("", views.index, name="index"),
    path("backup/", views.backup_start, name="backup"),
    path("backups/<int:backup_id>/download/", views.download, name="download"),
    path("backups/<int:backup_id>/delete/", views.delete, name="delete"),
    path("backups/<int:backup_id>/restore/", views.restore_listed, name="restore_listed"),
    path("restore/", views.restore, name="restore"),
    path("copy/", views.copy, name="copy"),
    path("recycle/", views.recycle, name="recycle"),
    # Common Cartridge and Moodle imports/exports live in their own module.
    path("", include("backups.interop_urls")),
]
