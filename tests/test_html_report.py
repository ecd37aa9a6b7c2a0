"""The HTML report: built from the JSON documents, checked as text and in a real browser.

The browser tests open the report of each sample draft in headless Chromium (Debian's
``chromium`` and ``chromium-driver`` packages, driven by selenium) and check that it
renders without console errors, that the chart and every provision row are visible,
and that neither a 1280 px nor a 390 px wide window scrolls sideways. They skip only
where no Chromium and chromedriver are installed. With ``CYBERSCOPE_UPDATE_SCREENSHOT=1``
the 1280 px screenshot of the sample convention is written to ``docs/report.png``.
"""

from __future__ import annotations

import base64
import contextlib
import copy
import hashlib
import json
import os
import re
import shutil
from collections.abc import Iterator
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from cli.app import app
from cli.output.html import highlight, render_classify_html, render_compare_html
from tests.conftest import EXAMPLES, ROOT

SAMPLES = sorted(EXAMPLES.glob("*.txt"))
COMPARE = EXAMPLES / "compare"
HOSTILE = '<script>window.pwned=1</script><img src=x onerror="window.pwned=2">&amp;'
LONG_WORD = "Computer" * 40
CJK = "第十二条 非法访问计算机信息系统的，处三年以下有期徒刑。" * 6


@cache
def classify_json(path: Path) -> dict[str, Any]:
    """``classify PATH --format json --explain --safeguards`` (all the HTML report shows)
    with the shipped model, run from the project's root so that the report names the
    sample as a user would."""
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, [str(path.relative_to(ROOT)), "--format", "json",
                                          "--explain", "--safeguards"], prog_name="classify")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def classify_html(path: Path, out: Path) -> str:
    """``classify PATH --format html --explain -o OUT``, as a user runs it."""
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, [str(path.relative_to(ROOT)), "--format", "html",
                                          "--explain", "-o", str(out)], prog_name="classify")
    assert result.exit_code == 0, result.output
    assert result.stdout == ""
    return out.read_text(encoding="utf-8")


