"""Hand-built paths as SCORM 2004 activity trees (learnpaths.sequencing): the translation, its
parity with the rules the player applied before the engine decided (kept below as the oracle),
and the player asking the engine."""

import random
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from learnpaths import player, services
from learnpaths.models import (
    DONE_STATUSES,
    SUCCESS_STATUSES,
    ItemProgress,
    LearningPath,
    PathItem,
    Status,
)
from learnpaths.prerequisites import evaluate, parse, unmet_terms
from learnpaths.sequencing import PathSequencing, path_tree
from learnpaths.tests.factories import build_path
from sequencing import Engine

CODE = "CRS1"
LAUNCHABLE = {"text"}


def make_path(**settings) -> LearningPath:
    values = {"seq_choice": True, "seq_flow": True, "seq_forward_only": False}
    values.update(settings)
    return LearningPath(pk=1, title="P", **values)


def make_items(path, specs) -> list[PathItem]:
    """Items from (pk, kind, parent pk, extra fields) in reading order."""
    items = []
    for rank, (pk, kind, parent, extra) in enumerate(specs, start=1):
        items.append(
            PathItem(pk=pk, path=path, kind=kind, parent_id=parent, rank=rank, title=f"#{pk}")
        )
        for name, value in extra.items():
            setattr(items[-1], name, value)
    return items


def node_by_id(root: dict) -> dict[str, dict]:
    found, stack = {}, [root]
    while stack:
        node = stack.pop()
        found[node["id"]] = node
        stack.extend(node["children"])
    return found


# --- The translation ----------------------------------------------------------------------


def test_chapters_prerequisites_scores_and_forced_order_become_sequencing_rules():
    path = make_path(forced_order=True)
    items = make_items(
        path,
        [
            (1, "text", None, {}),
            (2, "section", None, {}),
            (3, "text", 2, {"prerequisite_id": 1}),
            (4, "text", 2, {"prerequisite_id": 3, "prerequisite_min_score": Decimal("70")}),
            (5, "section", None, {}),  # empty: nothing to deliver
            (6, "text", None, {"visible": False}),  # hidden from learners
            (7, "text", None, {}),
        ],
    )
    tree = path_tree(path, items, launchable_kinds=LAUNCHABLE, visible_only=True)
    root = tree.definition["root"]
    nodes = node_by_id(root)

    # The tree: the path, its chapter a cluster, the hidden item left out.
    assert [c["id"] for c in root["children"]] == ["item-1", "item-2", "item-5", "item-7"]
    assert [c["id"] for c in nodes["item-2"]["children"]] == ["item-3", "item-4"]
    assert "item-6" not in nodes
    # Forced order: no free choice at the top, flow on.
    assert root["seq"]["control"]["choice"] is False
    assert root["seq"]["control"]["flow"] is True
    assert nodes["item-2"]["seq"]["control"]["choice"] is True

    # "Requires item 1": a local objective reading item 1's satisfied status, and a
    # pre-condition rule disabling the item unless it is known and satisfied.
    three = nodes["item-3"]["seq"]
    requires = next(o for o in three["objectives"] if o["id"] == "requires-1")
    assert requires["maps"][0]["target"] == "item-1"
    assert requires["maps"][0]["read_satisfied_status"] is True
    assert not requires["maps"][0]["write_satisfied_status"]
    rules = three["rules"]["pre"]
    assert rules[0]["action"] == "disabled" and rules[0]["combination"] == "any"
    assert {(c["condition"], c["operator"], c["objective"]) for c in rules[0]["conditions"]} == {
        ("satisfied", "not", "requires-1"),
        ("objectiveStatusKnown", "not", "requires-1"),
    }
    # Forced order: item 3 also waits for item 1 (the launchable item before it) completed.
    previous = next(o for o in three["objectives"] if o["id"] == "previous-1")
    assert previous["maps"][0]["read_completion_status"] is True
    assert {c["condition"] for c in rules[1]["conditions"]} == {
        "completed",
        "activityProgressKnown",
    }

    # "Item 3 scored at least 70 %": satisfied by measure, minNormalizedMeasure 0.7.
    four = nodes["item-4"]["seq"]
    score = next(o for o in four["objectives"] if o["id"] == "requires-3-score")
    assert score["satisfied_by_measure"] is True
    assert score["min_normalized_measure"] == 0.7
    assert score["maps"][0]["read_normalized_measure"] is True
    assert four["rules"]["pre"][0]["conditions"][0]["objective"] == "requires-3-score"

    # The empty chapter is skipped by flow and hidden from choice; item 7 waits for item 4
    # (the hidden item 6 is not in the learner's order).
    assert [r["action"] for r in nodes["item-5"]["seq"]["rules"]["pre"]] == [
        "skip",
        "hiddenFromChoice",
    ]
    assert [o["id"] for o in nodes["item-7"]["seq"]["objectives"][1:]] == ["previous-4"]
    assert tree.targets == {1, 3, 4}
    # A teacher's tree keeps the hidden item, and forced order then counts it.
    teacher = path_tree(path, items, launchable_kinds=LAUNCHABLE, visible_only=False)
    teacher_nodes = node_by_id(teacher.definition["root"])
    assert [o["id"] for o in teacher_nodes["item-7"]["seq"]["objectives"][1:]] == ["previous-6"]


