"""A class's answers, item by item, beside what historians conclude: charts in the house style.

Each chart uses the colour-blind-safe palette of utils.charts, with hatching and labels carrying
the same distinctions, alt text that gives every number, and the numbers as a table. The
historians' view is marked by a label and a hatch, never by colour alone, and its text stands
beside the chart. The historians' view appears only when the teacher asks for it (``historians=True``):
a notebook saved without it can sit where students open files.

Where an answer keeps its revisions (``first``, ``revisions``/``final``, ``changed_after_reveal``),
the summary shows first and final answers side by side ("first \u2192 final") and counts the
changes made after the historians' view was revealed.
"""
from __future__ import annotations

import functools
import hashlib
import textwrap
import unicodedata

from utils.facts.charts import HATCHES, PALETTE, figure_html, image_uri
from utils.content.load import VERDICTS
from utils.core.display import Shown
from utils.core.errors import BadValue
from utils.core.html import Html, esc, inline, join, markup, paragraphs, plain, table as table_html
from utils.exercises.reliability import SCALE


def student_key(name: str) -> str:
    """The same student however the name was typed: Unicode-normalised, case and spaces ignored."""
    return " ".join(unicodedata.normalize("NFKC", name).casefold().split())


HISTORIANS = "historians' view"
ARROW = "\u2192"


def revision(value, fields: tuple[str, ...]):
    """(first, final, changed after the reveal) of an answer that keeps its revisions, else None.

    ``first`` and ``final`` are the answer's ``fields`` (one value for one field, else a tuple), read
    from the record's "first" and "final" (or the last of its "revisions", or the answer itself).
    """
    if not isinstance(value, dict) or "first" not in value:
        return None

    def pick(version):
        if isinstance(version, dict):
            got = tuple(version.get(f) for f in fields)
        elif isinstance(version, str) and len(fields) == 1:
            got = (version,)
        else:
            return None
        return got[0] if len(fields) == 1 else got

    revisions = value.get("revisions") if isinstance(value.get("revisions"), list) else []
    first = pick(value.get("first"))
    final = pick(value["final"]) if "final" in value else pick(revisions[-1]) if revisions else pick(value)
    after = bool(value.get("changed_after_reveal")) or any(
        isinstance(r, dict) and r.get("after_reveal") for r in revisions)
    return (first, final, after) if first is not None else None


def changes(values: list[dict], fields: tuple[str, ...], name=str) -> tuple[Html, str]:
    """A table of first -> final answers (only where some record keeps both), and a line for the alt text."""
    pairs: dict[tuple, list[int]] = {}
    for x in values:
        r = revision(x, fields)
        if r is None:
            continue
        first, final, after = r
        row = pairs.setdefault((name(first), name(final)), [0, 0])
        row[0] += 1
        row[1] += bool(after and first != final)
    if not pairs:
        return Html(), ""
    rows = [[f"{a} {ARROW} {b}" if a != b else f"{a} (unchanged)", str(n), str(late) if a != b else ""]
            for (a, b), (n, late) in sorted(pairs.items(), key=lambda kv: (-kv[1][0], kv[0]))]
    changed = sum(n for (a, b), (n, _) in pairs.items() if a != b)
    after = sum(late for _, late in pairs.values())
    line = (f" First {ARROW} final: {changed} of {sum(n for n, _ in pairs.values())} students with both recorded "
            f"changed their answer, {after} of them after the reveal.")
    return (Html(f"<p><strong>First answer {ARROW} final answer</strong></p>")
            + table_html(["First " + ARROW + " final", "Students", "Changed after the reveal"], rows), line)


def _values(cf, key: str) -> list[dict]:
    """Each counted student's saved value for one item ({} where there is none)."""
    out = []
    for e in cf.used:
        value = (cf.items(e).get(key) or {}).get("value")
        out.append(value if isinstance(value, dict) else {})
    return out


