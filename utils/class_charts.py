"""A class's answers, item by item, beside what historians conclude: charts in the house style.

Each chart uses the colour-blind-safe palette of utils.charts, with hatching and labels carrying
the same distinctions, alt text that gives every number, and the numbers as a table. The
historians' view is marked by a label and a hatch, never by colour alone, and its text stands
beside the chart.
"""
from __future__ import annotations

import hashlib
import textwrap

from .charts import HATCHES, PALETTE, figure_html, image_uri
from .content import VERDICTS
from .display import Shown
from .html import esc, inline, paragraphs, plain
from .widgets.common import table_html
from .widgets.reliability import SCALE

HISTORIANS = "historians' view"


def _values(cf, key: str) -> list[dict]:
    """Each counted student's saved value for one item ({} where there is none)."""
    out = []
    for e in cf.used:
        value = (cf.items(e).get(key) or {}).get("value")
        out.append(value if isinstance(value, dict) else {})
    return out


def _figure(rows: int):
    from matplotlib.figure import Figure

    fig = Figure(figsize=(7.5, 1.2 + 0.55 * rows))
    return fig, fig.add_subplot()


def _finish(fig, ax, title: str, xlabel: str) -> str:
    ax.set_title("\n".join(textwrap.wrap(title, 70)))
    ax.set_xlabel(xlabel)
    ax.xaxis.get_major_locator().set_params(integer=True)
    ax.spines[["top", "right"]].set_visible(False)
    fig.tight_layout()
    return image_uri(fig)


def _block(title: str, image: str, alt: str, n: int, table: str, beside: str, folder: str) -> str:
    stop = "" if title.endswith((".", "?", "!")) else "."
    caption = (f"<strong>{esc(title)}{stop}</strong> {n} student{'s' if n != 1 else ''}. "
               f"Source: the class's submission files in {esc(folder)}/.")
    return (f"<h3>{esc(title)}</h3><div style='display:flex;flex-wrap:wrap;gap:1em'>"
            f"<div style='flex:2 1 28em'>{figure_html(image, alt, caption, table)}</div>"
            f"<div class='ph-reveal' style='flex:1 1 16em' role='region' aria-label='{esc(HISTORIANS)}'>"
            f"{beside}</div></div>")


def _wrap(text: str, width: int = 38) -> str:
    return "\n".join(textwrap.wrap(plain(text), width))


def verdicts(cf, key: str, spec: dict) -> tuple[str, str]:
    """How many students chose each verdict on a claim, beside the historians' verdict."""
    values = _values(cf, key)
    counts = {v: sum(x.get("verdict") == v for x in values) for v in VERDICTS}
    counts["no verdict"] = sum(x.get("verdict") not in VERDICTS for x in values)
    labels = [f"{v} ({HISTORIANS})" if v == spec["verdict"] else v for v in counts]
    fig, ax = _figure(len(counts))
    for i, (v, n) in enumerate(counts.items()):
        theirs = v == spec["verdict"]
        ax.barh(i, n, color=PALETTE[1] if theirs else PALETTE[0], hatch="//" if theirs else "",
                edgecolor="black", linewidth=0.5)
        ax.text(n, i, f" {n}", va="center")
    ax.set_yticks(range(len(labels)), labels)
    ax.invert_yaxis()
    title = f"Verdicts on: {plain(spec.get('title') or spec['claim']['text'])}"
    image = _finish(fig, ax, title, "Students")
    alt = (f"Horizontal bar chart of the class's verdicts. " + ", ".join(f"{v}: {n}" for v, n in counts.items())
           + f". The historians' verdict, {spec['verdict']}, is the hatched bar and is labelled.")
    table = table_html(["Verdict", "Students", "Historians"],
                       [[v, str(n), "their verdict" if v == spec["verdict"] else ""] for v, n in counts.items()])
    beside = f"<p><strong>Historians: {esc(spec['verdict'])}.</strong></p>{paragraphs(spec['historians'])}"
    return _block(title, image, alt, len(values), table, beside, cf.folder.name), alt


def ratings(cf, key: str, spec: dict) -> tuple[str, str]:
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
    table = table_html(["Criterion", *map(str, SCALE), "Mean"],
                       [[f"{n}. {plain(c['label'])}", *map(str, row), mean(row)]
                        for n, (c, row) in enumerate(zip(crits, grid), 1)])
    beside = f"<p><strong>What historians conclude.</strong></p>{paragraphs(spec['historians'])}"
    return _block(f"Ratings: {title}", image, alt, len(values), table, beside, cf.folder.name), alt


