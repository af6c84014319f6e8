"""The gradebook's arithmetic: weighted totals over the category tree, in bulk.

``gradebook_grid(course)`` loads the whole grid (every learner x every evaluation) in a fixed
number of queries: settings, categories, evaluations, learners, typed marks, scale, plus one
``scores`` call per grade source that has linked evaluations (each source answers for all its
items and learners at once; see gradebook/sources.py). Nothing is queried per learner or cell.

Rules (Chamilo's):
- an evaluation's percentage is score / max score x 100; a missing result counts as 0 in the
  totals (it shows as "-" in the grid);
- a category's percentage is the weighted mean of its children (sub-categories and
  evaluations), sum(weight x percent) / sum(weight); a child with no evaluation under it is
  left out; when the weights of a level do not add up to 100 the page says so and the mean
  still divides by their sum;
- the course total is the same mean over the top level;
- a learner passes when the total reaches the pass mark and every evaluation with a minimum
  reaches it. Comparisons use exact decimals; only the display rounds (2 places).
"""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import FloatField
from django.db.models.functions import Cast

from core.numbers import number_shown, percent_shown
from gradebook.models import OFFLINE, Category, Evaluation, GradebookSettings, Mark, ScaleLevel
from gradebook.sources import get_grade_source

HUNDRED = Decimal(100)
CENT = Decimal("0.01")


class Cell:
    """One result in the evaluation's own points, with its exact percentage."""

    __slots__ = ("score", "max_score", "percent")

    def __init__(self, score: Decimal, max_score: Decimal):
        self.score, self.max_score = score, max_score
        self.percent = score * HUNDRED / max_score if max_score else Decimal(0)

    def __repr__(self):
        return f"Cell({self.score}/{self.max_score})"


@dataclass
class Node:
    """A category (or the course's top level, category None) and what it holds, in order."""

    category: Category | None
    depth: int
    children: list = field(default_factory=list)  # Node or Evaluation

    @property
    def weight_sum(self) -> Decimal:
        return sum((child_weight(c) for c in self.children), Decimal(0))

    @property
    def weights_ok(self) -> bool:
        return not self.children or self.weight_sum == HUNDRED

    def evaluations(self) -> list[Evaluation]:
        found = []
        for child in self.children:
            found.extend(child.evaluations() if isinstance(child, Node) else [child])
        return found


def child_weight(child) -> Decimal:
    return child.category.weight if isinstance(child, Node) else child.weight


@dataclass
class Grid:
    settings: GradebookSettings
    root: Node
    evaluations: list[Evaluation]  # columns, depth first
    learners: list  # users, by name
    cells: dict  # {(evaluation id, user id): Cell}
    scale: list[ScaleLevel]
    totals: dict = field(default_factory=dict)  # {user id: Decimal percent}
    category_totals: dict = field(default_factory=dict)  # {(category id, user id): Decimal}
    passed: dict = field(default_factory=dict)  # {user id: bool}
    below_minimum: dict = field(default_factory=dict)  # {user id: [evaluation]}

    def cell(self, evaluation_id: int, user_id: int) -> Cell | None:
        return self.cells.get((evaluation_id, user_id))

    def label(self, percent: Decimal | None) -> str:
        if percent is None or not self.settings.use_scale:
            return ""
        for level in self.scale:  # highest first
            if percent >= level.min_percent:
                return level.label
        return ""

    def unbalanced(self) -> list[Node]:
        """Levels whose weights do not add up to 100 %."""
        found, stack = [], [self.root]
        while stack:
            node = stack.pop()
            if not node.weights_ok:
                found.append(node)
            stack.extend(c for c in node.children if isinstance(c, Node))
        return found

    def rows(self):
        """(user, [cell or None per column], total, label, passed) for templates and exports."""
        for user in self.learners:
            total = self.totals.get(user.pk)
            yield (
                user,
                [self.cells.get((e.pk, user.pk)) for e in self.evaluations],
                total,
                self.label(total),
                self.passed.get(user.pk, False),
            )


def course_settings(course) -> GradebookSettings:
    found = GradebookSettings.objects.filter(course=course).first()
    return found or GradebookSettings(course=course)


def build_tree(course, *, learner_view: bool = False) -> tuple[Node, list[Evaluation]]:
    """The category tree with its evaluations, in two queries."""
    categories = list(Category.objects.filter(course=course).order_by("position", "pk"))
    evaluations = Evaluation.objects.filter(course=course).order_by("position", "pk")
    if learner_view:
        evaluations = evaluations.filter(visible=True)
    nodes = {c.pk: Node(category=c, depth=0) for c in categories}
    root = Node(category=None, depth=-1)
    for category in categories:
        parent = nodes.get(category.parent_id, root)
        parent.children.append(nodes[category.pk])
    for evaluation in evaluations:
        source = get_grade_source(evaluation.source)
        evaluation.source_label = source.label if source else ""
        parent = nodes.get(evaluation.category_id, root)
        parent.children.append(evaluation)

    def set_depth(node: Node, depth: int):
        node.depth = depth
        for child in node.children:
            if isinstance(child, Node):
                set_depth(child, depth + 1)

    set_depth(root, -1)
    return root, root.evaluations()


