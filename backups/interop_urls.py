# Common Cartridge export/import and Moodle .mbz import (backups/cartridge.py, backups/moodle.py).
from django.urls import path

from backups import interop_views

urlpatterns = [
    path("interchange/", interop_views.interop_index, name="interop"),
    path("interchange/export.imscc", interop_views.cartridge_export, name="cartridge_export"),
    path("interchange/jobs/<int:job_id>/", interop_views.interop_job, name="interop_job"),
]
