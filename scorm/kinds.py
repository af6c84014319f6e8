"""Learning-path item kinds for package content: SCOs, assets and AICC units."""

import re
import secrets
from functools import cache, partial
from urllib.parse import urlencode

from django.contrib.staticfiles import finders
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.csrf import page_token
from core.reversing import reverse_ids
from learnpaths.api import ItemKind, register_item_kind, register_sequencer


def content_url(item, file_path: str | None = None) -> str:
    """The same-origin address of a package file, with the item's launch parameters."""
    launch = item.launch if file_path is None else file_path
    if "://" in launch:  # an AICC unit hosted elsewhere
        return launch
    launch, _hash, fragment = launch.partition("#")  # the manifest href's own fragment
    name, _sep, query = launch.partition("?")
    url = reverse(
        "learnpaths:scorm:content", args=[item.path.course.code, item.path_id, name or "index.html"]
    )
    parameters = item.parameters.strip() if file_path is None else ""
    if parameters.startswith("#"):
        return url + (f"?{query}" if query else "") + parameters
    parameters = parameters.lstrip("?&")
    query = "&".join(part for part in (query, parameters) if part)
    return url + (f"?{query}" if query else "") + (f"#{fragment}" if fragment else "")


def learner_name(user, *, last_first: bool = True) -> str:
    if user.first_name or user.last_name:
        if last_first:
            return f"{user.last_name}, {user.first_name}".strip(", ")
        return f"{user.first_name} {user.last_name}".strip()
    return user.get_username()


def runtime_version(path) -> str:
    """ "2004" or "1.2": the runtime API the path's SCOs expect. An imported path's source
    names its package's kind (set together at import; such paths are never copied), so the
    package row is read only for a path of another source."""
    if path.source in ("scorm12", "scorm2004"):
        return "2004" if path.source == "scorm2004" else "1.2"
    package = getattr(path, "package", None)
    return "2004" if package and package.kind == "scorm2004" else "1.2"


# The kinds whose content gets the run-time API (and whose commits scorm.views accepts).
RUNTIME_KINDS = frozenset({"sco", "asset"})


@cache
def _runtime_shipped() -> bool:
    """Whether the runtime library is among the static files: looked up once per process (the
    finders walk the apps' static folders, ~0.1 ms a page), as the files ship with a release."""
    return bool(finders.find("scorm/runtime.js"))


