"""The house chart: a figure with alt text, a caption citing its publications, and its numbers."""
from __future__ import annotations

import base64
import io
import re

from utils.facts import datasets
from utils.facts import sources
from utils.core.display import Shown
from utils.core.errors import ContentError
from utils.core.html import Html, esc, inline, join, markup, table

# Okabe–Ito: distinguishable with the common kinds of colour blindness. Hatching and labels
# carry the same distinction, so colour is never the only signal.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
HATCHES = ["", "//", "..", "xx", "\\\\", "--"]
MARKERS = ["o", "s", "^", "D", "v", "P"]


def _fmt(value) -> str:
    try:
        missing = value is None or bool(value != value)  # None, NaN
    except TypeError:  # pandas.NA cannot be compared
        missing = True
    if missing:
        return "–"
    try:
        if float(value).is_integer():
            return f"{int(value):,}"
        return f"{float(value):,.1f}"
    except (TypeError, ValueError):
        return str(value)


MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")


def human_date(value) -> str:
    """'1930-01-01' -> '1 January 1930'; anything else as it is."""
    m = _ISO_DATE.match(str(value))
    if not m or not 1 <= int(m.group(2)) <= 12:
        return str(value)
    return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1]} {m.group(1)}"


def x_labels(values) -> list[str]:
    """Labels for a chart's x axis: years stay years; dates that are all 1 January (a yearly count)
    show as the year, as the chart's title says; other dates as '1 Mar 1938'."""
    xs = [str(v) for v in values]
    if xs and all(_ISO_DATE.match(x) for x in xs):
        if all(x.endswith("-01-01") for x in xs):
            return [x[:4] for x in xs]
        return [_short_date(x) for x in xs]
    return xs


def _short_date(value: str) -> str:
    m = _ISO_DATE.match(value)
    return f"{int(m.group(3))} {MONTHS[int(m.group(2)) - 1][:3]} {m.group(1)}" if m else value


def axis_number(value, _pos=None) -> str:
    """A tick label on a value axis: 1,000,000 rather than 1e6, one decimal only when needed."""
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.1f}"


def _as_compared(value: str, kind: str) -> str:
    """A CSV cell as select() compares it with a 'where' value: the text of the typed value."""
    if kind in ("integer", "year"):
        return str(int(value)) if value else "<NA>"
    if kind == "number":
        return str(float(value)) if value else "nan"
    return value


def _some(values) -> str:
    values = sorted(set(values), key=lambda v: (len(v), v))
    shown = ", ".join(repr(v) for v in values[:12])
    return shown + (f" and {len(values) - 12} more" if len(values) > 12 else "")


def check_selection(spec: dict, file: str, item: str | None) -> None:
    """Raise a ContentError naming the lesson file, the chart or exercise and the field when its
    'where', 'exclude' or 'x_range' leaves no row to show, or when a column to be drawn as a number
    does not hold numbers. Reads the CSV as text (no pandas), the same rows select() keeps."""
    name = spec["dataset"]
    kinds = {c: f.get("type", "string") for c, f in datasets.fields(name).items()}
    rows = datasets.rows(name)
    numeric = ([*spec["y"]] if "y" in spec else
               [spec[k] for k in ("low", "high", "value") if spec.get(k)] if "low" in spec else [])
    for n, col in enumerate(numeric, 1):
        if kinds[col] not in datasets.NUMERIC:
            field = (f"y[{n}]" if "y" in spec else next(k for k in ("low", "high", "value") if spec.get(k) == col))
            raise ContentError(file, item, field, f"a column of numbers to draw (dataset '{name}' declares "
                               f"'{col}' as {kinds[col]})", f"'{col}'")
    if not rows:
        raise ContentError(file, item, "dataset", "a dataset with rows to show", f"'{name}' has none")
    for col, val in spec.get("where", {}).items():
        kept = [r for r in rows if _as_compared(r[col], kinds[col]) == str(val)]
        if not kept:
            have = [_as_compared(r[col], kinds[col]) for r in rows]
            raise ContentError(file, item, f"where.{col}",
                               f"a value of column '{col}' in dataset '{name}' ({_some(have)})",
                               f"{val!r}, which no row has{sources.suggestion(str(val), set(have))}")
        rows = kept
    for col, val in spec.get("exclude", {}).items():
        values = {str(v) for v in (val if isinstance(val, list) else [val])}
        rows = [r for r in rows if _as_compared(r[col], kinds[col]) not in values]
        if not rows:
            raise ContentError(file, item, f"exclude.{col}", "some rows left to show after leaving these out",
                               "every row left out")
    if spec.get("x_range") and "x" in spec:
        x, (lo, hi) = spec["x"], spec["x_range"]
        if kinds[x] not in datasets.NUMERIC:
            raise ContentError(file, item, "x_range", f"a chart whose x column holds numbers ('{x}' is "
                               f"{kinds[x]}: leave x_range out)", repr(spec["x_range"]))
        have = [float(r[x]) for r in rows if r[x]]
        if not any(lo <= v <= hi for v in have):
            span = f"{_fmt(min(have))} to {_fmt(max(have))}" if have else "no values"
            raise ContentError(file, item, "x_range", f"a range [low, high] that holds some of the rows' "
                               f"'{x}' values ({span})", repr(spec["x_range"]))
        rows = [r for r in rows if r[x] and lo <= float(r[x]) <= hi]
    if numeric and not any(r[col] for r in rows for col in numeric):
        raise ContentError(file, item, "y" if "y" in spec else "low", "some numbers to draw in the rows shown",
                           f"every value of {', '.join(repr(c) for c in numeric)} empty there")


