"""The sequencing definition of an activity that states nothing (SCORM 2004 4th Edition SN 3,
CAM 5.1's defaults), in the shape ``sequencing.engine`` reads (``Activity.seq``).

``scorm.sequencing.definition.read_sequencing`` fills the same defaults from a manifest; a test
keeps both equal.
"""


def default_activity_sequencing() -> dict:
    """A fresh definition of an activity with no sequencing of its own (new dicts each call:
    callers change them; a literal, as a deep copy costs ten times more on long paths)."""
    return {
        "control": {
            "choice": True,
            "choice_exit": True,
            "flow": False,
            "forward_only": False,
            "use_current_attempt_objective_info": True,
            "use_current_attempt_progress_info": True,
        },
        "constrain_choice": False,
        "prevent_activation": False,
        "rules": {"pre": [], "exit": [], "post": []},
        "attempt_limit": None,
        "attempt_duration_limit": "",
        "rollup": {
            "objective_satisfied": True,
            "objective_measure_weight": 1.0,
            "progress_completion": True,
            "rules": [],
        },
        "considerations": {
            "satisfied": "always",
            "not_satisfied": "always",
            "completed": "always",
            "incomplete": "always",
            "measure_satisfaction_if_active": True,
        },
        "objectives": [
            {
                "id": "",
                "primary": True,
                "satisfied_by_measure": False,
                "min_normalized_measure": 1.0,
                "maps": [],
            }
        ],
        "randomization": {
            "randomization_timing": "never",
            "select_count": None,
            "reorder_children": False,
            "selection_timing": "never",
        },
        "delivery": {
            "tracked": True,
            "completion_set_by_content": False,
            "objective_set_by_content": False,
        },
        "completed_by_measure": False,
        "min_progress_measure": 1.0,
        "progress_weight": 1.0,
        "hide_lms_ui": [],
    }


# adlseq:mapInfo's flags beside IMS's four (4th Edition): reads default to true, writes to
# false in a manifest; a map made in code states each one.
MAP_FLAGS = (
    "read_satisfied_status",
    "read_normalized_measure",
    "write_satisfied_status",
    "write_normalized_measure",
    "read_raw_score",
    "read_min_score",
    "read_max_score",
    "read_completion_status",
    "read_progress_measure",
    "write_raw_score",
    "write_min_score",
    "write_max_score",
    "write_completion_status",
    "write_progress_measure",
)


def objective_map(target: str, **flags: bool) -> dict:
    """A ``mapInfo`` to the global objective ``target``: every flag False but those given
    (``read_satisfied_status=True``...). Raises KeyError for a flag the engine does not know."""
    entry = {"target": target, **dict.fromkeys(MAP_FLAGS, False)}
    for name, value in flags.items():
        if name not in entry:
            raise KeyError(name)
        entry[name] = bool(value)
    return entry
