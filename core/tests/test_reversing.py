"""core.reversing and core.csrf: the shortcuts answer as the Django calls they stand for."""

import pytest
from django.middleware.csrf import _unmask_cipher_token
from django.test import RequestFactory, override_settings
from django.urls import NoReverseMatch, reverse, set_script_prefix

from core.csrf import page_token
from core.reversing import reverse_ids

CASES = [
    ("learnpaths:index", ("BENCH",), ()),
    ("courses:home", ("Ma_th-2",), ()),
    ("learnpaths:restart", ("C1",), (7,)),
    ("learnpaths:play_item", ("C1",), (12, 0)),
    ("learnpaths:play_item", ("C1",), (12, 9_876_543_210_000)),  # a sentinel's own value
    ("learnpaths:scorm:commit", ("X Y",), (3, 2**40)),  # a code reverse() quotes
]


@pytest.mark.parametrize(("viewname", "texts", "ids"), CASES)
def test_same_address_as_reverse(viewname, texts, ids):
    assert reverse_ids(viewname, texts, ids) == reverse(viewname, args=[*texts, *ids])
    # Twice: the second answer comes from the kept pieces.
    assert reverse_ids(viewname, texts, ids) == reverse(viewname, args=[*texts, *ids])


def test_other_ids_and_prefixes_go_to_reverse():
    with pytest.raises(NoReverseMatch):
        reverse_ids("learnpaths:restart", ("C1",), (-1,))
    assert reverse_ids("learnpaths:restart", ("C1",), ("7",)) == "/courses/C1/learnpaths/7/restart/"
    set_script_prefix("/lms/")
    try:
        assert reverse_ids("learnpaths:restart", ("C1",), (7,)) == (
            "/lms/courses/C1/learnpaths/7/restart/"
        )
    finally:
        set_script_prefix("/")
    assert reverse_ids("learnpaths:restart", ("C1",), (7,)) == "/courses/C1/learnpaths/7/restart/"


def test_a_swapped_url_configuration_is_followed():
    assert reverse_ids("learnpaths:index", ("C1",)) == "/courses/C1/learnpaths/"
    with override_settings(ROOT_URLCONF="core.tests.urls_elsewhere"):
        assert reverse_ids("learnpaths:index", ("C1",)) == "/elsewhere/C1/"


def test_page_token_is_made_once_per_request():
    request = RequestFactory().get("/")
    token = page_token(request)
    assert page_token(request) == token
    other = RequestFactory().get("/")
    assert page_token(other) != token
    # A masked form of the request's own secret, as get_token gives.
    assert _unmask_cipher_token(token) == request.META["CSRF_COOKIE"]


@pytest.mark.parametrize(("viewname", "texts", "ids"), CASES)
def test_the_id_url_tag_prints_what_the_url_tag_prints(viewname, texts, ids):
    from django.template import Context, Template

    args = " ".join(f"a{n}" for n in range(len(texts) + len(ids)))
    context = Context({f"a{n}": value for n, value in enumerate([*texts, *ids])})
    expected = Template(f"{{% url '{viewname}' {args} %}}").render(context)
    tag = Template(f"{{% load addresses %}}{{% id_url '{viewname}' {args} %}}").render(context)
    assert tag == expected


def test_the_id_url_tag_raises_as_the_url_tag_does():
    from django.template import Context, Template

    with pytest.raises(NoReverseMatch):
        Template("{% load addresses %}{% id_url 'learnpaths:restart' 'C1' %}").render(Context())
