"""The web console (/keygate) driven in headless Chromium (Debian's chromium, chromium-driver and
python3-selenium; one browser for the module), plus a few plain HTTP checks: sign-in with and
without 2FA, the refusal of a non-administrator, a key created in the page and used over XML-RPC,
rotated and revoked (the next call fails and the events appear), CSRF attempts refused, client
text (a login, a User-Agent) shown as text, and the security headers.

KEYGATE_CONSOLE_SCREENSHOTS=DIR saves a 1280x800 screenshot of each page into DIR (the README's
pictures in docs/console/ are made so)."""

import json
import os
import re
import time
import xmlrpc.client

import pyotp
import pytest
import requests
from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, WebDriverException
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

from conftest import ADMIN_LOGIN, ADMIN_PASSWORD, DB, SECRETS, Server, secret, unique_login
from test_metrics import wait_for_line
from test_totp import enable_totp

SCREENSHOTS = os.environ.get("KEYGATE_CONSOLE_SCREENSHOTS")
CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
       "connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
       "object-src 'none'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "cache-control": "no-store",
}
INJECTED = "<script>window.kgInjected=1</script>"
INJECTED_LOGIN = "<img src=x onerror=\"window.kgInjected=2\">"
INJECTED_UA = "<script>window.kgInjected=3</script>"


@pytest.fixture(scope="module")
def browser():
    options = Options()
    options.binary_location = "/usr/bin/chromium"
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,800", "--disable-extensions", "--no-first-run"):
        options.add_argument(arg)
    driver = webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)
    driver.set_page_load_timeout(30)
    driver.set_window_size(1280, 800)
    yield driver
    driver.quit()


def shot(driver, name, width=1280, height=800):
    """A screenshot of exactly width x height CSS pixels, when KEYGATE_CONSOLE_SCREENSHOTS is set."""
    if SCREENSHOTS:
        os.makedirs(SCREENSHOTS, exist_ok=True)
        driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 640})
        try:
            driver.save_screenshot(os.path.join(SCREENSHOTS, name + ".png"))
        finally:
            driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})


def sign_in(driver, server, login, password, db=DB):
    driver.delete_all_cookies()
    driver.get(server.url + "/keygate/login")
    db_field = driver.find_element(By.NAME, "db")
    if db_field.tag_name == "select":
        Select(db_field).select_by_visible_text(db)
    else:
        db_field.send_keys(db)
    driver.find_element(By.NAME, "login").send_keys(login)
    driver.find_element(By.NAME, "password").send_keys(password)
    submit(driver, driver.find_element(By.CSS_SELECTOR, "form button[type=submit]"))


def submit(driver, button):
    """Clicks a button that sends a form and waits until the next page has replaced this one."""
    page = driver.find_element(By.TAG_NAME, "html")
    button.click()

    def replaced(_):
        # Chromium may answer a check on a node of the page being replaced with "Node with given
        # id does not belong to the document" rather than a stale-element error: both mean gone.
        try:
            page.is_enabled()
            return False
        except (StaleElementReferenceException, WebDriverException):
            return True

    WebDriverWait(driver, 15).until(replaced)
    WebDriverWait(driver, 15).until(
        lambda d: d.execute_script("return document.readyState") == "complete")


def error_text(driver):
    return " ".join(e.text for e in driver.find_elements(By.CSS_SELECTOR, ".msg-error"))


def h1(driver):
    return driver.find_element(By.TAG_NAME, "h1").text


def wait_for(predicate, timeout=10, what="condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("timed out waiting for " + what)


def make_user(cli, prefix, system=False, password="console pass 1"):
    login = unique_login(prefix)
    uid = cli.add_user(login, password=secret(password))
    if system:
        cli.run("group", "grant", "--db", DB, login, "base.group_system")
    return login, uid, password


def http_sign_in(server, login, password):
    """A requests session signed in to the console through its form; returns (session, token)."""
    s = requests.Session()
    r = s.post(server.url + "/keygate/login",
               data={"db": DB, "login": login, "password": password},
               allow_redirects=False, timeout=30)
    assert r.status_code == 303, r.text
    assert r.headers["location"] == "/keygate/keys"
    cookie = r.headers["set-cookie"]
    assert re.fullmatch(r"keygate_console=[0-9a-f]{64}\w+; Max-Age=\d+; HttpOnly; Path=/keygate; "
                        r"SameSite=Strict", cookie), cookie
    page = s.get(server.url + "/keygate/keys", timeout=30)
    assert page.status_code == 200
    token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.text).group(1)
    return s, token