def load_cells(evaluations: list[Evaluation], user_ids: list[int]) -> dict:
    """{(evaluation id, user id): Cell}: one query for the typed marks, one call per source.

    Cells are immutable and shared: a grid of 25,000 results holds a few hundred distinct
    (score, maximum) pairs, so each pair's percentage is divided once, not once per cell."""
    cells: dict = {}
    shared: dict = {}

    def cell_for(score: Decimal, max_score: Decimal) -> Cell:
        key = (score, max_score)
        found = shared.get(key)
        if found is None:
            found = shared[key] = Cell(score, max_score)
        return found

    offline = [e for e in evaluations if e.source == OFFLINE]
    if offline and user_ids:
        max_by_eval = {e.pk: e.max_score for e in offline}
        # The marks come as floats and each distinct value is made a Decimal once: the
        # DecimalField's own conversion per row was a third of the grid's time. Exact: a mark
        # has at most 7 digits, which a float's shortest repr gives back unchanged.
        marks = (
            Mark.objects.filter(evaluation_id__in=list(max_by_eval), user_id__in=user_ids)
            .annotate(raw=Cast("score", FloatField()))
            .values_list("evaluation_id", "user_id", "raw")
        )
        decimals: dict = {}
        for evaluation_id, user_id, raw in marks:
            score = decimals.get(raw)
            if score is None:
                score = decimals[raw] = Decimal(repr(raw)).quantize(CENT)
            cells[(evaluation_id, user_id)] = cell_for(score, max_by_eval[evaluation_id])
    linked = defaultdict(lambda: defaultdict(list))  # {source key: {item id: [evaluation id]}}
    for evaluation in evaluations:
        if evaluation.source != OFFLINE and evaluation.item_id is not None:
            linked[evaluation.source][evaluation.item_id].append(evaluation.pk)
    for key, by_item in linked.items():
        source = get_grade_source(key)
        if source is None or not user_ids:
            continue  # a tool that is no longer installed: its evaluations show no result
        scores = source.scores(item_ids=sorted(by_item), user_ids=user_ids)
        for (item_id, user_id), found in scores.items():
            cell = cell_for(Decimal(found.score), Decimal(found.max_score))
            for evaluation_id in by_item.get(item_id, ()):
                cells[(evaluation_id, user_id)] = cell
    return cells


def _plan(node: Node):
    """The node reduced to what the arithmetic needs, once per grid rather than per learner:
    (category id or None, [(weight, evaluation id, None) or (weight, None, sub-plan)], sum of
    the weights), or None for a node with no evaluation under it (left out of its parent's
    mean)."""
    children = []
    for child in node.children:
        if isinstance(child, Node):
            sub = _plan(child)
            if sub is not None:
                children.append((child.category.weight, None, sub))
        else:
            children.append((child.weight, child.pk, None))
    if not children:
        return None
    denominator = sum((weight for weight, _e, _s in children), Decimal(0))
    return (node.category.pk if node.category else None, children, denominator)


ZERO = Decimal(0)


def _percent(plan, user_id: int, get, category_totals: dict) -> Decimal:
    """Weighted mean of the plan's children for one learner (missing results count 0, so
    they add nothing to the numerator). ``get`` is the cells' dict.get."""
    category_id, children, denominator = plan
    numerator = ZERO
    for weight, evaluation_id, sub in children:
        if sub is None:
            cell = get((evaluation_id, user_id))
            if cell is not None:
                numerator += weight * cell.percent
        else:
            numerator += weight * _percent(sub, user_id, get, category_totals)
    result = numerator / denominator if denominator else ZERO
    if category_id is not None:
        category_totals[(category_id, user_id)] = result
    return result


def compute(grid: Grid) -> Grid:
    with_minimum = [(e, e.pk, e.min_score) for e in grid.evaluations if e.min_score is not None]
    pass_mark = grid.settings.pass_mark
    plan = _plan(grid.root)
    get, category_totals = grid.cells.get, grid.category_totals
    for user in grid.learners:
        user_id = user.pk
        total = None if plan is None else _percent(plan, user_id, get, category_totals)
        grid.totals[user_id] = total
        below = []
        for evaluation, evaluation_id, minimum in with_minimum:
            cell = get((evaluation_id, user_id))
            if (cell.percent if cell else ZERO) < minimum:
                below.append(evaluation)
        grid.below_minimum[user_id] = below
        grid.passed[user_id] = total is not None and total >= pass_mark and not below
    return grid


