"""The personal links of survey invitations (/surveys/<token>/): no course membership needed."""

from django.urls import path

from surveys import views

app_name = "surveys_public"

urlpatterns = [path("<str:token>/", views.public_answer, name="answer")]
