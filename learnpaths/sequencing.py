"""Hand-built learning paths as SCORM 2004 activity trees: one sequencing engine for every path.

A path that no package sequences (built in the course, SCORM 1.2, AICC, SCORM 2004 packages
imported without a sequencing definition) is turned into the activity tree and sequencing
definition ``sequencing.Engine`` plays, and the player asks the engine what is locked and where
Next and Previous lead. Its rules, as sequencing rules (SCORM 2004 4th Edition SN 3):

* The tree: the root is the path, sections are clusters, launchable items leaves, in reading
  order (``rank``). Items the viewer cannot see (hidden, for learners) are not in it; the
  visible children of a hidden section hang from its nearest visible ancestor. A section with
  nothing to deliver stays, skipped by flow and hidden from choice (SN 3.4 ``skip``,
  ``hiddenFromChoice``), so that its own rules still answer; a launchable item that has
  children becomes a cluster holding the item, then its children.
* Tracking: nothing is stored for the engine. Each item's progress row (``ItemProgress``, the
  tracking model) becomes the global objective ``item-<pk>``: ``satisfied`` (completed or
  passed), ``completion`` (completed, passed or failed), ``measure`` (score / maximum, the
  maximum 100 when unset). Items without a row are neither satisfied nor completed.
* "Requires the item A": a local objective of the item reads A's satisfied status (mapInfo
  readSatisfiedStatus) and a pre-condition rule makes the item ``disabled`` unless it is known
  and satisfied (SN 3.4.2, UP.5).
* "A scored at least N %": the local objective is satisfied by measure (minNormalizedMeasure
  N / 100) and reads A's normalized measure. score / max >= N / 100 in floats decides as
  score * 100 >= N * max in exact decimals does: both sides have at most two decimals (seven
  digits), so unequal values differ by at least 1e-11 of their size, far above a float's
  rounding, and equal ones are the same quotient.
* A package's prerequisite expression (SCORM 1.2 ``adlcp:prerequisites``, AICC): one
  ``disabled`` rule per term of "not met" in disjunctive normal form, each a conjunction of
  "X satisfied" / "X not satisfied" conditions on local objectives reading X's status.
  Identifiers the path does not know count as met; an unreadable expression locks nothing.
* Forced order: each launchable item is ``disabled`` until the launchable item before it (in
  reading order, across sections) is completed (its objective read with
  ``read_completion_status``, 4th Edition), and the path's own control mode loses ``choice``
  (its top-level items are reached by flow: Next, Previous). Sections keep their control modes.
* Control modes: the path's and each section's ``seq_choice``, ``seq_flow``,
  ``seq_forward_only`` (SN 3.2.1).
* Section status (``section_rollup``): the engine's rollup (RB.1.5, each cluster's step
  RB.1.1 to RB.1.3 with the default rollup rules of SN 4.6.6, as no cluster here states any)
  over the learner's tree, the leaves' tracking from their rows: completed or passed is
  completed and satisfied, failed completed and not satisfied, incomplete incomplete (success
  unknown), no row or "not attempted" unknown. A section is written completed when every
  child is, failed when it is completed and not satisfied (every child's success known, one
  not satisfied), passed when satisfied and every child counted passed (the one thing the
  engine's two statuses do not say: "passed" rather than "completed"), incomplete when every
  child's progress is known and one is not completed. A launchable item with children keeps
  its own status (a SCO or AU reports it).

No query here: the player hands in the items and progress rows it has read.
"""

from dataclasses import dataclass
from decimal import Decimal

from learnpaths.models import DONE_STATUSES, SUCCESS_STATUSES, Status
from learnpaths.prerequisites import parse, unmet_terms
from sequencing import Engine, default_activity_sequencing
from sequencing.defaults import objective_map
from sequencing.engine import SequencingError

ROOT = "path"
GROUP = "-group"  # the cluster of a launchable item with children: "item-<pk>-group"


def activity_id(pk: int) -> str:
    """The activity of the item ``pk`` (its leaf, for a launchable item)."""
    return f"item-{pk}"


def tracking_target(pk: int) -> str:
    """The global objective that carries item ``pk``'s progress."""
    return f"item-{pk}"


