from django.urls import path

from tracking import views

app_name = "tracking"

urlpatterns = [
    path("", views.course, name="course"),
    path("learners/<int:user_id>/", views.learner, name="learner"),
    path("beat/", views.beat, name="beat"),
]
