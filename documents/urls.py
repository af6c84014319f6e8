from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("", views.folder, name="index"),
    path("group/<int:group_id>/", views.group_index, name="group_index"),
    path(
        "group/<int:group_id>/folder/<int:folder_id>/upload/",
        views.group_upload,
        name="group_upload",
    ),
    path(
        "group/<int:group_id>/folder/<int:folder_id>/new-folder/",
        views.group_folder_create,
        name="group_folder_create",
    ),
    path("group/<int:group_id>/<int:doc_id>/edit/", views.group_page_edit, name="group_page_edit"),
    path("group/<int:group_id>/<int:doc_id>/delete/", views.group_delete, name="group_delete"),
    path(
        "group/<int:group_id>/folder/<int:folder_id>/new-page/",
        views.group_page_create,
        name="group_page_create",
    ),
    path("folder/<int:folder_id>/", views.folder, name="folder"),
    path("zip/", views.zip_download, name="zip_all"),
    path("folder/<int:folder_id>/zip/", views.zip_download, name="zip"),
    path("upload/", views.upload, name="upload_top"),
    path("folder/<int:folder_id>/upload/", views.upload, name="upload"),
    path("import-zip/", views.zip_import, name="zip_import_top"),
    path("folder/<int:folder_id>/import-zip/", views.zip_import, name="zip_import"),
    path("import-zip/<int:job_id>/", views.zip_job, name="zip_job"),
    path("new-folder/", views.folder_create, name="folder_create_top"),
    path("folder/<int:folder_id>/new-folder/", views.folder_create, name="folder_create"),
    path("new-page/", views.page_create, name="page_create_top"),
    path("folder/<int:folder_id>/new-page/", views.page_create, name="page_create"),
    path("<int:doc_id>/", views.detail, name="detail"),
    path("<int:doc_id>/file/", views.file, name="file"),
    path("<int:doc_id>/download/", views.download, name="download"),
    path("<int:doc_id>/thumbnail/", views.thumbnail, name="thumbnail"),
    path("<int:doc_id>/edit/", views.page_edit, name="page_edit"),
    path("<int:doc_id>/rename/", views.rename, name="rename"),
    path("<int:doc_id>/move/", views.move, name="move"),
    path("<int:doc_id>/replace/", views.replace, name="replace"),
    path("<int:doc_id>/visibility/", views.visibility, name="visibility"),
    path("<int:doc_id>/delete/", views.delete, name="delete"),
    path("editor/images/", views.editor_images, name="editor_images"),
    path("editor/upload/", views.editor_upload, name="editor_upload"),
]