def _disabled_unless(objective_id: str, *, by: str = "satisfied") -> dict:
    """A pre-condition rule: disabled unless the objective is known and ``by`` ("satisfied",
    or "completed") holds. Unknown does not disable by itself (SN 3.4's three-valued logic),
    hence the second condition."""
    known = "objectiveStatusKnown" if by == "satisfied" else "activityProgressKnown"
    return {
        "combination": "any",
        "conditions": [
            {"condition": by, "operator": "not", "objective": objective_id, "threshold": 0.0},
            {"condition": known, "operator": "not", "objective": objective_id, "threshold": 0.0},
        ],
        "action": "disabled",
    }


def _always(action: str) -> dict:
    condition = {"condition": "always", "operator": "noOp", "objective": "", "threshold": 0.0}
    return {"combination": "all", "conditions": [condition], "action": action}


def _objective(objective_id: str, target: int, **flags) -> dict:
    return {
        "id": objective_id,
        "primary": False,
        "satisfied_by_measure": False,
        "min_normalized_measure": 1.0,
        "maps": [objective_map(tracking_target(target), **flags)],
    }


@dataclass
class PathTree:
    """A path as the engine takes it: ``definition`` (``{"objectives_global_to_system",
    "root"}``, the shape of ``scorm.sequencing.definition.sequencing_tree``), ``items``
    (activity id -> item pk, sections and leaves), ``targets`` (the item pks whose progress the
    rules read), ``governing`` (activity id -> the control modes of its parent)."""

    definition: dict
    items: dict[str, int]
    targets: set[int]
    governing: dict[str, dict]


def _rules_for(item, *, previous, by_identifier: dict[str, int], targets: set[int]):
    """(objectives, pre-condition rules) of one item: its prerequisite, its package expression,
    forced order (``previous``: the launchable item before it, or None)."""
    objectives, rules = [], []
    if item.prerequisite_id is not None:
        required = item.prerequisite_id
        targets.add(required)
        if item.prerequisite_min_score is not None:
            objective = _objective(f"requires-{required}-score", required)
            objective["maps"][0]["read_normalized_measure"] = True
            objective["satisfied_by_measure"] = True
            objective["min_normalized_measure"] = float(
                Decimal(item.prerequisite_min_score) / Decimal(100)
            )
        else:
            objective = _objective(f"requires-{required}", required, read_satisfied_status=True)
        objectives.append(objective)
        rules.append(_disabled_unless(objective["id"]))
    elif item.prerequisites_expression:
        node = parse(item.prerequisites_expression)
        terms = unmet_terms(node, by_identifier.__contains__) if node else None
        named = set()
        for term in terms or []:
            conditions = []
            for identifier, done in term:
                pk = by_identifier[identifier]
                objective_id = f"identifier-{pk}"
                if pk not in named:
                    named.add(pk)
                    targets.add(pk)
                    objectives.append(_objective(objective_id, pk, read_satisfied_status=True))
                conditions.append(
                    {
                        "condition": "satisfied",
                        "operator": "noOp" if done else "not",
                        "objective": objective_id,
                        "threshold": 0.0,
                    }
                )
            if not conditions:  # the expression is never met
                rules.append(_always("disabled"))
            else:
                rules.append({"combination": "all", "conditions": conditions, "action": "disabled"})
    if previous is not None:
        targets.add(previous)
        objective = _objective(f"previous-{previous}", previous, read_completion_status=True)
        objectives.append(objective)
        rules.append(_disabled_unless(objective["id"], by="completed"))
    return objectives, rules