def select(spec: dict):
    """The rows a chart or exercise shows: its dataset, filtered by 'where' and 'x_range'."""
    df = datasets.load(spec["dataset"])
    for col, val in spec.get("where", {}).items():
        df = df[df[col].astype(str) == str(val)]
    for col, val in spec.get("exclude", {}).items():  # rows to leave out, e.g. a sum row
        values = [str(v) for v in (val if isinstance(val, list) else [val])]
        df = df[~df[col].astype(str).isin(values)]
    if "x" in spec and spec["x"] in df and str(df[spec["x"]].dtype) in ("Int64", "float64", "int64"):
        df = df.sort_values(spec["x"], kind="stable")  # years in order, whatever the CSV's order
    if spec.get("x_range") and "x" in spec:
        lo, hi = spec["x_range"]
        df = df[(df[spec["x"]] >= lo) & (df[spec["x"]] <= hi)]
    return df


def _cell(value, kind: str | None) -> str:
    """A table cell: a year as written (1930, never 1,930), a date in words, a number with separators."""
    if kind == "year":
        return _fmt(value).replace(",", "")
    if kind == "date":
        return human_date(value)
    return _fmt(value)


def table_html(df, columns: list[str], labels: dict[str, str]) -> Html:
    """An accessible HTML table of the given columns, with each row's source."""
    name = df.attrs.get("dataset")
    kinds = {c: f.get("type") for c, f in datasets.fields(name).items()} if name else {}
    rows = [[*(_cell(row[c], kinds.get(c)) for c in columns),
             sources.short_citation(row["source"], row["locator"]), row["confidence"]]
            for _, row in df.iterrows()]
    return table([*(labels.get(c, c) for c in columns), "Source", "Confidence"], rows)


def image_uri(fig) -> str:
    """A matplotlib figure as a data: URI holding an SVG image.

    SVG rather than PNG: it stays sharp when a student zooms in, it is about half the size, and
    it is drawn two to three times faster (text stays text, nothing is rasterized). The ids
    inside are fixed and the creator and date left out, so the same chart gives the same file.
    A figure with a layout engine (constrained layout) already fits its contents. Any other is
    cropped to its contents from the text extents alone: savefig's own "tight" would draw the
    whole figure once more just to measure it (a quarter of a chart's cost).
    """
    import matplotlib
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    buf = io.BytesIO()
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "purges-and-hysteria"}):
        crop = None
        if fig.get_layout_engine() is None:
            renderer = FigureCanvasAgg(fig).get_renderer()
            crop = fig.get_tightbbox(renderer).padded(matplotlib.rcParams["savefig.pad_inches"])
        fig.savefig(buf, format="svg", bbox_inches=crop,
                    metadata={"Creator": None, "Date": None, "Format": None, "Type": None})
    return "data:image/svg+xml;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def figure_html(src: str, alt: str, caption_html: Html, table: Html, width: int | None = None) -> Html:
    """The figure block: image with alt text, caption, and the numbers behind a disclosure. With
    ``width``, the image is shown at that many CSS px (never wider than the page) and the figure
    has no side margins: a chart whose text was sized for that width (the class charts)."""
    sizing = (markup(" style='margin:0.5em 0'"), markup(" style='width:{}px;max-width:100%;height:auto'", width)
              ) if width else (Html(), Html())
    return markup("<figure class='ph-figure'{}><img src='{}' alt='{}'{}><figcaption>{}</figcaption></figure>"
                  "<details><summary>Show the numbers as a table</summary>{}</details>",
                  sizing[0], src, alt, sizing[1], caption_html, table)


