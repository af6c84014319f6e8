"""The SCORM 2004 4th Edition sequencing engine: activity tree, tracking model, SN processes.

Written from the pseudo-code of the SN book (SCORM 2004 4th Edition, Sequencing and Navigation,
appendix C); each process is a method named as the book names it, its identifier (NB.2.1,
TB.2.3, SB.2.9...) in the docstring. Exceptions are the book's codes ("SB.2.9-4").

State (``Engine.state``, one JSON document per learner's attempt on a package)::

    {"current": id|None, "suspended": id|None, "ended": bool,
     "activities": {id: {"attempt_count": int, "progress_status": bool,
                         "completed": None|bool, "progress_measure": None|float,
                         "active": bool, "suspended": bool, "children": [ids]|None,
                         "objectives": {objective id: OBJECTIVE}}}}

OBJECTIVE is ``{"satisfied": None|bool, "measure": None|float, "raw", "min", "max",
"completion": None|bool, "progress_measure": None|float}`` (None: unknown). Global objectives
(``Engine.globals``, ``{target id: OBJECTIVE}``) are shared by the learner's packages; the
engine reads and writes them through the objectives' ``mapInfo`` (SN 3.10.2, 4th Edition's
``adlseq:mapInfo`` for scores, completion and progress).

Three-valued logic: a rule condition evaluates to True, False or None (unknown); "not" keeps
unknown unknown; a rule applies only when its conditions are True.
"""

import copy
import random
from dataclasses import dataclass, field
from urllib.parse import unquote

from sequencing.durations import duration_seconds

FORWARD, BACKWARD = "forward", "backward"

OBJECTIVE_FIELDS = ("satisfied", "measure", "raw", "min", "max", "completion", "progress_measure")


def same_id(identifier: str) -> str:
    """An identifier (xs:anyURI) as compared: percent-decoded, white space collapsed."""
    return " ".join(unquote(identifier or "").split())