def test_security_headers_assets_and_redirects(server):
    for path in ("/keygate/login", "/keygate/assets/console.css", "/keygate/assets/console.js",
                 "/keygate/nothing"):
        r = requests.get(server.url + path, allow_redirects=False, timeout=30)
        for name, value in SECURITY_HEADERS.items():
            assert r.headers.get(name) == value, (path, name, r.headers)
    assert requests.get(server.url + "/keygate/nothing", timeout=30).status_code == 404
    js = requests.get(server.url + "/keygate/assets/console.js", timeout=30)
    assert js.headers["content-type"] == "text/javascript; charset=utf-8"
    assert "textContent" in js.text
    # No session: pages send to the sign-in form, changes are refused.
    r = requests.get(server.url + "/keygate/keys", allow_redirects=False, timeout=30)
    assert (r.status_code, r.headers["location"]) == (303, "/keygate/login")
    r = requests.get(server.url + "/keygate", allow_redirects=False, timeout=30)
    assert (r.status_code, r.headers["location"]) == (303, "/keygate/login")
    assert requests.delete(server.url + "/keygate/keys", timeout=30).status_code == 405
    # The sign-in page has no inline script: the one script is a file.
    page = requests.get(server.url + "/keygate/login", timeout=30).text
    assert re.findall(r"<script[^>]*>", page) == ['<script src="/keygate/assets/console.js" defer>']


def test_wrong_password_and_injected_login_shown_as_text(server, browser):
    sign_in(browser, server, INJECTED, "wrong")
    assert "Access Denied" in browser.find_element(By.CSS_SELECTOR, ".msg-error").text
    assert browser.find_element(By.NAME, "login").get_attribute("value") == INJECTED
    assert browser.execute_script("return window.kgInjected === undefined")
    shot(browser, "sign-in")