def test_a_free_path_has_choice_and_no_order_rules():
    path = make_path(forced_order=False)
    items = make_items(path, [(1, "text", None, {}), (2, "text", None, {})])
    root = path_tree(path, items, launchable_kinds=LAUNCHABLE, visible_only=True).definition["root"]
    assert root["seq"]["control"]["choice"] is True
    assert all(not child["seq"]["rules"]["pre"] for child in root["children"])


def test_a_package_expression_becomes_one_disabled_rule_per_unmet_term():
    path = make_path()
    items = make_items(
        path,
        [
            (1, "text", None, {"identifier": "a"}),
            (2, "text", None, {"identifier": "b"}),
            (3, "text", None, {"prerequisites_expression": "a & ~b | unknown"}),
            (4, "text", None, {"prerequisites_expression": "a & ~b"}),
            (5, "text", None, {"prerequisites_expression": "a & (("}),  # unreadable
        ],
    )
    nodes = node_by_id(
        path_tree(path, items, launchable_kinds=LAUNCHABLE, visible_only=True).definition["root"]
    )
    # "unknown" is no item of the path: met, so the expression always is.
    assert nodes["item-3"]["seq"]["rules"]["pre"] == []
    assert nodes["item-5"]["seq"]["rules"]["pre"] == []
    # not (a and not b) = (not a) or b: two rules.
    rules = nodes["item-4"]["seq"]["rules"]["pre"]
    terms = sorted([(c["objective"], c["operator"]) for c in rule["conditions"]] for rule in rules)
    assert terms == [[("identifier-1", "not")], [("identifier-2", "noOp")]]


@pytest.mark.parametrize("seed", range(200))
def test_unmet_terms_say_when_evaluate_refuses(seed):
    rng = random.Random(seed)
    names = ["a", "b", "c", "d"]

    def expression(depth=0):
        roll = rng.random()
        if depth > 3 or roll < 0.35:
            return rng.choice(names + ["*a", "x"])
        if roll < 0.5:
            return f"~{expression(depth + 1)}"
        operator = rng.choice([" & ", " | ", " AND ", " or "])
        return f"({expression(depth + 1)}{operator}{expression(depth + 1)})"

    text = expression()
    known = set(names)
    node = parse(text)
    terms = unmet_terms(node, known.__contains__)
    for mask in range(16):
        done = {name for i, name in enumerate(names) if mask >> i & 1}
        met = evaluate(text, lambda name, done=done: name in done or name not in known)
        unmet = any(all((name in done) is value for name, value in term) for term in terms)
        assert unmet is not met, (text, done, terms)


def test_default_activity_sequencing_is_the_manifest_readers_default():
    from scorm.sequencing.definition import read_sequencing_default
    from sequencing import default_activity_sequencing

    assert default_activity_sequencing() == read_sequencing_default()


# --- Parity with the rules the player applied before (the oracle, copied from player.py) ----


def _old_unknown_identifiers(items, known):
    names = set()
    for item in items:
        if item.prerequisites_expression:
            names.update(re.findall(r"[^\s()&|~*]+", item.prerequisites_expression))
    return {n for n in names if n not in known and n.upper() not in {"AND", "OR", "NOT"}}


