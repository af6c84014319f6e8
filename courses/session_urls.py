"""Session pages for administrators, mounted at /sessions/ by the project's urls.py."""

from django.urls import path

from courses import views

app_name = "course_sessions"

urlpatterns = [
    path("", views.session_list, name="list"),
    path("new/", views.session_edit, name="create"),
    path("<int:session_id>/", views.session_detail, name="detail"),
    path("<int:session_id>/edit/", views.session_edit, name="edit"),
    path("<int:session_id>/courses/", views.session_course_add, name="course_add"),
    path(
        "<int:session_id>/courses/<int:link_id>/coach/",
        views.session_course_coach,
        name="course_coach",
    ),
    path(
        "<int:session_id>/courses/<int:link_id>/remove/",
        views.session_course_remove,
        name="course_remove",
    ),
    path("<int:session_id>/learners/", views.session_learners_add, name="learners_add"),
    path(
        "<int:session_id>/learners/<int:user_id>/remove/",
        views.session_learner_remove,
        name="learner_remove",
    ),
]
