from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from django.views.static import serve

from courses import views as course_views

# Every course tool lives under /courses/<code>/<tool>/: add a tool's URLs to this list.
course_patterns = [
    path("", include("courses.urls")),
    path("documents/", include("documents.urls")),
    path("links/", include("links.urls")),
    path("announcements/", include("announcements.urls")),
    path("glossary/", include("glossary.urls")),
    path("learnpaths/", include("learnpaths.urls")),
    path("assessments/", include("assessments.urls")),
    path("assignments/", include("assignments.urls")),
    path("gradebook/", include("gradebook.urls")),
    path("attendance/", include("attendance.urls")),
    path("journal/", include("journal.urls")),
    path("forums/", include("forums.urls")),
    path("chat/", include("chat.urls")),
    path("groups/", include("groups.urls")),
    path("wiki/", include("wiki.urls")),
    path("agenda/", include("agenda.urls")),
    path("surveys/", include("surveys.urls")),
    path("projects/", include("projects.urls")),
    path("conference/", include("conference.urls")),
    path("reporting/", include("tracking.urls")),
    path("maintenance/", include("backups.urls")),
]

urlpatterns = [
    path("", course_views.home, name="home"),
    path("catalogue/", course_views.catalogue, name="catalogue"),
    path("courses/new/", course_views.course_create, name="course_create"),
    path("courses/<str:code>/", include(course_patterns)),
    path("sessions/", include("courses.session_urls")),
    path("agenda/", include("agenda.personal_urls")),
    path("surveys/", include("surveys.public_urls")),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("admin/", admin.site.urls),
    path("reporting/", include("tracking.platform_urls")),
    path("", include("core.urls")),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg")),
    path("", include("scorm.public_urls")),
    path("", include("gradebook.public_urls")),
]

# Avatars are small public images; course files never come from here but from views that
# check permissions. A front server may map /media/avatars/ to the folder directly.
urlpatterns += [
    path("media/avatars/<path:path>", serve, {"document_root": settings.MEDIA_ROOT / "avatars"}),
]

admin.site.site_header = settings.PLATFORM_NAME
admin.site.site_title = settings.PLATFORM_NAME