def test_non_administrator_is_refused(server, cli, browser):
    login, _, password = make_user(cli, "console-user")
    sign_in(browser, server, login, password)
    assert h1(browser) == "Access refused"
    assert browser.find_element(By.CSS_SELECTOR, ".msg-error").text == (
        '"%s" is not allowed to use the keygate console: only members of Administration / '
        "Settings (base.group_system) are." % login)
    # The session was ended: the next page asks to sign in again.
    browser.get(server.url + "/keygate/keys")
    assert browser.current_url == server.url + "/keygate/login"
    r = requests.post(server.url + "/keygate/login",
                      data={"db": DB, "login": login, "password": password},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 403


def test_sign_in_with_two_factor_code(server, cli, browser):
    login, uid, password = make_user(cli, "console-2fa", system=True)
    totp_secret = enable_totp(cli, login)
    sign_in(browser, server, login, password)
    assert browser.current_url == server.url + "/keygate/login/totp", error_text(browser)
    assert h1(browser) == "Two-factor authentication"
    shot(browser, "two-factor")
    browser.find_element(By.NAME, "totp_token").send_keys("000000")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.find_element(By.CSS_SELECTOR, ".msg-error").text == (
        "Verification failed, please double-check the 6-digit code")
    code = pyotp.TOTP(totp_secret).at(time.time() + 30)
    browser.find_element(By.NAME, "totp_token").send_keys(code)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.current_url == server.url + "/keygate/keys", error_text(browser)
    assert login in browser.find_element(By.CSS_SELECTOR, "header .who").text
    submit(browser, browser.find_element(By.CSS_SELECTOR, "form.signout button"))
    assert browser.current_url == server.url + "/keygate/login"


def test_key_created_used_rotated_and_revoked(server, cli, browser):
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    assert browser.current_url == server.url + "/keygate/keys", error_text(browser)
    browser.get(server.url + "/keygate/keys/new")
    Select(browser.find_element(By.NAME, "owner")).select_by_value(ADMIN_LOGIN)
    name = "console key <b>%d</b>" % time.monotonic_ns()
    browser.find_element(By.NAME, "name").send_keys(name)
    browser.find_element(By.NAME, "scope").send_keys("rpc:readonly")
    browser.find_element(By.NAME, "expires_days").send_keys("30")
    browser.find_element(By.NAME, "rate_limit").send_keys("50/s")
    shot(browser, "new-key-form")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    key = browser.find_element(By.ID, "new-key").text
    assert re.fullmatch(r"[0-9a-f]{40}", key), key
    SECRETS.add(key)
    notice = browser.find_element(By.CSS_SELECTOR, ".msg-notice").text
    key_id = int(re.match(r'Created API key (\d+) "', notice).group(1))
    assert notice.endswith("Copy it now: it is shown only once.")
    snippet = browser.find_element(By.ID, "snippet").text
    assert 'key = "%s"' % key in snippet and 'url = "%s"' % server.url in snippet
    shot(browser, "key-shown-once")

    # The snippet's calls work with the new key.
    common = server.common()
    uid = common.authenticate(DB, ADMIN_LOGIN, key, {})
    assert uid == 2
    assert server.object().execute_kw(DB, uid, key, "res.users", "read", [[uid], ["login"]]) == [
        {"id": 2, "login": ADMIN_LOGIN}]

    # The list shows it, with its name as text and its last use (written in the background).
    def listed_row():
        browser.get(server.url + "/keygate/keys?q=" + requests.utils.quote("console key"))
        row = browser.find_element(By.ID, "key-%d" % key_id)
        return row if "read res.users" in row.text else None

    row = wait_for(listed_row, timeout=30, what="the key's last use")
    assert name in row.text and "rpc:readonly" in row.text and "50/s" in row.text
    last_use = row.find_element(By.CSS_SELECTOR, "td[data-label='Last use'] .sub").text
    assert last_use == "127.0.0.1 · xmlrpc · read res.users · 2 calls"
    shot(browser, "keys")

    # Rotate with no grace: the successor is shown once, the old key stops at once.
    submit(browser, row.find_element(By.LINK_TEXT, "Rotate"))
    grace = browser.find_element(By.NAME, "grace")
    grace.clear()
    grace.send_keys("0")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    successor = browser.find_element(By.ID, "new-key").text
    SECRETS.add(successor)
    assert re.fullmatch(r"[0-9a-f]{40}", successor) and successor != key
    successor_id = int(re.search(r"its successor is key (\d+)",
                                 browser.find_element(By.CSS_SELECTOR, ".msg-notice").text).group(1))
    assert common.authenticate(DB, ADMIN_LOGIN, key, {}) is False
    assert common.authenticate(DB, ADMIN_LOGIN, successor, {}) == 2

    # Revoke the successor after the confirmation page.
    browser.get(server.url + "/keygate/keys")
    submit(browser, browser.find_element(By.ID, "key-%d" % successor_id).find_element(
        By.LINK_TEXT, "Revoke"))
    assert h1(browser) == "Revoke key"
    shot(browser, "revoke-confirmation")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button.danger"))
    assert browser.find_element(By.CSS_SELECTOR, ".msg-notice").text == (
        "Key %d revoked: it fails from the next call on." % successor_id)
    assert browser.find_elements(By.ID, "key-%d" % successor_id) == []
    with pytest.raises(xmlrpc.client.Fault) as fault:
        server.object().execute_kw(DB, 2, successor, "res.partner", "search_count", [[]])
    assert fault.value.faultString == "Access Denied"

    # The events page shows the console's changes (who did what) and the refused call.
    browser.get(server.url + "/keygate/events")

    def rows():
        browser.refresh()
        return [[td.text for td in tr.find_elements(By.TAG_NAME, "td")]
                for tr in browser.find_elements(By.CSS_SELECTOR, "#events tbody tr")]

    def refused_call():
        return [r for r in rows() if r[7] == "key_revoked"]

    refused = wait_for(refused_call, what="the revoked key's failure event")[0]
    assert (refused[1], refused[3], refused[6]) == ("xmlrpc", str(successor_id), "failed")
    changes = [(r[1], r[2], r[3], r[6], r[7]) for r in rows() if r[1] == "console"]
    for action, which in (("console_key_created", key_id), ("console_key_rotated", key_id),
                          ("console_key_revoked", successor_id)):
        assert ("console", ADMIN_LOGIN, str(which), "success", action) in changes
    shot(browser, "events")
    # With no grace the rotated key was retired at once: neither key is listed any more.
    browser.get(server.url + "/keygate/keys")
    assert browser.find_elements(By.ID, "key-%d" % key_id) == []
    assert browser.find_elements(By.ID, "key-%d" % successor_id) == []


def test_client_text_in_events_is_shown_as_text_and_tail_is_live(server, browser):
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    browser.get(server.url + "/keygate/events")
    assert browser.find_element(By.ID, "live").is_selected()
    # A failed login with a hostile login and User-Agent, after the page was loaded: the live tail
    # adds it without a reload.
    transport = xmlrpc.client.Transport()
    transport.user_agent = INJECTED_UA
    proxy = xmlrpc.client.ServerProxy(server.url + "/xmlrpc/2/common", transport=transport)
    assert proxy.authenticate(DB, INJECTED_LOGIN, "wrong password", {}) is False

    def injected_row():
        for row in browser.find_elements(By.CSS_SELECTOR, "#events tbody tr"):
            if INJECTED_LOGIN in row.text:
                return row
        return None

    row = wait_for(injected_row, what="the live tail to show the event")
    assert row.find_element(By.CSS_SELECTOR, "td[data-label=Login]").text == INJECTED_LOGIN
    assert row.find_element(By.CSS_SELECTOR, "td[data-label='User agent']").text == INJECTED_UA
    assert row.find_element(By.CSS_SELECTOR, "td[data-label=Reason]").text == "unknown_login"
    assert "new" in row.get_attribute("class").split()  # added by the live tail
    # And the server-rendered page shows the same as text.
    browser.get(server.url + "/keygate/events?login=" + requests.utils.quote(INJECTED_LOGIN))
    row = injected_row()
    assert row.find_element(By.CSS_SELECTOR, "td[data-label='User agent']").text == INJECTED_UA
    assert "new" not in row.get_attribute("class").split()
    assert browser.execute_script("return window.kgInjected === undefined")


def test_csrf_attempts_are_refused(server, cli):
    key = cli.new_key(ADMIN_LOGIN, name="csrf target")
    s, token = http_sign_in(server, ADMIN_LOGIN, ADMIN_PASSWORD)
    url = server.url + "/keygate/keys/revoke"
    refused = ("This form has expired or did not come from this console (CSRF token missing or "
               "wrong). Reload the page and try again.")
    for data in ({"id": key.id}, {"id": key.id, "csrf_token": "0" * 64}):
        r = s.post(url, data=data, allow_redirects=False, timeout=30)
        assert r.status_code == 403 and refused in r.text
    r = s.post(url, data={"id": key.id, "csrf_token": token},
               headers={"Origin": "http://evil.example"}, allow_redirects=False, timeout=30)
    assert r.status_code == 403
    assert "Origin check failed" in r.text
    # Another session's token does not work either.
    _, other_token = http_sign_in(server, ADMIN_LOGIN, ADMIN_PASSWORD)
    assert other_token != token
    r = s.post(url, data={"id": key.id, "csrf_token": other_token}, allow_redirects=False,
               timeout=30)
    assert r.status_code == 403
    assert server.common().authenticate(DB, ADMIN_LOGIN, key.key, {}) == 2
    # The right token from the same origin does it.
    r = s.post(url, data={"id": key.id, "csrf_token": token},
               headers={"Origin": server.url}, allow_redirects=False, timeout=30)
    assert (r.status_code, r.headers["location"]) == (
        303, "/keygate/keys?done=revoked&id=%d" % key.id)
    assert server.common().authenticate(DB, ADMIN_LOGIN, key.key, {}) is False
    # Without a session a POST is refused too.
    r = requests.post(server.url + "/keygate/keys/new", data={"csrf_token": token},
                      allow_redirects=False, timeout=30)
    assert r.status_code == 403


def test_pages_fit_a_phone_screen(server, cli, browser):
    old = cli.new_key(ADMIN_LOGIN, name="Nightly export", scope="rpc:readonly", expires_days=90)
    rotated = cli.run("key", "rotate", "--db", DB, old.id, "--grace", "1h")
    SECRETS.add(rotated.stdout.strip())
    successor = int(re.search(r"its successor is key (\d+)", rotated.stderr).group(1))
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    # Rotation links lead from one key's row to the other's.
    browser.get(server.url + "/keygate/keys")
    link = browser.find_element(By.ID, "key-%d" % old.id).find_element(
        By.CSS_SELECTOR, "td[data-label=Rotation] a")
    assert (link.text, link.get_attribute("href")) == (
        "#%d" % successor, server.url + "/keygate/keys#key-%d" % successor)
    back = browser.find_element(By.ID, "key-%d" % successor).find_element(
        By.CSS_SELECTOR, "td[data-label=Rotation]")
    assert back.text == "from #%d" % old.id
    try:
        browser.set_window_size(375, 800)
        for path in ("/keygate/overview", "/keygate/keys", "/keygate/keys/new", "/keygate/users",
                     "/keygate/events", "/keygate/alerts", "/keygate/audit", "/keygate/doctor"):
            browser.get(server.url + path)
            width = browser.execute_script("return document.documentElement.scrollWidth")
            body = browser.execute_script("return document.body.scrollWidth")
            inner = browser.execute_script("return window.innerWidth")
            assert width <= inner and body <= inner, (path, width, body, inner)
        # The chart scales to the screen and its text stays readable (at least 9 CSS pixels).
        browser.get(server.url + "/keygate/overview")
        chart = browser.find_element(By.ID, "chart-24h")
        assert chart.size["width"] <= 375
        label = chart.find_element(By.CSS_SELECTOR, "text")
        assert label.rect["height"] >= 9, label.rect
        shot(browser, "overview-375", 375, 800)
        browser.get(server.url + "/keygate/keys")
        shot(browser, "keys-375", 375, 800)
    finally:
        browser.set_window_size(1280, 800)


def test_on_the_admin_listener_only_when_admin_http_port_is_set(data_dir, demo_db):
    srv = Server(data_dir, "--admin-http-port", "0").start()
    try:
        m = wait_for_line(srv, r"keygate admin on http://127\.0\.0\.1:(\d+) \(/metrics, /healthz, "
                               r"console /keygate\)")
        admin = "http://127.0.0.1:%d" % int(m.group(1))
        # Not on the public port: the router's 404 page, no console.
        r = requests.get(srv.url + "/keygate/login", timeout=30)
        assert r.status_code == 404 and "keygate_console" not in r.text
        assert "content-security-policy" not in r.headers
        # On the admin listener, with the snippet pointing at the public port.
        r = requests.get(admin + "/keygate/login", timeout=30)
        assert r.status_code == 200 and r.headers["x-frame-options"] == "DENY"
        s = requests.Session()
        r = s.post(admin + "/keygate/login",
                   data={"db": DB, "login": ADMIN_LOGIN, "password": ADMIN_PASSWORD},
                   allow_redirects=False, timeout=30)
        assert (r.status_code, r.headers["location"]) == (303, "/keygate/keys")
        page = s.get(admin + "/keygate/keys/new", timeout=30).text
        token = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page).group(1)
        r = s.post(admin + "/keygate/keys/new",
                   data={"csrf_token": token, "owner": ADMIN_LOGIN, "name": "from the admin port",
                         "scope": "", "expires_days": "1", "allowed_networks": "127.0.0.1",
                         "rate_limit": ""}, timeout=30)
        assert r.status_code == 200
        key = re.search(r'<code id="new-key">([0-9a-f]{40})</code>', r.text).group(1)
        SECRETS.add(key)
        assert 'url = &quot;http://127.0.0.1:%d&quot;' % srv.port in r.text
        assert srv.common().authenticate(DB, ADMIN_LOGIN, key, {}) == 2
    finally:
        srv.stop()


