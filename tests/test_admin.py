"""Every model of the platform's own apps is in the admin, and its list page opens."""

from pathlib import Path

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.urls import reverse

from accounts.tests.factories import UserFactory

OWN_APPS = [
    config
    for config in apps.get_app_configs()
    if Path(config.path).is_relative_to(Path(settings.BASE_DIR))
    and "site-packages" not in Path(config.path).parts
]
OWN_MODELS = [model for config in OWN_APPS for model in config.get_models()]
REGISTERED = [model for model in OWN_MODELS if model in admin.site._registry]
# Rows that only make sense inside their parent (a question's answers) are edited inline there.
INLINED = {
    inline.model for model_admin in admin.site._registry.values() for inline in model_admin.inlines
}


@pytest.mark.parametrize("model", OWN_MODELS, ids=lambda m: m._meta.label)
def test_model_is_in_the_admin(model):
    assert model in admin.site._registry or model in INLINED, (
        f"{model._meta.label} is not in the admin"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", REGISTERED, ids=lambda m: m._meta.label)
def test_changelist_opens_with_search(client, model):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert client.get(url).status_code == 200
    model_admin = admin.site._registry[model]
    if model_admin.search_fields:
        assert client.get(url, {"q": "x"}).status_code == 200
