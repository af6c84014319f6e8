from django.urls import path

from surveys import views

app_name = "surveys"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.survey_edit, name="create"),
    path("<int:pk>/", views.manage, name="manage"),
    path("<int:pk>/edit/", views.survey_edit, name="edit"),
    path("<int:pk>/delete/", views.survey_delete, name="delete"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/invitations/", views.invitations, name="invitations"),
    path("<int:pk>/invitations/remind/", views.remind, name="remind"),
    path("<int:pk>/questions/new/", views.question_edit, name="question_create"),
    path("<int:pk>/questions/<int:question_id>/", views.question_edit, name="question_edit"),
    path(
        "<int:pk>/questions/<int:question_id>/delete/",
        views.question_delete,
        name="question_delete",
    ),
    path("<int:pk>/questions/<int:question_id>/move/", views.question_move, name="question_move"),
]