def test_form_errors_use_the_cli_rules(server, cli):
    """The console refuses what `keygate key new` refuses, with the same words (its field named)."""
    login, _, _ = make_user(cli, "console-owner")
    s, token = http_sign_in(server, ADMIN_LOGIN, ADMIN_PASSWORD)

    def create(**fields):
        data = {"csrf_token": token, "owner": login, "name": "k", "scope": "",
                "expires_days": "", "allowed_networks": "", "rate_limit": ""}
        data.update(fields)
        r = s.post(server.url + "/keygate/keys/new", data=data, timeout=30)
        m = re.search(r'<p class="msg msg-error" role="alert">(.*?)</p>', r.text)
        return r.status_code, m.group(1) if m else None

    rule = " (the longest api_key_duration of the user&#39;s groups, Odoo 18&#39;s rule)"
    assert create() == (400, "&quot;%s&quot; is not an administrator, so the key must expire: "
                             "add &quot;Expires in (days)&quot; N with N at most 90" % login + rule)
    assert create(expires_days="91") == (
        400, "&quot;Expires in (days)&quot; 91 is over the maximum of 90 days for &quot;%s&quot;"
             % login + rule)
    assert create(expires_days="0")[1].startswith(
        "&quot;Expires in (days)&quot; must be more than 0")
    assert create(expires_days="1", scope="rpc:sale.ordr:read")[1] == (
        cli.run("key", "new", "--db", DB, login, "--name", "k", "--scope", "rpc:sale.ordr:read",
                "--expires-days", "1", check=False).stderr.strip()
        .replace("keygate: error: ", "").replace(" (--force creates it anyway)", "")
        .replace("'", "&#39;").replace('"', "&quot;"))
    assert create(expires_days="1", allowed_networks="not-a-network")[0] == 400