# The size a chart is shown at. A chart is an SVG as wide as its figure (72 points, 96 CSS px, an
# inch) and is shown at exactly that width: its column never shrinks to make room for what
# historians conclude (that wraps below instead), so the text in it is as large as it is drawn.
# Every text in a chart is at least 11 points, 14.7 px on screen (tests/teacher/test_visual_teacher.py
# checks 12 px or more for every chart); only a window narrower than the chart shrinks it.
CHART_PX = 640
CHART_FONTS = {"font.size": 11, "axes.titlesize": 12, "axes.labelsize": 11, "xtick.labelsize": 11,
               "ytick.labelsize": 11, "legend.fontsize": 11, "legend.title_fontsize": 11, "figure.titlesize": 12}


def _styled(chart):
    """A chart function drawn with the class charts' font sizes (CHART_FONTS), for its own charts
    only: matplotlib's settings are left as they were for everything else."""

    @functools.wraps(chart)
    def drawn(*args, **kwargs):
        import matplotlib

        with matplotlib.rc_context(CHART_FONTS):
            return chart(*args, **kwargs)

    return drawn


def _figure(rows: int):
    from matplotlib.figure import Figure

    # constrained layout fits the labels and the legend inside the figure, so the image is
    # exactly CHART_PX wide (nothing cropped) and is shown at its own size
    fig = Figure(figsize=(CHART_PX / 96, 1.6 + 0.6 * rows), layout="constrained")
    return fig, fig.add_subplot()


def _finish(fig, ax, title: str, xlabel: str) -> str:
    ax.set_title("\n".join(textwrap.wrap(title, 60)))
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    return image_uri(fig)


def _block(title: str, image: str, alt: str, n: int, table: Html, beside: Html, folder: str) -> Html:
    """A chart with its caption and table, and what historians conclude beside it (Html, if any).

    The chart's column is CHART_PX wide and does not shrink for the historians' view: where both
    do not fit side by side, the historians' view goes below the chart.
    """
    stop = "" if title.endswith((".", "?", "!")) else "."
    caption = markup("<strong>{}{}</strong> {} student{}. Source: the class's submission files in {}/.",
                     title, stop, n, "s" if n != 1 else "", folder)
    side = (markup("<div class='ph-reveal' style='flex:1 1 16em' role='region' aria-label='{}'>{}</div>",
                   HISTORIANS, beside) if beside else Html())
    figure = figure_html(image, alt, caption, table, width=CHART_PX)
    return markup("<h3>{}</h3><div class='ph-class-chart' style='display:flex;flex-wrap:wrap;gap:1em'>"
                  "<div style='flex:0 1 {}px;min-width:0'>{}</div>{}</div>", title, CHART_PX, figure, side)


def _wrap(text: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(plain(text), width))


@_styled
def verdicts(cf, key: str, spec: dict, historians: bool = True) -> tuple[Html, str]:
    """How many students chose each verdict on a claim (beside the historians' verdict when asked)."""
    values = _values(cf, key)
    counts = {v: sum(x.get("verdict") == v for x in values) for v in VERDICTS}
    counts["no verdict"] = sum(x.get("verdict") not in VERDICTS for x in values)
    theirs = spec["verdict"] if historians else None
    labels = [f"{v} ({HISTORIANS})" if v == theirs else v for v in counts]
    fig, ax = _figure(len(counts))
    for i, (v, n) in enumerate(counts.items()):
        marked = v == theirs
        ax.barh(i, n, color=PALETTE[1] if marked else PALETTE[0], hatch="//" if marked else "",
                edgecolor="black", linewidth=0.5)
        ax.text(n, i, f" {n}", va="center")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    title = f"Verdicts on: {plain(spec.get('title') or spec['claim']['text'])}"
    image = _finish(fig, ax, title, "Students")
    change_table, change_line = changes(values, ("verdict",), lambda v: v if v in VERDICTS else "no verdict")
    alt = ("Horizontal bar chart of the class's verdicts. " + ", ".join(f"{v}: {n}" for v, n in counts.items())
           + "." + (f" The historians' verdict, {theirs}, is the hatched bar and is labelled." if theirs else "")
           + change_line)
    heads = ["Verdict", "Students"] + (["Historians"] if theirs else [])
    table = table_html(heads, [[v, str(n)] + (["their verdict" if v == theirs else ""] if theirs else [])
                               for v, n in counts.items()]) + change_table
    beside = (markup("<p><strong>Historians: {}.</strong></p>{}", theirs, paragraphs(spec["historians"]))
              if historians else Html())
    return _block(title, image, alt, len(values), table, beside, cf.folder.name), alt


