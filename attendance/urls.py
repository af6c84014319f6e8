from django.urls import path

from attendance import views

app_name = "attendance"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.sheet_edit, name="sheet_create"),
    path("<int:sheet_id>/", views.sheet, name="sheet"),
    path("<int:sheet_id>/edit/", views.sheet_edit, name="sheet_edit"),
    path("<int:sheet_id>/delete/", views.sheet_delete, name="sheet_delete"),
    path("<int:sheet_id>/dates/", views.sessions_add, name="sessions_add"),
    path(
        "<int:sheet_id>/dates/<int:session_id>/delete/",
        views.session_delete,
        name="session_delete",
    ),
    path("<int:sheet_id>/dates/<int:session_id>/", views.take, name="take"),
    path("<int:sheet_id>/export/<str:fmt>/", views.export, name="export"),
]
