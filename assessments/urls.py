from django.urls import path

from assessments import views

app_name = "assessments"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.quiz_create, name="quiz_create"),
    path("bank/", views.bank, name="bank"),
    path("accommodations/", views.accommodation_list, name="accommodations"),
    path(
        "accommodations/<int:pk>/delete/",
        views.accommodation_delete,
        name="accommodation_delete",
    ),
    path("<int:pk>/", views.quiz_detail, name="quiz"),
    path("<int:pk>/edit/", views.quiz_edit, name="quiz_edit"),
    path("<int:pk>/preview/", views.quiz_preview, name="quiz_preview"),
    path("<int:pk>/delete/", views.quiz_delete, name="quiz_delete"),
    path("<int:pk>/reorder/", views.quiz_reorder, name="quiz_reorder"),
    path("<int:pk>/add/", views.quiz_add_existing, name="quiz_add_existing"),
    path(
        "<int:pk>/remove/<int:question_pk>/",
        views.quiz_remove_question,
        name="quiz_remove_question",
    ),
    path("<int:pk>/questions/new/<str:type>/", views.question_create, name="question_create"),
    path("questions/<int:question_pk>/", views.question_edit, name="question_edit"),
    path("<int:pk>/import/aiken/", views.aiken_import, name="aiken_import"),
    path("<int:pk>/export/qti/", views.qti_export, name="qti_export"),
    path("<int:pk>/import/qti/", views.qti_import, name="qti_import"),
    path("<int:pk>/import/gift/", views.gift_import, name="gift_import"),
    path("<int:pk>/import/xlsx/", views.spreadsheet_import, name="spreadsheet_import"),
    path("import/template.xlsx", views.spreadsheet_template, name="spreadsheet_template"),
    path("<int:pk>/start/", views.quiz_start, name="start"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/regrade/", views.quiz_regrade, name="regrade"),
    path("<int:pk>/statistics/", views.statistics, name="statistics"),
    path("attempts/<int:pk>/", views.take, name="take"),
    path("attempts/<int:pk>/save/", views.autosave, name="autosave"),
    path("attempts/<int:pk>/time/", views.time_left, name="time_left"),
    path("attempts/<int:pk>/result/", views.result, name="result"),
    path("attempts/<int:pk>/review/", views.attempt_detail, name="attempt"),
    path("questions/<int:pk>/image/", views.question_image, name="question_image"),
    path("answers/<int:pk>/file/", views.answer_file, name="answer_file"),
]
