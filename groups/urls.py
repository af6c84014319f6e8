from django.urls import path

from groups import views

app_name = "groups"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.group_edit, name="create"),
    path("bulk/", views.group_bulk, name="bulk"),
    path("fill/", views.fill, name="fill"),
    path("categories/new/", views.category_edit, name="category_create"),
    path("categories/<int:category_id>/edit/", views.category_edit, name="category_edit"),
    path("categories/<int:category_id>/delete/", views.category_delete, name="category_delete"),
    path("<int:group_id>/", views.space, name="space"),
    path("<int:group_id>/edit/", views.group_edit, name="edit"),
    path("<int:group_id>/delete/", views.group_delete, name="delete"),
    path("<int:group_id>/members/", views.members, name="members"),
    path("<int:group_id>/join/", views.register, name="register"),
    path("<int:group_id>/leave/", views.unregister, name="unregister"),
]