def caption_title(title: str) -> Html:
    """A chart's title opening its caption, as a sentence ('…in 1937–38?' gains no full stop)."""
    return markup("<strong>{}{}</strong>", inline(title), "" if title.rstrip().endswith((".", "?", "!")) else ".")


def sources_caption(works) -> Html:
    """'Source(s): …' naming every publication (work ids) the plotted rows come from; each
    citation is a sentence of its own."""
    works = sorted(set(works))
    cites = join((inline(sources.citation(w)) for w in works), " ")
    return markup("<strong>Source{}:</strong> {}", "s" if len(works) > 1 else "", cites)


def draw(spec: dict, df):
    """Draw the chart described by a lesson's chart entry; return the matplotlib Figure."""
    from matplotlib.figure import Figure

    labels = spec.get("labels", {})
    fig = Figure(figsize=(7.5, 3.8))
    ax = fig.add_subplot()
    xs = x_labels(df[spec["x"]])
    n = len(spec["y"])
    width = 0.8 / n
    for i, col in enumerate(spec["y"]):
        ys = df[col].astype("float").tolist()  # a missing value stays missing, never a false zero
        label = labels.get(col, col)
        if spec["kind"] == "line":
            ax.plot(xs, ys, marker=MARKERS[i % 6], color=PALETTE[i % 8], label=label, linewidth=2)
        elif spec["kind"] == "barh":
            pos = [k + (i - (n - 1) / 2) * width for k in range(len(xs))]
            ax.barh(pos, ys, height=width, color=PALETTE[i % 8], hatch=HATCHES[i % 6],
                    edgecolor="black", linewidth=0.5, label=label)
            ax.set_yticks(range(len(xs)), xs)
        else:
            pos = [k + (i - (n - 1) / 2) * width for k in range(len(xs))]
            ax.bar(pos, ys, width=width, color=PALETTE[i % 8], hatch=HATCHES[i % 6],
                   edgecolor="black", linewidth=0.5, label=label)
            ax.set_xticks(range(len(xs)), xs)
    if spec["kind"] != "barh" and len(xs) > 12:  # keep many labels readable
        ax.tick_params(axis="x", labelrotation=45)
    if spec.get("log_scale"):
        (ax.set_xscale if spec["kind"] == "barh" else ax.set_yscale)("log")
    value_axis = ax.xaxis if spec["kind"] == "barh" else ax.yaxis
    value_axis.set_major_formatter(axis_number)
    if spec.get("y_label"):
        (ax.set_xlabel if spec["kind"] == "barh" else ax.set_ylabel)(spec["y_label"])
    ax.set_title(spec["title"])
    if n > 1:  # outside the plot, so it never covers a bar
        ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.01, 1))
    ax.spines[["top", "right"]].set_visible(False)
    return fig


def chart(spec: dict) -> Shown:
    """A lesson chart as a display object (image, alt text, caption with sources, table)."""
    df = select(spec)
    fig = draw(spec, df)
    caption = join([caption_title(spec["title"]), *([inline(spec["caption"])] if spec.get("caption") else []),
                    sources_caption(df["source"])], " ")
    labels = {spec["x"]: spec.get("labels", {}).get(spec["x"], spec["x"]), **spec.get("labels", {})}
    table = table_html(df, [spec["x"], *spec["y"]], labels)
    text = (f"Chart: {spec['title']}. {spec['alt']} "
            f"Sources: {'; '.join(sources.short_citation(w) for w in sorted(set(df['source'])))}.")
    return Shown(figure_html(image_uri(fig), spec["alt"], caption, table), text)
