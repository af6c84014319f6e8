"""A navigation control the engine refuses is shown disabled with the reason, in words."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from learnpaths import services
from learnpaths.models import PathItem, Status
from learnpaths.player import control_refusal
from learnpaths.selectors import nav_controls
from learnpaths.tests.factories import LearningPathFactory

pytestmark = pytest.mark.django_db
CODE = "CRS1"


def url(name, *args):
    return reverse(f"learnpaths:{name}", args=[CODE, *args])


@pytest.fixture
def quiz_kind(monkeypatch):
    """A kind done only when its tool reports (a test): opening it leaves it incomplete."""
    from learnpaths import api

    kind = api.ItemKind(
        key="quiz",
        label="Quiz",
        icon="question",
        launch_url=lambda item: f"/courses/{CODE}/about/",
        field="target",
        completion="report",
    )
    monkeypatch.setitem(api._KINDS, "quiz", kind)
    return kind


def quiz_then_reading(course, **fields):
    path = LearningPathFactory(course=course, **fields)
    quiz = PathItem.objects.create(path=path, kind="quiz", title="Quiz", target_id=7, position=0)
    reading = PathItem.objects.create(
        path=path, kind="text", title="Reading", text="<p>x</p>", position=1
    )
    services.path_renumber(path)
    return path, quiz, reading


def next_control(page: str) -> str:
    return re.search(r'<a [^>]*id="lp-next"[^>]*>', page).group(0)


def test_a_forced_order_paths_blocked_next_and_the_last_item_say_why(
    course_roles, client_for, quiz_kind
):
    path, quiz, reading = quiz_then_reading(course_roles["course"], forced_order=True)
    client = client_for(course_roles["learner"])
    page = client.get(url("play_item", path.pk, quiz.pk)).content.decode()
    control = next_control(page)
    # Disabled, still a link (the side panel's refresh brings it back once the quiz is done).
    assert 'aria-disabled="true"' in control and "disabled" in control.split('"')[1]
    assert 'aria-describedby="lp-next-reason"' in control
    reason = "This path must be followed in order: finish the current item first."
    assert f'title="{reason}"' in control
    assert re.search(rf'id="lp-next-reason"[^>]*>.*{re.escape(reason)}', page)
    assert f'data-target="{reading.pk}"' in control

    services.progress_record(
        attempt=path.attempts.get(), item=quiz, status=Status.PASSED, score=9, score_max=10
    )
    page = client.get(url("play_item", path.pk, reading.pk)).content.decode()
    control = next_control(page)
    assert 'aria-disabled="true"' in control and 'tabindex="0"' in control
    assert "href" not in control  # nothing to go to
    assert 'title="You have reached the last item."' in control
    assert re.search(r'id="lp-next-reason"[^>]*>.*You have reached the last item\.', page)
    # The first item's Previous stays away, as before; its Next now leads somewhere.
    page = client.get(url("play_item", path.pk, quiz.pk)).content.decode()
    assert 'id="lp-previous"' not in page and "lp-next-reason" not in page


def test_a_prerequisite_names_the_item_to_complete_in_french(course_roles, client_for, quiz_kind):
    path, quiz, reading = quiz_then_reading(course_roles["course"])
    services.item_update(item=reading, title="Reading", visible=True, prerequisite=quiz)
    client = client_for(course_roles["learner"])
    page = client.get(url("play_item", path.pk, quiz.pk)).content.decode()
    assert "The next item is locked until you complete “Quiz”." in next_control(page)
    with translation.override("fr"):
        assert control_refusal("continue", "", end=True) == "Vous avez atteint le dernier élément."


def test_a_packages_disabled_controls_carry_the_engines_reason():
    navigation = {
        "previous": False,
        "continue": False,
        "suspendAll": True,
        "exitAll": False,
        "abandonAll": True,
        "refusals": {"previous": "SB.2.1-3", "continue": "SB.2.2-2", "exitAll": "NB.2.1-8"},
    }
    controls = {control.request: control for control in nav_controls(navigation)}
    assert controls["previous"].reason == "You are at the first item."
    assert controls["continue"].reason == "The next item is not available yet."
    assert controls["previous"].hint and controls["continue"].hint
    assert controls["exitAll"].reason == "You must finish this part before leaving it."
    assert not controls["exitAll"].hint  # read out with the control, not shown
    assert controls["suspendAll"].reason == ""
    assert control_refusal("continue", "XX.9-9") == "Not available now"
    assert control_refusal("previous", "NB.2.1-5") == "This path only goes forward."


def test_a_failed_required_item_is_named_as_the_rule_reads_it(course_roles, client_for, quiz_kind):
    # The engine reads "requires the quiz" as satisfied (completed or passed): a failed quiz
    # keeps the next item locked, and the reason must name the quiz, not a generic sentence.
    path, quiz, reading = quiz_then_reading(course_roles["course"])
    services.item_update(item=reading, title="Reading", visible=True, prerequisite=quiz)
    client = client_for(course_roles["learner"])
    client.get(url("play_item", path.pk, quiz.pk))
    services.progress_record(
        attempt=path.attempts.get(), item=quiz, status=Status.FAILED, score=2, score_max=10
    )
    page = client.get(url("play_item", path.pk, quiz.pk)).content.decode()
    assert "The next item is locked until you complete “Quiz”." in next_control(page)
