from django.urls import path

from gradebook import views

app_name = "gradebook"

urlpatterns = [
    path("", views.index, name="index"),
    path("settings/", views.settings_edit, name="settings"),
    path("categories/new/", views.category_edit, name="category_create"),
    path("categories/<int:category_id>/", views.category_edit, name="category_edit"),
    path("categories/<int:category_id>/delete/", views.category_delete, name="category_delete"),
    path("evaluations/new/", views.evaluation_edit, name="evaluation_create"),
    path("evaluations/<int:evaluation_id>/", views.evaluation_edit, name="evaluation_edit"),
    path(
        "evaluations/<int:evaluation_id>/delete/",
        views.evaluation_delete,
        name="evaluation_delete",
    ),
    path("evaluations/<int:evaluation_id>/marks/", views.marks, name="marks"),
    path("export/pdf/", views.export_pdf_start, name="export_pdf_start"),
    path("export/pdf/<int:job_id>/", views.export_pdf, name="export_pdf"),
    path("export/<str:fmt>/", views.export, name="export"),
    path("certificates/", views.certificates, name="certificates"),
    path("certificates/issue/", views.certificates_issue, name="certificates_issue"),
    path("certificates/zip/", views.certificates_zip_start, name="certificates_zip_start"),
    path("certificates/zip/<int:job_id>/", views.certificates_zip, name="certificates_zip"),
    path("certificates/<int:certificate_id>/pdf/", views.certificate_pdf, name="certificate_pdf"),
    path(
        "certificates/<int:certificate_id>/regenerate/",
        views.certificate_regenerate,
        name="certificate_regenerate",
    ),
]
