"""SCORM 2004 4th Edition sequencing (the SN book) as plain Python, shared by every app.

* ``engine``: the activity tree, its tracking model and the SN processes (``Engine``).
* ``defaults``: the definition of an activity that states nothing (SN 3's defaults), the
  building block of trees made in code.

No Django, no database: SCORM packages (``scorm.sequencer``: a manifest's definition, the state
saved per attempt) and hand-built learning paths (``learnpaths.sequencing``: a definition made
from the path's items, the state fed from the progress rows) load a definition and a state, run
a request, and keep what they need.
"""

from sequencing.defaults import default_activity_sequencing  # noqa: F401
from sequencing.engine import Engine, Outcome  # noqa: F401
