"""A real browser runs a lesson: JupyterLab on a localhost port, headless Chromium driven by Selenium, a copy of
course/00-getting-started.ipynb run from the Run menu; the cluster map's SVG and the time controls show, play moves
them, and nbgrader's JupyterLab extension (its Nbgrader menu and Validate button) is loaded in the same page.
Screenshots go to test-artifacts/browser/.

Needs Debian's chromium and chromium-driver (`sudo apt-get install chromium chromium-driver`) and selenium.
Under CI (the CI variable set, as .ci/run does) it always runs; elsewhere it skips when they are missing."""
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
LESSON = ROOT / "course" / "00-getting-started.ipynb"
SELFCHECK = ROOT / "course" / "selfcheck.py"  # the lesson imports it from its own folder
ARTIFACTS = ROOT / "test-artifacts" / "browser"
TOKEN = "k8s-course-browser-test"
HOW_TO_ENABLE = ("the browser test needs Chromium, its driver and selenium: "
                 "sudo apt-get install chromium chromium-driver; pip install selenium (the [test] extra)")
WAIT = 30  # seconds for any one thing to appear on the page


def _browser_tools():
    """(chromium, chromedriver) or the reason the browser test cannot run here."""
    try:
        import selenium  # noqa: F401
    except ImportError:
        return None, "selenium is not installed"
    chromium = shutil.which("chromium") or shutil.which("chromium-browser")
    driver = shutil.which("chromedriver")
    if not chromium or not driver:
        return None, "chromium or chromedriver is not installed"
    return (chromium, driver), None


@pytest.fixture(scope="module")
def tools():
    found, missing = _browser_tools()
    if found is None:
        if os.environ.get("CI"):
            pytest.fail(f"CI must run the browser test but {missing}; {HOW_TO_ENABLE}")
        pytest.skip(f"{missing}; {HOW_TO_ENABLE}")
    return found


def _free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _wait_for_server(url, server, log):
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"JupyterLab exited with {server.returncode}:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.5)
    raise AssertionError(f"JupyterLab did not answer at {url} within {WAIT}s")


def _lab_setting(home, extension, plugin, json_text):
    path = home / "settings" / "@jupyterlab" / extension / f"{plugin}.jupyterlab-settings"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json_text)


