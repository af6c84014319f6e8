"""A section's status is the sequencing engine's rollup of its children (SN RB.1.5, default
rollup rules, learnpaths.sequencing.section_rollup), written by progress_record."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from learnpaths import services
from learnpaths.models import ItemProgress, LearningPath, Status
from learnpaths.tests.factories import LearningPathFactory

pytestmark = pytest.mark.django_db
CODE = "CRS1"


def url(name, *args):
    return reverse(f"learnpaths:{name}", args=[CODE, *args])


def build(course, spec, *, parent=None, path=None):
    """A path from nested lists: ("S", title, [children]) a section, ("T", title) a text,
    ("H", title) a hidden text, ("HS", title, [children]) a hidden section, ("TC", title,
    [children]) a text with children. Returns (path, {title: item})."""
    path = path or LearningPathFactory(course=course)
    made = {}
    for node in spec:
        code, title = node[0], node[1]
        kind = "section" if code in ("S", "HS") else "text"
        item = services.item_add(
            path=path,
            kind=kind,
            title=title,
            parent=parent,
            text="<p>x</p>",
            visible=code not in ("H", "HS"),
        )
        made[title] = item
        if len(node) > 2:
            made.update(build(course, node[2], parent=item, path=path)[1])
    return path, made


def status_of(attempt, item):
    row = ItemProgress.objects.filter(attempt=attempt, item=item).first()
    return row.status if row else None


def record(attempt, item, status):
    services.progress_record(attempt=attempt, item=item, status=status)


def test_nested_sections_roll_up_level_by_level(course_roles):
    path, it = build(
        course_roles["course"],
        [("S", "S1", [("T", "a"), ("S", "S2", [("T", "b"), ("T", "c")])]), ("T", "d")],
    )
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    record(attempt, it["a"], Status.COMPLETED)
    assert status_of(attempt, it["S1"]) is None  # S2 not known yet
    record(attempt, it["b"], Status.PASSED)
    assert status_of(attempt, it["S2"]) is None
    record(attempt, it["c"], Status.PASSED)
    assert status_of(attempt, it["S2"]) == Status.PASSED  # every child passed
    assert status_of(attempt, it["S1"]) == Status.COMPLETED  # "a" completed, not passed
    record(attempt, it["a"], Status.PASSED)
    assert status_of(attempt, it["S1"]) == Status.PASSED
    record(attempt, it["c"], Status.FAILED)
    assert status_of(attempt, it["S2"]) == Status.FAILED
    assert status_of(attempt, it["S1"]) == Status.FAILED
    # The path itself has no row: the attempt's counters say its status.
    assert status_of(attempt, it["d"]) is None


def test_a_child_no_longer_done_takes_its_sections_back_to_incomplete(course_roles):
    # Differs from the former rollup, which left the section done: the engine's default
    # rules make a section incomplete when every child's progress is known and one is not
    # completed; the row the section has follows.
    path, it = build(course_roles["course"], [("S", "S1", [("S", "S2", [("T", "a"), ("T", "b")])])])
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    record(attempt, it["a"], Status.COMPLETED)
    record(attempt, it["b"], Status.COMPLETED)
    assert status_of(attempt, it["S1"]) == status_of(attempt, it["S2"]) == Status.COMPLETED
    record(attempt, it["b"], Status.INCOMPLETE)
    assert status_of(attempt, it["S2"]) == status_of(attempt, it["S1"]) == Status.INCOMPLETE
    record(attempt, it["b"], Status.COMPLETED)
    assert status_of(attempt, it["S1"]) == Status.COMPLETED


def test_an_unfinished_child_creates_no_section_row(course_roles):
    path, it = build(course_roles["course"], [("S", "S1", [("T", "a"), ("T", "b")])])
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    record(attempt, it["a"], Status.FAILED)
    record(attempt, it["b"], Status.INCOMPLETE)  # the engine: incomplete; no row made
    assert status_of(attempt, it["S1"]) is None
    record(attempt, it["b"], Status.COMPLETED)
    assert status_of(attempt, it["S1"]) == Status.FAILED  # one child not satisfied


def test_hidden_items_do_not_count_and_a_hidden_sections_children_do(course_roles):
    path, it = build(
        course_roles["course"],
        [
            ("S", "S1", [("T", "a"), ("H", "h")]),
            ("S", "S2", [("T", "b"), ("HS", "H", [("T", "c")])]),
        ],
    )
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    record(attempt, it["a"], Status.COMPLETED)  # the hidden "h" is not waited for
    assert status_of(attempt, it["S1"]) == Status.COMPLETED
    record(attempt, it["h"], Status.FAILED)  # nor counted
    assert status_of(attempt, it["S1"]) == Status.COMPLETED
    # Differs from the former rollup, which left the hidden section H (and "c" with it) out
    # of S2: in the learner's tree c hangs from S2, so S2 waits for it.
    record(attempt, it["b"], Status.PASSED)
    assert status_of(attempt, it["S2"]) is None
    record(attempt, it["c"], Status.PASSED)
    assert status_of(attempt, it["S2"]) == Status.PASSED
    assert status_of(attempt, it["H"]) is None  # not in the learner's tree: no status


def test_a_section_with_no_launchable_child_never_completes_its_parent(course_roles):
    path, it = build(
        course_roles["course"],
        [("S", "S1", [("T", "a"), ("S", "E", [])]), ("S", "S2", [("T", "b")])],
    )
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    record(attempt, it["a"], Status.PASSED)
    # E has nothing to deliver: its status stays unknown, so S1's is unknown too (as before).
    assert status_of(attempt, it["E"]) is None
    assert status_of(attempt, it["S1"]) is None
    record(attempt, it["b"], Status.PASSED)
    assert status_of(attempt, it["S2"]) == Status.PASSED


def test_an_item_with_children_reports_its_own_status(course_roles):
    path, it = build(course_roles["course"], [("S", "S1", [("TC", "t", [("T", "x")])])])
    attempt = services.attempt_current(path=path, user=course_roles["learner"])
    record(attempt, it["x"], Status.PASSED)
    assert status_of(attempt, it["t"]) is None  # not written by the rollup
    assert status_of(attempt, it["S1"]) is None  # t's own status is unknown
    record(attempt, it["t"], Status.COMPLETED)
    assert status_of(attempt, it["S1"]) == Status.COMPLETED


def test_the_progress_page_and_the_report_show_the_sections(course_roles, client_for):
    path, it = build(course_roles["course"], [("S", "Chapter", [("T", "a"), ("T", "b")])])
    learner = client_for(course_roles["learner"])
    learner.get(url("play_item", path.pk, it["a"].pk))
    page = learner.get(url("play_item", path.pk, it["b"].pk)).content.decode()
    # The visit that completed the section shows it done at once.
    assert f'data-item="{it["Chapter"].pk}" data-status="completed"' in page
    attempt = path.attempts.get()
    report = client_for(course_roles["tutor"]).get(url("report_attempt", path.pk, attempt.pk))
    body = report.content.decode()
    assert report.status_code == 200
    row = body.split("Chapter", 1)[1].split("</tr>", 1)[0]
    assert "Completed" in row


def _first_visit_queries(course, client_for, learner, depth):
    """The queries of the visit that completes ``depth`` nested sections at once (each holds
    an item visited before and the next section; the innermost the item visited)."""
    spec = [("T", "leaf")]
    for level in range(depth):
        spec = [("S", f"S{level}", [("T", f"t{level}"), *spec])]
    path, it = build(course, [("T", "first"), *spec])
    client = client_for(learner)
    client.get(url("play_item", path.pk, it["first"].pk))  # warm: the attempt, the session
    for level in range(depth):
        client.get(url("play_item", path.pk, it[f"t{level}"].pk))
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url("play_item", path.pk, it["leaf"].pk))
    assert response.status_code == 200
    attempt = path.attempts.get(user=learner)
    assert all(status_of(attempt, it[f"S{level}"]) == Status.COMPLETED for level in range(depth))
    return len(captured)


def test_a_first_visit_costs_the_same_whatever_the_depth(course_roles, client_for):
    course, learner = course_roles["course"], course_roles["learner"]
    flat, one, four = (_first_visit_queries(course, client_for, learner, d) for d in (0, 1, 4))
    # The rollup: the attempt's rows and one write (the items are the player's), at any depth.
    # Measured: 19, 21, 21 (the former rollup: 19, 28, 55, nine queries a level).
    assert one == four == flat + 2, (flat, one, four)
    assert LearningPath.objects.count() == 3
