from django.urls import path

from conference import views

app_name = "conference"

urlpatterns = [
    path("", views.index, name="index"),
    path("start/", views.start, name="start"),
    path("join/", views.join, name="join"),
    path("end/", views.end, name="end"),
]
