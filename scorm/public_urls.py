"""The AICC HACP endpoint: content posts here with its session id, outside any course page."""

from django.urls import path

from scorm import views

urlpatterns = [
    path("scorm/hacp/", views.hacp, name="scorm_hacp"),
]
