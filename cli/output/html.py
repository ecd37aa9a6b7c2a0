"""Self-contained HTML reports built from the documented JSON documents.

``render_classify_html`` takes the dict of ``classify --format json`` and
``render_compare_html`` the dict of ``compare --format json``; both return one HTML
page with no external assets (inline CSS, inline SVG charts, a few lines of inline
script that only opens every provision before printing). They read plain dicts, so
fields that not every run has (``type``, ``counterparts``, ``beyond_treaties``,
``safeguards``, ``offence_parts``, ``page``, ``warnings``, a source's ``sha256``) are
shown when present and left out when absent. Every piece of text from the input is
HTML-escaped; the same dict gives the same page, byte for byte.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from html import escape
from typing import Any, NamedTuple

from cli import LABEL_MEANINGS, LABELS, REVIEW_LEGEND
from cli.classify import review_code

__all__ = ["render_classify_html", "render_compare_html"]

REVIEW_MEANINGS = {
    "low-confidence": "The model's confidence is below the threshold at which its labels "
                      "proved reliable in cross-validation.",
    "close-call": "The two most likely labels are nearly tied: a reader should decide "
                  "between them.",
    "mixed": "Its label follows the dominant conduct: check whether it creates offences "
             "of both kinds.",
}
COVERAGE = (("both", "within both treaties", "cov-both"),
            ("one", "within one treaty only", "cov-one"),
            ("beyond", "beyond the treaties", "cov-beyond"),
            ("unknown", "no counterpart data", "cov-unknown"))
TREATY_NAMES = {"budapest": "Budapest", "un": "UN", "ets189": "ETS 189",
                "protocol": "ETS 189", "budapest_protocol": "ETS 189"}
NOT_A_FLAG = frozenset({"ok", "pass", "passed", "clear", "met", "undetermined"})

CSS = """
:root{--ink:#1d2939;--muted:#475467;--line:#d0d5dd;--soft:#f2f4f7;--bg:#fff;
--dep:#d92d20;--enb:#f5a524;--oth:#98a2b3}
*{box-sizing:border-box}
html{-webkit-text-size-adjust:100%;text-size-adjust:100%}
body{margin:0;background:var(--bg);color:var(--ink);overflow-wrap:anywhere;
font:15px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",Arial,sans-serif}
.page{max-width:1180px;margin:0 auto;padding:8px 16px 32px}
h1{font-size:1.55rem;line-height:1.25;margin:16px 0 4px}
h2{font-size:1.25rem;margin:28px 0 8px;padding-bottom:4px;border-bottom:2px solid var(--line)}
h3{font-size:1.05rem;margin:20px 0 6px}
p{margin:6px 0}
.lead{font-size:1.05rem;margin:4px 0 12px}
.muted{color:var(--muted)}
code,.mono{font-family:ui-monospace,"DejaVu Sans Mono",Menlo,Consolas,monospace;
font-size:.88em}
dl.kv{display:grid;grid-template-columns:max-content minmax(0,1fr);gap:2px 14px;margin:6px 0}
dl.kv dt{font-weight:600;color:var(--muted)}
dl.kv dd{margin:0;min-width:0}
.chip{display:inline-block;padding:0 .55em;border-radius:999px;font-weight:600;
font-size:.82em;line-height:1.6;white-space:nowrap}
.chip.cyber-dependent{background:#fee4e2;color:#912018}
.chip.cyber-enabled{background:#fef0c7;color:#93370d}
.chip.other{background:#eaecf0;color:#344054}
.flag{color:#6941c6;font-weight:600}
.meta{display:grid;grid-template-columns:minmax(0,1fr) minmax(0,1fr);gap:0 40px}
.charts{display:grid;grid-template-columns:repeat(auto-fill,minmax(min(100%,400px),1fr));
gap:16px 32px;align-items:start}
figure.chart{margin:0;min-width:0;max-width:460px}
figure.chart figcaption{font-weight:600;margin-bottom:4px}
figure.chart svg{display:block;width:100%;height:auto}
.chart text{font-size:14px;fill:var(--ink)}
.chart text.v{fill:var(--muted)}
.chart rect.track{fill:#eaecf0}
.f-cyber-dependent{fill:var(--dep)}.f-cyber-enabled{fill:var(--enb)}.f-other{fill:var(--oth)}
.f-cov-both{fill:#039855}.f-cov-one{fill:#2e90fa}.f-cov-beyond{fill:#7a2e0e}
.f-cov-unknown{fill:#98a2b3}.f-old{fill:#98a2b3}.f-flag{fill:#6941c6}
table.data{border-collapse:collapse;margin:8px 0;max-width:100%}
table.data th,table.data td{padding:3px 10px;border-bottom:1px solid var(--line);
text-align:left;vertical-align:top}
table.data td.n,table.data th.n{text-align:right;font-variant-numeric:tabular-nums;
white-space:nowrap}
ul.warnings li{margin:2px 0}
.ptable{border:1px solid var(--line);border-radius:8px;margin:8px 0;background:var(--bg)}
.phead,.prow>summary{display:grid;grid-template-columns:var(--cols);gap:0 12px;
padding:7px 12px;align-items:baseline}
.phead{font-weight:600;background:var(--soft);border-radius:8px 8px 0 0;
border-bottom:1px solid var(--line)}
.prow+.prow{border-top:1px solid var(--line)}
.prow>summary{cursor:pointer;list-style:none}
.prow>summary::-webkit-details-marker{display:none}
.prow>summary:hover{background:#f9fafb}
.prow>summary:focus-visible{outline:2px solid #2e90fa;outline-offset:-2px}
.prow>summary>span{min-width:0}
.prow>summary>.br{display:none}
.prow>summary .ref{font-weight:600}
.prow>summary .ref::before{content:"\\25B8\\00A0";color:var(--muted)}
.prow[open]>summary .ref::before{content:"\\25BE\\00A0"}
.prow.needs-review>summary{background:#fcfaff}
.num{font-variant-numeric:tabular-nums}
.pbody{padding:4px 14px 16px 28px}
.ptext{white-space:pre-wrap;font-family:Georgia,"DejaVu Serif","Times New Roman",serif;
background:var(--soft);border-radius:6px;padding:10px 12px;margin:8px 0}
mark.ev{background:#fde272;color:inherit;border-radius:2px;padding:0 1px}
.pbody h4{font-size:.95rem;margin:10px 0 2px}
.pbody ul{margin:2px 0;padding-left:20px}
.quote{font-style:italic}
footer{margin-top:32px;color:var(--muted);font-size:.9rem}
@media (max-width:960px){.meta{grid-template-columns:minmax(0,1fr)}}
@media (max-width:760px){
.page{padding:4px 12px 24px}
.phead{display:none}
.prow>summary{display:flex;flex-wrap:wrap;gap:2px 12px;padding:9px 12px;align-items:baseline}
.prow>summary>.ref{flex:0 1 auto}
.prow>summary>.title{flex:1 1 10rem}
.prow>summary>.br{display:block;flex-basis:100%;height:0}
.prow>summary>.empty{display:none}
.prow>summary>span[data-h]::before{content:attr(data-h) " ";color:var(--muted)}
.pbody{padding:4px 12px 14px}
table.cards thead{display:none}
table.cards,table.cards tbody,table.cards tr,table.cards td{display:block}
table.cards tr{border-bottom:1px solid var(--line);padding:6px 0}
table.cards td{border:0;padding:1px 0}
table.cards td[data-h]::before{content:attr(data-h) ": ";color:var(--muted)}
dl.kv{grid-template-columns:minmax(0,1fr)}
dl.kv dd{margin-bottom:4px}
}
@media print{
body{font-size:10.5pt;-webkit-print-color-adjust:exact;print-color-adjust:exact}
.page{max-width:none;padding:0}
h2{break-after:avoid}
figure.chart,.prow>summary,dl.kv{break-inside:avoid}
.prow>summary .ref::before,.prow[open]>summary .ref::before{content:none}
.prow>summary:hover{background:none}
details::details-content{content-visibility:visible;display:block}
}
"""

SCRIPT = ("window.addEventListener('beforeprint',function(){"
          "document.querySelectorAll('details').forEach(function(d){d.open=true;});});")


def _e(value: Any) -> str:
    """``value`` as escaped HTML text (None is empty)."""
    return "" if value is None else escape(str(value), quote=True)


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _num(x: float) -> str:
    """A coordinate with at most one decimal, so the page does not depend on float noise."""
    return f"{x:.1f}".rstrip("0").rstrip(".")


# ---------------------------------------------------------------- charts


class Bar(NamedTuple):
    """One bar or segment of a chart: its name, value, CSS class and the text beside it."""

    name: str
    value: float
    css: str
    text: str


def _svg(height: float, body: str, title: str) -> str:
    return (f'<svg viewBox="0 0 400 {_num(height)}" role="img" '
            f'xmlns="http://www.w3.org/2000/svg"><title>{_e(title)}</title>{body}</svg>')


def bar_chart(title: str, bars: Sequence[Bar]) -> str:
    """Horizontal bars, one a row, the name above each bar and its value at the right."""
    top = max((b.value for b in bars), default=0) or 1
    parts = []
    for i, b in enumerate(bars):
        y = 38 * i
        width = 400 * b.value / top
        parts.append(f'<text x="0" y="{y + 13}">{_e(b.name)}</text>'
                     f'<text class="v" x="400" y="{y + 13}" text-anchor="end">{_e(b.text)}</text>'
                     f'<rect class="track" x="0" y="{y + 19}" width="400" height="12" rx="2"/>'
                     f'<rect class="{_e(b.css)}" x="0" y="{y + 19}" width="{_num(width)}" '
                     f'height="12" rx="2"/>')
    return _figure(title, _svg(38 * len(bars), "".join(parts), title))


def stacked_chart(title: str, segments: Sequence[Bar]) -> str:
    """One bar split into segments, with a legend line per segment below it."""
    total = sum(s.value for s in segments) or 1
    parts = ['<rect class="track" x="0" y="0" width="400" height="22" rx="3"/>']
    x = 0.0
    for s in segments:
        width = 400 * s.value / total
        if width > 0:
            parts.append(f'<rect class="{_e(s.css)}" x="{_num(x)}" y="0" width="{_num(width)}" '
                         f'height="22"/>')
        x += width
    for i, s in enumerate(segments):
        y = 34 + 22 * i
        parts.append(f'<rect class="{_e(s.css)}" x="0" y="{y}" width="14" height="14" rx="2"/>'
                     f'<text x="22" y="{y + 12}">{_e(s.name)}</text>'
                     f'<text class="v" x="400" y="{y + 12}" text-anchor="end">{_e(s.text)}</text>')
    return _figure(title, _svg(34 + 22 * len(segments), "".join(parts), title))


def _figure(caption: str, svg: str) -> str:
    return f'<figure class="chart"><figcaption>{_e(caption)}</figcaption>{svg}</figure>'


# ---------------------------------------------------------------- provision fields


def _review(p: Mapping[str, Any]) -> tuple[str, str] | None:
    """(code, text) of the provision's review reason: ``review`` is its code and
    ``review_text`` its sentence (schema 1 had the sentence in ``review``)."""
    review = p.get("review")
    if not review:
        return None
    if p.get("review_text"):
        return str(review), str(p["review_text"])
    return review_code(str(review)) or "", str(review)


def _safeguards(p: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    items = p.get("safeguards")
    return [s for s in items if isinstance(s, Mapping)] if isinstance(items, list) else []


def _is_flag(s: Mapping[str, Any]) -> bool:
    return str(s.get("status") or "flag").lower() not in NOT_A_FLAG


def _pages(p: Mapping[str, Any]) -> str:
    """'p. 3' or 'pp. 3–4' from ``page`` given as a number, a pair or {first, last}."""
    page = p.get("page")
    if page is None or page == []:
        return ""
    if isinstance(page, Mapping):
        first, last = page.get("first"), page.get("last", page.get("first"))
    elif isinstance(page, list | tuple):
        first, last = page[0], page[-1]
    else:
        first = last = page
    return f"p. {first}" if first == last or last is None else f"pp. {first}–{last}"


def _location(p: Mapping[str, Any]) -> str:
    lines = ""
    if p.get("start_line") is not None:
        end = p.get("end_line")
        lines = (f"lines {p['start_line']}–{end}" if end not in (None, p["start_line"])
                 else f"line {p['start_line']}")
    return ", ".join(x for x in (_pages(p), lines) if x)


def _counterparts(p: Mapping[str, Any]) -> str:
    cp = p.get("counterparts")
    named = []
    if isinstance(cp, Mapping):
        for key in sorted(cp, key=lambda k: (list(TREATY_NAMES).index(k)
                                              if k in TREATY_NAMES else 99, k)):
            value = cp[key]
            if value in (None, "", [], {}):
                continue
            arts = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
            named.append(f"{TREATY_NAMES.get(key, key)} {arts}")
    if named:
        return " · ".join(named)
    return "beyond the treaties" if p.get("beyond_treaties") else ""


def coverage(p: Mapping[str, Any]) -> str:
    """Where an offence stands against the treaties: both, one, beyond or unknown."""
    if p.get("beyond_treaties"):
        return "beyond"
    cp = p.get("counterparts")
    if not isinstance(cp, Mapping):
        return "unknown"
    present = {k for k, v in cp.items() if v not in (None, "", [], {})}
    if not present:
        return "unknown"
    council = bool(present - {"un"})
    return "both" if council and "un" in present else "one"


def _has(provisions: Iterable[Mapping[str, Any]], key: str) -> bool:
    return any(p.get(key) not in (None, "", [], {}) for p in provisions)


# ---------------------------------------------------------------- evidence


def _evidence_patterns(evidence: Sequence[Mapping[str, Any]]) -> list[tuple[re.Pattern[str], str]]:
    """(pattern, tooltip) for each piece of evidence that is words of the text (its
    ``words``; a concept's words are many and general, and its name is listed instead)."""
    out = []
    for ev in evidence:
        words = ev.get("words")
        if ev.get("concept") or not isinstance(words, list) or not words:
            continue
        tip = f"{ev.get('term', '')} ({float(ev.get('weight', 0)):+.3f})"
        alts = "|".join(r"\s+".join(map(re.escape, str(w).split()))
                        for w in sorted(map(str, words), key=len, reverse=True))
        out.append((re.compile(rf"(?<!\w)(?:{alts})(?!\w)"), tip))
    return out


def highlight(text: str, evidence: Sequence[Mapping[str, Any]]) -> str:
    """``text`` escaped, with the evidence's words in ``<mark>`` (earliest, then longest
    match wins where two overlap)."""
    spans = []
    for pat, tip in _evidence_patterns(evidence):
        spans += [(m.start(), -m.end(), tip) for m in pat.finditer(text) if m.end() > m.start()]
    spans.sort()
    out, pos = [], 0
    for start, neg_end, tip in spans:
        if start < pos:
            continue
        out.append(_e(text[pos:start]))
        out.append(f'<mark class="ev" title="{_e(tip)}">{_e(text[start:-neg_end])}</mark>')
        pos = -neg_end
    out.append(_e(text[pos:]))
    return "".join(out)


def _evidence_name(ev: Mapping[str, Any]) -> str:
    words = ev.get("words")
    if ev.get("concept"):
        return str(ev["concept"])
    if isinstance(words, list) and words:
        return " / ".join(map(str, words))
    return str(ev.get("term", ""))


# ---------------------------------------------------------------- provision rows


class Column(NamedTuple):
    key: str
    head: str
    width: str


def _columns(provisions: Sequence[Mapping[str, Any]]) -> list[Column]:
    cols = [Column("ref", "Ref", "minmax(6rem,.8fr)"), Column("title", "Title", "minmax(8rem,2fr)"),
            Column("label", "Label", "8.6rem")]
    if _has(provisions, "type"):
        cols.append(Column("type", "Type", "minmax(7rem,1.2fr)"))
    if _has(provisions, "counterparts") or _has(provisions, "beyond_treaties"):
        cols.append(Column("counterparts", "Counterparts", "minmax(6rem,1fr)"))
    cols += [Column("flags", "Flags", "minmax(5rem,1fr)"), Column("confidence", "Conf.", "3.2rem"),
             Column("location", "Page / lines", "minmax(5.5rem,.9fr)")]
    return cols


def _cell(col: Column, p: Mapping[str, Any]) -> str:
    label = str(p.get("label", ""))
    if col.key == "label":
        return f'<span class="chip {_e(label)}">{_e(label)}</span>'
    if col.key == "flags":
        parts = []
        if (rv := _review(p)) is not None:
            parts.append(f'<span class="flag">⚑ {_e(rv[0] or "review")}</span>')
        parts += [f'<code>{_e(s.get("code"))}{"" if _is_flag(s) else "?"}</code>'
                  for s in _safeguards(p)]
        return " ".join(parts)
    if col.key == "confidence":
        conf = p.get("confidence")
        return f'<span class="num">{float(conf):.2f}</span>' if conf is not None else ""
    if col.key == "counterparts":
        return _e(_counterparts(p))
    if col.key == "location":
        return _e(_location(p))
    return _e(p.get(col.key))


def _row(p: Mapping[str, Any], cols: Sequence[Column], row_id: str) -> str:
    cells = []
    for col in cols:
        content = _cell(col, p)
        empty = not content and col.key not in ("ref", "title")
        if empty:
            content = '<span class="muted">–</span>'
        head = ' data-h="conf."' if col.key == "confidence" else ""
        cells.append(f'<span class="{col.key}{" empty" if empty else ""}"{head}>{content}</span>')
        if col.key == "title":
            cells.append('<span class="br"></span>')
    review = " needs-review" if _review(p) else ""
    return (f'<details class="prow{review}" id="{row_id}"><summary>{"".join(cells)}</summary>'
            f'<div class="pbody">{_body(p)}</div></details>')


def _body(p: Mapping[str, Any]) -> str:
    """What opens under a row: flags explained, the text with its evidence marked,
    the scores and where the provision is."""
    out = []
    if (rv := _review(p)) is not None:
        code, text = rv
        meaning = REVIEW_MEANINGS.get(code, "")
        out.append(f'<p><span class="flag">⚑ For human review:</span> {_e(text)}'
                   f'{" — " + _e(meaning) if meaning else ""}</p>')
    guards = _safeguards(p)
    if guards:
        out.append("<h4>Safeguard checks</h4><ul>")
        for s in guards:
            status = str(s.get("status") or "flag")
            quotes = [_quote(q) for q in s.get("evidence") or [] if isinstance(q, Mapping)]
            missing = s.get("missing")
            out.append(f'<li><code>{_e(s.get("code"))}</code> <span class="muted">'
                       f'({_e(status)})</span> {_e(s.get("message"))}'
                       f'{"; missing: " + _e(_join(missing)) if missing else ""}'
                       f'{" — " + "; ".join(quotes) if quotes else ""}</li>')
        out.append("</ul>")
    evidence = [e for e in p.get("evidence") or [] if isinstance(e, Mapping)]
    out.append(f'<div class="ptext">{highlight(str(p.get("text", "")), evidence)}</div>')
    if evidence:
        names = ", ".join(f"{_e(_evidence_name(e))} <span class=\"muted num\">"
                          f"({float(e.get('weight', 0)):+.2f})</span>" for e in evidence)
        out.append(f"<p><strong>Evidence for {_e(p.get('label'))}</strong> "
                   f"(its words are marked in the text): {names}</p>")
    parts = [x for x in p.get("offence_parts") or [] if x]
    if parts:
        out.append("<p><strong>Offence in</strong> " + ", ".join(_part(x) for x in parts)
                   + "</p>")
    facts = []
    scores = p.get("scores")
    if isinstance(scores, Mapping):
        facts.append(("Scores", ", ".join(f"{_e(k)} {float(v):.2f}" for k, v in scores.items())))
    for key, name in (("type", "Type"), ("chapter", "Chapter")):
        if p.get(key):
            facts.append((name, _e(p[key])))
    if (cp := _counterparts(p)):
        facts.append(("Treaty counterparts", _e(cp)))
    if "id" in p:
        facts.append(("Record id", _e(p["id"])))
    if (loc := _location(p)):
        facts.append(("Where", _e(loc)))
    out.append('<dl class="kv">' + "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in facts)
               + "</dl>")
    return "".join(out)


def _join(value: Any) -> str:
    return ", ".join(map(str, value)) if isinstance(value, list) else str(value)


def _quote(q: Mapping[str, Any]) -> str:
    where = ", ".join(x for x in (f"p. {q['page']}" if q.get("page") is not None else "",
                                  f"line {q['line']}" if q.get("line") is not None else "") if x)
    place = f' <span class="muted">({_e(where)})</span>' if where else ""
    return f'<span class="quote">“{_e(q.get("text"))}”</span>{place}'


def _part(x: Any) -> str:
    if not isinstance(x, Mapping):
        return _e(x)
    where = _location(x)
    return f"{_e(x.get('ref', ''))}{' (' + _e(where) + ')' if where else ''}"


def provision_table(provisions: Sequence[Mapping[str, Any]], id_prefix: str) -> str:
    """The provisions as a table of rows that open; cards on narrow screens."""
    cols = _columns(provisions)
    template = " ".join(c.width for c in cols)
    head = "".join(f"<span>{_e(c.head)}</span>" for c in cols)
    rows = "".join(_row(p, cols, f"{id_prefix}-{i}") for i, p in enumerate(provisions))
    return (f'<div class="ptable" style="--cols:{template}">'
            f'<div class="phead" aria-hidden="true">{head}</div>{rows}</div>')


# ---------------------------------------------------------------- breakdown


def _label_charts(summary: Mapping[str, Any],
                  provisions: Sequence[Mapping[str, Any]] | None) -> str:
    counts = summary.get("counts") or {}
    total = summary.get("provisions") or sum(counts.values()) or 0
    bars = [Bar(k, counts.get(k, 0), f"f-{k}",
                f"{counts.get(k, 0)} ({_pct(counts.get(k, 0) / total) if total else '0%'})")
            for k in LABELS]
    charts = [bar_chart(f"{total} provisions by label", bars)]
    offences = summary.get("offences", 0)
    if offences:
        charts.append(stacked_chart(
            f"The {offences} offences", [
                Bar(k, counts.get(k, 0), f"f-{k}",
                    f"{counts.get(k, 0)} ({_pct(counts.get(k, 0) / offences)})")
                for k in LABELS[:2]]))
    offence_rows = [p for p in provisions or () if p.get("label") in LABELS[:2]]
    if any(p.get("type") for p in offence_rows):
        types = Counter(str(p["type"]) for p in offence_rows if p.get("type"))
        family = {str(p["type"]): str(p["label"]) for p in offence_rows if p.get("type")}
        order = sorted(types, key=lambda t: (LABELS.index(family[t]), -types[t], t))
        charts.append(bar_chart("Offences by type", [
            Bar(t, types[t], f"f-{family[t]}", str(types[t])) for t in order]))
    if any(coverage(p) != "unknown" for p in offence_rows):
        cov = Counter(coverage(p) for p in offence_rows)
        charts.append(stacked_chart("Offences against the Budapest and UN conventions", [
            Bar(name, cov[key], f"f-{css}", f"{cov[key]} ({_pct(cov[key] / len(offence_rows))})")
            for key, name, css in COVERAGE if cov[key] or key != "unknown"]))
    flags = summary.get("safeguards")
    if isinstance(flags, Mapping) and flags and all(isinstance(v, int) for v in flags.values()):
        charts.append(bar_chart("Safeguard flags by code", [
            Bar(str(k), v, "f-flag", str(v)) for k, v in sorted(flags.items())]))
    return f'<div class="charts">{"".join(charts)}</div>'


def _breakdown_text(summary: Mapping[str, Any]) -> str:
    counts = summary.get("counts") or {}
    offences = summary.get("offences", 0)
    line = (f"{summary.get('provisions', 0)} provisions, {offences} offences "
            f"({counts.get('cyber-dependent', 0)} cyber-dependent, "
            f"{counts.get('cyber-enabled', 0)} cyber-enabled).")
    breadth = summary.get("breadth_text") or summary.get("breadth")
    if offences:
        line += (f" Of the offences, {_pct(summary.get('dependent_share', 0))} are "
                 f"cyber-dependent and {_pct(summary.get('enabled_share', 0))} cyber-enabled"
                 f"{': ' + str(breadth) if breadth else ''}.")
    else:
        line += " The text defines no cyber offence."
    return f'<p class="lead">{_e(line)}</p>'


def _warning_text(w: Any) -> str:
    """A warning given as text, or as {code, message or text, ref}."""
    if isinstance(w, Mapping):
        text = w.get("message") or w.get("text") or ""
        if w.get("ref"):
            text = f"{w['ref']}: {text}"
        code = w.get("code")
        return f"<code>{_e(code)}</code> {_e(text)}" if code else _e(text)
    return _e(w)


def _warnings(doc: Mapping[str, Any]) -> str:
    items = list(doc.get("warnings") or [])
    if doc.get("segmentation") == "paragraphs" and "warnings" not in doc:
        items.append("No headings were found: the text was classified paragraph by paragraph.")
    if not items:
        return ""
    lis = "".join(f"<li>{_warning_text(w)}</li>" for w in items)
    return f'<h3>Warnings</h3><ul class="warnings">{lis}</ul>'


def _document_section(doc: Mapping[str, Any], index: int, several: bool) -> str:
    provisions = [p for p in doc.get("provisions") or [] if isinstance(p, Mapping)]
    summary = doc.get("summary") or {}
    source = str(doc.get("source", ""))
    prefix = f"d{index}"
    out = [f'<section class="document" id="{prefix}">']
    if several:
        out.append(f"<h2>{_e(source)}</h2>{_breakdown_text(summary)}")
    else:
        out.append("<h2>Breakdown</h2>")
    out.append(_label_charts(summary, provisions))
    out.append(_warnings(doc))
    guards = [s for s in doc.get("safeguards") or [] if isinstance(s, Mapping)]
    if guards:
        out.append("<h3>Checks on the whole instrument</h3><ul>" + "".join(
            f'<li><code>{_e(s.get("code"))}</code> <span class="muted">'
            f'({_e(s.get("status") or "flag")})</span> {_e(s.get("message"))}</li>'
            for s in guards) + "</ul>")
    review = [p for p in provisions if _review(p)]
    if review:
        out.append(f'<h3 id="{prefix}-review">For human review first ({len(review)})</h3>'
                   '<p class="muted">The model is unsure of these provisions, or they mix '
                   "offences of both kinds; the reason is given when a row is opened.</p>")
        out.append(provision_table(review, f"{prefix}-r"))
    out.append(f'<h3 id="{prefix}-provisions">Provisions ({len(provisions)})</h3>'
               '<p class="muted">Open a row to read the provision, with the words that decided '
               "its label marked and its flags explained.</p>")
    out.append(provision_table(provisions, f"{prefix}-p"))
    out.append("</section>")
    return "".join(out)


# ---------------------------------------------------------------- page


def _tool(doc: Mapping[str, Any]) -> str:
    tool = doc.get("tool") or {}
    return f"{tool.get('name', 'cyberscope')} {tool.get('version', '')}".strip()


def _provenance(doc: Mapping[str, Any], sources: Sequence[tuple[str, Mapping[str, Any]]],
                sha256: Mapping[str, str], command: str | None) -> str:
    """Where the report comes from: each (role, source) with its SHA-256 and reader,
    the tool, the model and the command line."""
    rows = []
    for role, s in sources:
        name = str(s.get("source", ""))
        digest = s.get("sha256") or sha256.get(name)
        rows.append((role, f"<code>{_e(name)}</code>"))
        if digest:
            rows.append(("SHA-256", f'<code class="mono">{_e(digest)}</code>'))
        if s.get("extractor"):
            seg = f", {_e(s['segmentation'])}" if s.get("segmentation") else ""
            rows.append(("Read as", f"{_e(s['extractor'])}{seg}"))
    rows.append(("Tool", _e(_tool(doc))))
    model = doc.get("model") or {}
    if model.get("id"):
        rows.append(("Model", f"<code>{_e(model['id'])}</code>"))
    if model.get("min_confidence") is not None:
        rows.append(("Review threshold", f"confidence below {float(model['min_confidence']):.2f}"))
    command = command or doc.get("command")
    if command:
        rows.append(("Command", f"<code>{_e(command)}</code>"))
    body = "".join(f"<dt>{k}</dt><dd>{v}</dd>" for k, v in rows)
    return f'<section id="provenance"><h2>Provenance</h2><dl class="kv">{body}</dl></section>'


def _legend() -> str:
    items = "".join(f'<dt><span class="chip {k}">{k}</span></dt><dd>{_e(v)}</dd>'
                    for k, v in LABEL_MEANINGS.items())
    flag = f'<dt><span class="flag">⚑</span></dt><dd>{_e(REVIEW_LEGEND)}</dd>'
    codes = ("<dt><code>code</code></dt><dd>a safeguard check that fired (a code with ? "
             "could not decide); the row opens to its message and the words it rests on.</dd>")
    return (f'<section id="legend"><h2>Labels</h2><dl class="kv">{items}{flag}{codes}</dl>'
            "</section>")


def _meta(provenance: str, legend: str) -> str:
    return f'<div class="meta">{provenance}{legend}</div>'


def _page(title: str, heading: str, lead: str, body: str, tool: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<meta name="generator" content="{_e(tool)}">\n<title>{_e(title)}</title>\n'
            f"<style>{CSS}</style>\n</head>\n<body>\n<div class=\"page\">\n"
            f"<header><h1>{heading}</h1>{lead}</header>\n<main>\n{body}\n</main>\n"
            f"<footer>Made by {_e(tool)}. The labels are a model's first pass over the "
            "text: read the provisions flagged for review, and the text of any provision "
            "before relying on its label.</footer>\n</div>\n"
            f"<script>{SCRIPT}</script>\n</body>\n</html>\n")


def render_classify_html(doc: Mapping[str, Any], *, command: str | None = None,
                         sha256: Mapping[str, str] | None = None) -> str:
    """The report of ``classify --format json``'s dict ``doc`` as one HTML page.

    ``command`` is the command line that made it and ``sha256`` maps each source to the
    SHA-256 of its bytes; both are shown in the provenance (as are ``doc["command"]``
    and a document's own ``sha256``, where the dict has them).
    """
    documents = [d for d in doc.get("documents") or [] if isinstance(d, Mapping)]
    several = len(documents) > 1
    names = ", ".join(str(d.get("source", "")) for d in documents) or "no input"
    tool = _tool(doc)
    sections = [_meta(_provenance(
        doc, [("Source file", d) for d in documents], sha256 or {}, command), _legend())]
    warnings = doc.get("warnings")
    if warnings:
        sections.append('<section id="warnings"><h2>Warnings</h2><ul class="warnings">'
                        + "".join(f"<li>{_warning_text(w)}</li>" for w in warnings)
                        + "</ul></section>")
    total = doc.get("summary") or {}
    if several:
        every = [p for d in documents for p in d.get("provisions") or []
                 if isinstance(p, Mapping)]
        sections.append(f'<section id="all"><h2>All {len(documents)} documents</h2>'
                        f"{_breakdown_text(total)}"
                        f"{_label_charts(total, every)}</section>")
    sections += [_document_section(d, i, several) for i, d in enumerate(documents)]
    heading = f"Scope of {_e(names)}" if not several else f"Scope of {len(documents)} drafts"
    lead = _breakdown_text(total) if not several else f'<p class="lead">{_e(names)}</p>'
    return _page(f"cyberscope report: {names}", heading, lead, "\n".join(sections), tool)


# ---------------------------------------------------------------- compare


def _signed(x: float, pct: bool = False) -> str:
    return f"{100 * x:+.0f} pts" if pct else f"{int(x):+d}"


def _side_by_side(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    rows = [("provisions", old.get("provisions", 0), new.get("provisions", 0), False)]
    oc, nc = old.get("counts") or {}, new.get("counts") or {}
    rows += [(k, oc.get(k, 0), nc.get(k, 0), False) for k in LABELS]
    rows.append(("offences", old.get("offences", 0), new.get("offences", 0), False))
    rows += [(f"{k} share of offences", old.get(f"{k.split('-')[1]}_share", 0),
              new.get(f"{k.split('-')[1]}_share", 0), True) for k in LABELS[:2]]
    body = "".join(
        f"<tr><th>{_e(name)}</th>"
        f'<td class="n">{_pct(o) if pct else _e(o)}</td><td class="n">{_pct(n) if pct else _e(n)}'
        f'</td><td class="n">{_signed(n - o, pct)}</td></tr>'
        for name, o, n, pct in rows)
    return ('<table class="data"><thead><tr><th></th><th class="n">old</th>'
            f'<th class="n">new</th><th class="n">change</th></tr></thead><tbody>{body}'
            "</tbody></table>")


def _compare_charts(old: Mapping[str, Any], new: Mapping[str, Any]) -> str:
    charts = []
    for name, s in (("Old draft", old), ("New draft", new)):
        counts = s.get("counts") or {}
        total = s.get("provisions") or 0
        charts.append(stacked_chart(f"{name}: {total} provisions", [
            Bar(k, counts.get(k, 0), f"f-{k}",
                f"{counts.get(k, 0)} ({_pct(counts.get(k, 0) / total) if total else '0%'})")
            for k in LABELS]))
    return f'<div class="charts">{"".join(charts)}</div>'


def _arrow(a: Any, b: Any, chip: bool = False) -> str:
    """'a → b', or 'a' when both are the same; labels as chips."""
    def show(x: Any) -> str:
        if not x:
            return "–"
        return f'<span class="chip {_e(x)}">{_e(x)}</span>' if chip else _e(x)

    return show(a) if a == b else f"{show(a)} → {show(b)}"


def _change_table(changes: Sequence[Mapping[str, Any]]) -> str:
    with_types = any("old_type" in c or "new_type" in c for c in changes)
    with_flags = any(c.get("safeguards_gained") or c.get("safeguards_cleared") for c in changes)
    head = ["Change", "Reference", "Title", "Label"] + (["Type"] if with_types else []) \
        + ["Similarity"] + (["Safeguard flags"] if with_flags else [])
    rows = []
    for c in changes:
        kinds = ", ".join(map(str, c.get("change") or []))
        sim = c.get("similarity")
        cells = [_e(kinds), _arrow(c.get("old_ref"), c.get("new_ref")), _e(c.get("title")),
                 _arrow(c.get("old_label"), c.get("new_label"), chip=True)]
        if with_types:
            cells.append(_arrow(c.get("old_type"), c.get("new_type")))
        cells.append(f"{float(sim):.2f}" if sim is not None else "")
        if with_flags:
            cells.append("; ".join(
                [f"+ <code>{_e(x)}</code>" for x in c.get("safeguards_gained") or []]
                + [f"− <code>{_e(x)}</code>" for x in c.get("safeguards_cleared") or []]))
        rows.append("<tr>" + "".join(f'<td data-h="{h}">{x}</td>'
                                     for h, x in zip(head, cells, strict=True)) + "</tr>")
    heads = "".join(f"<th>{h}</th>" for h in head)
    return (f'<table class="data cards"><thead><tr>{heads}</tr></thead><tbody>{"".join(rows)}'
            "</tbody></table>")


def _safeguard_lines(cmp: Mapping[str, Any], key: str) -> list[str]:
    """The sentences of ``safeguards_lost`` or ``safeguards_restored`` ("Article 8 lost
    'without right' (no-unlawfulness-element)"), escaped."""
    items = cmp.get(key)
    return [_e(x) for x in items if x] if isinstance(items, list) else []


def render_compare_html(cmp: Mapping[str, Any], *, command: str | None = None,
                        sha256: Mapping[str, str] | None = None) -> str:
    """The report of ``compare --format json``'s dict ``cmp`` as one HTML page."""
    old, new = cmp.get("old") or {}, cmp.get("new") or {}
    old_s, new_s = old.get("summary") or {}, new.get("summary") or {}
    changes = [c for c in cmp.get("changes") or [] if isinstance(c, Mapping)]
    changed = [c for c in changes if list(c.get("change") or []) not in ([], ["unchanged"])]
    moved = [c for c in changed if "renumbered" in (c.get("change") or [])]
    tool = _tool(cmp)
    sections = [_meta(_provenance(
        cmp, [("Old draft", old), ("New draft", new)], sha256 or {}, command), _legend())]
    sections.append('<section id="breakdown"><h2>Breakdown, side by side</h2>'
                    f"{_compare_charts(old_s, new_s)}{_side_by_side(old_s, new_s)}</section>")
    for key, name in (("safeguards_lost", "Safeguards removed"),
                      ("safeguards_restored", "Safeguards restored")):
        lines = _safeguard_lines(cmp, key)
        if lines:
            sections.append(f'<section id="{key}"><h2>{name} ({len(lines)})</h2><ul>'
                            + "".join(f"<li>{x}</li>" for x in lines) + "</ul></section>")
    if moved:
        sections.append(f'<section id="moved"><h2>Moved provisions ({len(moved)})</h2>'
                        f"{_change_table(moved)}</section>")
    unchanged = len(changes) - len(changed)
    sections.append(f'<section id="changes"><h2>What changed ({len(changed)})</h2>'
                    f'<p class="muted">{unchanged} provision(s) unchanged.</p>'
                    f"{_change_table(changed) if changed else ''}</section>")
    names = f"{old.get('source', '')} → {new.get('source', '')}"
    direction = str(cmp.get("direction") or "")
    lead = f'<p class="lead"><strong>{_e(cmp.get("headline"))}</strong></p>'
    heading = f"{_e(names)}" + (f" <span class=\"muted\">({_e(direction)})</span>"
                                if direction else "")
    return _page(f"cyberscope comparison: {names}", heading, lead, "\n".join(sections), tool)