def _old_score_reaches(row, min_percent):
    if row is None or row.score is None:
        return False
    maximum = Decimal(row.score_max) if row.score_max else Decimal(100)
    return Decimal(row.score) * 100 >= Decimal(min_percent) * maximum


def _old_is_locked(item, progress, done_identifiers):
    if item.prerequisite_id is None:
        if item.prerequisites_expression and done_identifiers is not None:
            known = done_identifiers | {""}
            return not evaluate(item.prerequisites_expression, lambda name: name in known)
        return False
    required = progress.get(item.prerequisite_id)
    if required is None:
        return True
    if item.prerequisite_min_score is not None:
        return not _old_score_reaches(required, item.prerequisite_min_score)
    return required.status not in SUCCESS_STATUSES


def old_locks(path, entries, progress) -> dict[int, bool]:
    """Toc.refresh_locks as it was: each entry's lock."""
    identifiers = {e.pk: e.identifier for e in entries if e.identifier}
    done = {
        identifiers[pk]
        for pk, row in progress.items()
        if pk in identifiers and row.status in SUCCESS_STATUSES
    }
    done |= _old_unknown_identifiers(entries, set(identifiers.values()))
    locks, previous_done = {}, True
    for item in entries:
        locks[item.pk] = _old_is_locked(item, progress, done)
        if path.forced_order and item.kind in LAUNCHABLE:
            locks[item.pk] = locks[item.pk] or not previous_done
            row = progress.get(item.pk)
            previous_done = (row.status if row else Status.NOT_ATTEMPTED) in DONE_STATUSES
    return locks


def _old_control(path, entries, item):
    by_id = {e.pk: e for e in entries}
    parent = by_id.get(item.parent_id)
    source = parent if parent else path
    choice = source.seq_choice and not (parent is None and path.forced_order)
    return choice, source.seq_flow, source.seq_forward_only


def old_navigation_allowed(path, entries, current, target) -> bool:
    """_navigation_allowed as it was (the learner's last item ``current``, or None)."""
    launchable = [e for e in entries if e.kind in LAUNCHABLE]
    choice, _flow, forward_only = _old_control(path, entries, target)
    if choice:
        return True
    if current is None:
        return launchable[0].pk == target.pk
    if current.pk == target.pk:
        return True
    index = launchable.index(current)
    previous = launchable[index - 1] if index > 0 else None
    following = launchable[index + 1] if index + 1 < len(launchable) else None
    if following is not None and following.pk == target.pk:
        return True
    return previous is not None and previous.pk == target.pk and not forward_only


def old_step(path, items, entries, locks, item, backwards):
    """player_step as it was, for a learner: the item pk, or ("refused", message)."""
    by_pk = {i.pk: i for i in items}
    parent = by_pk[item.parent_id] if item.parent_id else path
    if not parent.seq_flow:
        return "choose"
    if backwards and parent.seq_forward_only:
        return "forward"
    launchable = [e for e in entries if e.kind in LAUNCHABLE]
    if backwards:
        before = [e for e in launchable if e.rank < item.rank]
        target = before[-1] if before else None
    else:
        target = next((e for e in launchable if e.rank > item.rank), None)
    if target is None:
        return item.pk if backwards else "end"
    if locks[target.pk]:
        return "complete"
    return target.pk


def new_step(sequencing, item, backwards):
    try:
        return player.sequenced_step(sequencing, item.pk, backwards=backwards)
    except player.PlayerRefused as refusal:
        if refusal.to == "index":
            return "end"
        return {
            "Complete the required item before going on.": "complete",
            "This path only goes forward.": "forward",
            "Choose the next item in the table of contents.": "choose",
        }[refusal.message]


