"""The agenda of the signed-in person, outside any course (/agenda/)."""

from django.urls import path

from agenda import views

app_name = "agenda_personal"

urlpatterns = [
    path("", views.personal_index, name="index"),
    path("new/", views.personal_edit, name="create"),
    path("export.ics", views.personal_export, name="export"),
    path("import/", views.personal_import, name="import"),
    path("subscription/", views.feed_settings, name="feed_settings"),
    path("feed/<str:token>.ics", views.feed, name="feed"),
    path("<int:event_id>/", views.personal_event, name="event"),
    path("<int:event_id>/edit/", views.personal_edit, name="edit"),
    path("<int:event_id>/delete/", views.personal_delete, name="delete"),
    path("<int:event_id>/event.ics", views.personal_event_export, name="event_export"),
    path(
        "<int:event_id>/attachments/<int:attachment_id>/",
        views.personal_attachment,
        name="attachment",
    ),
]
