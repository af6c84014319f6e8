"""Three-way merge of wiki pages (HTML), block by block.

Two people open revision B (the base) and both save: the first save becomes revision C, the
second brings M (mine). Their changes are merged against B the way version control merges
text (diff3): each side's changed runs of blocks are kept when the other side left them alone;
when both changed the same run differently, that run is a conflict and nothing is merged.

Blocks are the HTML's top-level paragraphs, headings, list items, table rows...: the HTML is
cut after each closing block tag, so two people editing different paragraphs never collide.
"""

import difflib
import re
from dataclasses import dataclass

_BLOCK_END = re.compile(
    r"(</(?:p|h[1-6]|li|ul|ol|tr|table|blockquote|pre|div|dd|dt|figure)>|<br\s*/?>|<hr\s*/?>)",
    re.IGNORECASE,
)


def blocks(html: str) -> list[str]:
    """The HTML as a list of blocks (whitespace at their edges dropped, empty ones gone)."""
    text = _BLOCK_END.sub(lambda m: m.group(1) + "\n", html or "")
    return [line.strip() for line in text.split("\n") if line.strip()]


def join(parts: list[str]) -> str:
    return "\n".join(parts)


@dataclass
class MergeResult:
    content: str  # the merged HTML (when clean)
    clean: bool  # False: both changed the same blocks; content is then "mine" unmerged
    conflicts: list[tuple[list[str], list[str]]]  # (theirs, mine) for each clashing run


def _sync_regions(base, a, b):
    """Runs of blocks that are the same in the base and in both sides (bzr's merge3)."""
    matches_a = difflib.SequenceMatcher(None, base, a, autojunk=False).get_matching_blocks()
    matches_b = difflib.SequenceMatcher(None, base, b, autojunk=False).get_matching_blocks()
    ia = ib = 0
    regions = []
    while ia < len(matches_a) and ib < len(matches_b):
        abase, amatch, alen = matches_a[ia]
        bbase, bmatch, blen = matches_b[ib]
        start, end = max(abase, bbase), min(abase + alen, bbase + blen)
        if start < end:
            asub, bsub = amatch + (start - abase), bmatch + (start - bbase)
            regions.append((start, end, asub, asub + end - start, bsub, bsub + end - start))
        if abase + alen < bbase + blen:
            ia += 1
        else:
            ib += 1
    regions.append((len(base), len(base), len(a), len(a), len(b), len(b)))
    return regions


def merge3(base_html: str, theirs_html: str, mine_html: str) -> MergeResult:
    """Merge ``mine`` into ``theirs`` (both edits of ``base``); see the module's docstring."""
    base, theirs, mine = blocks(base_html), blocks(theirs_html), blocks(mine_html)
    out: list[str] = []
    conflicts = []
    iz = ia = ib = 0
    for zmatch, zend, amatch, aend, bmatch, bend in _sync_regions(base, theirs, mine):
        base_run, their_run, my_run = base[iz:zmatch], theirs[ia:amatch], mine[ib:bmatch]
        if base_run or their_run or my_run:
            if their_run == my_run or my_run == base_run:
                out += their_run
            elif their_run == base_run:
                out += my_run
            else:
                conflicts.append((their_run, my_run))
        out += base[zmatch:zend]
        iz, ia, ib = zend, aend, bend
    if conflicts:
        return MergeResult(content=mine_html, clean=False, conflicts=conflicts)
    return MergeResult(content=join(out), clean=True, conflicts=[])


def diff_blocks(old_html: str, new_html: str) -> list[tuple[str, str]]:
    """[(state, block HTML)] with state "same", "removed" or "added", for a visual diff."""
    old, new = blocks(old_html), blocks(new_html)
    rows = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(
        None, old, new, autojunk=False
    ).get_opcodes():
        if tag == "equal":
            rows += [("same", block) for block in old[i1:i2]]
            continue
        rows += [("removed", block) for block in old[i1:i2]]
        rows += [("added", block) for block in new[j1:j2]]
    return rows
