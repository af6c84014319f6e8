from django.urls import path

from tracking import views

urlpatterns = [
    path("platform/", views.platform, name="tracking_platform"),
]