def marks(cf, key: str, spec: dict) -> tuple[str, str]:
    """Agree / conflict on each point of a side by side, beside the historians' marks."""
    values = _values(cf, key)
    points = spec["points"]
    grid = [[sum((x.get("marks") or {}).get(p["id"]) == m for x in values) for m in ("agree", "conflict")]
            for p in points]
    fig, ax = _figure(len(points) * 2)
    for j, m in enumerate(("agree", "conflict")):
        ax.barh([i + (j - 0.5) * 0.4 for i in range(len(points))], [row[j] for row in grid], height=0.4,
                color=PALETTE[j], hatch=HATCHES[j], edgecolor="black", linewidth=0.5, label=m)
    ax.set_yticks(range(len(points)), [_wrap(f"{n}. {p['text']} (historians: {p['answer']})")
                                       for n, p in enumerate(points, 1)])
    ax.invert_yaxis()
    ax.legend(frameon=False, bbox_to_anchor=(1.0, 1.0), loc="upper left")
    title = plain(spec.get("title") or spec["question"])
    image = _finish(fig, ax, f"Points compared: {title}", "Students")
    alt = ("Grouped bar chart: for each point, how many students marked agree and how many conflict. " + " ".join(
        f"Point {n}: agree {a}, conflict {c}; historians say {p['answer']}."
        for n, (p, (a, c)) in enumerate(zip(points, grid), 1)))
    rows = [[f"{n}. {plain(p['text'])}", str(a), str(c), p["answer"]] for n, (p, (a, c)) in enumerate(zip(points, grid), 1)]
    chosen = {}
    for x in values:
        chosen[x.get("reliable") or "none"] = chosen.get(x.get("reliable") or "none", 0) + 1
    rows += [[f"More reliable: {name}", str(n), "", "historians' choice" if name == spec.get("more_reliable") else ""]
             for name, n in sorted(chosen.items())]
    table = table_html(["Point", "Agree", "Conflict", "Historians"], rows)
    beside = f"<p><strong>What historians conclude.</strong></p>{paragraphs(spec['historians'])}"
    return _block(f"Points compared: {title}", image, alt, len(values), table, beside, cf.folder.name), alt


def steps(cf, key: str, spec: dict) -> tuple[str, str]:
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
    html = f"<h3>{esc(title)}</h3>" + table_html(["Step", "Done", "Checks per student who finished"], rows)
    return html, "; ".join(" ".join(r) for r in rows)


def side_by_side(cf, item_id: str, anonymous: bool = False) -> Shown:
    """Every student's answer to one prompt (or any item) side by side, for discussion."""
    key = next((k for k in cf.homework.keys() if k.endswith(f"/{item_id}") or k.endswith(f"/prompt-{item_id}")), None)
    if key is None:
        known = [k.split("/", 1)[1].removeprefix("prompt-") for k in cf.homework.keys()]
        raise ValueError(f"{cf.homework.id} has no item '{item_id}'; it has: {', '.join(known)}")
    entries = cf.used
    if anonymous:  # an order that does not follow the names
        from .classroom import student_key

        entries = sorted(entries, key=lambda e: hashlib.sha256(student_key(e.student).encode()).hexdigest())
    cards, lines = [], []
    for n, e in enumerate(entries):
        who = f"Student {chr(65 + n % 26)}{n // 26 or ''}" if anonymous else e.student
        item = cf.items(e).get(key) or {"shown": [], "label": key}
        body = "".join(f"<p><strong>{esc(k)}:</strong></p><div style='white-space:pre-wrap'>{esc(v) or '<em>(blank)</em>'}</div>"
                       for k, v in item.get("shown", []))
        cards.append(f"<div class='ph-card' style='flex:1 1 18em;min-width:16em;margin:0.3em' role='group' "
                     f"aria-label='{esc(who)}'><p><strong>{esc(who)}</strong></p>{body}</div>")
        lines.append(f"{who}: " + " / ".join(f"{k}: {v}" for k, v in item.get("shown", [])))
    question = next((i.get("question", "") for e in entries for i in e.payload["items"] if i.get("key") == key), "")
    head = f"<p><strong>{esc(item_id)}</strong>: {esc(question)}</p>" if question else ""
    return Shown(f"{head}<div style='display:flex;flex-wrap:wrap'>{''.join(cards)}</div>", "\n".join(lines))


CHARTS = {"claim-check": verdicts, "reliability-rating": ratings, "side-by-side": marks, "data-task": steps}


def summary(cf) -> Shown:
    """Every item of the assignment that can be summed up, in the order of the homework."""
    html, text = [], []
    for key, (kind, spec) in cf.homework.keys().items():
        if kind in CHARTS:
            h, t = CHARTS[kind](cf, key, spec)
            html.append(h)
            text.append(t)
    if not html:
        return Shown("<p>This assignment has no items to chart; see the word counts and the answers below.</p>",
                     "Nothing to chart.")
    return Shown(f"<p>{inline(f'{len(cf.used)} students counted.')}</p>" + "".join(html), "\n".join(text))
