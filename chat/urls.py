from django.urls import path

from chat import views

app_name = "chat"

urlpatterns = [
    path("", views.index, name="index"),
    path("clear/", views.clear, name="clear"),
    path("group/<int:group_id>/", views.index, name="group_index"),
    path("group/<int:group_id>/clear/", views.clear, name="group_clear"),
]