def random_path(rng: random.Random):
    path = make_path(
        forced_order=rng.random() < 0.5,
        seq_choice=rng.random() < 0.8,
        seq_flow=rng.random() < 0.85,
        seq_forward_only=rng.random() < 0.2,
    )
    specs, sections, launchable = [], [], []
    for pk in range(1, rng.randint(2, 12) + 1):
        parent = rng.choice([None, None, *sections[-2:]])
        # Reading order: an item goes last among its section's descendants (preorder).
        kind = "section" if rng.random() < 0.25 else "text"
        # A hidden section inside another: its items take the control modes of the nearest
        # visible section in the engine, of the path in the old walk; top level only.
        extra = {"visible": rng.random() < 0.85 or (kind == "section" and parent is not None)}
        if kind == "text" and rng.random() < 0.6:
            extra["identifier"] = f"i{pk}"
        specs.append([pk, kind, parent, extra])
        (sections if kind == "section" else launchable).append(pk)
    # Preorder from the parents, so rank is the reading order.
    children = {}
    for spec in specs:
        children.setdefault(spec[2], []).append(spec)
    ordered = []

    def walk(parent):
        for spec in children.get(parent, []):
            ordered.append(spec)
            walk(spec[0])

    walk(None)
    identifiers = [s[3]["identifier"] for s in ordered if "identifier" in s[3]] + ["zz"]
    for pk, kind, _parent, extra in ordered:
        if kind != "text":
            continue
        roll = rng.random()
        others = [p for p in launchable if p != pk]
        if roll < 0.3 and others:
            extra["prerequisite_id"] = rng.choice(others)
            if rng.random() < 0.5:
                extra["prerequisite_min_score"] = Decimal(rng.randint(0, 10000)) / 100
        elif roll < 0.45:
            names = rng.sample(identifiers, min(len(identifiers), rng.randint(1, 3)))
            words = [("~" if rng.random() < 0.3 else "") + n for n in names]
            extra["prerequisites_expression"] = rng.choice([" & ", " | "]).join(words)
    items = make_items(path, [tuple(s) for s in ordered])
    # Where the engine differs on purpose (SCORM 2004 SN; no path builder offers these
    # settings, only packages imported without a sequencing definition carry them):
    if sections:
        # The path's forward-only and flow govern crossing between its chapters (SB.2.1,
        # SB.2.2): the old walk only looked at the item's own section (test below).
        path.seq_forward_only = False
        path.seq_flow = True
    if path.seq_choice and not path.forced_order:
        # A backward choice among forward-only siblings is refused (SB.2.4); the old walk
        # let free choice go anywhere.
        path.seq_forward_only = False
    else:
        # Neither choice nor flow: the engine delivers nothing by navigation (SN 3.2.1); the
        # old walk still let a typed address open the neighbours.
        path.seq_flow = True
    progress = {}
    for item in items:
        if item.kind == "text" and rng.random() < 0.6:
            score = None
            if rng.random() < 0.6:
                score = Decimal(rng.randint(0, 2000)) / 100
            maximum = rng.choice([None, Decimal(0), Decimal(10), Decimal("20.00"), Decimal(3)])
            progress[item.pk] = ItemProgress(
                item_id=item.pk,
                status=rng.choice(list(Status)),
                score=score,
                score_max=maximum,
            )
    return path, items, progress


@pytest.mark.parametrize("seed", range(300))
def test_the_engine_decides_as_the_old_rules_did(seed):
    rng = random.Random(seed)
    path, items, progress = random_path(rng)
    entries = [item for item in items if item.visible]
    tree = path_tree(path, items, launchable_kinds=LAUNCHABLE, visible_only=True)
    sequencing = PathSequencing(tree, progress)
    old = old_locks(path, entries, progress)
    new = sequencing.locked_map()
    for item in entries:
        if item.kind in LAUNCHABLE:
            assert new[item.pk] is old[item.pk], (item.pk, tree.definition)
    launchable = [e for e in entries if e.kind in LAUNCHABLE]
    if not launchable:
        return
    for current in [None, *launchable]:
        for target in launchable:
            if old[target.pk]:
                continue  # refused as locked first, whatever the control modes
            expected = old_navigation_allowed(path, entries, current, target)
            got = sequencing.reachable(target.pk, current=current.pk if current else None)
            assert got is expected, (current and current.pk, target.pk, tree.definition)
    for item in launchable:
        for backwards in (False, True):
            expected = old_step(path, items, entries, old, item, backwards)
            assert new_step(sequencing, item, backwards) == expected, (item.pk, backwards)
    # The page's Previous and Next buttons: the neighbours the control modes allowed.
    toc_entries = [
        player.TocEntry(item=item, launchable=item.kind in LAUNCHABLE) for item in entries
    ]
    toc = player.Toc(
        entries=toc_entries,
        by_id={e.item.pk: e for e in toc_entries},
        progress=progress,
        path=path,
        sequencing=sequencing,
    )
    for item in launchable:
        _choice, flow, forward_only = _old_control(path, entries, item)
        before, after = toc.neighbours(item)
        expected = (None, None) if not flow else (None if forward_only else before, after)
        got = (
            player._step_entry(toc, item, "previous")[0],
            player._step_entry(toc, item, "continue")[0],
        )
        assert got == expected, item.pk


