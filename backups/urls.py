from django.urls import include, path

from backups import views

app_name = "backups"

urlpatterns = [
    path("", views.index, name="index"),
    # Common Cartridge and Moodle imports/exports live in their own module.
    path("", include("backups.interop_urls")),
]
