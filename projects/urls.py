from django.urls import path

from projects import views

app_name = "projects"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.project_edit, name="create"),
    path("my-tasks/", views.my_tasks, name="my_tasks"),
    path("<int:project_id>/", views.project_detail, name="project"),
    path("<int:project_id>/edit/", views.project_edit, name="edit"),
    path("<int:project_id>/delete/", views.project_delete, name="delete"),
    path("<int:project_id>/overview/", views.overview, name="overview"),
    path("<int:project_id>/members/", views.member_add, name="member_add"),
    path(
        "<int:project_id>/members/<int:member_id>/remove/",
        views.member_remove,
        name="member_remove",
    ),
    path("<int:project_id>/tasks/new/", views.task_edit, name="task_create"),
    path("<int:project_id>/tasks/<int:task_id>/", views.task_edit, name="task_edit"),
    path("<int:project_id>/tasks/<int:task_id>/delete/", views.task_delete, name="task_delete"),
    path("<int:project_id>/articles/new/", views.article_create, name="article_create"),
    path("<int:project_id>/articles/<int:article_id>/", views.article_detail, name="article"),
    path(
        "<int:project_id>/articles/<int:article_id>/delete/",
        views.article_delete,
        name="article_delete",
    ),
    path(
        "<int:project_id>/articles/<int:article_id>/comment/",
        views.comment_create,
        name="comment",
    ),
    path("<int:project_id>/articles/<int:article_id>/rate/", views.article_rate, name="rate"),
    path(
        "<int:project_id>/articles/<int:article_id>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
]