@pytest.fixture(scope="module")
def lab(tools, tmp_path_factory):
    """JupyterLab serving a temporary copy of the lesson (the committed notebook stays unrun); stopped with its
    kernels afterwards."""
    home = tmp_path_factory.mktemp("lab")
    notebooks = home / "notebooks"
    notebooks.mkdir()
    shutil.copy(LESSON, notebooks / LESSON.name)
    shutil.copy(SELFCHECK, notebooks / SELFCHECK.name)
    # no "Select Kernel" dialog, no "official Jupyter news?" toast over the screenshots; every cell kept on the
    # page (no windowing), so the map's output is there to find wherever the page is scrolled
    _lab_setting(home, "notebook-extension", "tracker", '{"autoStartDefaultKernel": true, "windowingMode": "none"}')
    _lab_setting(home, "apputils-extension", "notification", '{"fetchNews": "false", "checkForUpdates": false}')
    env = dict(os.environ, JUPYTER_CONFIG_DIR=str(home / "config"), JUPYTER_RUNTIME_DIR=str(home / "runtime"),
               JUPYTERLAB_WORKSPACES_DIR=str(home / "workspaces"), JUPYTERLAB_SETTINGS_DIR=str(home / "settings"))
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    port = _free_port()
    log_path = home / "jupyter.log"
    log = open(log_path, "wb")
    server = subprocess.Popen(
        [sys.executable, "-m", "jupyter", "lab", "--no-browser", "--ip=127.0.0.1", f"--port={port}",
         f"--IdentityProvider.token={TOKEN}", f"--notebook-dir={notebooks}", "--ServerApp.port_retries=0",
         *(["--allow-root"] if os.geteuid() == 0 else [])],
        cwd=notebooks, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    try:
        _wait_for_server(f"http://127.0.0.1:{port}/api/status?token={TOKEN}", server, log_path)
        print(f"JupyterLab's log: {log_path}")
        _start_kernel(f"http://127.0.0.1:{port}", LESSON.name)
        yield f"http://127.0.0.1:{port}"
    finally:
        _stop(server)
        log.close()


def _start_kernel(url, notebook):
    """The notebook's kernel session, started before the page opens: the page then only connects to it."""
    body = json.dumps({"path": notebook, "name": notebook, "type": "notebook", "kernel": {"name": "python3"}})
    request = urllib.request.Request(f"{url}/api/sessions", data=body.encode(), method="POST",
                                     headers={"Authorization": f"token {TOKEN}", "Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=WAIT) as response:
        assert response.status == 201, response.status


def _stop(process):
    """SIGTERM the process group (the server shuts its kernels down), SIGKILL what is left after 20 s."""
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            pass
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except ProcessLookupError:
        pass
    process.wait(timeout=10)


@pytest.fixture(scope="module")
def browser(tools):
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    chromium, driver = tools
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1800", "--no-first-run", "--disable-extensions"):
        options.add_argument(arg)
    session = webdriver.Chrome(service=Service(executable_path=driver), options=options)
    session.set_page_load_timeout(WAIT)
    try:
        yield session
    finally:
        session.quit()


def _wait(browser, condition, what):
    from selenium.common.exceptions import StaleElementReferenceException, TimeoutException
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(browser, WAIT, poll_frequency=0.25, ignored_exceptions=(StaleElementReferenceException,)
                             ).until(condition, message=f"{what} within {WAIT}s")
    except TimeoutException:
        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        browser.save_screenshot(str(ARTIFACTS / "failure.png"))
        raise


def _click_menu(browser, menu, item):
    """Open the menu bar's `menu` and click its `item` once JupyterLab has enabled it."""
    from selenium.webdriver.common.by import By

    _wait(browser, lambda b: b.find_element(
        By.XPATH, f"//div[contains(@class,'lm-MenuBar-itemLabel') and text()='{menu}']"), f"the {menu} menu").click()
    enabled = (f"//li[contains(@class,'lm-Menu-item') and not(contains(@class,'lm-mod-disabled'))]"
               f"[.//div[contains(@class,'lm-Menu-itemLabel') and text()='{item}']]")
    _wait(browser, lambda b: b.find_element(By.XPATH, enabled), f"{menu} > {item}").click()


def _prompts(browser):
    from selenium.webdriver.common.by import By

    return [p.text.strip() for p in browser.find_elements(By.CSS_SELECTOR, ".jp-CodeCell .jp-InputPrompt")]


def _errors(browser):
    from selenium.webdriver.common.by import By

    return [e.text for e in browser.find_elements(
        By.CSS_SELECTOR, ".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.error']")]


def _all_cells_ran(browser):
    prompts = _prompts(browser)
    return bool(prompts) and not {"[ ]:", "[*]:"} & set(prompts) and _kernel_idle(browser)


def _run_all_cells(browser, seconds):
    """Run > Run All Cells until every code cell has run; again when the kernel went idle leaving cells unrun
    (a click that came while JupyterLab was still connecting the notebook to its kernel runs the first cell only)."""
    from selenium.common.exceptions import StaleElementReferenceException

    for _attempt in range(3):
        _click_menu(browser, "Run", "Run All Cells")
        deadline, stalled_since = time.monotonic() + seconds, None
        while time.monotonic() < deadline:
            try:
                if _all_cells_ran(browser):
                    return
                prompts = _prompts(browser)
                stalled = _kernel_idle(browser) and "[ ]:" in prompts and "[*]:" not in prompts
                stalled_since = (stalled_since or time.monotonic()) if stalled else None
                if stalled_since and time.monotonic() - stalled_since > 3:  # idle for 3 s with cells unrun
                    break
            except StaleElementReferenceException:
                pass
            time.sleep(0.25)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "failure.png"))
    raise AssertionError(f"Run > Run All Cells left cells unrun within {seconds}s: prompts {_prompts(browser)}, "
                         f"errors {_errors(browser)}")


def _kernel_idle(browser):
    from selenium.webdriver.common.by import By

    return "Python 3 (ipykernel) | Idle" in browser.find_element(By.ID, "jp-main-statusbar").text


def _map_svg(browser):
    from selenium.webdriver.common.by import By

    maps = browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea .k8s-cluster-map svg")
    return maps[0].get_attribute("outerHTML") if maps else None


def _controls(browser):
    """The time controls' box: the widget row holding the clock label."""
    from selenium.webdriver.common.by import By

    return browser.find_elements(By.XPATH, "//div[contains(@class,'jp-OutputArea')]//div[contains(@class,"
                                           "'widget-hbox')][.//div[contains(@class,'widget-label') and "
                                           "starts-with(normalize-space(),'t = ')]]")


def _clock_text(browser):
    """The time controls' label, e.g. 't = 3657s (paused, 5s per step)'."""
    from selenium.webdriver.common.by import By

    for controls in _controls(browser):
        for label in controls.find_elements(By.CSS_SELECTOR, ".widget-label"):
            if label.text.startswith("t = "):
                return label.text
    return None


def _seconds(clock_text):
    return float(clock_text.split()[2].rstrip("s"))


def _button(browser, name):
    from selenium.webdriver.common.by import By

    return _controls(browser)[0].find_element(By.XPATH, f".//button[normalize-space()='{name}']")


def _nbgrader_menu(browser):
    """The items of nbgrader's Nbgrader menu in JupyterLab's menu bar, screenshot open, closed again afterwards."""
    from selenium.webdriver.common.by import By

    def menu_bar_item(b):
        return b.find_element(By.XPATH, "//div[contains(@class,'lm-MenuBar-itemLabel') and text()='Nbgrader']")

    def open_menu(b):
        return [m for m in b.find_elements(By.ID, "jp-mainmenu-nbgrader") if m.is_displayed()]

    _wait(browser, menu_bar_item, "the Nbgrader menu").click()
    menu = _wait(browser, open_menu, "the Nbgrader menu's items")[0]
    items = [label.text for label in menu.find_elements(By.CSS_SELECTOR, ".lm-Menu-itemLabel") if label.text]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "nbgrader-menu.png"))
    menu_bar_item(browser).click()  # a second click on the open menu's title closes it
    _wait(browser, lambda b: not open_menu(b), "the Nbgrader menu to close")
    return items


