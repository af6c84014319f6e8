from django.urls import path

from links import views

app_name = "links"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.link_edit, name="create"),
    path("<int:link_id>/edit/", views.link_edit, name="edit"),
    path("<int:link_id>/delete/", views.link_delete, name="delete"),
    path("<int:link_id>/move/", views.link_move, name="move"),
    path("<int:link_id>/visibility/", views.link_visibility, name="visibility"),
    path("categories/new/", views.category_edit, name="category_create"),
    path("categories/<int:category_id>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:category_id>/delete/", views.category_delete, name="category_delete"),
    path("categories/<int:category_id>/move/", views.category_move, name="category_move"),
    path("check/", views.check, name="check"),
]
