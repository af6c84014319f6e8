import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "chamilo.settings")

app = Celery("chamilo")
# Every Celery setting lives in Django's settings under the CELERY_ prefix.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
