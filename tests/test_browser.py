"""A real browser runs the widgets: JupyterLab on a localhost port, headless Chromium driven by Selenium,
tests/browser/cluster_map.ipynb run from the Run menu; the map's SVG and the time controls show, play moves them.

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
NOTEBOOK = ROOT / "tests" / "browser" / "cluster_map.ipynb"
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
    """JupyterLab serving a temporary copy of the test notebook; stopped with its kernels afterwards."""
    home = tmp_path_factory.mktemp("lab")
    notebooks = home / "notebooks"
    notebooks.mkdir()
    shutil.copy(NOTEBOOK, notebooks / NOTEBOOK.name)
    # no "Select Kernel" dialog, no "official Jupyter news?" toast over the screenshots
    _lab_setting(home, "notebook-extension", "tracker", '{"autoStartDefaultKernel": true}')
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
        _start_kernel(f"http://127.0.0.1:{port}", NOTEBOOK.name)
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
                "--window-size=1400,1000", "--no-first-run", "--disable-extensions"):
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


def _run_all_cells(browser, done):
    """Run > Run All Cells until `done`; again when the kernel went idle leaving cells unrun (a click that came
    while JupyterLab was still connecting the notebook to its kernel runs the first cell only)."""
    from selenium.common.exceptions import StaleElementReferenceException
    from selenium.webdriver.common.by import By

    def left_unrun(b):
        idle = b.find_elements(By.CSS_SELECTOR, ".jp-Notebook-ExecutionIndicator[data-status='idle']")
        prompts = [p.text.strip() for p in b.find_elements(By.CSS_SELECTOR, ".jp-CodeCell .jp-InputPrompt")]
        return idle and "[ ]:" in prompts

    for _attempt in range(2):
        _click_menu(browser, "Run", "Run All Cells")
        clicked, deadline = time.monotonic(), time.monotonic() + WAIT / 2
        while time.monotonic() < deadline:
            try:
                if done(browser):
                    return
                if time.monotonic() - clicked > 3 and left_unrun(browser):
                    break
            except StaleElementReferenceException:
                pass
            time.sleep(0.25)
    raise AssertionError("Run > Run All Cells did not show the cluster map and the time controls")


def _kernel_idle(browser):
    from selenium.webdriver.common.by import By

    return "Python 3 (ipykernel) | Idle" in browser.find_element(By.ID, "jp-main-statusbar").text


def _map_svg(browser):
    from selenium.webdriver.common.by import By

    maps = browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea .k8s-cluster-map svg")
    return maps[0].get_attribute("outerHTML") if maps else None


def _clock_text(browser):
    """The time controls' label, e.g. 't = 27s (paused, 2s per step)'."""
    from selenium.webdriver.common.by import By

    for label in browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea .widget-label"):
        if label.text.startswith("t = "):
            return label.text
    return None


def _seconds(clock_text):
    return float(clock_text.split()[2].rstrip("s"))


@pytest.mark.timeout(150)  # the whole test, JupyterLab and Chromium included, stays bounded
def test_cluster_map_and_time_controls_render_and_play_redraws_the_map(lab, browser):
    from selenium.webdriver.common.by import By

    (ARTIFACTS / "failure.png").unlink(missing_ok=True)
    browser.get(f"{lab}/lab/tree/{NOTEBOOK.name}?token={TOKEN}")
    _wait(browser, lambda b: b.find_elements(By.CSS_SELECTOR, ".jp-Notebook .jp-Cell"), "the notebook's cells")
    _wait(browser, _kernel_idle, "the notebook's idle Python 3 kernel")
    for dialog_button in browser.find_elements(By.CSS_SELECTOR, ".jp-Dialog .jp-mod-accept"):
        dialog_button.click()  # a kernel or trust question JupyterLab asked anyway: take its default
    _run_all_cells(browser, lambda b: _map_svg(b) and _clock_text(b))

    first_map = _wait(browser, _map_svg, "the cluster map's SVG")
    first_clock = _wait(browser, _clock_text, "the time controls' clock")
    assert first_clock.startswith("t = 27s (paused, 2s per step)"), first_clock
    assert "worker-1" in first_map and "control-plane" in first_map
    buttons = [b.text for b in browser.find_elements(By.CSS_SELECTOR, ".jp-OutputArea button") if b.text]
    assert buttons[:3] == ["play", "pause", "step"], buttons

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "before-play.png"))
    play = browser.find_element(By.XPATH, "//div[contains(@class,'jp-OutputArea')]//button[normalize-space()='play']")
    play.click()
    _wait(browser, lambda b: "playing" in (_clock_text(b) or "") and _map_svg(b) != first_map,
          "play to change the map")
    # play keeps stepping (one 2 s step a second) until paused
    _wait(browser, lambda b: _seconds(_clock_text(b)) >= 35, "the clock to reach t = 35s")
    browser.find_element(By.XPATH, "//div[contains(@class,'jp-OutputArea')]//button[normalize-space()='pause']").click()
    _wait(browser, lambda b: "paused" in (_clock_text(b) or ""), "pause to stop the clock")
    browser.save_screenshot(str(ARTIFACTS / "after-play.png"))
    print(f"browser test screenshots: {ARTIFACTS}")
    # the Deployment's two pods, created at t = 27s, have started while time ran
    last_map = _map_svg(browser)
    assert last_map.count("Running 1/1") == first_map.count("Running 1/1") + 2, (first_map, last_map)