def path_tree(
    path, items, *, launchable_kinds, visible_only: bool, include: int | None = None
) -> PathTree:
    """The activity tree of ``path`` for a viewer. ``items``: every item of the path in reading
    order (``rank``); ``launchable_kinds``: the kinds the player opens; ``visible_only``: a
    learner's tree (hidden items left out, but ``include``, an item pk asked about). Pure: no
    query."""
    items = list(items)
    by_pk = {item.pk: item for item in items}
    shown = [item for item in items if item.visible or not visible_only or item.pk == include]
    shown_pks = {item.pk for item in shown}
    holders = {}  # item pk -> its nearest shown ancestor (None: the path)
    for item in shown:
        parent = item.parent_id
        while parent is not None and parent not in shown_pks:
            parent = by_pk[parent].parent_id if parent in by_pk else None
        holders[item.pk] = parent
    with_children = set(holders.values())
    by_identifier = {item.identifier: item.pk for item in shown if item.identifier}
    targets: set[int] = set()

    root_seq = default_activity_sequencing()
    root_seq["control"].update(
        choice=bool(path.seq_choice and not path.forced_order),
        flow=bool(path.seq_flow),
        forward_only=bool(path.seq_forward_only),
    )
    root = {"id": ROOT, "title": path.title, "launchable": False, "visible": True}
    root.update(seq=root_seq, children=[])
    clusters = {None: root}  # item pk (None: the path) -> the node its children hang from
    ids, governing = {}, {}
    previous = None
    for item in shown:
        holder = clusters.get(holders[item.pk], root)
        is_launchable = item.kind in launchable_kinds
        objectives, rules = _rules_for(
            item,
            previous=previous if (path.forced_order and is_launchable) else None,
            by_identifier=by_identifier,
            targets=targets,
        )
        seq = default_activity_sequencing()
        seq["objectives"].extend(objectives)
        seq["rules"]["pre"].extend(rules)
        node = {"id": activity_id(item.pk), "title": item.title, "visible": True}
        node.update(launchable=is_launchable, seq=seq, children=[])
        ids[node["id"]] = item.pk
        has_children = item.pk in with_children
        control = {
            "choice": bool(item.seq_choice),
            "flow": bool(item.seq_flow),
            "forward_only": bool(item.seq_forward_only),
        }
        if is_launchable:
            previous = item.pk
            if has_children:
                group_seq = default_activity_sequencing()
                group_seq["control"].update(control)
                group = {"id": f"{node['id']}{GROUP}", "title": item.title, "visible": True}
                group.update(launchable=False, seq=group_seq, children=[node])
                ids[group["id"]] = item.pk
                holder["children"].append(group)
                governing[group["id"]] = holder["seq"]["control"]
                governing[node["id"]] = group_seq["control"]
                clusters[item.pk] = group
            else:
                holder["children"].append(node)
                governing[node["id"]] = holder["seq"]["control"]
        else:
            seq["control"].update(control)
            holder["children"].append(node)
            governing[node["id"]] = holder["seq"]["control"]
            clusters[item.pk] = node
    _skip_empty(root)
    definition = {"objectives_global_to_system": True, "root": root}
    return PathTree(definition=definition, items=ids, targets=targets, governing=governing)


def _skip_empty(node: dict) -> bool:
    """Mark the clusters with nothing to deliver: skipped by flow, hidden from choice (an
    empty cluster would otherwise be a deliverable leaf). Returns whether ``node`` delivers."""
    if node["launchable"]:
        return True
    delivers = False
    for child in node["children"]:
        delivers = _skip_empty(child) or delivers
    if not delivers and node["id"] != ROOT:
        node["seq"]["rules"]["pre"][:0] = [_always("skip"), _always("hiddenFromChoice")]
    return delivers


def _measure(row) -> float | None:
    if row.score is None:
        return None
    maximum = Decimal(row.score_max) if row.score_max else Decimal(100)
    return float(Decimal(row.score) / maximum)


def prerequisite_met(item, row) -> bool:
    """Whether ``item``'s "requires" rule holds, read from the required item's progress row
    ``row`` (None: no row) as the engine reads it through the item's objective: "scored at
    least N %" by normalized measure (score / maximum >= N / 100), otherwise satisfied
    (completed or passed; a failed item does not satisfy it)."""
    if item.prerequisite_min_score is not None:
        measure = _measure(row) if row is not None else None
        minimum = float(Decimal(item.prerequisite_min_score) / Decimal(100))
        return measure is not None and measure >= minimum
    return row is not None and row.status in SUCCESS_STATUSES