def test_forward_only_path_refuses_previous_out_of_a_chapter():
    """The path's forward-only governs going back among its children (SN SB.2.1): Previous
    from a chapter's first item does not go back to the item before the chapter. The old
    walk only looked at the item's own section and let it."""
    path = make_path(seq_forward_only=True)
    items = make_items(path, [(1, "text", None, {}), (2, "section", None, {}), (3, "text", 2, {})])
    sequencing = PathSequencing(
        path_tree(path, items, launchable_kinds=LAUNCHABLE, visible_only=True), {}
    )
    assert old_step(path, items, items, old_locks(path, items, {}), items[2], True) == 1
    assert new_step(sequencing, items[2], True) == "forward"
    assert new_step(sequencing, items[0], False) == 3


# --- What the old rules could not say ------------------------------------------------------


def test_a_section_prerequisite_locks_what_it_holds():
    """A package's block with a prerequisite (SCORM 1.2 adlcp:prerequisites on an item that
    holds others): the old player showed the block locked and let its items open; in the
    engine a disabled cluster delivers nothing (DB.1.1)."""
    path = make_path()
    items = make_items(
        path,
        [
            (1, "text", None, {"identifier": "intro"}),
            (2, "section", None, {"prerequisites_expression": "intro"}),
            (3, "text", 2, {}),
        ],
    )
    tree = path_tree(path, items, launchable_kinds=LAUNCHABLE, visible_only=True)
    locked = PathSequencing(tree, {}).locked_map()
    assert locked == {1: False, 2: True, 3: True}
    assert old_locks(path, items, {})[3] is False  # what the old rules said
    done = {1: ItemProgress(item_id=1, status=Status.COMPLETED)}
    assert PathSequencing(tree, done).locked_map() == {1: False, 2: False, 3: False}
    # Next from the intro flows into the block once the intro is done.
    assert player.sequenced_step(PathSequencing(tree, done), 1, backwards=False) == 3
    with pytest.raises(player.PlayerRefused):
        player.sequenced_step(PathSequencing(tree, {}), 1, backwards=False)


# --- The player asks the engine -------------------------------------------------------------


def url(name, *args):
    return reverse(f"learnpaths:{name}", args=[CODE, *args])


@pytest.mark.django_db
def test_the_players_locks_and_next_come_from_the_engine(course_roles, client_for, monkeypatch):
    """A rule added to the tree the engine plays (and nowhere else) locks the item in the
    table of contents, refuses Next and refuses a typed address."""
    path = build_path(course_roles["course"], 3)
    first, second, third = path.items.order_by("rank")
    learner = course_roles["learner"]
    client = client_for(learner)
    assert client.get(url("play_item", path.pk, first.pk)).status_code == 200
    real = player.path_tree

    def with_rule(*args, **kwargs):
        tree = real(*args, **kwargs)
        for node in tree.definition["root"]["children"]:
            if node["id"] == f"item-{second.pk}":
                rule = {
                    "combination": "all",
                    "conditions": [{"condition": "always", "operator": "noOp"}],
                    "action": "disabled",
                }
                node["seq"]["rules"]["pre"].append(rule)
        return tree

    monkeypatch.setattr(player, "path_tree", with_rule)
    page = client.get(url("play_item", path.pk, first.pk)).content.decode()
    assert page.count('data-locked="1"') == 1
    assert f'data-item="{second.pk}" data-status="not_attempted" data-locked="1"' in page
    response = client.get(url("next", path.pk, first.pk), follow=True)
    assert "Complete the required item before going on." in response.content.decode()
    response = client.get(url("play_item", path.pk, second.pk), follow=True)
    assert response.redirect_chain[0][0] == reverse("learnpaths:index", args=[CODE])
    assert not ItemProgress.objects.filter(item=second).exists()
    # Previous from the third item is refused by the same rule.
    response = client.get(url("previous", path.pk, third.pk), follow=True)
    assert "Complete the required item before going on." in response.content.decode()
    monkeypatch.setattr(player, "path_tree", real)
    response = client.get(url("next", path.pk, first.pk))
    assert response.url.endswith(f"/{second.pk}/")


