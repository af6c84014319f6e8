"""The bench measures real pages: every page spec answers its expected status for the learners
wrk rotates through (a redirect to the login page would be a fast page and a broken bench).
Nothing here is timed; `make bench` does the timing."""

import pytest
from django.test import Client

from bench.fixture import build
from bench.run import identities, render, wrk_script


@pytest.mark.django_db
def test_every_bench_page_answers_for_the_pool_learners():
    data = build(learner_count=4, pool=2)
    assert len(identities(data["pages"][1], data)) == 2  # the pool, not every learner
    client = Client(HTTP_HOST="127.0.0.1")
    for page in data["pages"]:
        for who in identities(page, data):
            request = render(page, data, who)
            extra = {
                "HTTP_COOKIE": request["headers"].get("Cookie", ""),
                "HTTP_X_CSRFTOKEN": request["headers"].get("X-CSRFToken", ""),
            }
            if request["method"] == "GET":
                response = client.get(request["path"], **extra)
            else:
                response = client.generic(
                    request["method"],
                    request["path"],
                    request["body"],
                    content_type=request["headers"]["Content-Type"],
                    **extra,
                )
            assert response.status_code == page["expect"], (page["name"], response.status_code)
    assert data["pages"][0]["name"] == "bare Django view"


@pytest.mark.django_db
def test_the_fixture_is_idempotent_and_the_wrk_script_rotates_requests():
    first = build(learner_count=3, pool=1)
    second = build(learner_count=3, pool=1)
    assert (first["path_id"], first["quiz_id"]) == (second["path_id"], second["quiz_id"])
    assert first["learners"][0]["session"] != second["learners"][0]["session"]  # fresh sessions
    page = next(p for p in second["pages"] if p["name"] == "SCORM commit")
    script = wrk_script([render(page, second, who) for who in identities(page, second)])
    assert "[ [==[X-CSRFToken]==] ]" in script and "cmi.suspend_data" in script
