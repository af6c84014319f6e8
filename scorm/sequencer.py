"""SCORM 2004 sequencing for the learning-path player: the engine (scorm.sequencing) with its
state loaded from and saved to the database.

Learning paths know nothing of SCORM: ``scorm.apps`` registers ``SEQUENCER`` for paths of
source "scorm2004" (``learnpaths.api.register_sequencer``) and the player asks it what to
deliver. Costs per request: the package (its definition), the attempt's state, the learner's
global objectives, the path's items: four queries; one or two writes.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from scorm.models import GlobalObjectives, Package, SequencingState
from scorm.runtime.datamodel import parse_timespan
from scorm.sequencing import Engine

# What the book's exception codes mean for a learner (the rest: a generic sentence).
MESSAGES = {
    "NB.2.1-4": gettext_noop("You cannot go on from here: choose an activity."),
    "NB.2.1-5": gettext_noop("Going back is not allowed here."),
    "NB.2.1-6": gettext_noop("Going back is not allowed here."),
    "NB.2.1-8": gettext_noop("You must finish this part before leaving it."),
    "NB.2.1-10": gettext_noop("This activity cannot be chosen: follow the order."),
    "SB.2.9-3": gettext_noop("This activity cannot be chosen."),
    "SB.2.9-4": gettext_noop("This activity cannot be chosen: follow the order."),
    "SB.2.9-6": gettext_noop("This activity cannot be started from here."),
    "SB.2.9-7": gettext_noop("You must finish this part before leaving it."),
    "SB.2.9-8": gettext_noop("This activity cannot be chosen yet."),
    "DB.1.1-3": gettext_noop("This activity is not available now."),
    "SB.2.4-1": gettext_noop("This activity cannot be chosen yet."),
    "SB.2.4-2": gettext_noop("Going back is not allowed here."),
}


def refusal_message(code: str | None) -> str:
    """A sentence for the learner from an SN exception code."""
    text = MESSAGES.get(code or "", gettext_noop("This navigation is not possible now."))
    return gettext(text)


@dataclass
class Session:
    """A loaded sequencing session: the engine and what to save it to."""

    engine: Engine
    row: SequencingState | None
    globals_row: GlobalObjectives | None
    ids: dict[str, int]  # activity identifier -> PathItem id
    identifiers: dict[int, str]

    def save(self) -> None:
        if self.row is not None:
            self.row.state = self.engine.state
            self.row.save(update_fields=["state", "updated_at"])
        if self.globals_row is not None:
            self.globals_row.objectives = self.engine.globals
            self.globals_row.save(update_fields=["objectives", "updated_at"])


def _scope(path, definition: dict) -> str:
    return "" if definition.get("objectives_global_to_system", True) else f"path:{path.pk}"


def load(*, path, attempt, lock: bool = False) -> Session | None:
    """The session of the learner's attempt on the path (None: not a sequenced package)."""
    package = Package.objects.filter(path_id=path.pk).only("sequencing").first()
    definition = package.sequencing if package else None
    if not definition:
        return None
    rows = path.items.exclude(identifier="").values_list("pk", "identifier")
    ids = {identifier: pk for pk, identifier in rows}
    row = globals_row = None
    state = globals_ = None
    if attempt is not None:
        states = SequencingState.objects.filter(attempt=attempt)
        shared = GlobalObjectives.objects.filter(user_id=attempt.user_id)
        if lock:
            states, shared = states.select_for_update(), shared.select_for_update()
        row = states.first() or SequencingState.objects.create(attempt=attempt, state={})
        globals_row = shared.filter(scope=_scope(path, definition)).first()
        if globals_row is None:
            globals_row = GlobalObjectives.objects.create(
                user_id=attempt.user_id, scope=_scope(path, definition), objectives={}
            )
        state, globals_ = row.state, globals_row.objectives
    engine = Engine(definition, state, globals_)
    return Session(engine, row, globals_row, ids, {pk: i for i, pk in ids.items()})


def _activity_item(session: Session, activity_id: str | None) -> int | None:
    return session.ids.get(activity_id) if activity_id else None