def tracking_objectives(tree: PathTree, progress: dict) -> dict:
    """The global objectives the rules read, from the progress rows (``{item pk:
    ItemProgress}``): ``{target: OBJECTIVE}`` (``sequencing.engine``'s shape)."""
    objectives = {}
    for pk in tree.targets:
        row = progress.get(pk)
        objectives[tracking_target(pk)] = {
            "satisfied": bool(row is not None and row.status in SUCCESS_STATUSES),
            "measure": _measure(row) if row is not None else None,
            "raw": None,
            "min": None,
            "max": None,
            "completion": bool(row is not None and row.status in DONE_STATUSES),
            "progress_measure": None,
        }
    return objectives


class PathSequencing:
    """One viewer's path in the engine: questions without side effects (each runs on a fresh
    engine; nothing is saved)."""

    def __init__(self, tree: PathTree, progress: dict):
        self.tree = tree
        self.progress = progress
        self.pks = tree.items

    def engine(self, current: int | None = None) -> Engine:
        """A fresh engine, the tracking fed from the progress rows, ``current`` (an item pk)
        the current activity, not active (the learner is between two deliveries)."""
        engine = Engine(self.tree.definition, None, tracking_objectives(self.tree, self.progress))
        if current is not None and activity_id(current) in engine.by_id:
            engine.current = engine.by_id[activity_id(current)]
        return engine

    def contains(self, pk: int) -> bool:
        return activity_id(pk) in self.tree.items

    def parent_control(self, pk: int) -> dict:
        """The control modes governing the item (its parent's, SN 3.2.1): ``{"choice",
        "flow", "forward_only", ...}``. KeyError for an item not in the tree."""
        return self.tree.governing[activity_id(pk)]

    def locked_map(self) -> dict[int, bool]:
        """item pk -> disabled (DB.1.1's check: a ``disabled`` rule holds on the activity or
        an ancestor, UP.5), for every item of the tree."""
        engine = self.engine()
        disabled: dict[str, bool] = {}
        for activity in engine.preorder():
            own = activity.parent is not None and engine.check_activity_process(activity)
            parent = disabled.get(activity.parent.id, False) if activity.parent else False
            disabled[activity.id] = own or parent
        return {
            self.pks[a]: value
            for a, value in disabled.items()
            if a in self.pks and not a.endswith(GROUP)
        }

    def locked(self, pk: int) -> bool:
        """Whether the item may not be delivered now (not in the tree: locked)."""
        engine = self.engine()
        activity = engine.by_id.get(activity_id(pk))
        if activity is None:
            return True
        return any(engine.check_activity_process(node) for node in activity.ancestors())

    def request(self, request: str, *, current: int | None, target: int | None = None):
        """What a navigation request (``start``, ``continue``, ``previous``, ``choice`` with
        ``target``) from ``current`` would deliver: (item pk or None, end of session, the SN
        exception code or None). The book's processes in OP.1's order (NB.2.1, SB.2.12,
        DB.1.1) but the content delivery environment (DB.2): nothing is delivered, and the
        learner is between two deliveries (no attempt active, nothing to terminate)."""
        engine = self.engine(current)
        wanted = activity_id(target) if target is not None else None
        try:
            termination, sequencing_request = engine.navigation_request_process(request, wanted)
            if termination:  # not reached: the current activity is never active here
                raise SequencingError("TB.2.3-2")
            activity, end = engine.sequencing_request_process(sequencing_request, wanted)
            if end or activity is None:
                return None, bool(end), None
            engine.delivery_request_process(activity)
        except SequencingError as error:
            return None, False, error.code
        return self.pks.get(activity.id), False, None

    def reachable(self, pk: int, *, current: int | None) -> bool:
        """Whether opening ``pk`` is a navigation the control modes allow from ``current``:
        a choice (SB.2.9), or what Continue or Previous (SB.2.7, SB.2.8) deliver; without a
        current item, a choice or the start (SB.2.5)."""
        if current is not None and not self.contains(current):
            current = None
        if current == pk:
            return True
        if self.request("choice", current=current, target=pk)[0] == pk:
            return True
        if current is None:
            return self.request("start", current=None)[0] == pk
        return any(
            self.request(request, current=current)[0] == pk for request in ("continue", "previous")
        )


# --- Section status: the engine's rollup ----------------------------------------------------


