from django.urls import path

from agenda import views

app_name = "agenda"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.event_edit, name="create"),
    path("group/<int:group_id>/", views.group_index, name="group_index"),
    path("export.ics", views.course_export, name="export"),
    path("import/", views.course_import, name="import"),
    path("<int:event_id>/", views.event_detail, name="event"),
    path("<int:event_id>/edit/", views.event_edit, name="edit"),
    path("<int:event_id>/delete/", views.event_delete, name="delete"),
    path("<int:event_id>/event.ics", views.event_export, name="event_export"),
    path(
        "<int:event_id>/attachments/<int:attachment_id>/",
        views.event_attachment,
        name="attachment",
    ),
]
