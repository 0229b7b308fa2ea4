"""The start page's course map: every lesson, what it asks, its time and skills, and a link."""
from __future__ import annotations

from utils.content import load as content
from utils.content.course import notebook_for, sequence
from utils.core.display import Shown
from utils.core.html import esc, inline, plain


def course_map() -> Shown:
    """A table of the lessons: what each asks, its time and skills, and a link to open it."""
    rows, lines = [], []
    for entry in sequence():
        if entry["ready"]:
            d = content.load_lesson(entry["id"])
            link = f"<a href='{esc(notebook_for(entry['id']))}'>{inline(d['title'])}</a>"
            rows.append(f"<tr><td>{esc(entry['number'])}</td><td>{link}</td><td>{inline(d['central_question'])}</td>"
                        f"<td>{esc(d['time_minutes'])} min</td><td>{esc(', '.join(d['skills']))}</td></tr>")
            lines.append(f"{entry['number']}. {d['title']} ({d['time_minutes']} min): {plain(d['central_question'])}")
        else:
            rows.append(f"<tr><td>{esc(entry['number'])}</td><td>{inline(entry['title'])}</td>"
                        "<td colspan='3'><em>in preparation</em></td></tr>")
            lines.append(f"{entry['number']}. {entry['title']} (in preparation)")
    head = ("<tr><th scope='col'>#</th><th scope='col'>Lesson</th><th scope='col'>The question it asks</th>"
            "<th scope='col'>Time</th><th scope='col'>Skills</th></tr>")
    return Shown(f"<table class='ph-course-map'><thead>{head}</thead><tbody>{''.join(rows)}</tbody></table>",
                 "\n".join(lines))
