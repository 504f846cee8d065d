#!/usr/bin/env python3
"""Ethos's web pages in a real browser: headless Chromium driven by Selenium, against a running
`ethos serve` on a demo workspace, with axe-core checking every page at desktop and phone width.

Usage: browser-tests.py ETHOS_BINARY

What it does, each step a check that fails the run:
  - people-operations imports a new person and invites them; the invitation sets a password and signs in;
  - giving feedback shows the live hint while typing, and records;
  - anonymous feedback never shows its author on any page, for any viewer;
  - a manager opens their team's report; an employee is refused the organisation's;
  - a form whose token was tampered with is refused; signing out ends the session;
  - axe-core finds no serious or critical violation on any page; no page scrolls sideways on a phone.
"""
import json, os, re, shutil, socket, subprocess, sys, tempfile, time, urllib.request

from selenium import webdriver
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait
from axe_selenium_python import Axe

ethos = os.path.abspath(sys.argv[1])
failures = []


def check(condition, what):
    print(("ok    " if condition else "FAIL  ") + what, flush=True)
    if not condition:
        failures.append(what)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


workspace = tempfile.mkdtemp(prefix="ethos-browser-")
demo = subprocess.run([ethos, "demo", "--output", workspace, "--quiet", "--until", "2026-10"], capture_output=True, text=True, check=True)
accounts = re.findall(r"^  (\S+)\s+password (\S+)\s+(.*)$", demo.stdout, re.M)
admin, manager, engineer = [(handle, password) for handle, password, _ in accounts]
port = free_port()
base = f"http://127.0.0.1:{port}"
server = subprocess.Popen([ethos, "serve", "--port", str(port)], cwd=workspace, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
for _ in range(100):
    try:
        if urllib.request.urlopen(base + "/readyz", timeout=1).status == 200:
            break
    except OSError:
        time.sleep(0.2)

options = webdriver.ChromeOptions()
for argument in ["--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900"]:
    options.add_argument(argument)
if os.path.exists("/usr/bin/chromium"):
    options.binary_location = "/usr/bin/chromium"
service = webdriver.ChromeService(executable_path=shutil.which("chromedriver") or "/usr/bin/chromedriver")
driver = webdriver.Chrome(options=options, service=service)
driver.implicitly_wait(2)
audited = set()


def audit(name):
    """axe-core at desktop and phone width: no serious or critical violation, no sideways scroll."""
    if name in audited:
        return
    audited.add(name)
    for width, height in [(1280, 900), (375, 812)]:
        driver.set_window_size(width, height)
        axe = Axe(driver)
        axe.inject()
        results = axe.run()
        bad = [v for v in results["violations"] if v["impact"] in ("serious", "critical")]
        for violation in bad:
            print(f"      {violation['id']} ({violation['impact']}): {violation['help']} — {[n['target'] for n in violation['nodes']][:3]}")
        check(not bad, f"axe: no serious or critical violation on {name} at {width}px")
        if width < 500:
            overflow = driver.execute_script("return document.documentElement.scrollWidth - window.innerWidth")
            check(overflow <= 1, f"{name} fits a {width}px phone (overflow {overflow}px)")
    driver.set_window_size(1280, 900)


def submit(css):
    """Clicks a form's button and waits for the page it leads to."""
    driver.execute_script("window.ethosOldPage = true")
    driver.find_element(By.CSS_SELECTOR, css).click()

    def loaded(d):
        try:
            return d.execute_script("return window.ethosOldPage === undefined && document.readyState === 'complete'")
        except Exception:  # the page is between documents
            return False
    WebDriverWait(driver, 10).until(loaded)


def sign_in(handle, password):
    driver.delete_all_cookies()
    driver.get(base + "/sign-in")
    audit("sign-in")
    driver.find_element(By.ID, "login").send_keys(handle)
    driver.find_element(By.ID, "password").send_keys(password)
    submit("form button[type=submit]")
    WebDriverWait(driver, 5).until(lambda d: "Hello," in d.page_source)


def sign_out():
    submit("form.sign-out button")
    WebDriverWait(driver, 5).until(lambda d: d.current_url.endswith("/sign-in"))


try:
    # People-operations imports a new person and invites them.
    sign_in(*admin)
    audit("home")
    driver.get(base + "/people")
    audit("people")
    driver.find_element(By.ID, "csv").send_keys(f"handle,name,team,manager\nwrenna,Wrenna Quist,design,{admin[0]}\n")
    submit("form[action='/people/import'] button")
    check("Imported 1 person." in driver.page_source, "people-operations imports a person from CSV")
    submit("form[action='/people/wrenna/invite'] button")
    link = driver.find_element(By.CSS_SELECTOR, "input[aria-label^='Invitation link']").get_attribute("value")
    check("/invitations/" in link, "an invitation link is shown")
    for path, name in [("/reports/organisation", "organisation report"), ("/principles", "principles"), ("/reports/teams", "team list")]:
        driver.get(base + path)
        audit(name)
    sign_out()

    # The invitation sets a password and signs in.
    driver.delete_all_cookies()
    driver.get(link.replace("http://127.0.0.1:8080", base))
    audit("invitation")
    driver.find_element(By.ID, "password").send_keys("wrenna-chooses-a-password")
    driver.find_element(By.ID, "confirm").send_keys("wrenna-chooses-a-password")
    submit("form button[type=submit]")
    WebDriverWait(driver, 5).until(lambda d: "Hello, Wrenna Quist" in d.page_source)
    check(True, "the invitation signs Wrenna in")

    # Feedback with the live hint, given anonymously to a platform engineer. Wrenna is in design and has written nothing
    # else, so her name on the engineer's pages, the record's or the platform team's report would be her.
    driver.get(base + "/feedback/new")
    audit("give feedback")
    driver.find_element(By.ID, "to").send_keys(engineer[0])
    text = "She documented the deploy runbook and shared it with the whole community, and mentored two new joiners."
    driver.find_element(By.ID, "text").send_keys(text)
    WebDriverWait(driver, 5).until(lambda d: "So far this reads as" in d.find_element(By.ID, "hint").text)
    hint = driver.find_element(By.ID, "hint").text
    check("Aligned" in hint and "Community" in hint, "the live hint names the principles the text evidences: " + hint.replace("\n", " / "))
    driver.find_element(By.ID, "v-public").click()
    driver.find_element(By.ID, "anonymous").click()
    submit("form[action='/feedback'] button[type=submit]")
    WebDriverWait(driver, 5).until(lambda d: "/feedback/new" not in d.current_url)
    recorded = "Recorded" in driver.page_source and "Anonymous" in driver.page_source
    check(recorded, "anonymous feedback is recorded")
    if not recorded:
        print(driver.current_url, driver.find_element(By.TAG_NAME, "main").text[:800])
    record = driver.find_element(By.CSS_SELECTOR, "article.card a[href^='/records/']").get_attribute("href")
    audit("recorded")

    # A tampered form token is refused.
    driver.get(base + "/mentoring/new")
    audit("log mentoring")
    driver.execute_script("document.querySelector(\"form[action='/mentoring'] input[name=_csrf]\").value = 'tampered'")
    driver.find_element(By.ID, "with").send_keys(engineer[0])
    driver.find_element(By.ID, "minutes").send_keys("30")
    driver.find_element(By.ID, "notes").send_keys("Walked through the deploy.")
    submit("form[action='/mentoring'] button[type=submit]")
    WebDriverWait(driver, 5).until(lambda d: "/mentoring/new" not in d.current_url)
    refused = "403" in driver.title and "did not come from Ethos" in driver.page_source
    check(refused, "a tampered form token is refused")
    if not refused:
        print(driver.current_url, driver.title, driver.find_element(By.TAG_NAME, "body").text[:500])
    driver.get(base + "/requests/new")
    audit("ask for feedback")
    sign_out()
    driver.get(base + "/")
    check(driver.current_url.endswith("/sign-in"), "after signing out, pages need a sign-in again")

    # No viewer sees who wrote the anonymous feedback.
    for handle, password in [admin, manager, engineer]:
        sign_in(handle, password)
        pages = ["/", record, "/reports/me?period=2026-Q4", "/api/v1/records?limit=200"]
        if (handle, password) != engineer:
            pages.append("/reports/team/platform?period=2026-Q4")
        for page in pages:
            driver.get(page if page.startswith("http") else base + page)
            source = driver.page_source
            check(re.search(r"wrenna|quist", source, re.I) is None, f"{handle} does not see the anonymous author on {page}")
        if (handle, password) == admin:
            # The organisation's report lists people too (who received nothing): there, only the quotes are checked.
            driver.get(base + "/reports/organisation?period=2026-Q4")
            quotes = [q.text for q in driver.find_elements(By.CSS_SELECTOR, "blockquote")]
            check(all(not re.search(r"wrenna|quist", q, re.I) for q in quotes), "no quote in the organisation's report names the anonymous author")
        driver.get(record)
        audit("record")
        if (handle, password) == manager:
            driver.get(base + "/reports/team/platform")
            check("Team platform" in driver.page_source, "the manager opens their team's report")
            audit("team report")
        if (handle, password) == engineer:
            driver.get(base + "/reports/organisation")
            check("403" in driver.title, "an employee is refused the organisation's report")
            driver.get(base + "/reports/me")
            audit("person report")
        sign_out()
finally:
    driver.quit()
    server.terminate()
    try:
        _, errors = server.communicate(timeout=10)
    except subprocess.TimeoutExpired:
        server.kill()
        _, errors = server.communicate()
    check(server.returncode == 0, f"ethos serve stops cleanly on SIGTERM (exit {server.returncode})")
    shutil.rmtree(workspace, ignore_errors=True)

print(f"\n{len(failures)} failure(s)" if failures else "\nEvery browser check passed.")
sys.exit(1 if failures else 0)
