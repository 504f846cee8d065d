#!/usr/bin/env python3
"""Screenshots of ethos serve for docs/serve.md: a served demo, signed in as its engineer and its
manager, in headless Chromium (Debian's chromium and chromium-driver, PyPI's selenium).

Usage: Scripts/serve-screenshots.py  (after swift build -c release; writes docs/images/serve-*.png)
"""
import os, re, subprocess, sys, tempfile, time, urllib.request, shutil
from selenium import webdriver
from selenium.webdriver.common.by import By
root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ethos = os.path.join(root, ".build/release/ethos")
ws = os.path.join(tempfile.mkdtemp(), "demo")
images = os.path.join(root, "docs/images")
out = subprocess.run([ethos, "demo", "--output", ws, "--quiet", "--until", "2026-11"], capture_output=True, text=True, check=True).stdout
accounts = re.findall(r"^  (\S+)\s+password (\S+)", out, re.M)
server = subprocess.Popen([ethos, "serve", "--port", "8383"], cwd=ws, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
for _ in range(100):
    try:
        urllib.request.urlopen("http://127.0.0.1:8383/readyz"); break
    except OSError: time.sleep(0.2)
o = webdriver.ChromeOptions()
for a in ["--headless=new", "--no-sandbox", "--hide-scrollbars"]: o.add_argument(a)
o.binary_location = "/usr/bin/chromium"
d = webdriver.Chrome(options=o, service=webdriver.ChromeService(executable_path=shutil.which("chromedriver")))
def sign_in(h, p):
    d.delete_all_cookies(); d.get("http://127.0.0.1:8383/sign-in")
    d.find_element(By.ID, "login").send_keys(h); d.find_element(By.ID, "password").send_keys(p)
    d.find_element(By.CSS_SELECTOR, "form button[type=submit]").click(); time.sleep(0.5)
def shot(path, name, w, h):
    d.set_window_size(w, h); d.get("http://127.0.0.1:8383" + path); time.sleep(0.8)
    d.save_screenshot(os.path.join(images, f"serve-{name}.png"))
sign_in(*accounts[2])
shot("/", "home-phone", 390, 900)
d.set_window_size(1200, 1100); d.get("http://127.0.0.1:8383/feedback/new")
d.find_element(By.ID, "to").send_keys(accounts[1][0])
d.find_element(By.ID, "text").send_keys("He documented the deploy runbook, shared it with the whole community, and mentored two new joiners.")
time.sleep(1.5); d.save_screenshot(os.path.join(images, "serve-feedback-desktop.png"))
sign_in(*accounts[1])
shot("/reports/team/platform", "team-desktop", 1200, 1000)
d.quit(); server.terminate()
shutil.rmtree(os.path.dirname(ws), ignore_errors=True)
