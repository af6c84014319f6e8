"""The sequencing definition of a SCORM 2004 manifest, as plain, JSON-serialisable dicts.

``read_sequencing(element, collection)`` reads the ``<imsss:sequencing>`` of an ``<item>`` or
``<organization>`` (SCORM 2004 4th CAM 5, IMS SS 1.0 and ADL's adlseq/adlnav extensions), with
a referenced ``<sequencingCollection>`` entry (``IDRef``) as its base: an element the item
states replaces the collection's one (CAM 5.1.1). Every value is given, defaults filled in, so
the engine never guesses. ``sequencing_tree(manifest)`` gives the activity tree the engine
plays (``Package.sequencing``).

Elements are matched by local name, ADL's ``adlseq:objectives`` told apart from IMS's by
namespace.
"""

from urllib.parse import unquote

from lxml import etree

DEFAULT_CONTROL = {
    "choice": True,
    "choice_exit": True,
    "flow": False,
    "forward_only": False,
    "use_current_attempt_objective_info": True,
    "use_current_attempt_progress_info": True,
}


def _local(element) -> str:
    return etree.QName(element).localname if isinstance(element.tag, str) else ""


def _is_adl(element) -> bool:
    return "adlseq" in (etree.QName(element).namespace or "").lower()


def _child(element, name: str, *, adl: bool | None = None):
    for child in element:
        if _local(child).lower() == name.lower() and (adl is None or _is_adl(child) == adl):
            return child
    return None


def _children(element, name: str, *, adl: bool | None = None) -> list:
    return [
        child
        for child in element
        if _local(child).lower() == name.lower() and (adl is None or _is_adl(child) == adl)
    ]


def _attr(element, name: str, default=None):
    for key, value in element.attrib.items():
        local = etree.QName(key).localname if key.startswith("{") else key
        if local.lower() == name.lower():
            return value.strip()
    return default


def _target_id(info) -> str | None:
    """A mapInfo's targetObjectiveID as the global objective's name. The attribute is an
    xs:anyURI (CAM 4th Ed., imsss:mapInfo and adlseq:mapInfo): its escapes are decoded and its
    white space collapsed, so "gObj%20-%20OB" and " gObj%20%20-%20%20OB " name the same
    global objective (CTS OB-02b)."""
    target = _attr(info, "targetObjectiveID")
    if not target:
        return None
    return " ".join(unquote(target).split()) or None


def _bool(element, name: str, default: bool) -> bool:
    value = _attr(element, name)
    if value is None or value == "":
        return default
    return value.lower() in {"true", "1"}


def _float(value, default):
    try:
        return float(value) if value not in (None, "") else default
    except ValueError:
        return default


def _int(value, default):
    try:
        return int(value) if value not in (None, "") else default
    except ValueError:
        return default


def _rule_conditions(rule, combination_default: str) -> tuple[str, list[dict]]:
    conditions_element = _child(rule, "ruleConditions")
    if conditions_element is None:
        conditions_element = _child(rule, "rollupConditions")
    if conditions_element is None:
        return combination_default, []
    combination = _attr(conditions_element, "conditionCombination") or combination_default
    conditions = []
    for condition in _children(conditions_element, "ruleCondition") + _children(
        conditions_element, "rollupCondition"
    ):
        conditions.append(
            {
                "condition": _attr(condition, "condition", "always"),
                "operator": _attr(condition, "operator", "noOp"),
                "objective": _attr(condition, "referencedObjective", "") or "",
                "threshold": _float(_attr(condition, "measureThreshold"), 0.0),
            }
        )
    return combination, conditions


def _sequencing_rules(element) -> dict:
    rules = {"pre": [], "exit": [], "post": []}
    if element is None:
        return rules
    for kind, tag in (
        ("pre", "preConditionRule"),
        ("exit", "exitConditionRule"),
        ("post", "postConditionRule"),
    ):
        for rule in _children(element, tag):
            combination, conditions = _rule_conditions(rule, "all")
            action = _child(rule, "ruleAction")
            if action is None or not conditions:
                continue
            rules[kind].append(
                {
                    "combination": combination,
                    "conditions": conditions,
                    "action": _attr(action, "action", ""),
                }
            )
    return rules


def _rollup(element) -> dict:
    rollup = {
        "objective_satisfied": True,
        "objective_measure_weight": 1.0,
        "progress_completion": True,
        "rules": [],
    }
    if element is None:
        return rollup
    rollup["objective_satisfied"] = _bool(element, "rollupObjectiveSatisfied", True)
    rollup["objective_measure_weight"] = _float(_attr(element, "objectiveMeasureWeight"), 1.0)
    rollup["progress_completion"] = _bool(element, "rollupProgressCompletion", True)
    for rule in _children(element, "rollupRule"):
        combination, conditions = _rule_conditions(rule, "any")
        action = _child(rule, "rollupAction")
        if action is None or not conditions:
            continue
        rollup["rules"].append(
            {
                "child_set": _attr(rule, "childActivitySet", "all"),
                "minimum_count": _int(_attr(rule, "minimumCount"), 0),
                "minimum_percent": _float(_attr(rule, "minimumPercent"), 0.0),
                "combination": combination,
                "conditions": conditions,
                "action": _attr(action, "action", ""),
            }
        )
    return rollup