def gradebook_grid(course, *, users=None, session=None, learner_view: bool = False) -> Grid:
    """The whole grid of the course (learners x evaluations, totals, pass/fail) in a number of
    queries independent of the learners and evaluations (see the module's docstring).

    ``users``: the learners to show (default: every learner of the course, by name).
    ``session``: with the default learners, only those who follow the course in this
    courses.models.CourseSession (courses.sessions: what a coach, or a teacher who chose it,
    looks at); None: the whole course.
    ``learner_view``: only the evaluations visible to learners.
    """
    from accounts.models import User
    from courses.models import Enrollment

    settings = course_settings(course)
    root, evaluations = build_tree(course, learner_view=learner_view)
    if users is None:
        # One filter() call: the course, the role and the session are the same enrolment's.
        enrolment = {"enrollments__course": course, "enrollments__role": Enrollment.Role.LEARNER}
        if session is not None:
            enrolment["enrollments__session"] = session
        users = User.objects.filter(**enrolment).order_by("last_name", "first_name", "username")
    users = list(users)
    cells = load_cells(evaluations, [u.pk for u in users])
    scale = list(ScaleLevel.objects.filter(course=course).order_by("-min_percent"))
    grid = Grid(
        settings=settings,
        root=root,
        evaluations=evaluations,
        learners=users,
        cells=cells,
        scale=scale,
    )
    return compute(grid)


@dataclass
class OutlineRow:
    depth: int
    node: Node | None  # a category row
    evaluation: Evaluation | None  # an evaluation row
    weight: Decimal
    percent: Decimal | None = None  # for one learner
    cell: Cell | None = None
    below_minimum: bool = False


def outline(
    grid: Grid, user_id: int | None = None, *, visible_only: bool = False
) -> list[OutlineRow]:
    """The tree flattened for display (depth first), with one learner's results if given;
    ``visible_only`` leaves out the evaluations hidden from learners."""
    rows: list[OutlineRow] = []
    below = {e.pk for e in grid.below_minimum.get(user_id, [])} if user_id else set()

    def walk(node: Node):
        for child in node.children:
            if isinstance(child, Node):
                percent = grid.category_totals.get((child.category.pk, user_id))
                rows.append(OutlineRow(child.depth, child, None, child.category.weight, percent))
                walk(child)
            elif child.visible or not visible_only:
                cell = grid.cells.get((child.pk, user_id)) if user_id else None
                rows.append(
                    OutlineRow(
                        node.depth + 1,
                        None,
                        child,
                        child.weight,
                        cell.percent if cell else None,
                        cell,
                        child.pk in below,
                    )
                )

    walk(grid.root)
    return rows


def grid_body_html(grid: Grid) -> str:
    """The teacher's grid's <tbody> rows as one safe string, built here rather than by a
    template loop per row and cell, so that 500 learners x 50 evaluations (25,000 cells) render
    in a few tens of milliseconds: each distinct result is formatted once (cells are shared),
    cells carry no classes (the table aligns them), and an offline evaluation's maximum is in
    its column's header rather than in every cell. Numbers read as everywhere else
    (core.numbers: "15.5/20", "87.5 %", the active language's separator), each distinct value
    formatted once; names are escaped. Empty string when the course has no learner."""
    from django.utils.html import escape
    from django.utils.safestring import mark_safe
    from django.utils.translation import gettext

    shown: dict = {}  # {value: text}: a few distinct scores, formatted once each

    def number(value: Decimal) -> str:
        text = shown.get(value)
        if text is None:
            text = shown[value] = number_shown(value)
        return text

    empty = '<td class="text-body-secondary">—</td>'
    passed = (
        '<td class="text-start"><span class="badge text-bg-success">'
        f"{escape(gettext('Passed'))}</span></td>"
    )
    not_passed = (
        '<td class="text-start"><span class="badge text-bg-light border">'
        f"{escape(gettext('Not passed'))}</span></td>"
    )
    columns = [(e.pk, e.is_offline) for e in grid.evaluations]
    texts: dict = {}  # {(cell, offline): "<td>...</td>"}, one per distinct shared cell
    get = grid.cells.get
    rows = []
    for user in grid.learners:
        user_id = user.pk
        parts = [
            f'<tr data-learner="{escape(user.username)}">'
            f'<th scope="row" class="fw-normal text-start">{escape(user.display_name)}</th>'
        ]
        for evaluation_id, offline in columns:
            cell = get((evaluation_id, user_id))
            if cell is None:
                parts.append(empty)
                continue
            text = texts.get((cell, offline))
            if text is None:
                text = f"<td>{number(cell.score)}"
                if not offline:
                    maximum = number(cell.max_score)
                    text += f'<small class="text-body-secondary">/{maximum}</small>'
                text = texts[(cell, offline)] = text + "</td>"
            parts.append(text)
        total = grid.totals.get(user_id)
        label = grid.label(total)
        parts.append(
            '<td class="fw-semibold" data-testid="total">'
            + ("—" if total is None else percent_shown(total))
            + (f' <span class="badge text-bg-light border">{escape(label)}</span>' if label else "")
            + "</td>"
        )
        parts.append(passed if grid.passed.get(user_id) else not_passed)
        parts.append("</tr>")
        rows.append("".join(parts))
    return mark_safe("\n".join(rows))  # noqa: S308 - escaped names, numbers, fixed markup
