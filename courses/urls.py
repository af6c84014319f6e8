"""Course-scoped URLs. Mounted under /courses/<code>/ by the project's urls.py."""

from django.urls import path

from courses import views

app_name = "courses"

urlpatterns = [
    path("", views.course_home, name="home"),
    path("about/", views.course_about, name="about"),
    path("enroll/", views.course_enroll, name="enroll"),
    path("unenroll/", views.course_unenroll, name="unenroll"),
    path("settings/", views.course_settings, name="settings"),
    path("tools/<slug:tool_key>/", views.course_tool_toggle, name="tool_toggle"),
    path("description/", views.description, name="description"),
    path("description/add/<slug:kind>/", views.description_edit, name="description_add"),
    path("description/<int:section_id>/edit/", views.description_edit, name="description_edit"),
    path(
        "description/<int:section_id>/delete/", views.description_delete, name="description_delete"
    ),
    path("members/", views.members, name="members"),
    path("members/add/", views.member_add, name="member_add"),
    path("members/import/", views.members_import, name="members_import"),
    path("members/<int:enrollment_id>/role/", views.member_set_role, name="member_role"),
    path("members/<int:enrollment_id>/remove/", views.member_remove, name="member_remove"),
]
