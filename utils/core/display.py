"""Things a notebook shows: escaped HTML with a plain-text twin, so every view reads without a kernel."""
from __future__ import annotations

# The course's look. The .ph-widget rules let widget labels, options and buttons wrap instead of
# being cut off, so every exercise stays readable at 200% zoom (tests/browser/test_zoom.py).
# Every notebook's first output (the heading) carries this style, so it is on the page before any widget.
STYLE = """<style>
.ph-card{border:1px solid #767676;border-radius:4px;padding:0.6em 0.9em;margin:0.4em 0;max-width:60em}
.ph-source-card{border-left:4px solid #005a9c;padding:0.3em 0.8em;margin:0.4em 0;background:rgba(0,90,156,0.06)}
.ph-provenance th{text-align:left;padding-right:1em;vertical-align:top}
.jp-RenderedHTMLCommon .ph-provenance td,.jp-RenderedHTMLCommon .ph-provenance th{text-align:left}
.ph-provenance td,.ph-provenance th{border:none;padding:0.1em 0.5em 0.1em 0;text-align:left;vertical-align:top}
.ph-note{border-left:4px solid #8c510a;padding:0.3em 0.8em;background:rgba(140,81,10,0.07)}
.ph-error{border-left:4px solid #b2182b;padding:0.3em 0.8em;background:rgba(178,24,43,0.07)}
.ph-reveal{border-left:4px solid #1b7837;padding:0.3em 0.8em;background:rgba(27,120,55,0.07)}
table.ph-numbers,table.ph-course-map{border-collapse:collapse;margin:0.4em 0}
table.ph-numbers th,table.ph-numbers td,table.ph-course-map th,table.ph-course-map td{border:1px solid #999;padding:0.2em 0.5em;text-align:left}
div.ph-card td,div.ph-card th,div.ph-source-card td,div.ph-source-card th,table.ph-numbers td,table.ph-numbers th,table.ph-course-map td,table.ph-course-map th{text-align:left}
.ph-figure img{max-width:100%;height:auto}
.ph-figure figcaption{font-size:0.95em;max-width:60em}
.ph-card small,.ph-widget small{font-size:max(0.85em,12px)}
.ph-widget .widget-radio-box label{display:flex;align-items:baseline;height:auto;min-height:var(--jp-widgets-radio-item-height);line-height:1.4;padding:0.15em 0}
.ph-widget .widget-radio-box input{order:-1;flex:none;float:none;height:auto}
.ph-widget .widget-checkbox{height:auto;align-items:flex-start}
.ph-widget .widget-checkbox .widget-label-basic{display:flex;align-items:baseline;white-space:normal;overflow:visible;text-overflow:clip;height:auto;line-height:1.4;padding:0.15em 0}
.ph-widget .widget-checkbox .widget-label-basic input{align-self:baseline}
.ph-widget .jupyter-button{white-space:normal;height:auto;min-height:var(--jp-widgets-inline-height);line-height:1.3;padding-top:0.3em;padding-bottom:0.3em}
.ph-widget .widget-html-content{min-width:0}
.ph-widget .widget-html-content details{overflow-x:auto}
/* reflow at 320 CSS px (400% zoom, WCAG 1.4.10; tests/browser/test_zoom.py): a control drops under
   its label and a row of controls wraps, instead of the widget scrolling sideways */
.jp-OutputArea-output .widget-inline-hbox,.jp-OutputArea-output .widget-hbox{flex-wrap:wrap}
.jp-OutputArea-output .widget-inline-hbox>.widget-label{white-space:normal;height:auto;max-width:100%;overflow-wrap:anywhere}
.jp-OutputArea-output .widget-inline-hbox>select,.jp-OutputArea-output .widget-inline-hbox>input,.jp-OutputArea-output .widget-inline-hbox>textarea{min-width:0;max-width:100%}
.jp-OutputArea-output .widget-hbox>.jupyter-button{flex:none;max-width:100%}
.jp-OutputArea-output .jupyter-widgets{max-width:calc(100% - 2 * var(--jp-widgets-margin, 2px))}
/* a focus ring a keyboard user can see on every control (WCAG 2.4.7; tests/browser/test_keyboard.py) */
.jp-OutputArea-output .jupyter-widgets :focus-visible{outline:2px solid #005a9c;outline-offset:1px}
/* ipywidgets sets outline:none !important on text boxes and lists (only their border turns blue) */
.jp-OutputArea-output .jupyter-widgets :is(input,textarea,select):focus-visible{outline:2px solid #005a9c !important;outline-offset:1px}
/* links are underlined, not told apart by colour only (WCAG 1.4.1); JupyterLab's own rule is
   .jp-RenderedHTMLCommon a:link{text-decoration:none}: body makes these win wherever they are */
body .jp-RenderedHTMLCommon a:link,body .jp-RenderedHTMLCommon a:visited,body .ph-widget a:link,body .ph-widget a:visited{text-decoration:underline}
</style>"""


class Shown:
    """A display object: HTML for JupyterLab and static viewers, plain text for the rest."""

    def __init__(self, html: str, text: str):
        self.html, self.text = html, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"text/html": STYLE + self.html, "text/plain": self.text}

    def __repr__(self) -> str:
        return self.text