class Sequencer:
    """What the player asks (learnpaths.player): each method returns plain values."""

    def applies(self, path) -> bool:
        """Whether the path's package has a sequencing definition (packages imported before
        the engine existed have none: they keep the simple walk). One query, once per path
        object."""
        if not hasattr(path, "_sequenced"):
            path._sequenced = (
                Package.objects.filter(path_id=path.pk).exclude(sequencing={}).exists()
            )
        return path._sequenced

    @transaction.atomic
    def start(self, *, path, attempt) -> int | None:
        """The item to open when the learner starts or comes back: the current activity, the
        suspended one (resume all), or where a start request leads; None when the learner
        must choose."""
        session = load(path=path, attempt=attempt, lock=True)
        engine = session.engine
        if engine.current is not None and engine.current.state["active"]:
            return _activity_item(session, engine.current.id)
        engine.state["current"] = None  # a new sequencing session
        request = "resumeAll" if engine.suspended_activity is not None else "start"
        outcome = engine.overall_sequencing_process(request)
        session.save()
        return _activity_item(session, outcome.deliver)

    @transaction.atomic
    def open(self, *, path, attempt, item) -> tuple[str, int | None, str]:
        """The learner asks for ``item`` (the table of contents, an address): ("ok", item id,
        ""), ("redirect", other item id, "") or ("refused", current item id or None,
        message)."""
        session = load(path=path, attempt=attempt, lock=True)
        engine = session.engine
        identifier = session.identifiers.get(item.pk)
        current = engine.current
        if current is not None and current.id == identifier and current.state["active"]:
            return "ok", item.pk, ""
        if current is None or not current.state["active"]:
            engine.state["current"] = None
            request = "resumeAll" if engine.suspended_activity is not None else "start"
            trial = engine.copy()
            outcome = trial.overall_sequencing_process(request)
            if outcome.deliver == identifier or (outcome.deliver and request == "resumeAll"):
                engine.overall_sequencing_process(request)
                session.save()
                return (
                    "ok" if outcome.deliver == identifier else "redirect",
                    _activity_item(session, outcome.deliver),
                    "",
                )
        outcome = engine.overall_sequencing_process("choice", identifier)
        session.save()
        if outcome.deliver:
            delivered = _activity_item(session, outcome.deliver)
            return ("ok" if delivered == item.pk else "redirect"), delivered, ""
        current = engine.current
        return (
            "refused",
            _activity_item(session, current.id if current else None),
            (refusal_message(outcome.exception)),
        )

    @transaction.atomic
    def navigate(
        self, *, path, attempt, request: str, target: str = ""
    ) -> tuple[str, int | None, str]:
        """A navigation request (continue, previous, choice/jump with ``target``, exit,
        exitAll, suspendAll, abandon, abandonAll): ("deliver", item id, ""), ("end", None,
        "") when the session ended, ("refused", current item id, message), or ("none",
        current item id, "") when nothing is to be delivered."""
        session = load(path=path, attempt=attempt, lock=True)
        engine = session.engine
        outcome = engine.overall_sequencing_process(request, target or None)
        session.save()
        if outcome.deliver:
            return "deliver", _activity_item(session, outcome.deliver), ""
        if outcome.end_session or (
            outcome.valid
            and not outcome.exception
            and (request in ("exitAll", "suspendAll", "abandonAll"))
        ):
            return "end", None, ""
        current = engine.current
        current_id = _activity_item(session, current.id if current else None)
        if not outcome.valid or outcome.exception:
            return "refused", current_id, refusal_message(outcome.exception)
        return "none", current_id, ""

    def answers(self, *, path, attempt, item, choices: bool = True) -> dict:
        """What the player shows for ``item``: ``Engine.navigation_answers`` (``continue``,
        ``previous``, ``exitAll``, ``abandonAll``, ``suspendAll``: bool; ``choice``,
        ``hidden``, ``invisible``: {identifier: bool}; ``refused``: {identifier: SN code})
        plus ``hide_ui`` (the hideLMSUI values of the item and its ancestors), ``objectives``
        (runtime objectives), ``resumed`` (whether the item's last delivery resumed its
        suspended attempt) and ``reasons`` ({identifier: why it cannot be chosen, for the
        learner}). ``choices=False``: without the per-activity answers (see
        ``Engine.navigation_answers``)."""
        session = load(path=path, attempt=attempt)
        engine = session.engine
        answers = engine.navigation_answers(choices=choices)
        identifier = session.identifiers.get(item.pk)
        activity = engine.by_id.get(identifier or "")
        hide = []
        objectives = []
        answers["resumed"] = bool(activity is not None and activity.state.get("resumed"))
        if activity is not None:
            for node in activity.ancestors():
                hide.extend(node.seq.get("hide_lms_ui", []))
            objectives = engine.runtime_objectives(activity.id)
        answers["hide_ui"] = sorted(set(hide))
        answers["objectives"] = objectives
        answers["root"] = engine.root.title
        answers["reasons"] = {
            identifier: refusal_message(code) for identifier, code in answers["refused"].items()
        }
        return answers

    @transaction.atomic
    def report(self, *, path, attempt, item, data: dict) -> None:
        """What the SCO committed (``Engine.report``'s dict), into the tracking model."""
        session = load(path=path, attempt=attempt, lock=True)
        if session is None:
            return
        identifier = session.identifiers.get(item.pk)
        if identifier:
            session.engine.report(identifier, data)
            session.save()


