from django.urls import path

from forums import views

app_name = "forums"

urlpatterns = [
    path("", views.index, name="index"),
    path("group/<int:group_id>/", views.index, name="group_index"),
    path("search/", views.search, name="search"),
    path("preferences/", views.preferences, name="preferences"),
    path("new/", views.forum_edit, name="create"),
    path("categories/new/", views.category_edit, name="category_create"),
    path("categories/<int:category_id>/edit/", views.category_edit, name="category_edit"),
    path("<int:forum_id>/", views.forum, name="forum"),
    path("<int:forum_id>/edit/", views.forum_edit, name="edit"),
    path("<int:forum_id>/delete/", views.forum_delete, name="delete"),
    path("<int:forum_id>/new-thread/", views.thread_create, name="thread_create"),
    path("<int:forum_id>/follow/", views.subscribe_forum, name="subscribe_forum"),
    path("threads/<int:thread_id>/", views.thread, name="thread"),
    path("threads/<int:thread_id>/reply/", views.reply, name="reply"),
    path("threads/<int:thread_id>/moderate/", views.thread_moderate, name="thread_moderate"),
    path("threads/<int:thread_id>/follow/", views.subscribe_thread, name="subscribe_thread"),
    path("threads/<int:thread_id>/grades/", views.grade, name="grade"),
    path("posts/<int:post_id>/edit/", views.post_edit, name="post_edit"),
    path("posts/<int:post_id>/delete/", views.post_delete, name="post_delete"),
    path("posts/<int:post_id>/approve/", views.post_approve, name="post_approve"),
    path("attachments/<int:attachment_id>/", views.attachment, name="attachment"),
]