@_styled
def ratings(cf, key: str, spec: dict, historians: bool = True) -> tuple[Html, str]:
    """The class's ratings (1-5) on each criterion of a reliability rating."""
    values = _values(cf, key)
    crits = spec["criteria"]
    grid = [[sum((x.get("ratings") or {}).get(c["id"]) == r for x in values) for r in SCALE] for c in crits]
    fig, ax = _figure(len(crits) * 2)
    width = 0.8 / len(SCALE)
    for j, r in enumerate(SCALE):
        ax.barh([i + (j - 2) * width for i in range(len(crits))], [row[j] for row in grid], height=width,
                color=PALETTE[j], hatch=HATCHES[j % len(HATCHES)], edgecolor="black", linewidth=0.5,
                label=SCALE[r])
    ax.set_yticks(range(len(crits)), [_wrap(f"{n}. {c['label']}") for n, c in enumerate(crits, 1)])
    ax.invert_yaxis()
    ax.legend(title="Rating", frameon=False, bbox_to_anchor=(1.0, 1.0), loc="upper left")
    title = plain(spec.get("title") or f"Ratings of {spec['document']}")
    image = _finish(fig, ax, f"Ratings: {title}", "Students")

    def mean(row):
        n = sum(row)
        return f"{sum((j + 1) * k for j, k in enumerate(row)) / n:.1f}" if n else "\u2013"

    alt = ("Grouped bar chart of the class's ratings from 1 (not at all) to 5 (fully). " + " ".join(
        f"Criterion {n}: " + ", ".join(f"{r} rated by {k}" for r, k in zip(SCALE, row)) + f"; mean {mean(row)}."
        for n, row in enumerate(grid, 1)))
    ids = tuple(c["id"] for c in crits)
    change_table, change_line = changes(values, ("ratings",), lambda r: ", ".join(
        str((r or {}).get(c, "\u2013")) for c in ids) if isinstance(r, dict) or r is None else str(r))
    alt += change_line
    table = table_html(["Criterion", *map(str, SCALE), "Mean"],
                       [[f"{n}. {plain(c['label'])}", *map(str, row), mean(row)]
                        for n, (c, row) in enumerate(zip(crits, grid), 1)]) + change_table
    beside = (markup("<p><strong>What historians conclude.</strong></p>{}", paragraphs(spec["historians"]))
              if historians else Html())
    return _block(f"Ratings: {title}", image, alt, len(values), table, beside, cf.folder.name), alt