def _rollup_tracking(row) -> tuple[bool | None, bool | None]:
    """(completed, satisfied) of an item's progress row as its leaf's tracking status for the
    rollup: the tracking model above (satisfied: completed or passed), unknowns kept unknown
    (SN 4.2.1: no row, "not attempted": progress unknown; "incomplete": no success yet)."""
    status = row.status if row is not None else Status.NOT_ATTEMPTED
    if status in DONE_STATUSES:
        return True, status in SUCCESS_STATUSES
    if status == Status.INCOMPLETE:
        return False, None
    return None, None


def _seed(engine: Engine, activity, row) -> None:
    completed, satisfied = _rollup_tracking(row)
    state = activity.state
    state["completed"] = completed
    state["progress_status"] = completed is not None
    state["attempt_count"] = 1 if completed is not None else 0
    engine.set_objective(activity, activity.primary, satisfied=satisfied)


def _section_status(completed, satisfied, children: list[str]) -> str:
    """A cluster's rolled-up (completed, satisfied) as an ``ItemProgress`` status; ``children``:
    the statuses of the children its rollup counted. "Passed" where every one of them passed
    (the statuses say success, not "passed" rather than "completed")."""
    if completed is True:
        if satisfied is False:
            return Status.FAILED
        if satisfied is True and children and all(c == Status.PASSED for c in children):
            return Status.PASSED
        return Status.COMPLETED
    if completed is False:
        return Status.INCOMPLETE
    return Status.NOT_ATTEMPTED


def section_rollup(tree: PathTree, progress: dict, pk: int) -> dict[int, str]:
    """The statuses of the sections holding item ``pk`` after its progress changed: ``{section
    pk: Status value}``, nearest first, for the sections the learner's tree (``path_tree``,
    ``visible_only``) holds between the item and the path. Empty when the item is not in the
    tree (hidden) or sits in a launchable item with children (which reports its own status).
    ``progress``: ``{item pk: ItemProgress}``, the attempt's rows, the item's new one included.

    SN 4th Ed. RB.1.5 on a fresh engine, in the subtree of the highest section holding the
    item (nothing outside it counts): every leaf's tracking status from its row
    (``_rollup_tracking``), a launchable item with children (its cluster) from its own row
    and not rolled up, then each other cluster's step (``Engine.rollup_activity``: RB.1.1,
    RB.1.1b, RB.1.2, RB.1.3 with the default rules) once, children before parents, which is
    the overall rollup of every leaf there; the item's ancestors are read off. A cluster with
    nothing to deliver is a leaf with no status (unknown), so the sections holding it are
    never completed. Pure: no query (about 25 ms for 520 items in 40 sections).
    """
    engine = Engine(tree.definition)
    activity = engine.by_id.get(activity_id(pk))
    if activity is None:
        return {}
    chain = []
    for node in activity.ancestors(inclusive=False):
        if node.parent is None:
            break  # the path: the attempt's counters say its status
        if node.id.endswith(GROUP):
            if tree.items[node.id] == pk:
                continue  # the item's own cluster: its status is the item's row
            return {}  # inside an item that reports its own status: nothing above changes
        chain.append(node)
    if not chain:
        return {}
    # Only the highest section's subtree: nothing outside it is read by its rollup.
    subtree, stack = [], [chain[-1]]
    while stack:
        node = stack.pop()
        subtree.append(node)
        stack.extend(node.children)
    statuses: dict[str, str] = {}
    for node in reversed(subtree):  # every descendant before its ancestor
        item_pk = tree.items.get(node.id)
        row = progress.get(item_pk)
        if node.launchable or node.id.endswith(GROUP):
            _seed(engine, node, row)
            statuses[node.id] = row.status if row is not None else Status.NOT_ATTEMPTED
        elif node.is_leaf:
            statuses[node.id] = Status.NOT_ATTEMPTED  # nothing to deliver: unknown
        else:
            engine.rollup_activity(node)
            counted = [
                statuses[child.id]
                for child in node.children
                if child.tracked and engine.check_child_for_rollup_subprocess(child, "satisfied")
            ]
            statuses[node.id] = _section_status(
                engine.completed(node), engine.satisfied(node), counted
            )
    return {tree.items[node.id]: statuses[node.id] for node in chain}