@pytest.mark.django_db
def test_forced_order_and_score_through_the_player(course_roles, client_for):
    path = build_path(course_roles["course"], 3)
    path.forced_order = True
    path.save(update_fields=["forced_order"])
    first, second, third = path.items.order_by("rank")
    services.item_update(
        item=third,
        title=third.title,
        visible=True,
        prerequisite=first,
        prerequisite_min_score=Decimal("50"),
    )
    learner = course_roles["learner"]
    client = client_for(learner)
    client.get(url("play_item", path.pk, first.pk))  # opened: completed, no score
    assert client.get(url("next", path.pk, first.pk)).url.endswith(f"/{second.pk}/")
    client.get(url("play_item", path.pk, second.pk))
    response = client.get(url("next", path.pk, second.pk), follow=True)
    # The refusal names the rule the next item waits on, in the builder's words.
    assert f"Not available now: {first.title} at least 50 %" in response.content.decode()
    attempt = services.attempt_current(path=path, user=learner)
    services.progress_record(attempt=attempt, item=first, score=Decimal(5), score_max=10)
    assert client.get(url("next", path.pk, second.pk)).url.endswith(f"/{third.pk}/")
    assert player.item_locked(item=third, attempt=attempt) is False


def test_engine_is_the_one_scorm_packages_run():
    from scorm.sequencing.engine import Engine as ScormEngineModule

    from scorm.sequencing import Engine as ScormEngine

    assert ScormEngine is Engine is ScormEngineModule


def test_an_item_holding_items_becomes_a_cluster_that_delivers_it_first():
    """A launchable item with children (a package's item with content and sub-items): the
    engine delivers leaves only, so it becomes a cluster holding the item, then its children,
    in reading order; its control modes govern that cluster."""
    path = make_path()
    items = make_items(
        path,
        [(1, "text", None, {"seq_choice": False}), (2, "text", 1, {}), (3, "text", None, {})],
    )
    tree = path_tree(path, items, launchable_kinds=LAUNCHABLE, visible_only=True)
    root = tree.definition["root"]
    assert [c["id"] for c in root["children"]] == ["item-1-group", "item-3"]
    assert [c["id"] for c in root["children"][0]["children"]] == ["item-1", "item-2"]
    sequencing = PathSequencing(tree, {})
    assert sequencing.parent_control(2)["choice"] is False
    assert sequencing.parent_control(3)["choice"] is True
    assert player.sequenced_step(sequencing, 1, backwards=False) == 2
    assert player.sequenced_step(sequencing, 2, backwards=False) == 3
    assert player.sequenced_step(sequencing, 3, backwards=True) == 2
    assert sequencing.request("start", current=None)[0] == 1


@pytest.mark.django_db
def test_a_locked_items_rule_is_shown_in_the_table_of_contents(course_roles, client_for):
    """A learner sees what a locked item of a built path waits on (the builder's words),
    under its title, not just a padlock; the rule goes once it is met."""
    path = build_path(course_roles["course"], 3)
    first, second, third = path.items.order_by("rank")
    services.item_update(
        item=third,
        title=third.title,
        visible=True,
        prerequisite=first,
        prerequisite_min_score=Decimal("75"),
    )
    services.item_update(
        item=second,
        title=second.title,
        visible=True,
        prerequisite=third,
        prerequisite_min_score=None,
    )
    learner = course_roles["learner"]
    client = client_for(learner)
    attempt = services.attempt_current(path=path, user=learner)
    services.progress_record(
        attempt=attempt, item=first, status="incomplete", score=Decimal(5), score_max=10
    )
    page = client.get(url("play_item", path.pk, first.pk)).content.decode()
    reasons = re.findall(r'lp-lock-reason">.*?</span>(.*?)</small>', page)
    assert reasons == [f"after {third.title}", f"{first.title} at least 75 %"]
    services.progress_record(attempt=attempt, item=first, score=Decimal("7.5"), score_max=10)
    page = client.get(url("play_item", path.pk, first.pk)).content.decode()
    assert re.findall(r'lp-lock-reason">.*?</span>(.*?)</small>', page) == [f"after {third.title}"]
