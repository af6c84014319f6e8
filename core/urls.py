from django.urls import path

from core import views

app_name = "core"

urlpatterns = [
    path("jobs/<int:job_id>/", views.job_detail, name="job_detail"),
    path("jobs/<int:job_id>/status/", views.job_status, name="job_status"),
    path("jobs/<int:job_id>/retry/", views.job_retry_view, name="job_retry"),
    path("healthz/", views.healthz, name="healthz"),
    path("bench/bare/", views.bench_bare, name="bench_bare"),
]
