from django.urls import path

from wiki import views

app_name = "wiki"

# The same pages serve the course's wiki and, under group/<id>/, each group's wiki.
_space = [
    ("", views.index, "index"),
    ("pages/", views.all_pages, "all_pages"),
    ("new/", views.create, "create"),
    ("recent/", views.recent, "recent"),
    ("orphaned/", views.orphaned, "orphaned"),
    ("wanted/", views.wanted, "wanted"),
    ("search/", views.search, "search"),
    ("page/<str:key>/", views.page, "page"),
    ("page/<str:key>/edit/", views.edit, "edit"),
    ("page/<str:key>/history/", views.history, "history"),
    ("page/<str:key>/diff/", views.diff, "diff"),
    ("page/<str:key>/revisions/<int:number>/", views.revision, "revision"),
    ("page/<str:key>/revisions/<int:number>/restore/", views.restore, "restore"),
    ("page/<str:key>/discussion/", views.discuss, "discuss"),
    ("page/<str:key>/flags/", views.flags, "flags"),
    ("page/<str:key>/delete/", views.delete, "delete"),
    ("page/<str:key>/pdf/", views.pdf, "pdf"),
]

urlpatterns = [path(route, view, name=name) for route, view, name in _space]
urlpatterns += [
    path(f"group/<int:group_id>/{route}", view, name=name) for route, view, name in _space
]
urlpatterns.append(path("group/<int:group_id>/", views.index, name="group_index"))