def test_alert_of_a_scripted_brute_force_is_shown(server, cli, browser):
    login, _, _ = make_user(cli, "console-victim")
    common = server.common()
    for i in range(10):  # detect_bruteforce_failures, within the window
        assert common.authenticate(DB, login, "guess %d" % i, {}) is False
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    subject = "%s from 127.0.0.1" % login

    def alert_row():
        browser.get(server.url + "/keygate/alerts")
        for row in browser.find_elements(By.CSS_SELECTOR, "#alerts tbody tr"):
            if row.find_element(By.CSS_SELECTOR, "td[data-label=Subject]").text == subject:
                return row
        return None

    row = wait_for(alert_row, timeout=30, what="the brute_force alert")
    assert row.find_element(By.CSS_SELECTOR, "td[data-label=Kind]").text == "brute_force"
    assert row.find_element(By.CSS_SELECTOR, "td[data-label=Severity]").text == "warning"
    assert row.find_element(By.CSS_SELECTOR, "td[data-label='What to do']").text != ""
    shot(browser, "alerts")
    browser.get(server.url + "/keygate/alerts?since=yesterday")
    assert error_text(browser).startswith("--since: expected a duration")


def test_audit_shows_the_findings_of_keygate_audit(server, cli, browser):
    key = cli.new_key(ADMIN_LOGIN, name="audit <i>target</i>")  # global, no expiry
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    browser.get(server.url + "/keygate/audit")
    report = json.loads(cli.run("audit", "--db", DB, "--json").stdout)
    shown = set()
    for severity in ("critical", "warning", "info"):
        heading = browser.find_element(By.ID, severity).text
        expected = [f for f in report["findings"] if f["severity"] == severity]
        assert heading == "%s (%d)" % (severity, len(expected))
        for tr in browser.find_elements(By.CSS_SELECTOR, "#findings-%s tbody tr" % severity):
            cells = [td.text for td in tr.find_elements(By.TAG_NAME, "td")]
            shown.add((severity, cells[0], cells[1], cells[4]))
    assert shown == {(f["severity"], f["check"], str(f["key_id"]) if f["key_id"] else "-",
                      f["recommendation"]) for f in report["findings"]}
    # A global key of an administrator without expiry is the worst case the audit knows.
    assert ("critical", "administrator_key", str(key.id)) in {s[:3] for s in shown}
    shot(browser, "audit")
    browser.get(server.url + "/keygate/audit?unused_days=0")
    assert error_text(browser) == ("--unused-days: expected a number of days from 1 to 36500, "
                                   "got '0'")


def events_json(cli, **filters):
    args = ["events", "--db", DB, "--json", "--limit", "1000000"]
    for name, value in filters.items():
        args += ["--" + name, value]
    return json.loads(cli.run(*args).stdout)


def user_show(cli, login):
    return json.loads(cli.run("user", "show", "--db", DB, login, "--json").stdout)


def user_row(driver, server, uid, query=""):
    driver.get(server.url + "/keygate/users" + query)
    return driver.find_element(By.ID, "user-%d" % uid)


