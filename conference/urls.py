from django.urls import path

from conference import views

app_name = "conference"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("join/", views.join, name="join"),
    path("end/", views.end, name="end"),
    path("group/<int:group_id>/", views.group_index, name="group_index"),
    path("group/<int:group_id>/start/", views.group_start, name="group_start"),
    path("group/<int:group_id>/join/", views.group_join, name="group_join"),
    path("group/<int:group_id>/end/", views.group_end, name="group_end"),
]
