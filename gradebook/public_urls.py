"""The public certificate verification page, outside any course: /certificates/verify/."""

from django.urls import path

from gradebook import views

urlpatterns = [
    path("certificates/verify/", views.verify, name="certificate_verify_form"),
    path("certificates/verify/<str:code>/", views.verify, name="certificate_verify"),
]