def test_users_groups_granted_revoked_and_archived_as_the_cli_does(server, cli, browser):
    login, uid, password = make_user(cli, "console-member")
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    q = "?q=" + requests.utils.quote(login)
    row = user_row(browser, server, uid, q)
    shown = user_show(cli, login)

    def cells(row):
        return {td.get_attribute("data-label"): td for td in row.find_elements(By.TAG_NAME, "td")}

    c = cells(row)
    assert c["2FA"].text == "off" and c["State"].text == "active"
    assert sorted(e.text for e in c["Groups"].find_elements(By.CSS_SELECTOR, ".group")) == sorted(
        shown["groups"])

    # Grant Administration / Settings with the form: the service's sentence, as the CLI prints it.
    Select(browser.find_element(By.CSS_SELECTOR, "#grant select[name=login]")).select_by_visible_text(
        login)
    Select(browser.find_element(By.CSS_SELECTOR, "#grant select[name=group]")).select_by_value(
        "base.group_system")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "#grant button"))
    assert browser.find_element(By.CSS_SELECTOR, ".msg-notice").text == (
        'Granted "Administration / Settings" to "%s"; it applies from the next call.' % login)
    shown = user_show(cli, login)
    assert "Administration / Settings" in shown["groups"]
    assert "Administration / Access Rights" in shown["effective_groups"]
    c = cells(user_row(browser, server, uid, q))
    assert "Administration / Settings" in [
        e.text for e in c["Groups"].find_elements(By.CSS_SELECTOR, ".group")]
    implied = c["Through implications"].text.split("\n")
    assert sorted(implied) == sorted(set(shown["effective_groups"]) - set(shown["groups"]))
    assert "Administration / Access Rights" in implied
    shot(browser, "users")
    # The CLI says the same of a second grant.
    again = cli.run("group", "grant", "--db", DB, login, "base.group_system")
    assert again.stderr.strip() == '"%s" is already in "Administration / Settings"' % login

    # An implied group cannot be revoked: the same error from both front ends.
    s, token = http_sign_in(server, ADMIN_LOGIN, ADMIN_PASSWORD)
    r = s.post(server.url + "/keygate/users/revoke",
               data={"csrf_token": token, "login": login, "group": "base.group_erp_manager"},
               timeout=30)
    m = re.search(r'<p class="msg msg-error" role="alert">(.*?)</p>', r.text)
    expected = ('"%s" is not directly in "Administration / Access Rights"; it has it through '
                '"Administration / Settings"; revoke that group instead' % login)
    assert (r.status_code, m.group(1)) == (
        422, expected.replace('"', "&quot;"))
    refused = cli.run("group", "revoke", "--db", DB, login, "base.group_erp_manager", check=False)
    assert refused.returncode != 0
    assert refused.stderr.strip() == "keygate: error: " + expected

    # Revoke with the group's button; the user is no administrator any more.
    row = user_row(browser, server, uid, q)
    submit(browser, row.find_element(
        By.CSS_SELECTOR, "button[title='Revoke Administration / Settings from %s']" % login))
    assert browser.find_element(By.CSS_SELECTOR, ".msg-notice").text == (
        'Revoked "Administration / Settings" from "%s"; it applies from the next call.' % login)
    assert "Administration / Settings" not in user_show(cli, login)["groups"]

    # Archive: the password stops working at once; unarchive: it works again.
    common = server.common()
    assert common.authenticate(DB, login, password, {}) == uid
    submit(browser, user_row(browser, server, uid, q).find_element(
        By.CSS_SELECTOR, "td[data-label=Actions] button"))
    assert browser.find_element(By.CSS_SELECTOR, ".msg-notice").text == (
        'Archived user "%s"; its password and API keys stop working at once' % login)
    c = cells(browser.find_element(By.ID, "user-%d" % uid))
    assert c["State"].text == "archived"
    assert common.authenticate(DB, login, password, {}) is False
    assert user_show(cli, login)["active"] is False
    submit(browser, browser.find_element(By.ID, "user-%d" % uid).find_element(
        By.CSS_SELECTOR, "td[data-label=Actions] button"))
    assert browser.find_element(By.CSS_SELECTOR, ".msg-notice").text == (
        'Unarchived user "%s"' % login)
    assert common.authenticate(DB, login, password, {}) == uid

    # Each change is an event of its own: who (the administrator) did what to whom.
    def changes():
        return [(e["channel"], e["login"], e["outcome"], e["reason"])
                for e in events_json(cli, login=ADMIN_LOGIN) if login in e["reason"]]

    wait_for(lambda: len(changes()) == 4, what="four console events")
    assert sorted(changes()) == sorted([
        ("console", ADMIN_LOGIN, "success", "console_group_granted:%s:base.group_system" % login),
        ("console", ADMIN_LOGIN, "success", "console_group_revoked:%s:base.group_system" % login),
        ("console", ADMIN_LOGIN, "success", "console_user_archived:%s" % login),
        ("console", ADMIN_LOGIN, "success", "console_user_unarchived:%s" % login)])


