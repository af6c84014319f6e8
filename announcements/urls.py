from django.urls import path

from announcements import views

app_name = "announcements"

urlpatterns = [
    path("", views.index, name="index"),
    path("group/<int:group_id>/", views.index, name="group_index"),
    path("new/", views.edit, name="create"),
    path("group/<int:group_id>/new/", views.group_create, name="group_create"),
    path("<int:announcement_id>/", views.detail, name="detail"),
    path("<int:announcement_id>/edit/", views.edit, name="edit"),
    path("<int:announcement_id>/delete/", views.delete, name="delete"),
    path("<int:announcement_id>/retry/", views.retry_emails, name="retry"),
    path(
        "<int:announcement_id>/attachments/<int:attachment_id>/",
        views.attachment,
        name="attachment",
    ),
]