# adlseq:mapInfo (4th edition): the extra values a global objective carries.
ADL_MAP_FLAGS = (
    "readRawScore",
    "readMinScore",
    "readMaxScore",
    "readCompletionStatus",
    "readProgressMeasure",
    "writeRawScore",
    "writeMinScore",
    "writeMaxScore",
    "writeCompletionStatus",
    "writeProgressMeasure",
)


def _snake(name: str) -> str:
    return "".join("_" + c.lower() if c.isupper() else c for c in name)


def _objectives(imsss, adlseq) -> list[dict]:
    """The activity's objectives, the primary one first (SN 3.10, CAM 5.1.7)."""
    objectives = []
    elements = []
    if imsss is not None:
        elements = _children(imsss, "primaryObjective") + _children(imsss, "objective")
    for element in elements:
        primary = _local(element) == "primaryObjective"
        maps = []
        for info in _children(element, "mapInfo"):
            target = _target_id(info)
            if not target:
                continue
            entry = {"target": target}
            entry["read_satisfied_status"] = _bool(info, "readSatisfiedStatus", True)
            entry["read_normalized_measure"] = _bool(info, "readNormalizedMeasure", True)
            entry["write_satisfied_status"] = _bool(info, "writeSatisfiedStatus", False)
            entry["write_normalized_measure"] = _bool(info, "writeNormalizedMeasure", False)
            for flag in ADL_MAP_FLAGS:
                entry[_snake(flag)] = False
            maps.append(entry)
        min_measure = _text(element, "minNormalizedMeasure")
        objectives.append(
            {
                "id": _attr(element, "objectiveID", "") or ("" if primary else None),
                "primary": primary,
                "satisfied_by_measure": _bool(element, "satisfiedByMeasure", False),
                "min_normalized_measure": _float(min_measure, 1.0),
                "maps": maps,
            }
        )
    objectives = [o for o in objectives if o["id"] is not None]
    if not any(o["primary"] for o in objectives):
        objectives.insert(
            0,
            {
                "id": "",
                "primary": True,
                "satisfied_by_measure": False,
                "min_normalized_measure": 1.0,
                "maps": [],
            },
        )
    objectives.sort(key=lambda o: not o["primary"])
    by_id = {o["id"]: o for o in objectives}
    for element in _children(adlseq, "objective") if adlseq is not None else []:
        objective = by_id.get(_attr(element, "objectiveID", ""))
        if objective is None:
            continue
        for info in _children(element, "mapInfo"):
            target = _target_id(info)
            if not target:
                continue
            entry = next((m for m in objective["maps"] if m["target"] == target), None)
            if entry is None:
                entry = {
                    "target": target,
                    "read_satisfied_status": False,
                    "read_normalized_measure": False,
                    "write_satisfied_status": False,
                    "write_normalized_measure": False,
                    **{_snake(flag): False for flag in ADL_MAP_FLAGS},
                }
                objective["maps"].append(entry)
            for flag in ADL_MAP_FLAGS:  # reads default to true, writes to false
                entry[_snake(flag)] = _bool(info, flag, flag.startswith("read"))
    return objectives


def _text(element, name: str) -> str:
    child = _child(element, name)
    return (child.text or "").strip() if child is not None else ""


def _merged(sequencing, collection: dict) -> dict[str, object]:
    """The sequencing's child elements by local name (ADL's objectives apart), over those of
    the collection entry it references."""
    sources = []
    reference = _attr(sequencing, "IDRef")
    if reference and reference in collection:
        sources.append(collection[reference])
    sources.append(sequencing)
    merged: dict[str, object] = {}
    for source in sources:
        own: dict[str, object] = {}
        for child in source:
            name = _local(child)
            if not name:
                continue
            key = "adl:" + name if (_is_adl(child) and name == "objectives") else name
            own.setdefault(key, child)
        merged.update(own)
    return merged