def _sco_setup(*, request, item, attempt, launch_url, navigation=None, asset: bool = False):
    """The SCORM run-time for a SCO's page: {"scripts", "config": {"runtime": {"version",
    "commitUrl", "initial": {cmi element: value}, "sharedData", "csrfToken"}}}.

    ``asset``: the same run-time for an asset (``_asset_setup``), whose launch writes nothing
    until its content commits (``sco_session_start(create=False)``)."""
    from scorm.services import initial_cmi, sco_session_start, shared_data_rules

    version = runtime_version(item.path)
    config = {
        "version": version,
        "commitUrl": reverse_ids(
            "learnpaths:scorm:commit", (item.path.course.code,), (item.path_id, item.pk)
        ),
        "initial": {},
    }
    if attempt is not None:
        resumed = navigation.get("resumed") if navigation is not None else None
        data = sco_session_start(
            attempt=attempt, item=item, version=version, resumed=resumed, create=not asset
        )
        config["initial"] = initial_cmi(version=version, data=data, item=item, user=request.user)
        config["sharedData"] = shared_data_rules(item)
    if version == "2004" and navigation is not None:
        # What the content may ask through adl.nav.request_valid (read-only for it).
        from scorm.sequencer import request_valid_cmi

        valid = config["initial"]
        valid.update(request_valid_cmi(navigation))
        # A jump may go to any launchable activity of the tree, whatever the control modes
        # (SCORM 2004 4th SN 4.2.x); targets not in the tree answer "false" (runtime.js).
        launchable = item.path.items.exclude(kind="section").exclude(identifier="")
        for identifier in launchable.values_list("identifier", flat=True):
            valid[f"adl.nav.request_valid.jump.{{target={identifier}}}"] = "true"
        if navigation.get("objectives") and attempt is not None:
            # cmi.objectives from the manifest and the tracking model (RTE 4.2.17).
            from scorm.sequencer import runtime_objectives_cmi

            added = runtime_objectives_cmi(navigation["objectives"], valid)
            valid.update(added)
            # Kept with the SCO's data: the ids of the objectives it did not store, so what it
            # later commits about them (sent without their ids, which it did not set) is known
            # by id (scorm.sequencer); and the values that replace those it stored, so that its
            # commits do not report the stale ones back to the tracking model.
            stored = {
                k[: -len("id")] for k in data.cmi if re.fullmatch(r"cmi\.objectives\.\d+\.id", k)
            }
            kept = {
                name: value
                for name, value in added.items()
                if name.endswith(".id") or name[: name.index(".", 15) + 1] in stored
            }
            if kept and any(data.cmi.get(name) != value for name, value in kept.items()):
                data.cmi = {**data.cmi, **kept}
                if data.pk is None:  # an asset's first launch: its data starts here
                    data.save()
                else:
                    data.save(update_fields=["cmi"])
    # The runtime library ships separately (scorm/static/scorm/runtime.js); without it the
    # content still plays, untracked.
    scripts = ["scorm/runtime.js"] if _runtime_shipped() else []
    config["csrfToken"] = page_token(request)
    return {"scripts": [*scripts, "scorm/player.js"], "config": {"runtime": config}}


# An asset's page gets the SCO's run-time (RTE 3.1 asks no API of an asset, but content
# declared asset by mistake, or built on a shared wrapper, still looks for one: without it the
# learner sees "Unable to find an API adapter"; the ADL Sample RTE, SCORM Cloud and Moodle give
# it too, and the ADL test suite's SX-08a expects it). The asset is still completed when
# delivered (it is not self-tracking: learnpaths.player); what its content reports is kept as
# ``scorm.services.asset_status`` says. An asset that never calls the API costs one read and
# no write (``sco_session_start(create=False)``).
_asset_setup = partial(_sco_setup, asset=True)


def _au_setup(*, request, item, attempt, launch_url, navigation=None):
    """AICC: the unit finds the HACP address and its session id in the query string."""
    if attempt is None:
        return {}
    from scorm.services import aicc_session_start

    session = aicc_session_start(attempt=attempt, item=item)
    hacp = request.build_absolute_uri(reverse("scorm_hacp"))
    params = urlencode({"AICC_SID": session.session_id, "AICC_URL": hacp})
    if item.extra.get("web_launch"):
        params += "&" + item.extra["web_launch"].lstrip("?&")
    separator = "&" if "?" in launch_url else "?"
    return {"launch_url": f"{launch_url}{separator}{params}"}


def new_session_id() -> str:
    return secrets.token_urlsafe(32)


def register() -> None:
    from scorm.sequencer import SEQUENCER

    # SCORM 2004 packages are navigated by their sequencing (scorm.sequencing).
    register_sequencer("scorm2004", SEQUENCER)
    register_item_kind(
        ItemKind(
            key="sco",
            label=_("SCO (package content that reports its progress)"),
            icon="box-seam",
            launch_url=content_url,
            self_tracking=True,
            addable=False,
            player_setup=_sco_setup,
        )
    )
    register_item_kind(
        ItemKind(
            key="asset",
            label=_("Package page"),
            icon="file-earmark-richtext",
            launch_url=content_url,
            addable=False,
            player_setup=_asset_setup,
        )
    )
    register_item_kind(
        ItemKind(
            key="au",
            label=_("AICC unit"),
            icon="box",
            launch_url=content_url,
            self_tracking=True,
            addable=False,
            player_setup=_au_setup,
        )
    )
