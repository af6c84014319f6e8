from django.shortcuts import render
from django.views.decorators.http import require_GET

from courses.permissions import Access, course_view

TOOL = "backups"


@course_view(Access.MANAGE, tool=TOOL)
@require_GET
def index(request, code):
    return render(request, "backups/index.html", {})
