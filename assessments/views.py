from django.shortcuts import render
from django.views.decorators.http import require_GET

from courses.permissions import Access, course_view


@require_GET
@course_view(Access.VIEW, tool="assessments")
def index(request, code):
    return render(request, "assessments/index.html", {})
