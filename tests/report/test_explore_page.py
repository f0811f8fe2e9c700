"""report.html's interactive map, driven in Debian's headless Chromium through
WebDriver (chromium-driver, python3-selenium), as a planner's browser opens it.

Checks that the page asks nothing of the network, that the map loads, that a
click on a known cell shows that cell's walking minutes, that the layer
toggles change what is drawn, and that Chinese text is drawn with a CJK font.
The harness is Python because the Python package's and QGIS provider's tests
already are; it skips, saying why, where Chromium or its driver is missing.
"""

import csv
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

PROGRAM = os.environ.get("LIFECIRCLE_PROGRAM", "lifecircle")
SOURCE = Path(os.environ.get("LIFECIRCLE_SOURCE_DIR", Path(__file__).resolve().parents[2]))
SCENARIO = SOURCE / "scenarios" / "wuhan-guanggu.json"
CJK_FONTS = ("WenQuanYi", "Noto Sans CJK", "Noto Serif CJK", "Source Han", "Droid Sans Fallback")

webdriver = pytest.importorskip("selenium.webdriver", reason="python3-selenium is not installed")


def chromium_paths():
    browser = shutil.which("chromium")
    driver = shutil.which("chromedriver")
    if browser is None or driver is None:
        pytest.skip("Chromium or its WebDriver is not installed (Debian packages chromium, chromium-driver)")
    return browser, driver


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    """The shipped default scenario, with its cells also written as points to know them by."""
    output = tmp_path_factory.mktemp("explore") / "run"
    subprocess.run([PROGRAM, "run", str(SCENARIO), "-o", str(output), "-q", "--demand-points"], check=True)
    return output


@pytest.fixture(scope="module")
def browser():
    from selenium.webdriver.chrome.options import Options
    from selenium.webdriver.chrome.service import Service

    binary, driver = chromium_paths()
    options = Options()
    for argument in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1200,1000",
                     "--disable-background-networking", "--disable-component-update", "--no-first-run"):
        options.add_argument(argument)
    options.binary_location = binary
    options.set_capability("goog:loggingPrefs", {"performance": "ALL"})
    session = webdriver.Chrome(service=Service(driver), options=options)
    yield session
    session.quit()


def open_report(browser, report):
    browser.get(report.as_uri())
    started = time.monotonic()
    while time.monotonic() - started < 30:
        state = browser.execute_script(
            "const e = document.getElementById('lc-explore-map');"
            "return e ? [e.dataset.ready || null, e.dataset.error || null] : ['no map', null];")
        if state[0] or state[1]:
            return state
        time.sleep(0.1)
    return [None, "the map did not finish loading in 30 s"]


def requests_made(browser, page):
    """Every URL the browser was asked to fetch since the last call, but the page itself."""
    urls = []
    for entry in browser.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            url = message["params"]["request"]["url"]
            if url != page.as_uri() and not url.startswith(("data:", "blob:")):
                urls.append(url)
    return urls


def map_picture(browser):
    browser.execute_script("window.lifecircleMap.fire('moveend');")  # redraw the canvas now
    return browser.find_element("id", "lc-explore-map").screenshot_as_png


def test_the_page_loads_its_map_and_asks_nothing_of_the_network(run, browser):
    report = run / "report.html"
    browser.get_log("performance")  # drop what came before
    ready, error = open_report(browser, report)
    assert error is None
    assert ready == "true"
    assert requests_made(browser, report) == []
    # Leaflet drew its panes, and the cells their canvas.
    assert browser.find_elements("css selector", "#lc-explore-map .leaflet-map-pane")
    assert browser.find_elements("css selector", "#lc-explore-map canvas.lc-cells")


def test_a_click_on_a_known_cell_shows_its_walking_minutes(run, browser):
    summary = json.loads((run / "summary.json").read_text(encoding="utf-8"))
    service = summary["services"][0]
    metres_per_minute = service["threshold_m"] / service["minutes"]
    with open(run / f"demand_points_{service['id']}.csv", encoding="utf-8-sig") as table:
        reached = [row for row in csv.DictReader(table) if row["cost_m"]]
    cell = max(reached, key=lambda row: (float(row["weight"]), -float(row["cost_m"])))
    minutes = float(cell["cost_m"]) / metres_per_minute

    open_report(browser, run / "report.html")
    element = browser.find_element("id", "lc-explore-map")
    browser.execute_script("document.getElementById('explore').scrollIntoView();"
                           "window.lifecircleMap.setView([arguments[0], arguments[1]], 18);",
                           float(cell["lat"]), float(cell["lon"]))
    x, y = browser.execute_script(
        "const p = window.lifecircleMap.latLngToContainerPoint([arguments[0], arguments[1]]); return [p.x, p.y];",
        float(cell["lat"]), float(cell["lon"]))
    from selenium.webdriver.common.action_chains import ActionChains
    ActionChains(browser).move_to_element_with_offset(
        element, int(x - element.size["width"] / 2), int(y - element.size["height"] / 2)).click().perform()
    popup = browser.find_element("css selector", ".leaflet-popup-content").text
    assert f"步行{minutes:.1f}分钟" in popup
    assert f"（{float(cell['cost_m']):,.0f}米）" in popup
    assert f"{float(cell['weight']):,.1f}人" in popup


def test_the_layer_toggles_change_what_is_drawn(run, browser):
    open_report(browser, run / "report.html")
    browser.execute_script("document.getElementById('explore').scrollIntoView();")
    first = map_picture(browser)
    for layer in ("cells", "streets", "facilities", "units", "areas"):
        toggle = browser.find_element("id", f"lc-layer-{layer}")
        toggle.click()
        changed = map_picture(browser)
        assert changed != first, f"switching '{layer}' changed nothing on the map"
        toggle.click()
        assert map_picture(browser) == first, f"switching '{layer}' back did not restore the map"


def test_the_routes_the_scenario_asks_for_are_drawn_for_their_service(run, browser):
    open_report(browser, run / "report.html")
    browser.execute_script("document.getElementById('explore').scrollIntoView();")
    routes = json.loads((run / "summary.json").read_text(encoding="utf-8"))["services"][1]["routes"]
    assert routes["routed"] > 0
    from selenium.webdriver.support.ui import Select
    Select(browser.find_element("id", "lc-service")).select_by_value("1")  # the elderly-pace service
    with_routes = map_picture(browser)
    toggle = browser.find_element("id", "lc-layer-routes")
    assert toggle.is_selected()
    toggle.click()
    assert map_picture(browser) != with_routes, "switching the routes off changed nothing on the map"
    toggle.click()
    assert map_picture(browser) == with_routes


def test_chinese_text_is_drawn_with_a_cjk_font(run, browser):
    open_report(browser, run / "report.html")
    assert browser.execute_script("return document.documentElement.lang") == "zh-CN"
    heading = browser.find_element("css selector", "#explore h2")
    assert heading.text == "交互地图"
    # The fonts Chromium drew the heading's glyphs with, from its own layout.
    document = browser.execute_cdp_cmd("DOM.getDocument", {})
    node = browser.execute_cdp_cmd("DOM.querySelector",
                                   {"nodeId": document["root"]["nodeId"], "selector": "#explore h2"})
    browser.execute_cdp_cmd("CSS.enable", {})
    fonts = browser.execute_cdp_cmd("CSS.getPlatformFontsForNode", {"nodeId": node["nodeId"]})["fonts"]
    assert any(font["glyphCount"] > 0 and font["familyName"].startswith(CJK_FONTS) for font in fonts), fonts
    picture = heading.screenshot_as_png
    assert len(picture) > 1500, "the heading renders blank"
