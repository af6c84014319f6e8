"""SCORM 2004 4th Edition sequencing and navigation (the SN book), as plain Python.

* ``definition``: the sequencing schema of a manifest (IMS SS and ADL's extensions) read into
  plain dicts, stored with the package (``Package.sequencing``).
* ``engine``: the activity tree, its tracking model (one JSON document per learner's attempt)
  and the SN processes, each a method named as the book names it (``overall_sequencing_process``,
  ``flow_subprocess``, ``check_activity_process``...), its section in the docstring.

No database here: callers load the definition and the state, run a request, save the state.
"""

from scorm.sequencing.definition import sequencing_tree  # noqa: F401
from scorm.sequencing.engine import Engine, Outcome  # noqa: F401