SEQUENCER = Sequencer()


def _number(value):
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def report_from_cmi(cmi: dict) -> dict:
    """SCORM 2004 cmi.* elements ({name: value}) as ``Engine.report`` takes them (SN 4.2.1's
    mapping of the run-time data onto the tracking model)."""
    data: dict = {}
    for name in ("completion_status", "success_status", "exit"):
        if f"cmi.{name}" in cmi:
            data[name] = cmi[f"cmi.{name}"]
    session = parse_timespan(cmi.get("cmi.session_time"))
    if session is not None:
        data["session_seconds"] = session
    if "cmi.progress_measure" in cmi:
        data["progress_measure"] = _number(cmi["cmi.progress_measure"])
    for part in ("scaled", "raw", "min", "max"):
        if f"cmi.score.{part}" in cmi:
            data[f"score_{part}"] = _number(cmi[f"cmi.score.{part}"])
    objectives: dict[str, dict] = {}
    for name, value in cmi.items():
        if not name.startswith("cmi.objectives.") or name.endswith("._count"):
            continue
        index, _dot, field = name[len("cmi.objectives.") :].partition(".")
        identifier = cmi.get(f"cmi.objectives.{index}.id")
        if not identifier or not index.isdigit():
            continue
        entry = objectives.setdefault(identifier, {"id": identifier})
        if field in ("completion_status", "success_status"):
            entry[field] = value
        elif field == "progress_measure":
            entry[field] = _number(value)
        elif field.startswith("score.") and field[6:] in ("scaled", "raw", "min", "max"):
            entry[f"score_{field[6:]}"] = _number(value)
    data["objectives"] = list(objectives.values())
    return data


def request_valid_cmi(navigation: dict) -> dict:
    """adl.nav.request_valid.continue, .previous and .choice.{target=id} ("true"/"false",
    RTE 4.4.2) from ``Sequencer.answers``."""

    def word(value) -> str:
        return "true" if value else "false"

    values = {
        "adl.nav.request_valid.continue": word(navigation["continue"]),
        "adl.nav.request_valid.previous": word(navigation["previous"]),
    }
    for identifier, allowed in navigation["choice"].items():
        values[f"adl.nav.request_valid.choice.{{target={identifier}}}"] = word(allowed)
    return values


def runtime_objectives_cmi(objectives: list[dict], stored: dict) -> dict:
    """cmi.objectives.n.* to start the run-time with, from the activity's objectives as the
    tracking model has them now (``Engine.runtime_objectives``), over ``stored`` (what the
    SCO's attempt kept: {cmi element: value}). Returns the elements to set.

    RTE 4.2.17 (cmi.objectives) and SN 4.2.1: the LMS initialises the objectives the
    activity defines from its objective tracking information, which reads the shared global
    objectives through the objective's read maps (SN 3.10.2, objective map read). A resumed
    SCO therefore sees what other activities wrote to those global objectives since it last
    ran, not what it stored then: a known tracked value (a status other than unknown, a
    score, a progress measure) replaces the stored one, at the index the SCO gave the
    objective; an unknown one leaves the stored value. Objectives the SCO has not stored
    are appended after the stored ones."""
    indexes = {
        value: name[len("cmi.objectives.") : -len(".id")]
        for name, value in stored.items()
        if name.startswith("cmi.objectives.") and name.endswith(".id")
    }
    count = len(indexes)
    values = {}
    for objective in objectives:
        index = indexes.get(objective["id"])
        fresh = index is None
        if fresh:
            index, count = str(count), count + 1
            values[f"cmi.objectives.{index}.id"] = objective["id"]
        prefix = f"cmi.objectives.{index}."
        for field in ("success_status", "completion_status"):
            if fresh or objective[field] != "unknown":
                values[prefix + field] = objective[field]
        for part in ("scaled", "raw", "min", "max"):
            if objective.get(f"score_{part}") is not None:
                values[prefix + f"score.{part}"] = _plain(objective[f"score_{part}"])
        if objective.get("progress_measure") is not None:
            values[prefix + "progress_measure"] = _plain(objective["progress_measure"])
    return values


def _plain(number: float) -> str:
    text = f"{number:.7f}".rstrip("0").rstrip(".")
    return text or "0"