def read_sequencing(element, collection: dict) -> dict:
    """The sequencing definition of an ``<item>`` or ``<organization>`` element (SN 3, CAM
    5.1), defaults filled in. ``collection``: ``{ID: <sequencing>}`` of the manifest's
    ``<sequencingCollection>``. Returns a JSON-serialisable dict."""
    sequencing = _child(element, "sequencing")
    parts = _merged(sequencing, collection) if sequencing is not None else {}
    control = dict(DEFAULT_CONTROL)
    mode = parts.get("controlMode")
    if mode is not None:
        control["choice"] = _bool(mode, "choice", True)
        control["choice_exit"] = _bool(mode, "choiceExit", True)
        control["flow"] = _bool(mode, "flow", False)
        control["forward_only"] = _bool(mode, "forwardOnly", False)
        control["use_current_attempt_objective_info"] = _bool(
            mode, "useCurrentAttemptObjectiveInfo", True
        )
        control["use_current_attempt_progress_info"] = _bool(
            mode, "useCurrentAttemptProgressInfo", True
        )
    constrained = parts.get("constrainedChoiceConsiderations")
    limits = parts.get("limitConditions")
    considerations = parts.get("rollupConsiderations")
    randomization = parts.get("randomizationControls")
    delivery = parts.get("deliveryControls")
    threshold = _child(element, "completionThreshold")
    presentation = _child(element, "presentation")
    hide = []
    if presentation is not None:
        interface = _child(presentation, "navigationInterface")
        if interface is not None:
            hide = [(h.text or "").strip() for h in _children(interface, "hideLMSUI") if h.text]
    completed_by_measure, min_progress, progress_weight = False, 1.0, 1.0
    if threshold is not None:
        completed_by_measure = _bool(threshold, "completedByMeasure", False)
        min_progress = _float(_attr(threshold, "minProgressMeasure"), 1.0)
        progress_weight = _float(_attr(threshold, "progressWeight"), 1.0)
        if (threshold.text or "").strip() and not threshold.attrib:  # 2nd/3rd edition
            completed_by_measure, min_progress = True, _float(threshold.text.strip(), 1.0)
    select_count = None
    if randomization is not None:
        select_count = _int(_attr(randomization, "selectCount"), None)
    return {
        "control": control,
        "constrain_choice": bool(
            constrained is not None and _bool(constrained, "constrainChoice", False)
        ),
        "prevent_activation": bool(
            constrained is not None and _bool(constrained, "preventActivation", False)
        ),
        "rules": _sequencing_rules(parts.get("sequencingRules")),
        "attempt_limit": _int(_attr(limits, "attemptLimit"), None) if limits is not None else None,
        "attempt_duration_limit": (_attr(limits, "attemptAbsoluteDurationLimit", "") or "")
        if limits is not None
        else "",
        "rollup": _rollup(parts.get("rollupRules")),
        "considerations": {
            "satisfied": _attr(considerations, "requiredForSatisfied", "always")
            if considerations is not None
            else "always",
            "not_satisfied": _attr(considerations, "requiredForNotSatisfied", "always")
            if considerations is not None
            else "always",
            "completed": _attr(considerations, "requiredForCompleted", "always")
            if considerations is not None
            else "always",
            "incomplete": _attr(considerations, "requiredForIncomplete", "always")
            if considerations is not None
            else "always",
            "measure_satisfaction_if_active": _bool(
                considerations, "measureSatisfactionIfActive", True
            )
            if considerations is not None
            else True,
        },
        "objectives": _objectives(parts.get("objectives"), parts.get("adl:objectives")),
        "randomization": {
            "randomization_timing": _attr(randomization, "randomizationTiming", "never")
            if randomization is not None
            else "never",
            "select_count": select_count,
            "reorder_children": _bool(randomization, "reorderChildren", False)
            if randomization is not None
            else False,
            "selection_timing": _attr(randomization, "selectionTiming", "never")
            if randomization is not None
            else "never",
        },
        "delivery": {
            "tracked": _bool(delivery, "tracked", True) if delivery is not None else True,
            "completion_set_by_content": _bool(delivery, "completionSetByContent", False)
            if delivery is not None
            else False,
            "objective_set_by_content": _bool(delivery, "objectiveSetByContent", False)
            if delivery is not None
            else False,
        },
        "completed_by_measure": completed_by_measure,
        "min_progress_measure": min_progress,
        "progress_weight": progress_weight,
        "hide_lms_ui": hide,
    }


def sequencing_tree(manifest) -> dict:
    """The activity tree of the manifest's default organization (``scorm.manifest.Manifest``):
    ``{"id", "title", "launchable", "visible", "seq", "children"}`` nodes, the organization the
    root, plus ``objectives_global_to_system``. Stored as ``Package.sequencing``."""
    organization = manifest.organization

    def node(item) -> dict:
        return {
            "id": item.identifier,
            "title": item.title,
            "launchable": bool(item.identifierref),
            "visible": item.visible,
            "seq": item.sequencing or read_sequencing_default(),
            "children": [node(child) for child in item.children],
        }

    return {
        "objectives_global_to_system": organization.objectives_global_to_system,
        "root": {
            "id": organization.identifier,
            "title": organization.title,
            "launchable": False,
            "visible": True,
            "seq": organization.sequencing or read_sequencing_default(),
            "children": [node(item) for item in organization.items],
        },
    }


def read_sequencing_default() -> dict:
    """The definition of an activity that states no sequencing (SN 3's defaults)."""
    return read_sequencing(etree.Element("item"), {})
