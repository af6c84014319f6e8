from django.utils.translation import gettext_lazy as _

from courses.forms import SessionLearnersForm, UserField


class FollowForm(SessionLearnersForm):
    """An administrator gives an HR manager or a tutor learners to follow."""

    follower = UserField(label=_("HR manager or tutor"))
    field_order = ["follower", "users"]
