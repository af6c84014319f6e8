from django.urls import path

from journal import views

app_name = "journal"

urlpatterns = [
    path("", views.index, name="index"),
    path("themes/new/", views.theme_edit, name="theme_create"),
    path("themes/<int:theme_id>/", views.theme_edit, name="theme_edit"),
    path("themes/<int:theme_id>/delete/", views.theme_delete, name="theme_delete"),
    path("themes/<int:theme_id>/advances/new/", views.advance_edit, name="advance_create"),
    path(
        "themes/<int:theme_id>/advances/<int:advance_id>/",
        views.advance_edit,
        name="advance_edit",
    ),
    path(
        "themes/<int:theme_id>/advances/<int:advance_id>/done/",
        views.advance_done,
        name="advance_done",
    ),
    path(
        "themes/<int:theme_id>/advances/<int:advance_id>/delete/",
        views.advance_delete,
        name="advance_delete",
    ),
]