@cache
def compare_json(old: Path, new: Path) -> dict[str, Any]:
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, ["compare", str(old.relative_to(ROOT)),
                                          str(new.relative_to(ROOT)), "--format", "json"],
                                    prog_name="classify")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def enriched(doc: dict[str, Any]) -> dict[str, Any]:
    """``doc`` with the fields other parts of the tool add (types, treaty counterparts,
    safeguards, offence parts, pages, warnings) and hostile, long and wide text."""
    doc = copy.deepcopy(doc)
    d = doc["documents"][0]
    types = {"cyber-dependent": "illegal-access", "cyber-enabled": "false-information",
             "other": "definitions"}
    for i, p in enumerate(d["provisions"]):
        p["type"] = types[p["label"]]
        p["page"] = [i // 3 + 1, i // 3 + 1 + i % 2]
        if p["label"] == "cyber-dependent":
            p["counterparts"] = {"budapest": "2", "un": "7"}
            p["beyond_treaties"] = False
            p["offence_parts"] = [{"ref": "(1)", "start_line": p["start_line"] + 2,
                                   "end_line": p["start_line"] + 3}]
        elif p["label"] == "cyber-enabled":
            p["counterparts"] = {}
            p["beyond_treaties"] = True
            p["safeguards"] = [
                {"code": "vague-content-terms", "status": "flag",
                 "message": f"content defined by open-ended terms {HOSTILE}",
                 "evidence": [{"text": "false <b>news</b>", "line": p["start_line"], "page": 2}],
                 "missing": None},
                {"code": "no-intent-element", "status": "undetermined",
                 "message": "the mental element is given by cross-reference", "evidence": [],
                 "missing": ["intent"]}]
    d["provisions"].append({
        **d["provisions"][-1], "ref": f"Article 99 {HOSTILE}", "title": LONG_WORD + HOSTILE,
        "text": f"Article 99. {LONG_WORD}\n{CJK}\n{HOSTILE}", "review": f"close call: {HOSTILE}",
        "id": HOSTILE})
    d["warnings"] = [{"code": "numbering-gap", "message": f"Article 99 follows 60 {HOSTILE}"},
                     "a warning given as plain text"]
    d["safeguards"] = [{"code": "no-public-interest-defence", "status": "flag",
                        "message": "no provision exempts journalism or security research"}]
    d["source"] = f"draft {HOSTILE}.txt"
    d["sha256"] = "ab" * 32
    return doc


# ---------------------------------------------------------------- the page as text


def test_page_is_self_contained_and_deterministic(tmp_path: Path) -> None:
    sample = EXAMPLES / "draft-convention.txt"
    doc = classify_json(sample)
    page = classify_html(sample, tmp_path / "report.html")
    command = (f"classify data/examples/draft-convention.txt --format html --explain "
               f"-o {tmp_path / 'report.html'}")
    assert page == render_classify_html(doc, command=command)
    assert page == classify_html(sample, tmp_path / "report.html")
    assert page.startswith("<!DOCTYPE html>")
    assert hashlib.sha256(sample.read_bytes()).hexdigest() in page
    assert not re.search(r"""(?i)<link|\bsrc\s*=|url\(|@import|href\s*=\s*["']?https?:""", page)
    assert page.count("<svg") >= 2
    assert page.count('<details class="prow') == len(doc["documents"][0]["provisions"]) + sum(
        1 for p in doc["documents"][0]["provisions"] if p["review"])
    for fact in ("cyberscope 0.1.0", doc["model"]["id"], command, "For human review first"):
        assert fact in page
    for fact in ("Counterparts", "Offences by type"):  # every provision has its type
        assert fact in page
    assert "Warnings" not in page


def test_user_text_is_escaped() -> None:
    page = render_classify_html(enriched(classify_json(EXAMPLES / "draft-convention.txt")),
                                command=f"classify {HOSTILE}")
    assert page.count("<script") == 1  # the page's own, which only opens rows to print
    assert "<img" not in page and "<b>news" not in page
    assert "&lt;script&gt;window.pwned=1&lt;/script&gt;" in page
    assert "&amp;amp;" in page


def test_optional_fields_are_shown_when_present() -> None:
    page = render_classify_html(enriched(classify_json(EXAMPLES / "draft-convention.txt")))
    for shown in ("Type", "Counterparts", "Budapest 2 · UN 7", "beyond the treaties",
                  "Offences by type", "illegal-access", "false-information",
                  "Offences against the Budapest and UN conventions", "within both treaties",
                  "vague-content-terms", "(undetermined)", "missing: intent", "pp. 1–2",
                  "Offence in</strong> (1)", "numbering-gap", "a warning given as plain text",
                  "no-public-interest-defence", "ab" * 32, "Checks on the whole instrument"):
        assert shown in page, shown


def test_highlight_marks_evidence_words_and_escapes() -> None:
    text = "Whoever intercepts <data> without\nright, or intercepted it; Intercepts."
    marked = highlight(text, [
        {"term": "intercept", "weight": 0.5, "words": ["intercepts", "intercepted"]},
        {"term": "without right", "weight": 0.2, "words": ["without right"]},
        {"term": "c:target:ict", "weight": 0.1, "words": ["intercepts"],
         "concept": "attack on systems or data"}])
    assert re.findall(r"<mark[^>]*>([^<]*)</mark>", marked) == [
        "intercepts", "without\nright", "intercepted"]
    assert "&lt;data&gt;" in marked
    assert highlight(text, [{"term": "intercept", "weight": 1}]) == escape(text)


def test_compare_page() -> None:
    cmp = compare_json(COMPARE / "convention-rev1.txt", COMPARE / "convention-rev2.txt")
    page = render_compare_html(cmp)
    assert page == render_compare_html(cmp)
    assert escape(cmp["headline"]) in page
    assert "Breakdown, side by side" in page and "Moved provisions (2)" in page
    assert cmp["safeguards_lost"]
    assert f"Safeguards removed ({len(cmp['safeguards_lost'])})" in page
    assert all(escape(line) in page for line in cmp["safeguards_lost"])
    cmp = copy.deepcopy(cmp)
    cmp["safeguards_lost"] = []
    for change in cmp["changes"]:
        change.pop("safeguards_gained", None)
        change.pop("safeguards_cleared", None)
    page = render_compare_html(cmp)
    assert "Safeguards removed" not in page and "Safeguard flags" not in page
    cmp["safeguards_lost"] = [f"Article 8 lost 'without right' {HOSTILE}"]
    changed = next(c for c in cmp["changes"] if c["change"] != ["unchanged"])
    changed["safeguards_gained"] = ["no-unlawfulness-element"]
    page = render_compare_html(cmp)
    assert "Safeguards removed (1)" in page and "Article 8 lost" in page
    assert "+ <code>no-unlawfulness-element</code>" in page
    assert "<img" not in page


# ---------------------------------------------------------------- in a browser

CHROME_FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
                "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync")