def _screenshot(browser, name):
    """A screenshot of the page scrolled to the end of the output holding the cluster map (redrawn at every step,
    so found afresh): the map with the event stream and the time controls under it."""
    from selenium.webdriver.common.by import By

    output = browser.find_element(By.XPATH, "//div[contains(@class,'k8s-cluster-map')]/ancestor::div"
                                            "[contains(@class,'jp-OutputArea ')][1]")
    browser.execute_script("arguments[0].scrollIntoView({block: 'end'});", output)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / name))


@pytest.mark.timeout(120)  # the whole test, JupyterLab and Chromium included, stays bounded
def test_lesson_00_runs_in_jupyterlab_its_map_plays_and_nbgraders_extension_is_loaded(lab, browser):
    from selenium.webdriver.common.by import By

    (ARTIFACTS / "failure.png").unlink(missing_ok=True)
    browser.get(f"{lab}/lab/tree/{LESSON.name}?token={TOKEN}")
    _wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell"), "the lesson's cells")
    _wait(browser, _kernel_idle, "the lesson's idle Python 3 kernel")
    for dialog_button in browser.find_elements(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept"):
        dialog_button.click()  # a kernel or trust question JupyterLab asked anyway: take its default

    # nbgrader's lab extension loaded in this JupyterLab: its menu, and its Validate button on the notebook
    assert _nbgrader_menu(browser) == ["Assignment List", "Course List", "Formgrader", "Create assignment"]
    validate = browser.find_elements(By.CSS_SELECTOR, ".jp-NotebookPanel-toolbar .validate-button")
    assert [button.text for button in validate] == ["Validate"]

    _run_all_cells(browser, seconds=60)
    assert _errors(browser) == []
    first_map = _wait(browser, _map_svg, "the cluster map's SVG")
    first_clock = _wait(browser, _clock_text, "the time controls' clock")
    assert first_clock.endswith("s (paused, 5s per step)"), first_clock
    assert all(node in first_map for node in ("control-plane", "worker-1", "worker-2", "worker-3")), first_map
    buttons = [b.text for b in _controls(browser)[0].find_elements(By.TAG_NAME, "button") if b.text]
    assert buttons == ["play", "pause", "step"], buttons
    _screenshot(browser, "before-play.png")

    _button(browser, "play").click()
    _wait(browser, lambda b: "playing" in (_clock_text(b) or "") and _map_svg(b) != first_map,
          "play to change the map")
    # play keeps stepping (one 5 s step a second) until paused
    _wait(browser, lambda b: _seconds(_clock_text(b)) >= _seconds(first_clock) + 15, "three steps of play")
    _button(browser, "pause").click()
    _wait(browser, lambda b: "paused" in (_clock_text(b) or ""), "pause to stop the clock")
    _screenshot(browser, "after-play.png")
    print(f"browser test screenshots: {ARTIFACTS}")
    # after showing the map the lesson scaled hello to 4 replicas without letting time pass: the two new pods,
    # Pending on no node in the first map, run while time plays
    last_map = _map_svg(browser)
    assert (first_map.count("Pending 0/1"), last_map.count("Pending 0/1")) == (2, 0), (first_map, last_map)
    assert last_map.count("Running 1/1") == first_map.count("Running 1/1") + 2, (first_map, last_map)