@_styled
def marks(cf, key: str, spec: dict, historians: bool = True) -> tuple[Html, str]:
    """Agree / conflict on each point of a side by side, beside the historians' marks."""
    values = _values(cf, key)
    points = spec["points"]
    grid = [[sum((x.get("marks") or {}).get(p["id"]) == m for x in values) for m in ("agree", "conflict")]
            for p in points]
    fig, ax = _figure(len(points) * 2)
    for j, m in enumerate(("agree", "conflict")):
        ax.barh([i + (j - 0.5) * 0.4 for i in range(len(points))], [row[j] for row in grid], height=0.4,
                color=PALETTE[j], hatch=HATCHES[j], edgecolor="black", linewidth=0.5, label=m)
    ax.set_yticks(range(len(points)), [_wrap(f"{n}. {p['text']}" + (f" (historians: {p['answer']})" if historians else ""))
                                       for n, p in enumerate(points, 1)])
    ax.invert_yaxis()
    ax.legend(frameon=False, bbox_to_anchor=(1.0, 1.0), loc="upper left")
    title = plain(spec.get("title") or spec["question"])
    image = _finish(fig, ax, f"Points compared: {title}", "Students")
    alt = ("Grouped bar chart: for each point, how many students marked agree and how many conflict. " + " ".join(
        f"Point {n}: agree {a}, conflict {c}" + (f"; historians say {p['answer']}." if historians else ".")
        for n, (p, (a, c)) in enumerate(zip(points, grid), 1)))
    rows = [[f"{n}. {plain(p['text'])}", str(a), str(c), p["answer"] if historians else ""]
            for n, (p, (a, c)) in enumerate(zip(points, grid), 1)]
    chosen = {}
    for x in values:
        chosen[x.get("reliable") or "none"] = chosen.get(x.get("reliable") or "none", 0) + 1
    rows += [[f"More reliable: {name}", str(n), "",
              "historians' choice" if historians and name == spec.get("more_reliable") else ""]
             for name, n in sorted(chosen.items())]
    if not historians:
        rows = [r[:3] for r in rows]
    ids = [p["id"] for p in points]

    def name(version) -> str:
        got, reliable = version if isinstance(version, tuple) else ({}, None)
        got = got if isinstance(got, dict) else {}
        return ", ".join(str(got.get(i, "\u2013")) for i in ids) + f"; more reliable: {reliable or 'none'}"

    change_table, change_line = changes(values, ("marks", "reliable"), name)
    alt += change_line
    table = table_html(["Point", "Agree", "Conflict", *(["Historians"] if historians else [])], rows) + change_table
    beside = (markup("<p><strong>What historians conclude.</strong></p>{}", paragraphs(spec["historians"]))
              if historians else Html())
    return _block(f"Points compared: {title}", image, alt, len(values), table, beside, cf.folder.name), alt


def steps(cf, key: str, spec: dict, historians: bool = True) -> tuple[Html, str]:
    """How many students finished each step of a data task, and after how many checks."""
    values = _values(cf, key)
    rows = []
    for n, step in enumerate(spec["steps"], 1):
        recs = [(x.get("steps") or {}).get(step["id"]) or {} for x in values]
        done = sum(bool(r.get("passed")) for r in recs)
        tries = [int(r.get("attempts") or 0) for r in recs if r.get("passed")]
        rows.append([f"Step {n} ({step['check']})", f"{done} of {len(values)}",
                     f"{sum(tries) / len(tries):.1f}" if tries else "\u2013"])
    title = plain(spec.get("title") or "Data task")
    html = markup("<h3>{}</h3>", title) + table_html(["Step", "Done", "Checks per student who finished"], rows)
    return html, "; ".join(" ".join(r) for r in rows)


def quick(cf, key: str, spec: dict, historians: bool = True) -> tuple[Html, str]:
    """For each question of a quick check: how many answered, right at the first try, right in the end."""
    values = _values(cf, key)
    rows = []
    for n, q in enumerate(spec["questions"], 1):
        tries = [((x.get("attempts") or {}).get(q["id"]) or []) for x in values]
        tries = [[t for t in ts if isinstance(t, dict)] for ts in tries]
        rows.append([f"{n}. {plain(q.get('text') or q['id'])}", str(sum(bool(ts) for ts in tries)),
                     str(sum(bool(ts) and bool(ts[0].get("correct")) for ts in tries)),
                     str(sum(any(t.get("correct") for t in ts) for ts in tries))])
    title = plain(spec.get("title") or "Quick check")
    html = markup("<h3>{}</h3>", title) + table_html(["Question", "Answered", "Right at the first try", "Right in the end"],
                                                 rows, f"{len(values)} students")
    return html, "; ".join(" ".join(r) for r in rows)


