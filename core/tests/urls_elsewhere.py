"""A URL configuration for core.tests.test_reversing: the learning paths' index elsewhere."""

from django.urls import include, path

from core import views

learnpaths = ([path("<str:code>/", views.healthz, name="index")], "learnpaths")
urlpatterns = [path("elsewhere/", include(learnpaths))]