ROWS_NOT_VISIBLE = """
const rows = [...document.querySelectorAll(arguments[0])];
const hidden = rows.filter(r => {
  const s = r.querySelector('summary'), box = s.getBoundingClientRect(), st = getComputedStyle(s);
  return !(box.width > 0 && box.height > 0) || st.visibility !== 'visible' || st.display === 'none';
}).map(r => r.id);
return [rows.length, hidden];
"""
CHARTS = """
return [...document.querySelectorAll('figure.chart svg')].map(s => {
  const b = s.getBoundingClientRect();
  return [b.width, b.height, b.right <= innerWidth + 0.5, s.querySelectorAll('rect').length];
});
"""
OVERFLOW = ("return [document.documentElement.scrollWidth, document.documentElement.clientWidth,"
            " window.innerWidth];")


def _find(names: tuple[str, ...]) -> str | None:
    return next((p for n in names if (p := shutil.which(n))), None)


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """Headless Chromium driven by selenium, with a fresh profile and no network use."""
    binary = os.environ.get("CYBERSCOPE_CHROMIUM") or _find(
        ("chromium", "chromium-browser", "google-chrome"))
    driver_path = os.environ.get("CYBERSCOPE_CHROMEDRIVER") or _find(("chromedriver",))
    if not binary or not driver_path:
        pytest.skip("no headless browser: install Chromium and its driver "
                    "(apt-get install chromium chromium-driver) to run the browser tests")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = binary
    for flag in CHROME_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(driver_path), options=options)
    try:
        yield driver
    finally:
        driver.quit()