def test_the_live_tail_updates_a_row_of_successes_as_it_takes_calls(server, cli, browser):
    login, uid, password = make_user(cli, "console-tail")
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    # Both logins within one UTC minute, so that they are one row of the event log.
    if time.gmtime().tm_sec > 40:
        time.sleep(61 - time.gmtime().tm_sec)
    browser.get(server.url + "/keygate/events")
    common = server.common()
    assert common.authenticate(DB, login, password, {}) == uid

    def rows_of_login():
        try:
            return [(r.get_attribute("data-id"),
                     r.find_element(By.CSS_SELECTOR, "td[data-label=Reason]").text)
                    for r in browser.find_elements(By.CSS_SELECTOR, "#events tbody tr")
                    if login in r.text]
        except StaleElementReferenceException:  # replaced by the tail while being read
            return []

    first = wait_for(rows_of_login, what="the live tail to show the login")
    assert [reason for _, reason in first] == ["ok"]
    assert common.authenticate(DB, login, password, {}) == uid
    updated = wait_for(lambda: [r for r in rows_of_login() if r[1] != "ok"],
                       what="the live tail to update the row")
    # The same row, now counting both calls; no second row.
    assert rows_of_login() == updated
    assert updated[0][0] == first[0][0]
    assert re.fullmatch(r"ok \(2 calls until \d\d:\d\d:\d\d\.\d{3}\)", updated[0][1]), updated


def test_overview_counts_what_the_event_log_holds(server, cli, browser):
    login, uid, password = make_user(cli, "console-overview")
    common = server.common()
    for i in range(3):
        assert common.authenticate(DB, login, "wrong %d" % i, {}) is False
    for _ in range(2):
        assert common.authenticate(DB, login, password, {}) == uid
    # Five attempts; the successes of one minute are one row with their count.
    wait_for(lambda: sum(e["calls"] for e in events_json(cli, login=login)) == 5,
             what="the five events written")
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    # The sign-in's own event is written within event_flush_ms: let it land first.
    signed_in = len(events_json(cli, login=ADMIN_LOGIN))
    time.sleep(1)
    assert len(events_json(cli, login=ADMIN_LOGIN)) >= signed_in
    browser.get(server.url + "/keygate/overview")
    # What the event log holds (nothing else authenticates meanwhile). Every event of this session
    # is minutes old, so the page's windows (from the hour, or day, that began 23 hours, or 29
    # days, before the current one) and the CLI's --since hold the same events.
    for period, since in (("24h", "24h"), ("30d", "30d")):
        events = [e for e in events_json(cli, since=since)
                  if not e["reason"].startswith("console_")]
        section = browser.find_element(By.ID, "period-" + period)
        by_reason = {}
        for e in events:
            key = "success" if e["outcome"] == "success" else e["reason"]
            by_reason[key] = by_reason.get(key, 0) + e["calls"]
        successes = sum(e["calls"] for e in events if e["outcome"] == "success")
        failures = sum(e["calls"] for e in events if e["outcome"] != "success")
        assert section.find_element(By.ID, "successes-" + period).text == (
            "%d successful" % successes)
        assert section.find_element(By.ID, "failures-" + period).text == (
            "%d failed" % failures)
        legend = {tr.find_elements(By.TAG_NAME, "td")[0].text.strip():
                  int(tr.find_elements(By.TAG_NAME, "td")[1].text)
                  for tr in section.find_elements(By.CSS_SELECTOR, "#legend-%s tbody tr" % period)}
        assert legend == by_reason
        # The bars add up to the legend, series by series.
        bars = {}
        for rect in section.find_elements(By.CSS_SELECTOR, "svg#chart-%s rect.bar" % period):
            name = rect.get_attribute("data-series")
            bars[name] = bars.get(name, 0) + int(rect.get_attribute("data-count"))
        assert bars == legend
        assert legend["wrong_password"] >= 3 and legend["success"] >= 2
        # Top failing logins: the event log's counts, most first.
        failing = {}
        for e in events:
            if e["outcome"] == "failure" and e["login"]:
                failing[e["login"]] = failing.get(e["login"], 0) + 1
        top = [(tr.find_elements(By.TAG_NAME, "td")[0].text,
                int(tr.find_elements(By.TAG_NAME, "td")[1].text))
               for tr in section.find_elements(By.CSS_SELECTOR, "#top-logins-%s tbody tr" % period)]
        assert top == sorted(failing.items(), key=lambda kv: (-kv[1], kv[0]))[:10]
        assert failing[login] == 3
    assert browser.execute_script("return window.kgInjected === undefined")
    shot(browser, "overview")


def test_overview_shows_exact_counts_of_a_fresh_database(data_dir, cli):
    """A database of its own: its overview's counts are exactly this test's attempts."""
    db = "overview_%d" % (time.monotonic_ns() % 10**9)
    cli.run("db", "create", db)
    login = unique_login("ov")
    uid = cli.add_user(login, password=secret("overview pass"), db=db)
    cli.run("group", "grant", "--db", db, login, "base.group_system")
    srv = Server(data_dir).start()
    try:
        common = srv.common()
        for i in range(4):
            assert common.authenticate(db, login, "bad %d" % i, {}) is False
        assert common.authenticate(db, "nobody-" + login, "x", {}) is False
        assert common.authenticate(db, login, secret("overview pass"), {}) == uid
        s = requests.Session()
        r = s.post(srv.url + "/keygate/login",
                   data={"db": db, "login": login, "password": secret("overview pass")},
                   allow_redirects=False, timeout=30)
        assert r.status_code == 303, r.text

        def page():
            text = s.get(srv.url + "/keygate/overview", timeout=30).text
            return text if 'id="successes-24h">2 successful' in text else None

        text = wait_for(page, what="the events written")
        assert 'id="failures-24h">5 failed' in text
        for period in ("24h", "30d"):
            legend = re.search(r'<table class="legend" id="legend-%s">.*?</table>' % period,
                               text).group(0)
            rows = re.findall(r'</svg> ([a-z_]+)</td><td data-label="Count">(\d+)</td>', legend)
            # Successes first (the call and the console's sign-in), then the failure reasons.
            assert rows[0] == ("success", "2")
            assert sorted(rows[1:]) == [("unknown_login", "1"), ("wrong_password", "4")]
            tops = re.search(r'id="top-logins-%s">.*?</table>' % period, text).group(0)
            assert re.findall(r'data-label="Login">([^<]*)</td><td data-label="Failures">(\d+)',
                              tops) == [(login, "4"), ("nobody-" + login, "1")]
            addresses = re.search(r'id="top-addresses-%s">.*?</table>' % period, text).group(0)
            assert re.findall(r'data-label="Address">([^<]*)</td><td data-label="Failures">(\d+)',
                              addresses) == [("127.0.0.1", "5")]
    finally:
        srv.stop()


