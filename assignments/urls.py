from django.urls import path

from assignments import views

app_name = "assignments"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.assignment_edit, name="create"),
    path("<int:assignment_id>/", views.detail, name="detail"),
    path("<int:assignment_id>/edit/", views.assignment_edit, name="edit"),
    path("<int:assignment_id>/delete/", views.assignment_delete, name="delete"),
    path("<int:assignment_id>/hand-in/", views.hand_in, name="hand_in"),
    path(
        "<int:assignment_id>/attachments/<int:attachment_id>/",
        views.attachment_download,
        name="attachment",
    ),
    path(
        "<int:assignment_id>/attachments/<int:attachment_id>/delete/",
        views.attachment_delete,
        name="attachment_delete",
    ),
    path("<int:assignment_id>/works/<int:work_id>/", views.work, name="work"),
    path("<int:assignment_id>/works/<int:work_id>/grade/", views.work_grade, name="grade"),
    path("<int:assignment_id>/works/<int:work_id>/comment/", views.work_comment, name="comment"),
    path("<int:assignment_id>/works/<int:work_id>/reopen/", views.work_reopen, name="reopen"),
    path(
        "<int:assignment_id>/works/<int:work_id>/file/<str:which>/",
        views.work_file,
        name="work_file",
    ),
    path(
        "<int:assignment_id>/works/<int:work_id>/comments/<int:comment_id>/file/",
        views.comment_file,
        name="comment_file",
    ),
    path("<int:assignment_id>/download/", views.download_all, name="download_all"),
    path("<int:assignment_id>/corrections/", views.corrections_upload, name="corrections"),
]