def grid(cf, key: str, spec: dict, historians: bool = True) -> tuple[Html, str]:
    """For each claim and source of a corroboration grid: how many said supports, contradicts, silent."""
    values = _values(cf, key)
    docs = list(spec["documents"])
    rows = []
    for n, claim in enumerate(spec["claims"], 1):
        for d in docs:
            picks = [((x.get("cells") or {}).get(claim["id"]) or {}).get(d) for x in values]
            rows.append([f"{n}. {plain(claim['text'])}", plain(str(cf.assignment.documents.get(d, {}).get("title", d))),
                         *[str(picks.count(c)) for c in ("supports", "contradicts", "silent")]])
    title = plain(spec.get("title") or spec.get("question") or "Corroboration grid")
    html = markup("<h3>{}</h3>", title) + table_html(["Claim", "Source", "Supports", "Contradicts", "Says nothing"],
                                                 rows, f"{len(values)} students")
    return html, "; ".join(" ".join(r) for r in rows)


def side_by_side(cf, item_id: str, anonymous: bool = False) -> Shown:
    """Every student's answer to one prompt (or any item) side by side, for discussion."""
    key = next((k for k in cf.homework.keys() if k.endswith(f"/{item_id}") or k.endswith(f"/prompt-{item_id}")), None)
    if key is None:
        known = [k.split("/", 1)[1].removeprefix("prompt-") for k in cf.homework.keys()]
        raise BadValue(f"{cf.homework.id} has no item '{item_id}'; it has: {', '.join(known)}")
    entries = cf.used
    if anonymous:  # an order that does not follow the names
        entries = sorted(entries, key=lambda e: hashlib.sha256(student_key(e.student).encode()).hexdigest())
    cards, lines = [], []
    for n, e in enumerate(entries):
        who = f"Student {chr(65 + n % 26)}{n // 26 or ''}" if anonymous else e.who
        item = cf.items(e).get(key) or {"shown": [], "label": key}
        body = join(markup("<p><strong>{}:</strong></p><div style='white-space:pre-wrap'>{}</div>",
                           k, esc(v) or Html("<em>(blank)</em>")) for k, v in item.get("shown", []))
        r = revision(item.get("value"), ("verdict",))
        if r is not None:
            first, final, after = r
            line = (f"First {first or 'no verdict'} {ARROW} final {final or 'no verdict'}"
                    + (" (changed after the reveal)" if after and first != final else ""))
            body = markup("<p><strong>{}</strong></p>", line) + body
            item = {**item, "shown": [["Verdicts", line], *item.get("shown", [])]}
        cards.append(markup("<div class='ph-card' style='flex:1 1 18em;min-width:16em;margin:0.3em' role='group' "
                            "aria-label='{0}'><p><strong>{0}</strong></p>{1}</div>", who, body))
        lines.append(f"{who}: " + " / ".join(f"{k}: {v}" for k, v in item.get("shown", [])))
    question = next((i.get("question", "") for e in entries for i in e.payload["items"] if i.get("key") == key), "")
    head = markup("<p><strong>{}</strong>: {}</p>", item_id, question) if question else Html()
    return Shown(markup("{}<div style='display:flex;flex-wrap:wrap'>{}</div>", head, join(cards)), "\n".join(lines))


CHARTS = {"claim-check": verdicts, "reliability-rating": ratings, "side-by-side": marks, "data-task": steps,
          "quick-check": quick, "corroboration-grid": grid}


def summary(cf, historians: bool = False) -> Shown:
    """Every item of the assignment that can be summed up, in order (the historians' view only when asked)."""
    html, text = [], []
    for key, (kind, spec) in cf.assignment.keys().items():
        if kind in CHARTS:
            h, t = CHARTS[kind](cf, key, spec, historians)
            html.append(h)
            text.append(t)
    if not html:
        return Shown(Html("<p>This assignment has no items to chart; see the word counts and the answers below.</p>"),
                     "Nothing to chart.")
    return Shown(markup("<p>{}</p>", inline(f"{len(cf.used)} students counted.")) + join(html), "\n".join(text))
