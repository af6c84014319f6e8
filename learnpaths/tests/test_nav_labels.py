"""The player's controls of a sequenced package, as a learner reads them in each language."""

import pytest
from django.utils import translation
from django.utils.translation import gettext

from learnpaths.selectors import nav_controls

EVERY_CONTROL = {
    "previous": True,
    "continue": True,
    "suspendAll": True,
    "exitAll": True,
    "abandonAll": True,
}


@pytest.mark.parametrize("language", ["en", "fr"])
def test_every_control_of_the_player_has_its_own_label(language):
    """Exit (end the attempt), Suspend, Abandon and the Leave link sit side by side in the
    player's bar: two of them with the same word (French "Quitter" for both Exit and Leave)
    leave the learner guessing which one ends the attempt."""
    with translation.override(language):
        labels = [str(control.label) for control in nav_controls(EVERY_CONTROL)]
        labels.append(gettext("Leave"))
    assert len(labels) == 6
    assert len(set(labels)) == len(labels), labels