def _open(driver: Any, page: Path, width: int, height: int = 900) -> list[str]:
    """Load ``page`` in a window ``width`` px wide; the console errors it logged."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600})
    driver.get_log("browser")  # drop what earlier pages logged
    driver.get(page.as_uri())
    assert driver.execute_script("return document.readyState") == "complete"
    return [e["message"] for e in driver.get_log("browser") if e["level"] == "SEVERE"]


def _no_overflow(driver: Any, width: int) -> None:
    """Nothing wider than the window: a phone would otherwise zoom out or scroll sideways
    (a zoomed-out page has a larger ``innerWidth``, so both are compared to ``width``)."""
    scroll, client, inner = driver.execute_script(OVERFLOW)
    assert inner == width, f"the page was zoomed out to {inner} px to fit"
    assert scroll <= client <= width, f"the page scrolls sideways: {scroll} px wide in {client} px"


def _check_rows_and_charts(driver: Any, rows: int) -> None:
    count, hidden = driver.execute_script(ROWS_NOT_VISIBLE, 'details.prow[id^="d0-p-"]')
    assert (count, hidden) == (rows, [])
    charts = driver.execute_script(CHARTS)
    assert charts, "no chart"
    for width, height, inside, rects in charts:
        assert width > 100 and height > 20 and inside and rects >= 2


def test_console_check_sees_errors(browser: Any, tmp_path: Path) -> None:
    """The check used below does catch an error that a page logs."""
    page = tmp_path / "broken.html"
    page.write_text("<!DOCTYPE html><title>x</title><script>console.error('boom')</script>")
    assert any("boom" in m for m in _open(browser, page, 1280))


def _readme_screenshot(driver: Any, page: Path) -> None:
    """docs/report.png: the top of the report of the README's command, 1280 px wide,
    its first provision for review opened."""
    with contextlib.chdir(ROOT):
        result = CliRunner().invoke(app, ["data/examples/draft-convention.txt", "-f", "html"],
                                    prog_name="classify")
    page.write_text(result.stdout, encoding="utf-8")
    _open(driver, page, 1280, 1500)
    driver.execute_script("document.querySelector('details.prow').open = true")
    _no_overflow(driver, 1280)
    (ROOT / "docs").mkdir(exist_ok=True)
    driver.save_screenshot(str(ROOT / "docs" / "report.png"))


@pytest.mark.parametrize("sample", SAMPLES, ids=[s.stem for s in SAMPLES])
def test_sample_report_in_browser(browser: Any, sample: Path, tmp_path: Path) -> None:
    doc = classify_json(sample)
    page = tmp_path / f"{sample.stem}.html"
    classify_html(sample, page)
    rows = len(doc["documents"][0]["provisions"])

    assert _open(browser, page, 1280) == []
    _check_rows_and_charts(browser, rows)
    _no_overflow(browser, 1280)
    shot = tmp_path / f"{sample.stem}-1280.png"
    browser.save_screenshot(str(shot))
    assert shot.stat().st_size > 10_000
    if sample.name == "draft-convention.txt" and os.environ.get("CYBERSCOPE_UPDATE_SCREENSHOT"):
        _readme_screenshot(browser, page)

    # a row opens on a click and shows the provision with its evidence marked
    row = browser.find_element("css selector", 'details.prow[id^="d0-p-"]:has(mark)')
    row.find_element("css selector", "summary").click()
    assert row.get_attribute("open") is not None
    assert row.find_element("css selector", ".ptext mark").is_displayed()

    assert _open(browser, page, 390) == []
    _check_rows_and_charts(browser, rows)
    _no_overflow(browser, 390)
    browser.save_screenshot(str(tmp_path / f"{sample.stem}-390.png"))
    browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
    _no_overflow(browser, 390)


def test_printing_opens_every_row(browser: Any, tmp_path: Path) -> None:
    """In print, every provision's text is shown (rows need not be opened by hand), and
    the browser makes a PDF of the page."""
    page = tmp_path / "print.html"
    classify_html(EXAMPLES / "computer-misuse-bill.txt", page)
    assert _open(browser, page, 1280) == []
    hidden = ("return [...document.querySelectorAll('.ptext')]"
              ".filter(t => !t.checkVisibility()).length")
    total = browser.execute_script("return document.querySelectorAll('.ptext').length")
    assert total and browser.execute_script(hidden) == total  # closed on screen
    browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": "print"})
    try:
        assert browser.execute_script(hidden) == 0
    finally:
        browser.execute_cdp_cmd("Emulation.setEmulatedMedia", {"media": ""})
    pdf = browser.execute_cdp_cmd("Page.printToPDF", {"printBackground": True})["data"]
    assert base64.b64decode(pdf).startswith(b"%PDF-")


def test_enriched_report_in_browser(browser: Any, tmp_path: Path) -> None:
    """Types, counterparts, safeguards, pages, hostile and very long or wide text."""
    doc = enriched(classify_json(EXAMPLES / "draft-convention.txt"))
    page = tmp_path / "enriched.html"
    page.write_text(render_classify_html(doc, command=f"classify {HOSTILE}"), encoding="utf-8")
    for width in (1280, 390):
        assert _open(browser, page, width) == []
        assert browser.execute_script("return window.pwned === undefined")
        assert browser.find_elements("css selector", "img") == []
        _check_rows_and_charts(browser, len(doc["documents"][0]["provisions"]))
        browser.execute_script("document.querySelectorAll('details').forEach(d => d.open = true)")
        _no_overflow(browser, width)
        browser.save_screenshot(str(tmp_path / f"enriched-{width}.png"))


def test_compare_report_in_browser(browser: Any, tmp_path: Path) -> None:
    cmp = compare_json(COMPARE / "convention-rev1.txt", COMPARE / "convention-rev2.txt")
    page = tmp_path / "compare.html"
    page.write_text(render_compare_html(cmp), encoding="utf-8")
    for width in (1280, 390):
        assert _open(browser, page, width) == []
        assert len(browser.execute_script(CHARTS)) == 2
        _no_overflow(browser, width)
        browser.save_screenshot(str(tmp_path / f"compare-{width}.png"))