def _copy_document(value):
    """A copy of a JSON document (the state, the global objectives: dicts, lists and
    immutable scalars), as ``copy.deepcopy`` makes it, several times faster."""
    if isinstance(value, dict):
        return {key: _copy_document(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy_document(item) for item in value]
    if isinstance(value, (str, int, float, type(None))):  # bool is an int
        return value
    return copy.deepcopy(value)


def _new_objective() -> dict:
    return dict.fromkeys(OBJECTIVE_FIELDS)


def _new_activity_state() -> dict:
    return {
        "attempt_count": 0,
        "progress_status": False,
        "completed": None,
        "progress_measure": None,
        "active": False,
        "suspended": False,
        "children": None,
        "objectives": {},
    }


class Activity:
    """One node of the activity tree: its definition (``seq``) and, through the engine, its
    tracking state (``state``)."""

    def __init__(self, node: dict, parent: "Activity | None", engine: "Engine"):
        self.id: str = node["id"]
        self.title: str = node.get("title", self.id)
        self.launchable: bool = node.get("launchable", False)
        self.visible: bool = node.get("visible", True)
        self.seq: dict = node["seq"]
        self.parent = parent
        self.engine = engine
        self.all_children = [Activity(child, self, engine) for child in node.get("children", [])]

    def __repr__(self):
        return f"<Activity {self.id}>"

    @property
    def state(self) -> dict:
        return self.engine.state["activities"][self.id]

    @property
    def is_leaf(self) -> bool:
        return not self.all_children

    @property
    def children(self) -> list["Activity"]:
        """The available children (after selection and randomisation, SN 4.7)."""
        ids = self.state["children"]
        if ids is None:
            return self.all_children
        by_id = {child.id: child for child in self.all_children}
        return [by_id[i] for i in ids if i in by_id]

    @property
    def control(self) -> dict:
        return self.seq["control"]

    @property
    def tracked(self) -> bool:
        return self.seq["delivery"]["tracked"]

    @property
    def primary(self) -> dict:
        return self.seq["objectives"][0]

    def objective(self, objective_id: str) -> dict | None:
        """The objective with this id (ids compared as URIs: percent-decoded, white space
        collapsed), the primary one for an empty id."""
        if not objective_id:
            return self.primary
        wanted = same_id(objective_id)
        for objective in self.seq["objectives"]:
            if objective["id"] == objective_id or same_id(objective["id"]) == wanted:
                return objective
        return None

    def ancestors(self, *, inclusive: bool = True) -> list["Activity"]:
        """From this activity (or its parent) up to the root."""
        path, node = [], self if inclusive else self.parent
        while node is not None:
            path.append(node)
            node = node.parent
        return path


@dataclass
class Outcome:
    """What a navigation request came to: the activity to deliver, the end of the sequencing
    session, or the exception (a code of the SN book) that refused it."""

    valid: bool = True
    deliver: str | None = None
    end_session: bool = False
    exception: str | None = None
    request: str = ""
    target: str | None = None
    log: list = field(default_factory=list)


class SequencingError(Exception):
    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


class Engine:
    """The SN processes over one learner's activity tree.

    ``definition``: ``scorm.sequencing.definition.sequencing_tree``'s dict; ``state``: the
    attempt's saved state (None: a new one); ``globals``: the learner's global objectives
    (mutated in place). ``rng``: the randomness of selection and randomisation (tests seed it).
    """

    def __init__(
        self,
        definition: dict,
        state: dict | None = None,
        globals_: dict | None = None,
        rng: random.Random | None = None,
    ):
        self.definition = definition
        self.state = state if state is not None else {}
        self.state.setdefault("current", None)
        self.state.setdefault("suspended", None)
        self.state.setdefault("activities", {})
        self.globals = globals_ if globals_ is not None else {}
        self.rng = rng or random.Random()
        self._rolling_up: Activity | None = None
        self._written: set[str] = set()  # global objectives changed since the last rollup
        self.root = Activity(definition["root"], None, self)
        self.by_id: dict[str, Activity] = {}
        for activity in self._preorder(self.root, available=False):
            self.by_id[activity.id] = activity
            self.state["activities"].setdefault(activity.id, _new_activity_state())
        for activity in self.by_id.values():
            if activity.state["children"] is None and not activity.is_leaf:
                activity.state["children"] = [child.id for child in activity.all_children]
                # Selection and randomisation "once": when the tree is first built (SN 4.7).
                self.select_children_process(activity, first=True)
                self.randomize_children_process(activity, first=True)

    # --- the tree ---------------------------------------------------------------------------

    def _preorder(self, activity: Activity, *, available: bool = True):
        yield activity
        for child in activity.children if available else activity.all_children:
            yield from self._preorder(child, available=available)

    def preorder(self) -> list[Activity]:
        """The available activities in preorder (the flow order)."""
        return list(self._preorder(self.root))

    @property
    def current(self) -> Activity | None:
        return self.by_id.get(self.state["current"]) if self.state["current"] else None

    @current.setter
    def current(self, activity: Activity | None):
        self.state["current"] = activity.id if activity else None

    @property
    def suspended_activity(self) -> Activity | None:
        ident = self.state["suspended"]
        return self.by_id.get(ident) if ident else None

    @suspended_activity.setter
    def suspended_activity(self, activity: Activity | None):
        self.state["suspended"] = activity.id if activity else None

    @staticmethod
    def common_ancestor(a: Activity, b: Activity) -> Activity:
        seen = {id(x) for x in a.ancestors()}
        for node in b.ancestors():
            if id(node) in seen:
                return node
        return a.ancestors()[-1]

    def _is_available(self, activity: Activity) -> bool:
        node = activity
        while node.parent is not None:
            if node not in node.parent.children:
                return False
            node = node.parent
        return True

    # --- tracking: objectives read and written through their maps (SN 3.10, 4.2.1) --------

    def _local(self, activity: Activity, objective: dict) -> dict:
        return activity.state["objectives"].setdefault(objective["id"], _new_objective())

    def _read(self, activity: Activity, objective: dict, name: str, flag: str):
        # An activity that is not tracked has no tracking information, shared or not.
        # SN 3.10.2 / 4.2.1 (objective map read): the value is retrieved from the first
        # global objective its maps read it from, whenever it is needed: one that has none
        # makes it unknown, whatever the local objective holds (CTS CM-13: activity 2's own
        # default "satisfied" from UP.4 does not hide it from choice while the global
        # objective it reads is unknown).
        for info in objective["maps"] if activity.tracked else []:
            if info.get(flag):
                shared = self.globals.get(info["target"])
                return None if shared is None else shared.get(name)
        return self._local(activity, objective)[name]

    def _hidden_from_rollup(self, activity: Activity, kind: str) -> bool:
        """While a parent rolls up: a child's status from an earlier attempt of the parent
        counts as unknown (useCurrentAttempt*Info)."""
        parent = self._rolling_up
        if parent is None or activity.parent is not parent or not activity.state.get("stale"):
            return False
        return parent.control[f"use_current_attempt_{kind}_info"]

    def satisfied(self, activity: Activity, objective: dict | None = None):
        """The objective's satisfied status: True, False or None (unknown)."""
        if self._hidden_from_rollup(activity, "objective"):
            return None
        objective = objective or activity.primary
        if objective["satisfied_by_measure"]:
            # RB.1.2a: the measure alone decides (read through the maps like any value);
            # unknown without one, or while active unless measureSatisfactionIfActive.
            if (
                activity.state["active"]
                and not activity.seq["considerations"]["measure_satisfaction_if_active"]
            ):
                return None
            measure = self.measure(activity, objective)
            return None if measure is None else measure >= objective["min_normalized_measure"]
        return self._read(activity, objective, "satisfied", "read_satisfied_status")

    def measure(self, activity: Activity, objective: dict | None = None):
        """The objective's normalized measure (-1..1) or None."""
        if self._hidden_from_rollup(activity, "objective"):
            return None
        objective = objective or activity.primary
        return self._read(activity, objective, "measure", "read_normalized_measure")

    def completed(self, activity: Activity):
        """The attempt's completion status: True, False (incomplete) or None (unknown);
        by the progress measure when the activity is completed by measure (4th Edition)."""
        if self._hidden_from_rollup(activity, "progress"):
            return None
        if activity.seq["completed_by_measure"] and activity.is_leaf:
            # SN 4th Ed. RB.1.3a / RTE 4.2.4.1: completed by measure, the progress measure
            # decides; without one, only what the content itself reported counts, not a
            # completion status read from a shared objective (CTS CO-04b).
            amount = self.progress_measure(activity)
            if amount is None:
                return activity.state["completed"]
            return amount >= activity.seq["min_progress_measure"]
        for info in activity.primary["maps"] if activity.tracked else []:
            if info.get("read_completion_status"):
                shared = self.globals.get(info["target"])
                if shared is not None and shared.get("completion") is not None:
                    return shared["completion"]
        return activity.state["completed"]

    def _completion_of(self, activity: Activity, objective: dict):
        """Completion for a rule condition: the activity's, or (4th Edition) that of the
        referenced objective, read through its maps."""
        if objective["primary"]:
            return self.completed(activity)
        return self._read(activity, objective, "completion", "read_completion_status")

    def progress_measure(self, activity: Activity):
        if self._hidden_from_rollup(activity, "progress"):
            return None
        # An activity that is not tracked reads no shared objective (SN deliveryControls tracked).
        for info in activity.primary["maps"] if activity.tracked else []:
            if info.get("read_progress_measure"):
                shared = self.globals.get(info["target"])
                if shared is not None and shared.get("progress_measure") is not None:
                    return shared["progress_measure"]
        return activity.state["progress_measure"]

    def set_objective(self, activity: Activity, objective: dict, **values) -> None:
        """Set local values of an objective and write them to the global objectives its maps
        allow (``satisfied``, ``measure``, ``raw``, ``min``, ``max``, ``completion``,
        ``progress_measure``; None is "unknown")."""
        local = self._local(activity, objective)
        local.update(values)
        flags = {
            "satisfied": "write_satisfied_status",
            "measure": "write_normalized_measure",
            "raw": "write_raw_score",
            "min": "write_min_score",
            "max": "write_max_score",
            "completion": "write_completion_status",
            "progress_measure": "write_progress_measure",
        }
        for info in objective["maps"]:
            for name, value in values.items():
                if info.get(flags[name]):
                    shared = self.globals.setdefault(info["target"], _new_objective())
                    if shared.get(name) != value:
                        self._written.add(info["target"])
                    shared[name] = value

    def set_completion(self, activity: Activity, completed, progress_measure="keep") -> None:
        activity.state["completed"] = completed
        values = {"completion": completed}
        if progress_measure != "keep":
            activity.state["progress_measure"] = progress_measure
            values["progress_measure"] = progress_measure
        self.set_objective(activity, activity.primary, **values)

    # --- rule conditions (SN 3.4, 3.7) -----------------------------------------------------

    def evaluate_condition(self, activity: Activity, condition: dict):
        name = condition["condition"]
        objective = activity.objective(condition.get("objective", ""))
        if objective is None:
            objective = activity.primary
        state = activity.state
        if name == "always":
            value = True
        elif name == "never":
            value = False
        elif name == "satisfied":
            value = self.satisfied(activity, objective)
        elif name == "objectiveStatusKnown":
            value = self.satisfied(activity, objective) is not None
        elif name == "objectiveMeasureKnown":
            value = self.measure(activity, objective) is not None
        elif name in ("objectiveMeasureGreaterThan", "objectiveMeasureLessThan"):
            measure = self.measure(activity, objective)
            threshold = condition.get("threshold", 0.0)
            if measure is None:
                value = None
            elif name == "objectiveMeasureGreaterThan":
                value = measure > threshold
            else:
                value = measure < threshold
        elif name == "completed":
            value = self._completion_of(activity, objective)
        elif name == "activityProgressKnown":
            value = self._completion_of(activity, objective) is not None
        elif name == "attempted":
            value = state["attempt_count"] > 0
        elif name == "attemptLimitExceeded":
            limit = activity.seq["attempt_limit"]
            value = bool(limit) and state["progress_status"] and state["attempt_count"] >= limit
        elif name == "timeLimitExceeded":
            value = self.attempt_duration_exceeded(activity)
        else:  # outsideAvailableTimeRange: no begin/end time limits are enforced
            value = False
        if condition.get("operator") == "not" and value is not None:
            value = not value
        return value

    @staticmethod
    def _combine(values: list, combination: str):
        if combination == "any":
            if any(v is True for v in values):
                return True
            return None if any(v is None for v in values) else False
        if any(v is False for v in values):
            return False
        return None if any(v is None for v in values) else True

    def sequencing_rule_check_subprocess(self, activity: Activity, rule: dict) -> bool:
        """UP.2.1: whether the rule's conditions hold for the activity (unknown is not)."""
        values = [self.evaluate_condition(activity, c) for c in rule["conditions"]]
        return self._combine(values, rule.get("combination", "all")) is True

    def sequencing_rules_check_process(self, activity: Activity, kind: str, actions) -> str | None:
        """UP.2: the action of the first rule of ``kind`` ("pre", "exit", "post") among
        ``actions`` whose conditions hold, else None."""
        for rule in activity.seq["rules"][kind]:
            if rule["action"] in actions and self.sequencing_rule_check_subprocess(activity, rule):
                return rule["action"]
        return None

    # --- utility processes ------------------------------------------------------------------

    def limit_conditions_check_process(self, activity: Activity) -> bool:
        """UP.1: True when the activity's limit conditions are violated: the attempt limit,
        or the attempt absolute duration limit (SN 3.3.2, ``attemptAbsoluteDurationLimit``;
        3rd Edition's UP.1 step 4, kept optional by the 4th) once the attempt reached it."""
        if not activity.tracked:
            return False
        state = activity.state
        if state["active"] or state["suspended"]:
            return False
        limit = activity.seq["attempt_limit"]
        if limit and state["progress_status"] and state["attempt_count"] >= limit:
            return True
        return self.attempt_duration_exceeded(activity)

    def attempt_duration(self, activity: Activity) -> float:
        """Seconds of the activity's current (or last) attempt: the content's sessions in it,
        as its cmi.session_time reported them (leaves only; a cluster's is 0)."""
        state = activity.state
        return state.get("duration_done", 0.0) + state.get("session_seconds", 0.0)

    def attempt_duration_exceeded(self, activity: Activity) -> bool:
        """Whether the attempt's absolute duration reached ``attemptAbsoluteDurationLimit``
        (SN 3.3.2; an ISO 8601 duration, unset or unreadable: no limit)."""
        limit = duration_seconds(activity.seq.get("attempt_duration_limit") or "")
        if not limit or not activity.state["progress_status"]:
            return False
        return self.attempt_duration(activity) >= limit

    def check_activity_process(self, activity: Activity) -> bool:
        """UP.5: True when the activity is disabled or its limit conditions are violated."""
        if self.sequencing_rules_check_process(activity, "pre", ("disabled",)):
            return True
        return self.limit_conditions_check_process(activity)

    def terminate_descendent_attempts_process(self, activity: Activity) -> None:
        """UP.3: end the attempts of the current activity's ancestors below the common
        ancestor of the current activity and ``activity``."""
        current = self.current
        if current is None:
            return
        common = self.common_ancestor(current, activity)
        for node in current.ancestors():
            if node is common:
                break
            self.end_attempt_process(node)

    def end_attempt_process(self, activity: Activity) -> None:
        """UP.4: end the activity's attempt, with the statuses its content did not set."""
        state = activity.state
        if activity.is_leaf:
            if activity.tracked and not state["suspended"]:
                delivery = activity.seq["delivery"]
                # What the content stated, even "unknown", is not overridden (as ADL's
                # reference implementation and its test suite have it).
                if (
                    not delivery["completion_set_by_content"]
                    and not activity.seq["completed_by_measure"]
                    and not state.get("content_completion")
                    and state["completed"] is None
                ):
                    self.set_completion(activity, True)
                if not delivery["objective_set_by_content"] and not state.get("content_success"):
                    # "If the Objective Progress Status is False": the status as the primary
                    # objective has it, read through its maps (SN 4.2.1 objective map read,
                    # UP.4): one read from a shared global objective is not overridden (CTS
                    # OB-17b: activity 2 leaves the status activity 1 wrote as it is).
                    primary = activity.primary
                    if self._read(activity, primary, "satisfied", "read_satisfied_status") is None:
                        self.set_objective(activity, primary, satisfied=True)
        else:
            state["suspended"] = any(child.state["suspended"] for child in activity.all_children)
        state["active"] = False
        self.overall_rollup_process(activity)

    # --- rollup (RB) -------------------------------------------------------------------------

    def measure_rollup_process(self, activity: Activity) -> None:
        """RB.1.1: the primary objective's measure, the weighted average of the tracked
        children's measures."""
        total, counted, valid = 0.0, 0.0, False
        for child in activity.children:
            if not child.tracked:
                continue
            weight = child.seq["rollup"]["objective_measure_weight"]
            counted += weight
            measure = self.measure(child)
            if measure is not None:
                valid = True
                total += measure * weight
        if not valid or counted <= 0:
            self.set_objective(activity, activity.primary, measure=None)
        else:
            self.set_objective(activity, activity.primary, measure=total / counted)

    def completion_measure_rollup_process(self, activity: Activity) -> None:
        """RB.1.1b: the attempt's completion amount, the children's progress measures
        weighted by their progressWeight."""
        total, counted, valid = 0.0, 0.0, False
        for child in activity.children:
            if not child.tracked:
                continue
            weight = child.seq["progress_weight"]
            counted += weight
            amount = self.progress_measure(child)
            if amount is not None:
                valid = True
                total += amount * weight
        activity.state["progress_measure"] = total / counted if valid and counted > 0 else None

    def check_child_for_rollup_subprocess(self, child: Activity, action: str) -> bool:
        """RB.1.4.2: whether the child counts in its parent's rollup for ``action``."""
        state = child.state
        considerations = child.seq["considerations"]
        if action in ("satisfied", "notSatisfied"):
            if not child.seq["rollup"]["objective_satisfied"]:
                return False
            required = considerations["satisfied" if action == "satisfied" else "not_satisfied"]
        else:
            if not child.seq["rollup"]["progress_completion"]:
                return False
            required = considerations["completed" if action == "completed" else "incomplete"]
        if required == "ifNotSuspended":
            if not state["progress_status"] or (state["attempt_count"] > 0 and state["suspended"]):
                return False
        elif required == "ifAttempted":
            if not state["progress_status"] or state["attempt_count"] == 0:
                return False
        elif required == "ifNotSkipped":
            return not self.sequencing_rules_check_process(child, "pre", ("skip",))
        return True

    def evaluate_rollup_conditions_subprocess(self, child: Activity, rule: dict):
        """RB.1.4.1: the rule's conditions for one child: True, False or None."""
        values = [self.evaluate_condition(child, c) for c in rule["conditions"]]
        return self._combine(values, rule.get("combination", "any"))

    def rollup_rule_check_subprocess(self, activity: Activity, action: str, rules=None) -> bool:
        """RB.1.4: whether a rollup rule with ``action`` applies to the activity."""
        rules = activity.seq["rollup"]["rules"] if rules is None else rules
        for rule in rules:
            if rule["action"] != action:
                continue
            bag = [
                self.evaluate_rollup_conditions_subprocess(child, rule)
                for child in activity.children
                if child.tracked and self.check_child_for_rollup_subprocess(child, action)
            ]
            if not bag and rule.get("child_set", "all") not in ("all", "none"):
                continue
            trues = sum(1 for v in bag if v is True)
            child_set = rule.get("child_set", "all")
            if child_set == "all":
                applies = trues == len(bag)
            elif child_set == "any":
                applies = trues > 0
            elif child_set == "none":
                applies = all(v is False for v in bag)
            elif child_set == "atLeastCount":
                applies = trues >= rule.get("minimum_count", 0)
            elif child_set == "atLeastPercent":
                applies = bool(bag) and trues / len(bag) >= rule.get("minimum_percent", 0.0)
            else:
                applies = False
            if applies:
                return True
        return False

    DEFAULT_SATISFACTION_RULES = [
        {
            "child_set": "all",
            "combination": "any",
            "action": "notSatisfied",
            "conditions": [{"condition": "objectiveStatusKnown", "operator": "noOp"}],
        },
        {
            "child_set": "all",
            "combination": "any",
            "action": "satisfied",
            "conditions": [{"condition": "satisfied", "operator": "noOp"}],
        },
    ]
    DEFAULT_PROGRESS_RULES = [
        {
            "child_set": "all",
            "combination": "any",
            "action": "incomplete",
            "conditions": [{"condition": "activityProgressKnown", "operator": "noOp"}],
        },
        {
            "child_set": "all",
            "combination": "any",
            "action": "completed",
            "conditions": [{"condition": "completed", "operator": "noOp"}],
        },
    ]

    def objective_rollup_using_measure_process(self, activity: Activity) -> None:
        """RB.1.2a: satisfied when the measure reaches the minimum normalized measure."""
        primary = activity.primary
        measure = self.measure(activity)
        if (
            measure is None
            or activity.state["active"]
            and not activity.seq["considerations"]["measure_satisfaction_if_active"]
        ):
            self.set_objective(activity, primary, satisfied=None)
        else:
            self.set_objective(
                activity, primary, satisfied=measure >= primary["min_normalized_measure"]
            )

    def objective_rollup_using_rules_process(self, activity: Activity) -> None:
        """RB.1.2b (and the default rules of SN 4.6.6, RB.1.2c, when the activity states no
        satisfaction rule): notSatisfied, then satisfied, rules."""
        rules = activity.seq["rollup"]["rules"]
        if not any(r["action"] in ("satisfied", "notSatisfied") for r in rules):
            rules = self.DEFAULT_SATISFACTION_RULES
        # Neither rule applying leaves the status as it was (RB.1.2b).
        if self.rollup_rule_check_subprocess(activity, "notSatisfied", rules):
            self.set_objective(activity, activity.primary, satisfied=False)
        if self.rollup_rule_check_subprocess(activity, "satisfied", rules):
            self.set_objective(activity, activity.primary, satisfied=True)

    def objective_rollup_process(self, activity: Activity) -> None:
        """RB.1.2: by measure when the primary objective is satisfied by measure, else by
        the rollup rules."""
        if activity.primary["satisfied_by_measure"]:
            self.objective_rollup_using_measure_process(activity)
        else:
            self.objective_rollup_using_rules_process(activity)

    def activity_progress_rollup_process(self, activity: Activity) -> None:
        """RB.1.3: completion by measure (RB.1.3a, completedByMeasure) or by the rollup
        rules (RB.1.3b, the default rules when none is stated)."""
        if activity.seq["completed_by_measure"]:
            # The attempt completion amount, read from a global objective where the map says
            # so (adlseq:mapInfo readProgressMeasure; SN 4th Ed. RB.1.3a; CTS CO-12d).
            amount = self.progress_measure(activity)
            value = None if amount is None else amount >= activity.seq["min_progress_measure"]
            self.set_completion(activity, value)
            return
        rules = activity.seq["rollup"]["rules"]
        if not any(r["action"] in ("completed", "incomplete") for r in rules):
            rules = self.DEFAULT_PROGRESS_RULES
        # Neither rule applying leaves the status as it was (RB.1.3b).
        if self.rollup_rule_check_subprocess(activity, "incomplete", rules):
            self.set_completion(activity, False)
        if self.rollup_rule_check_subprocess(activity, "completed", rules):
            self.set_completion(activity, True)

    def rollup_global_readers(self) -> None:
        """Roll up again the clusters whose descendants read global objectives that changed
        (SN 4.6: shared objectives affect other activities' rollup). Bounded rounds."""
        for _round in range(5):
            if not self._written:
                return
            changed, self._written = self._written, set()
            for activity in self.by_id.values():
                if activity.parent is None:
                    continue
                reads = any(
                    info["target"] in changed
                    for objective in activity.seq["objectives"]
                    for info in objective["maps"]
                    if any(v for k, v in info.items() if k.startswith("read_"))
                )
                if reads:
                    self.overall_rollup_process(activity.parent)

    def overall_rollup_process(self, activity: Activity) -> None:
        """RB.1.5: roll the tracking status up from the activity to the root."""
        for node in activity.ancestors():
            self.rollup_activity(node)

    def rollup_activity(self, node: Activity) -> None:
        """One step of RB.1.5's loop, for one activity: RB.1.1, RB.1.1b, RB.1.2, RB.1.3 from
        its children's tracking status (nothing for a leaf). A caller that rolls up a whole
        tree in postorder runs each cluster's step once (``learnpaths.sequencing``)."""
        # An untracked cluster keeps no tracking status (SN deliveryControls tracked="false"):
        # nothing is rolled up into it, and its rules see its statuses unknown (CTS RU-10).
        if node.is_leaf or not node.tracked:
            return
        self._rolling_up = node
        try:
            self.measure_rollup_process(node)
            self.completion_measure_rollup_process(node)
            self.objective_rollup_process(node)
            self.activity_progress_rollup_process(node)
        finally:
            self._rolling_up = None

    # --- selection and randomisation (SR) ---------------------------------------------------

    def select_children_process(self, activity: Activity, *, first: bool = False) -> None:
        """SR.1: keep ``selectCount`` children, in their order, once or on each new attempt."""
        random_ = activity.seq["randomization"]
        timing, count = random_["selection_timing"], random_["select_count"]
        if activity.is_leaf or activity.state["active"] or activity.state["suspended"]:
            return
        if timing == "never" or count is None or (timing == "once" and not first):
            return
        if count < len(activity.all_children):
            chosen = set(self.rng.sample(range(len(activity.all_children)), count))
            activity.state["children"] = [
                c.id for i, c in enumerate(activity.all_children) if i in chosen
            ]

    def randomize_children_process(self, activity: Activity, *, first: bool = False) -> None:
        """SR.2: shuffle the available children, once or on each new attempt."""
        random_ = activity.seq["randomization"]
        timing = random_["randomization_timing"]
        if activity.is_leaf or activity.state["active"] or activity.state["suspended"]:
            return
        if timing == "never" or not random_["reorder_children"] or (timing == "once" and not first):
            return
        ids = list(activity.state["children"])
        self.rng.shuffle(ids)
        activity.state["children"] = ids

    # --- navigation (NB) ---------------------------------------------------------------------

    def navigation_request_process(self, request: str, target: str | None = None):
        """NB.2.1: (termination request, sequencing request, target); raises
        SequencingError with the NB.2.1 code when the request is not valid now."""
        current = self.current
        if request == "start":
            if current is not None:
                raise SequencingError("NB.2.1-1")
            return None, "start"
        if request == "resumeAll":
            if current is not None:
                raise SequencingError("NB.2.1-1")
            if self.suspended_activity is None:
                raise SequencingError("NB.2.1-3")
            return None, "resumeAll"
        if request == "continue":
            if current is None:
                raise SequencingError("NB.2.1-2")
            if current.parent is not None and current.parent.control["flow"]:
                return ("exit" if current.state["active"] else None), "continue"
            raise SequencingError("NB.2.1-4")
        if request == "previous":
            if current is None:
                raise SequencingError("NB.2.1-2")
            if current.parent is None:
                raise SequencingError("NB.2.1-6")
            parent = current.parent
            if parent.control["flow"] and not parent.control["forward_only"]:
                return ("exit" if current.state["active"] else None), "previous"
            raise SequencingError("NB.2.1-5")
        if request in ("forward", "backward"):
            raise SequencingError("NB.2.1-7")
        if request == "choice":
            activity = self.by_id.get(target or "")
            if activity is None or not self._is_available(activity):
                raise SequencingError("NB.2.1-11")
            if activity.parent is not None and not activity.parent.control["choice"]:
                raise SequencingError("NB.2.1-10")
            if current is None:
                return None, "choice"
            if current.parent is not activity.parent:
                common = self.common_ancestor(current, activity)
                for node in current.ancestors():
                    if node is common:
                        break
                    if node.state["active"] and not node.control["choice_exit"]:
                        raise SequencingError("NB.2.1-8")
            return ("exit" if current.state["active"] else None), "choice"
        if request == "jump":
            activity = self.by_id.get(target or "")
            if activity is None or not self._is_available(activity):
                raise SequencingError("NB.2.1-11")
            if current is None:
                raise SequencingError("NB.2.1-2")
            return ("exit" if current.state["active"] else None), "jump"
        if request in ("exit", "abandon"):
            if current is None:
                raise SequencingError("NB.2.1-2")
            if not current.state["active"]:
                raise SequencingError("NB.2.1-12")
            return request, "exit"
        if request in ("exitAll", "abandonAll", "suspendAll"):
            if current is None:
                raise SequencingError("NB.2.1-2")
            return request, "exit"
        raise SequencingError("NB.2.1-13")

    # --- termination (TB) --------------------------------------------------------------------

    def sequencing_exit_action_rules_subprocess(self) -> None:
        """TB.2.1: the exit rules of the current activity's ancestors, from the root down."""
        current = self.current
        for node in reversed(current.ancestors(inclusive=False)):
            if self.sequencing_rules_check_process(node, "exit", ("exit",)):
                self.terminate_descendent_attempts_process(node)
                self.end_attempt_process(node)
                self.current = node
                return

    def sequencing_post_condition_rules_subprocess(self):
        """TB.2.2: (termination request, sequencing request) a post-condition rule asks."""
        current = self.current
        if current.state["suspended"]:
            return None, None
        action = self.sequencing_rules_check_process(
            current, "post", ("exitParent", "exitAll", "retry", "retryAll", "continue", "previous")
        )
        if action in ("retry", "continue", "previous"):
            return None, action
        if action in ("exitParent", "exitAll"):
            return action, None
        if action == "retryAll":
            return "exitAll", "retry"
        return None, None

    def termination_request_process(self, request: str) -> str | None:
        """TB.2.3: end the current attempt(s); returns the sequencing request that replaces
        the pending one, if any; raises SequencingError."""
        current = self.current
        if current is None:
            raise SequencingError("TB.2.3-1")
        if request in ("exit", "abandon") and not current.state["active"]:
            raise SequencingError("TB.2.3-2")
        if request == "exit":
            self.end_attempt_process(current)
            self.sequencing_exit_action_rules_subprocess()
            while True:
                processed_exit = False
                termination, sequencing = self.sequencing_post_condition_rules_subprocess()
                if termination == "exitAll":
                    return self._exit_all(sequencing)
                if termination == "exitParent":
                    if self.current.parent is not None:
                        self.current = self.current.parent
                        self.end_attempt_process(self.current)
                        processed_exit = True
                    else:
                        raise SequencingError("TB.2.3-4")
                else:
                    if self.current is self.root and sequencing != "retry":
                        return "exit"
                    return sequencing
                if not processed_exit:
                    return None
        if request == "exitAll":
            return self._exit_all(None)
        if request == "suspendAll":
            if not (current.state["active"] or current.state["suspended"]):
                raise SequencingError("TB.2.3-3")
            self.overall_rollup_process(current)
            self.suspended_activity = current
            current.state["suspended"] = True
            current.state["active"] = False
            for node in current.ancestors(inclusive=False):
                node.state["active"] = False
                node.state["suspended"] = True
            self.current = self.root
            return "exit"
        if request == "abandon":
            current.state["active"] = False
            return None
        if request == "abandonAll":
            for node in current.ancestors():
                node.state["active"] = False
            self.current = self.root
            return "exit"
        raise SequencingError("TB.2.3-7")

    def _exit_all(self, sequencing: str | None) -> str:
        current = self.current
        if current.state["active"]:
            self.end_attempt_process(current)
        self.terminate_descendent_attempts_process(self.root)
        self.end_attempt_process(self.root)
        self.current = self.root
        return sequencing or "exit"

    # --- flow (SB.2.1 - SB.2.3) --------------------------------------------------------------

    def _last_in_preorder(self, activity: Activity) -> bool:
        node = self.root
        while node.children:
            node = node.children[-1]
        return node is activity

    def flow_tree_traversal_subprocess(
        self, activity, direction, previous_direction, consider_children
    ):
        """SB.2.1: (next activity or None, direction it was found in, end of session,
        exception)."""
        reversed_direction = False
        parent = activity.parent
        if (
            previous_direction == BACKWARD
            and parent is not None
            and parent.children
            and parent.children[-1] is activity
        ):
            direction = BACKWARD
            activity = parent.children[0]
            reversed_direction = True
        if direction == FORWARD:
            if self._last_in_preorder(activity) or (
                activity is self.root and not consider_children
            ):
                self.terminate_descendent_attempts_process(self.root)
                return None, direction, True, None
            if activity.is_leaf or not consider_children:
                siblings = activity.parent.children
                if siblings and siblings[-1] is activity:
                    return self.flow_tree_traversal_subprocess(
                        activity.parent, FORWARD, None, False
                    )
                return siblings[siblings.index(activity) + 1], direction, False, None
            if activity.children:
                return activity.children[0], direction, False, None
            return None, direction, False, "SB.2.1-2"
        if activity is self.root:
            return None, direction, False, "SB.2.1-3"
        if activity.is_leaf or not consider_children:
            if not reversed_direction and activity.parent.control["forward_only"]:
                return None, direction, False, "SB.2.1-4"
            siblings = activity.parent.children
            if siblings and siblings[0] is activity:
                return self.flow_tree_traversal_subprocess(activity.parent, BACKWARD, None, False)
            return siblings[siblings.index(activity) - 1], direction, False, None
        if activity.children:
            if activity.control["forward_only"]:
                return activity.children[0], FORWARD, False, None
            return activity.children[-1], BACKWARD, False, None
        return None, direction, False, "SB.2.1-2"

    def flow_activity_traversal_subprocess(self, activity, direction, previous_direction):
        """SB.2.2: (deliverable, activity, exception, end of session)."""
        parent = activity.parent
        if parent is not None and not parent.control["flow"]:
            return False, activity, "SB.2.2-1", False
        if self.sequencing_rules_check_process(activity, "pre", ("skip",)):
            following, traversal, end, exception = self.flow_tree_traversal_subprocess(
                activity, direction, previous_direction, False
            )
            if following is None:
                return False, activity, exception, end
            if previous_direction == BACKWARD and traversal == BACKWARD:
                return self.flow_activity_traversal_subprocess(following, traversal, None)
            return self.flow_activity_traversal_subprocess(following, direction, previous_direction)
        if self.check_activity_process(activity):
            return False, activity, "SB.2.2-2", False
        if not activity.is_leaf:
            following, traversal, end, exception = self.flow_tree_traversal_subprocess(
                activity, direction, None, True
            )
            if following is None:
                return False, activity, exception, end
            if direction == BACKWARD and traversal == FORWARD:
                return self.flow_activity_traversal_subprocess(following, FORWARD, BACKWARD)
            return self.flow_activity_traversal_subprocess(following, direction, None)
        return True, activity, None, False

    def flow_subprocess(self, activity, direction, consider_children):
        """SB.2.3: (deliverable, identified activity, exception, end of session)."""
        following, traversal, end, exception = self.flow_tree_traversal_subprocess(
            activity, direction, None, consider_children
        )
        if following is None:
            return False, activity, exception, end
        return self.flow_activity_traversal_subprocess(following, direction, None)

    # --- sequencing requests (SB.2.4 - SB.2.13) ----------------------------------------------

    def choice_activity_traversal_subprocess(self, activity, direction) -> str | None:
        """SB.2.4: the exception that stops choosing across the activity, or None."""
        if direction == FORWARD:
            if self.sequencing_rules_check_process(activity, "pre", ("stopForwardTraversal",)):
                return "SB.2.4-1"
            return None
        if activity.parent is None:
            return "SB.2.4-3"
        if activity.parent.control["forward_only"]:
            return "SB.2.4-2"
        return None

    def start_sequencing_request_process(self):
        """SB.2.5: (activity to deliver, end of session)."""
        if self.current is not None:
            raise SequencingError("SB.2.5-1")
        if self.root.is_leaf:
            return self.root, False
        if not self.definition.get("objectives_global_to_system", True):
            self._new_tree_attempt()
        deliverable, activity, exception, end = self.flow_subprocess(self.root, FORWARD, True)
        if not deliverable:
            if end:
                return None, True
            raise SequencingError(exception or "SB.2.5-3")
        return activity, False

    def _new_tree_attempt(self) -> None:
        """adlseq:objectivesGlobalToSystem="false" (CAM 4th Ed.): the shared objectives, and
        the tracking information that reads and writes them, belong to one attempt on the
        activity tree. When the tree's last attempt has ended (Exit All, not suspended), a
        start begins a new one from nothing, before its flow evaluates any rule, as a retry
        of the tree does (SB.2.10; CTS OB-03b: after the second relaunch activities 4 to 6,
        skipped while their shared objectives were satisfied, are delivered again; after the
        first, suspended, they stay skipped). Selection (``children``) is kept."""
        root = self.root.state
        if root["attempt_count"] == 0 or root["active"] or root["suspended"]:
            return
        self.globals.clear()
        for activity in self.by_id.values():
            children = activity.state["children"]
            self.state["activities"][activity.id] = _new_activity_state()
            activity.state["children"] = children
        self.state["suspended"] = None

    def resume_all_sequencing_request_process(self):
        """SB.2.6."""
        if self.current is not None:
            raise SequencingError("SB.2.6-1")
        if self.suspended_activity is None:
            raise SequencingError("SB.2.6-2")
        return self.suspended_activity, False

    def continue_sequencing_request_process(self):
        """SB.2.7."""
        current = self.current
        if current is None:
            raise SequencingError("SB.2.7-1")
        if current.parent is not None and not current.parent.control["flow"]:
            raise SequencingError("SB.2.7-2")
        deliverable, activity, exception, end = self.flow_subprocess(current, FORWARD, False)
        if not deliverable:
            if end:
                return None, True
            raise SequencingError(exception or "SB.2.7-2")
        return activity, False

    def previous_sequencing_request_process(self):
        """SB.2.8."""
        current = self.current
        if current is None:
            raise SequencingError("SB.2.8-1")
        if current.parent is not None and not current.parent.control["flow"]:
            raise SequencingError("SB.2.8-2")
        deliverable, activity, exception, end = self.flow_subprocess(current, BACKWARD, False)
        if not deliverable:
            raise SequencingError(exception or "SB.2.8-2")
        return activity, False

    def choice_flow_tree_traversal_subprocess(self, activity, direction):
        """SB.2.9.2: the next (previous) activity in the tree from a constrained one."""
        if direction == FORWARD:
            if activity is self.root or self._last_in_preorder(activity):
                return None
            siblings = activity.parent.children
            if siblings[-1] is activity:
                return self.choice_flow_tree_traversal_subprocess(activity.parent, FORWARD)
            return siblings[siblings.index(activity) + 1]
        if activity is self.root:
            return None
        siblings = activity.parent.children
        if siblings[0] is activity:
            return self.choice_flow_tree_traversal_subprocess(activity.parent, BACKWARD)
        return siblings[siblings.index(activity) - 1]

    def choice_flow_subprocess(self, activity, direction):
        """SB.2.9.1."""
        return self.choice_flow_tree_traversal_subprocess(activity, direction) or activity

    def _is_descendant(self, activity, ancestor) -> bool:
        return ancestor in activity.ancestors()

    def choice_sequencing_request_process(self, target_id: str):
        """SB.2.9: (activity to deliver, end of session) for a choice of ``target_id``."""
        target = self.by_id.get(target_id or "")
        if target is None:
            raise SequencingError("SB.2.9-1")
        path = list(reversed(target.ancestors()))  # root .. target
        for node in path:
            if node.parent is not None and node not in node.parent.children:
                raise SequencingError("SB.2.9-2")
        for node in path:
            if self.sequencing_rules_check_process(node, "pre", ("hiddenFromChoice",)):
                raise SequencingError("SB.2.9-3")
        if target.parent is not None and not target.parent.control["choice"]:
            raise SequencingError("SB.2.9-4")
        current = self.current
        common = self.common_ancestor(current, target) if current else self.root
        order = {a.id: i for i, a in enumerate(self.preorder())}
        if current is target:
            pass
        elif current is not None and current.parent is target.parent:
            siblings = target.parent.children
            i, j = siblings.index(current), siblings.index(target)
            if j > i:
                between, direction = siblings[i : j + 1], FORWARD
            else:
                between, direction = list(reversed(siblings[j : i + 1])), BACKWARD
            for node in between[:-1]:
                exception = self.choice_activity_traversal_subprocess(node, direction)
                if exception:
                    raise SequencingError(exception)
        elif current is None or current is common:
            path = list(reversed(target.ancestors()))
            path = path[path.index(common) :]
            for node in path[:-1]:
                exception = self.choice_activity_traversal_subprocess(node, FORWARD)
                if exception:
                    raise SequencingError(exception)
                if (
                    not node.state["active"]
                    and node is not common
                    and node.seq["prevent_activation"]
                ):
                    raise SequencingError("SB.2.9-6")
        elif target is common:
            for node in current.ancestors():
                if node is target:
                    break
                if node.state["active"] and not node.control["choice_exit"]:
                    raise SequencingError("SB.2.9-7")
        else:
            constrained = None
            for node in current.ancestors():
                if node is common:
                    break
                if node.state["active"] and not node.control["choice_exit"]:
                    raise SequencingError("SB.2.9-7")
                # A leaf's constrainChoice (CM-07d's, from a sequencingCollection) constrains
                # nothing: as ADL's reference sequencer and its test suite have it, the search
                # starts at the current activity's cluster (SN SB.2.9, constrained choice).
                if constrained is None and node.seq["constrain_choice"] and not node.is_leaf:
                    constrained = node
            if constrained is not None:
                forward = order[target.id] > order[constrained.id]
                consider = self.choice_flow_subprocess(
                    constrained, FORWARD if forward else BACKWARD
                )
                if (
                    not self._is_descendant(target, consider)
                    and target is not consider
                    and target is not constrained
                ):
                    raise SequencingError("SB.2.9-8")
            path = list(reversed(target.ancestors()))
            path = path[path.index(common) :]
            if order[target.id] > order[current.id]:
                for node in path[:-1]:
                    exception = self.choice_activity_traversal_subprocess(node, FORWARD)
                    if exception:
                        raise SequencingError(exception)
                    if (
                        not node.state["active"]
                        and node is not common
                        and node.seq["prevent_activation"]
                    ):
                        raise SequencingError("SB.2.9-6")
            else:
                for node in path:
                    if (
                        not node.state["active"]
                        and node is not common
                        and node.seq["prevent_activation"]
                    ):
                        raise SequencingError("SB.2.9-6")
        if target.is_leaf:
            return target, False
        deliverable, activity, exception, end = self.flow_subprocess(target, FORWARD, True)
        if not deliverable:
            self.terminate_descendent_attempts_process(common)
            self.end_attempt_process(common)
            self.current = target
            raise SequencingError("SB.2.9-9")
        return activity, False

    def retry_sequencing_request_process(self):
        """SB.2.10."""
        current = self.current
        if current is None:
            raise SequencingError("SB.2.10-1")
        if current.state["active"] or current.state["suspended"]:
            raise SequencingError("SB.2.10-2")
        if current is self.root and not self.definition.get("objectives_global_to_system", True):
            # adlseq:objectivesGlobalToSystem="false" (CAM 4th Ed.): the shared objectives
            # belong to the attempt on the activity tree, so a retry of the whole tree starts
            # without them, before its flow evaluates any rule (as ADL's reference sequencer
            # does; CTS RU-13d).
            self.globals.clear()
        if not current.is_leaf:
            deliverable, activity, exception, end = self.flow_subprocess(current, FORWARD, True)
            if not deliverable:
                raise SequencingError("SB.2.10-3")
            return activity, False
        return current, False

    def exit_sequencing_request_process(self):
        """SB.2.11: ends the session when the root was exited."""
        current = self.current
        if current is None:
            raise SequencingError("SB.2.11-1")
        if current.state["active"]:
            raise SequencingError("SB.2.11-2")
        if current is self.root:
            return None, True
        return None, False

    def jump_sequencing_request_process(self, target_id: str):
        """SB.2.13 (4th Edition): deliver the target, whatever the control modes."""
        if self.current is None:
            raise SequencingError("SB.2.13-1")
        return self.by_id[target_id], False

    def sequencing_request_process(self, request: str, target: str | None = None):
        """SB.2.12: (activity to deliver or None, end of session)."""
        if request == "start":
            return self.start_sequencing_request_process()
        if request == "resumeAll":
            return self.resume_all_sequencing_request_process()
        if request == "exit":
            return self.exit_sequencing_request_process()
        if request == "retry":
            return self.retry_sequencing_request_process()
        if request == "continue":
            return self.continue_sequencing_request_process()
        if request == "previous":
            return self.previous_sequencing_request_process()
        if request == "choice":
            return self.choice_sequencing_request_process(target)
        if request == "jump":
            return self.jump_sequencing_request_process(target)
        raise SequencingError("SB.2.12-1")

    # --- delivery (DB) ----------------------------------------------------------------------

    def delivery_request_process(self, activity: Activity) -> None:
        """DB.1.1: raises SequencingError unless the leaf and its ancestors may be delivered."""
        if not activity.is_leaf:
            raise SequencingError("DB.1.1-1")
        for node in reversed(activity.ancestors()):
            if self.check_activity_process(node):
                raise SequencingError("DB.1.1-3")

    def clear_suspended_activity_subprocess(self, activity: Activity) -> None:
        """DB.2.1."""
        suspended = self.suspended_activity
        if suspended is None:
            return
        common = self.common_ancestor(activity, suspended)
        for node in suspended.ancestors():
            if node.is_leaf or not any(child.state["suspended"] for child in node.all_children):
                node.state["suspended"] = False
            if node is common:
                break
        self.suspended_activity = None

    def _begin_attempt(self, activity: Activity) -> None:
        """A new attempt on the activity: its attempt's tracking information starts afresh
        (SN 4.2.1, 4.7: selection and randomisation on each new attempt)."""
        state = activity.state
        state["attempt_count"] += 1
        state["progress_status"] = True
        state["stale"] = False
        state["content_completion"] = state["content_success"] = False
        state["duration_done"] = state["session_seconds"] = 0.0
        if state["attempt_count"] > 1 or activity.is_leaf:
            state["completed"] = None
            state["progress_measure"] = None
            for objective in activity.seq["objectives"]:
                local = self._local(activity, objective)
                for name in OBJECTIVE_FIELDS:
                    local[name] = None
        if not activity.is_leaf:
            if state["attempt_count"] > 1:
                self._forget_descendants(activity)
            self.select_children_process(activity)
            self.randomize_children_process(activity)

    def _forget_descendants(self, activity: Activity) -> None:
        """A new attempt on a cluster: its descendants' statuses are from earlier attempts
        ("stale") until they are attempted again; with useCurrentAttemptObjectiveInfo and
        useCurrentAttemptProgressInfo (the defaults, SN 3.2.1) the cluster's rollup reads
        them as unknown. Their own rules still see them."""
        for child in activity.all_children:
            child.state["stale"] = True
            self._forget_descendants(child)

    def content_delivery_environment_process(self, activity: Activity) -> None:
        """DB.2: begin the attempts from the root down to the delivered leaf."""
        current = self.current
        if current is not None and current.state["active"] and current is not activity:
            raise SequencingError("DB.2-1")
        if activity is not self.suspended_activity:
            self.clear_suspended_activity_subprocess(activity)
        self.terminate_descendent_attempts_process(activity)
        # Whether this delivery resumes the leaf's suspended attempt (its SCO's run-time data
        # carries on, cmi.entry "resume", RTE 4.2.8) or begins a new one.
        resumed = activity.tracked and bool(activity.state["suspended"])
        for node in reversed(activity.ancestors()):
            if not node.state["active"]:
                if node.tracked:
                    if node.state["suspended"]:
                        node.state["suspended"] = False
                    else:
                        self._begin_attempt(node)
                node.state["active"] = True
        # A new content session begins: the last one's time stays in the attempt's duration.
        state = activity.state
        state["duration_done"] = state.get("duration_done", 0.0) + state.get("session_seconds", 0)
        state["session_seconds"] = 0.0
        state["resumed"] = resumed
        self.current = activity
        self.suspended_activity = None

    # --- the whole (OP.1) --------------------------------------------------------------------

    def overall_sequencing_process(self, request: str, target: str | None = None) -> Outcome:
        """OP.1: run one navigation request (``start``, ``resumeAll``, ``continue``,
        ``previous``, ``choice``/``jump`` with ``target``, ``exit``, ``exitAll``,
        ``suspendAll``, ``abandon``, ``abandonAll``) through navigation, termination,
        sequencing and delivery. The state changes in place, even when a later process
        refuses (as the book has it); ``Outcome`` says what to deliver."""
        outcome = Outcome(request=request, target=target)
        try:
            termination, sequencing = self.navigation_request_process(request, target)
        except SequencingError as error:
            outcome.valid, outcome.exception = False, error.code
            return outcome
        try:
            if termination:
                replaced = self.termination_request_process(termination)
                self.rollup_global_readers()
                if replaced:
                    sequencing = replaced
            if sequencing:
                activity, end = self.sequencing_request_process(sequencing, target)
                if end:
                    outcome.end_session = True
                    self.state["ended"] = True
                    return outcome
                if activity is None:
                    return outcome
                self.delivery_request_process(activity)
                self.content_delivery_environment_process(activity)
                self.state["ended"] = False
                outcome.deliver = activity.id
        except SequencingError as error:
            outcome.exception = error.code
        return outcome

    # --- questions without side effects -------------------------------------------------------

    def copy(self) -> "Engine":
        return Engine(
            self.definition,
            _copy_document(self.state),
            _copy_document(self.globals),
            rng=random.Random(0),
        )

    def request_valid(self, request: str, target: str | None = None) -> bool:
        """Whether the request would deliver an activity (or end the session, for exits)
        now: run on a copy (``adl.nav.request_valid.*``, the player's controls)."""
        return self.request_refusal(request, target) is None

    def request_refusal(self, request: str, target: str | None = None) -> str | None:
        """Why the request would fail now (run on a copy): None when it is valid, else the
        SN exception code ("SB.2.9-4"...), or "" when it would deliver nothing."""
        outcome = self.copy().overall_sequencing_process(request, target)
        if not outcome.valid or outcome.exception:
            return outcome.exception or ""
        if request in ("continue", "previous", "choice", "jump", "start", "resumeAll"):
            if outcome.deliver is not None or (request == "continue" and outcome.end_session):
                return None
            return ""
        return None

    def choice_hidden(self, activity: Activity) -> bool:
        """Hidden from choice: a hiddenFromChoice pre-condition holds on it or an ancestor,
        or selection left it out."""
        if not self._is_available(activity):
            return True
        return any(
            self.sequencing_rules_check_process(node, "pre", ("hiddenFromChoice",))
            for node in activity.ancestors()
        )

    def navigation_answers(self, *, choices: bool = True) -> dict:
        """What the player and ``adl.nav.request_valid`` say now: ``{"continue": bool,
        "previous": bool, "exitAll", "abandonAll", "suspendAll": bool, "refusals": {request:
        SN code} (those of the five not valid), "choice": {id: bool}, "hidden": {id: bool},
        "invisible": {id: bool}, "refused": {id: SN code}}``.

        ``hidden``: hidden from choice (SN 3.4.2 "hiddenFromChoice", or not selected);
        ``invisible``: ``isvisible="false"`` (CAM 3.4.1.12), kept out of the table of contents
        though flow may still deliver it; ``refused``: why a visible activity cannot be
        chosen now (the exception code of the choice, "" when it would deliver nothing).
        ``choices=False``: the five requests only, the dicts empty (each of them is a whole
        sequencing run on a copy; the choices share one copy, ``_choice_refusals``)."""
        requests = ("continue", "previous", "exitAll", "abandonAll", "suspendAll")
        refusals = {request: self.request_refusal(request) for request in requests}
        answers = {request: refusals[request] is None for request in requests}
        answers.update(choice={}, hidden={}, invisible={}, refused={})
        # Why each of the five that is not valid now is refused (the SN code, "" when it
        # would deliver nothing): the player words it beside the disabled control.
        answers["refusals"] = {r: code for r, code in refusals.items() if code is not None}
        for activity in self.preorder() if choices else ():
            if activity is self.root:
                continue
            answers["hidden"][activity.id] = self.choice_hidden(activity)
            answers["invisible"][activity.id] = not activity.visible
        shown = [a for a in answers["hidden"] if not answers["hidden"][a]]
        refusals = self._choice_refusals([self.by_id[a] for a in shown])
        for identifier, hidden in answers["hidden"].items():
            refusal = None if hidden else refusals[identifier]
            if refusal is not None:
                answers["refused"][identifier] = refusal
            answers["choice"][identifier] = not hidden and refusal is None
        return answers

    def _choice_refusals(self, targets: list[Activity]) -> dict[str, str | None]:
        """``{target id: request_refusal("choice", id)}`` (None: the choice is valid), with
        one copy of the state for all the targets instead of a sequencing run on a copy each.

        OP.1 runs a choice as NB.2.1, TB.2.3, SB.2.12 (SB.2.9), DB.1.1 and DB.2. NB.2.1's
        choice branch only reads, and the termination request it returns ("exit" when the
        current activity is active) is the same for every target; TB.2.3 (and the rollup of
        global readers after it) reads no target, nor does the sequencing request a
        post-condition rule puts in the choice's place (continue, previous, retry, exit:
        SB.2.12). So the termination runs once, on one copy; were the choice replaced, the
        one answer (``request_refusal`` of any target) is every target's. Otherwise each
        target runs on that copy: SB.2.9 checks the path (SB.2.4 Choice Activity Traversal,
        constrainChoice, preventActivation, choiceExit, hiddenFromChoice) and reads, except
        on its way to SB.2.9-9 (a flow into a cluster that ends: UP.3 and UP.4 on the common
        ancestor); DB.1.1 reads (UP.5, disabled and limit conditions); DB.2 can refuse only
        at its step 1 (DB.2-1), before it begins attempts, so no attempt is begun here. A
        target whose run changed the copy (compared with the state after the termination)
        leaves a fresh copy for the next one."""
        refusals: dict[str, str | None] = {}
        passed, termination = [], None
        for target in targets:
            try:
                termination, _sequencing = self.navigation_request_process("choice", target.id)
            except SequencingError as error:
                refusals[target.id] = error.code
            else:
                passed.append(target)
        if not passed:
            return refusals
        work = self.copy()
        if termination:
            try:
                replaced = work.termination_request_process(termination)
                work.rollup_global_readers()
            except SequencingError as error:
                return refusals | {target.id: error.code for target in passed}
            if replaced:
                refusal = self.request_refusal("choice", passed[0].id)
                return refusals | {target.id: refusal for target in passed}
        # Every objective's local record made now: reading one (``_local``) adds nothing
        # afterwards, so an unchanged state compares equal.
        for activity in work.by_id.values():
            for objective in activity.seq["objectives"]:
                work._local(activity, objective)
        state, globals_ = _copy_document(work.state), _copy_document(work.globals)
        for target in passed:
            refusals[target.id] = work._chosen_delivery_refusal(target.id)
            if work.state != state or work.globals != globals_:
                work.state, work.globals = _copy_document(state), _copy_document(globals_)
                work._written = set()
        return refusals

    def _chosen_delivery_refusal(self, target_id: str) -> str | None:
        """After the termination: why SB.2.9, DB.1.1 and DB.2's step 1 would refuse the
        choice of ``target_id`` (None: it would deliver; "" when nothing is to deliver), as
        ``overall_sequencing_process`` answers it."""
        try:
            activity, end = self.choice_sequencing_request_process(target_id)
            if end or activity is None:
                return ""
            self.delivery_request_process(activity)
        except SequencingError as error:
            return error.code
        current = self.current
        if current is not None and current.state["active"] and current is not activity:
            return "DB.2-1"  # DB.2 step 1, what content_delivery_environment_process raises
        return None

    # --- the run-time's report ---------------------------------------------------------------

    def report(self, activity_id: str, data: dict) -> None:
        """Copy what the content reported (SN 4.2.1's mapping of cmi.* onto the tracking
        model) into the activity's tracking information, then roll up. ``data`` keys, each
        optional: ``completion_status`` ("completed", "incomplete", "not attempted",
        "unknown"), ``success_status`` ("passed", "failed", "unknown"), ``score_scaled``,
        ``score_raw``, ``score_min``, ``score_max``, ``progress_measure`` (floats),
        ``exit`` ("suspend"...), ``session_seconds`` (cmi.session_time, for the attempt's
        duration), ``objectives``: [{``id``, ``success_status``,
        ``completion_status``, ``score_scaled``, ``score_raw``, ``score_min``, ``score_max``,
        ``progress_measure``}]."""
        activity = self.by_id.get(activity_id)
        if activity is None or not activity.tracked:
            return
        seq = activity.seq
        data = dict(data)
        for reported in data.get("objectives", []):
            if reported.get("id") and activity.objective(reported["id"]) is activity.primary:
                # The primary objective's cmi.objectives entry is the activity's own status
                # where cmi.* left it unset (RTE 4.2.17).
                for key, value in reported.items():
                    if key != "id":
                        data.setdefault(key, value)
        completion = data.get("completion_status")
        progress_measure = data.get("progress_measure")
        if seq["completed_by_measure"]:
            # RTE 4.2.4.1: the threshold decides; without a progress measure, unknown.
            if progress_measure is None:
                completion = "unknown"
            elif progress_measure >= seq["min_progress_measure"]:
                completion = "completed"
            else:
                completion = "incomplete"
        if "completion_status" in data or progress_measure is not None:
            value = {"completed": True, "incomplete": False, "not attempted": False}.get(
                completion or ""
            )
            self.set_completion(activity, value, progress_measure)
        primary = activity.primary
        self._report_objective(activity, primary, data)
        for reported in data.get("objectives", []):
            objective = activity.objective(reported.get("id", ""))
            if objective is not None and reported.get("id") and not objective["primary"]:
                self._report_objective(activity, objective, reported)
        if data.get("session_seconds") is not None:
            state = activity.state
            session = float(data["session_seconds"])
            if session < state.get("session_seconds", 0.0):
                # session_time only grows within a session: a smaller one is a new session
                # (the content was opened again without a delivery).
                state["duration_done"] = state.get("duration_done", 0.0) + state["session_seconds"]
            state["session_seconds"] = session
        if "exit" in data:
            activity.state["suspended"] = data["exit"] == "suspend"
        if "completion_status" in data:
            activity.state["content_completion"] = True
        if "success_status" in data:
            activity.state["content_success"] = True
        self.overall_rollup_process(activity)
        self.rollup_global_readers()

    def _report_objective(self, activity, objective, data) -> None:
        values = {}
        if "score_scaled" in data:
            values["measure"] = data["score_scaled"]
        for key in ("raw", "min", "max"):
            if f"score_{key}" in data:
                values[key] = data[f"score_{key}"]
        if "success_status" in data:
            values["satisfied"] = {"passed": True, "failed": False}.get(
                data["success_status"] or ""
            )
        if objective["satisfied_by_measure"]:
            # SN RB.1.2a and RTE 4.2.22 (the minNormalizedMeasure is the SCO's
            # cmi.scaled_passing_score): the measure decides; a success status reported
            # without one is unknown, and is not written to a global objective (CTS OB-05c).
            values.pop("satisfied", None)
            if values.get("measure") is not None:
                values["satisfied"] = values["measure"] >= objective["min_normalized_measure"]
        if not objective["primary"]:
            if "completion_status" in data:
                # SN 4.2.1's mapping, as for the activity's own completion: "not attempted"
                # is an incomplete objective (CTS CO-10: what a global objective then reads).
                values["completion"] = {
                    "completed": True,
                    "incomplete": False,
                    "not attempted": False,
                }.get(data["completion_status"] or "")
            if "progress_measure" in data:
                values["progress_measure"] = data["progress_measure"]
        if values:
            self.set_objective(activity, objective, **values)

    def runtime_objectives(self, activity_id: str) -> list[dict]:
        """The activity's objectives with an id, as cmi.objectives starts them (RTE 4.2.17,
        SN 4.2.1): ``[{"id", "success_status", "completion_status", "score_scaled",
        "score_raw", "score_min", "score_max", "progress_measure"}]`` (None: unknown)."""
        activity = self.by_id[activity_id]
        rows = []
        for objective in activity.seq["objectives"]:
            if not objective["id"]:
                continue
            satisfied = self.satisfied(activity, objective)
            local = self._local(activity, objective)

            def read(name, flag, local=local, objective=objective):
                for info in objective["maps"]:
                    if info.get(flag):
                        shared = self.globals.get(info["target"])
                        if shared is not None and shared.get(name) is not None:
                            return shared[name]
                return local[name]

            completion = read("completion", "read_completion_status")
            measure = self.measure(activity, objective)
            if not activity.tracked:
                # Untracked, the activity keeps no status of its own, but its SCO still starts
                # with what its objectives read from global objectives (RTE 4.2.17; CTS OB-10*,
                # OB-11*, OB-14*).
                measure = read("measure", "read_normalized_measure")
                satisfied = read("satisfied", "read_satisfied_status")
                if objective["satisfied_by_measure"]:
                    satisfied = (
                        None if measure is None else measure >= objective["min_normalized_measure"]
                    )
            rows.append(
                {
                    "id": same_id(objective["id"]),  # as the content writes it: decoded
                    "success_status": {True: "passed", False: "failed"}.get(satisfied, "unknown"),
                    "completion_status": {True: "completed", False: "incomplete"}.get(
                        completion, "unknown"
                    ),
                    "score_scaled": measure,
                    "score_raw": read("raw", "read_raw_score"),
                    "score_min": read("min", "read_min_score"),
                    "score_max": read("max", "read_max_score"),
                    "progress_measure": read("progress_measure", "read_progress_measure"),
                }
            )
        return rows