def test_doctor_runs_from_the_page_and_never_shows_the_secret(server, cli, browser):
    key = cli.new_key(ADMIN_LOGIN, name="doctor target")
    sign_in(browser, server, ADMIN_LOGIN, ADMIN_PASSWORD)
    browser.get(server.url + "/keygate/doctor")
    options = [o.text for o in browser.find_elements(By.CSS_SELECTOR, "select[name=target] option")]
    assert options == ["%s (this server)" % server.url]
    assert browser.find_element(By.NAME, "secret").get_attribute("type") == "password"
    assert browser.find_element(By.NAME, "login").get_attribute("value") == ADMIN_LOGIN
    browser.find_element(By.NAME, "secret").send_keys(key.key)
    browser.find_element(By.NAME, "model").send_keys("res.partner")
    shot(browser, "doctor-form")
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert browser.find_element(By.CSS_SELECTOR, ".msg-notice").text == (
        "No step failed against %s." % server.url)
    steps = {tr.find_element(By.CSS_SELECTOR, "td[data-label=Step]").text:
             tr.find_element(By.CSS_SELECTOR, "td[data-label=Result]").text
             for tr in browser.find_elements(By.CSS_SELECTOR, "#report tbody tr")}
    # The same steps as `keygate doctor --json` gives for the same request with the server's data
    # directory (the local steps read the tables).
    report = json.loads(cli.run("doctor", "--url", server.url, "--db", DB, "--login",
                                ADMIN_LOGIN, "--key-stdin", "--model", "res.partner", "--json",
                                input_text=key.key + "\n").stdout)
    assert {name: result.split()[-1] for name, result in steps.items()} == {
        s["name"]: s["status"] for s in report}
    assert steps["secret format"].endswith("pass")
    page = browser.page_source
    assert key.key not in page and key.key[:4] + "..." not in page
    assert "(40 characters)" in page
    assert browser.find_element(By.NAME, "secret").get_attribute("value") == ""
    shot(browser, "doctor")

    # A wrong secret: the failure is explained.
    wrong = secret("Not-the-doctor-key-1")  # test_zz_secrets_not_logged looks for it in the logs
    browser.find_element(By.NAME, "secret").send_keys(wrong)
    submit(browser, browser.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    assert re.fullmatch(r"\d+ step\(s\) failed against %s\." % re.escape(server.url),
                        error_text(browser))
    assert wrong not in browser.page_source

    # No other address: the form names a server by its place in the list, nothing else.
    s, token = http_sign_in(server, ADMIN_LOGIN, ADMIN_PASSWORD)
    for target in ("1", "http://169.254.169.254", "-1", ""):
        r = s.post(server.url + "/keygate/doctor",
                   data={"csrf_token": token, "target": target, "db": DB, "login": ADMIN_LOGIN,
                         "secret": key.key}, timeout=30)
        assert r.status_code == 400
        assert ("Choose one of the servers listed: the doctor checks only this server and those "
                "console_doctor_urls lists.") in r.text
    # The run is an event of the administrator's, naming the server and nothing of the secret.
    runs = wait_for(lambda: [e for e in events_json(cli, login=ADMIN_LOGIN)
                             if e["reason"].startswith("console_doctor_run")],
                    what="the doctor's event")
    assert runs[0]["reason"] == "console_doctor_run:" + server.url
    assert key.key[:8] not in json.dumps(runs)


def test_doctor_offers_the_servers_console_doctor_urls_lists(data_dir, demo_db):
    srv = Server(data_dir, "--console-doctor-urls", "https://erp.example.com/, "
                 "http://10.9.8.7:8069").start()
    try:
        s, _ = http_sign_in(srv, ADMIN_LOGIN, ADMIN_PASSWORD)
        page = s.get(srv.url + "/keygate/doctor", timeout=30).text
        assert re.findall(r'<option value="(\d)"[^>]*>([^<]*)</option>', page)[:3] == [
            ("0", "%s (this server)" % srv.url), ("1", "https://erp.example.com"),
            ("2", "http://10.9.8.7:8069")]
    finally:
        srv.stop()
