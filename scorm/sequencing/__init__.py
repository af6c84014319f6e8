"""SCORM 2004 4th Edition sequencing and navigation (the SN book), as plain Python.

* ``definition``: the sequencing schema of a manifest (IMS SS and ADL's extensions) read into
  plain dicts, stored with the package (``Package.sequencing``).
* ``engine``: the activity tree, its tracking model (one JSON document per learner's attempt)
  and the SN processes, each a method named as the book names it (``overall_sequencing_process``,
  ``flow_subprocess``, ``check_activity_process``...), its section in the docstring. It lives
  in the neutral package ``sequencing`` (hand-built learning paths run it too, and learning
  paths may not import scorm); ``scorm.sequencing.engine`` still names it.

No database here: callers load the definition and the state, run a request, save the state.
"""

import sys

import sequencing.engine as _engine

sys.modules[__name__ + ".engine"] = _engine
engine = _engine

from scorm.sequencing.definition import sequencing_tree  # noqa: E402, F401
from sequencing.engine import Engine, Outcome  # noqa: E402, F401
