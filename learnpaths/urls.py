from django.urls import include, path

from learnpaths import views

app_name = "learnpaths"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.path_create, name="create"),
    path("<int:path_id>/settings/", views.path_settings, name="settings"),
    path("<int:path_id>/delete/", views.path_delete, name="delete"),
    path("<int:path_id>/copy/", views.path_copy, name="copy"),
    path("<int:path_id>/build/", views.builder, name="builder"),
    path("<int:path_id>/items/add/", views.item_add, name="item_add"),
    path("<int:path_id>/items/create/", views.item_create, name="item_create"),
    path("<int:path_id>/items/<int:item_id>/edit/", views.item_edit, name="item_edit"),
    path("<int:path_id>/items/<int:item_id>/remove/", views.item_remove, name="item_remove"),
    path("<int:path_id>/items/<int:item_id>/text/", views.item_text, name="item_text"),
    path("<int:path_id>/reorder/", views.reorder, name="reorder"),
    path("<int:path_id>/play/", views.play, name="play"),
    path("<int:path_id>/play/<int:item_id>/", views.play_item, name="play_item"),
    path("<int:path_id>/play/<int:item_id>/next/", views.play_next, name="next"),
    path("<int:path_id>/play/<int:item_id>/previous/", views.play_previous, name="previous"),
    path("<int:path_id>/play/<int:item_id>/leave/", views.play_leave, name="leave"),
    path("<int:path_id>/play/<int:item_id>/navigate/", views.play_navigate, name="navigate"),
    path("<int:path_id>/play/<int:item_id>/toc/", views.play_toc, name="toc"),
    path("<int:path_id>/play/<int:item_id>/open/", views.play_open, name="open"),
    path("<int:path_id>/restart/", views.restart, name="restart"),
    path("<int:path_id>/report/", views.report, name="report"),
    path("<int:path_id>/report/export.csv", views.report_csv, name="report_csv"),
    path("<int:path_id>/report/export.xlsx", views.report_xlsx, name="report_xlsx"),
    path("<int:path_id>/report/<int:attempt_id>/", views.report_attempt, name="report_attempt"),
    # Packages: import, content files, runtime data, export (the scorm app's views).
    path("", include("scorm.urls")),
]
