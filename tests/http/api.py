#!/usr/bin/env python3
"""lanleased's JSON API and /metrics, endpoint by endpoint, with bad input.

usage: api.py BASE_URL TOKEN DIGEST_USER DIGEST_PASSWORD

Expects a running lanleased (tests/netns/server_http.sh sets it up) that
has leased 10.77.0.51 to 02:aa:00:00:00:01 and suspended 02:bb:00:00:00:09.
Every check prints ok/FAIL; the exit status is the number of failures."""
import json
import subprocess
import sys
import urllib.error
import urllib.request

from prometheus_client.parser import text_string_to_metric_families

BASE, TOKEN, USER, PASSWORD = sys.argv[1:5]
FAILS = 0


def check(name, cond, detail=""):
    global FAILS
    print(("ok   " if cond else "FAIL ") + name + ("" if cond else f": {detail}"))
    FAILS += not cond


def call(path, method="GET", body=None, token=TOKEN, raw=False, digest=None):
    """(status, parsed JSON or text, headers)"""
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(BASE + path, data=data, method=method)
    if token:
        req.add_header("Authorization", "Bearer " + token)
    if data is not None:
        req.add_header("Content-Type", "application/json")
    opener = urllib.request.build_opener()
    if digest:  # curl's digest (urllib's insists on an upper-case "MD5")
        out = subprocess.run(["curl", "-s", "--digest", "-u", ":".join(digest), "-X", method,
                              "-w", "\n%{http_code}", BASE + path],
                             capture_output=True, text=True, check=False).stdout
        text, _, code = out.rpartition("\n")
        return int(code), (json.loads(text) if text.startswith("{") else {"not-json": text}), {}
    try:
        with opener.open(req, timeout=10) as r:
            status, text, hdr = r.status, r.read().decode(), r.headers
    except urllib.error.HTTPError as e:
        status, text, hdr = e.code, e.read().decode(), e.headers
    if raw:
        return status, text, hdr
    try:
        return status, json.loads(text), hdr
    except ValueError:
        return status, {"not-json": text}, hdr


def err4xx(name, want, path, **kw):
    s, d, _ = call(path, **kw)
    check(f"{name}: {want}", s == want and isinstance(d.get("error"), str) and d["error"],
          f"{s} {d}")
    return d


# --- public: status, statistics, metrics ---------------------------------------
s, d, h = call("/api/v1/status", token=None)
check("status is public", s == 200 and d["database"]["up"] is True and d["version"], d)
check("status: JSON content type", h["Content-Type"] == "application/json", h["Content-Type"])
s, st, _ = call("/api/v1/statistics", token=None)
kea = ["pkt4-received", "pkt4-discover-received", "pkt4-request-received",
       "pkt4-offer-sent", "pkt4-ack-sent", "pkt4-nak-sent", "pkt4-parse-failed",
       "pkt4-receive-drop", "pkt4-release-received", "pkt4-decline-received",
       "pkt4-inform-received", "pkt4-sent"]
check("statistics: Kea's names", s == 200 and all(k in st for k in kea), st)
check("statistics: an ACK counted", st.get("pkt4-ack-sent", 0) >= 1, st)
check("statistics: the suspended client", st.get("suspended-clients") == 1, st)
s, text, h = call("/metrics", token=None, raw=True)
check("/metrics: Prometheus text content type",
      s == 200 and h["Content-Type"].startswith("text/plain; version=0.0.4"), h["Content-Type"])
fams = {f.name: f for f in text_string_to_metric_families(text)}
check("/metrics parses (prometheus_client) with pkt4 counters",
      "pkt4_received" in fams and fams["pkt4_received"].type == "counter", list(fams)[:8])
acks = [x.value for x in fams["pkt4_ack_sent"].samples if x.name == "pkt4_ack_sent_total"]
check("/metrics: pkt4_ack_sent_total matches the API", acks and acks[0] >= st["pkt4-ack-sent"], acks)
check("/metrics: database_up 1", fams["database_up"].samples[0].value == 1)
err4xx("POST /metrics", 405, "/metrics", method="POST", body="")

# --- authentication ----------------------------------------------------------
s, d, h = call("/api/v1/leases", token=None)
check("leases without a login: 401 with a digest challenge",
      s == 401 and "Digest" in h.get("WWW-Authenticate", ""), (s, dict(h)))
err4xx("a wrong token", 401, "/api/v1/leases", token="x" * 24)
s, d, _ = call("/api/v1/leases", token=None, digest=(USER, PASSWORD))
check("a digest login reads leases", s == 200 and d["items"], (s, d))
s, d, _ = call("/api/v1/leases", token=None, digest=(USER, "wrong-password"))
check("a wrong digest password: 401", s == 401, s)
for path, m in [("/api/v1/history", "GET"), ("/api/v1/reload", "POST"),
                ("/api/v1/suspended", "GET"), ("/api/v1/trace?mac=02:00:00:00:00:01", "GET"),
                ("/api/v1/suspended/02:bb:00:00:00:09", "DELETE"), ("/lab/secret", "GET")]:
    s, d, _ = call(path, method=m, token=None, body="" if m == "POST" else None)
    check(f"{m} {path} without a login: 401", s == 401, s)

# --- leases -------------------------------------------------------------------
s, d, _ = call("/api/v1/leases")
check("leases: a page", s == 200 and d["offset"] == 0 and d["limit"] == 100, d)
row = [x for x in d["items"] if x["ip"] == "10.77.0.51"]
check("leases: the client's lease", row and row[0]["mac"] == "02:aa:00:00:00:01" and
      row[0]["state"] == "bound" and row[0]["expires_in"] > 0, d)
for q in ["mac=02:AA:00:00:00:01", "mac=02aa00000001", "ip=10.77.0.51"]:
    s, d, _ = call("/api/v1/leases?" + q)
    check(f"leases?{q}", s == 200 and len(d["items"]) == 1 and d["items"][0]["ip"] == "10.77.0.51", d)
s, d, _ = call("/api/v1/leases/02:aa:00:00:00:01")
check("leases/MAC", s == 200 and d["items"][0]["ip"] == "10.77.0.51", d)
s, d, _ = call("/api/v1/leases/10.77.0.51")
check("leases/IP", s == 200 and d["items"][0]["mac"] == "02:aa:00:00:00:01", d)
s, d, _ = call("/api/v1/leases?limit=1&offset=1")
check("leases: paging", s == 200 and d["limit"] == 1 and d["offset"] == 1 and len(d["items"]) <= 1, d)
err4xx("an unknown MAC", 404, "/api/v1/leases/02:00:00:00:00:99")
err4xx("a malformed MAC", 400, "/api/v1/leases?mac=zz:zz")
err4xx("leases/garbage", 400, "/api/v1/leases/not-an-address")
err4xx("a malformed IP", 400, "/api/v1/leases?ip=10.77.0.999")
err4xx("a huge limit", 400, "/api/v1/leases?limit=99999999999999999999")
err4xx("limit over 1000", 400, "/api/v1/leases?limit=1001")
err4xx("a negative offset", 400, "/api/v1/leases?offset=-1")
err4xx("a huge offset", 400, "/api/v1/leases?offset=1e30")
err4xx("POST leases", 405, "/api/v1/leases", method="POST", body="{}")

# --- history ------------------------------------------------------------------
s, d, _ = call("/api/v1/history?mac=02:aa:00:00:00:01")
check("history by MAC", s == 200 and any(x["method"] == "REQUEST:SELECTING" and
      x["ip"] == "10.77.0.51" for x in d["items"]), d)
t = d["items"][0]["time"] if d.get("items") else 0
s, d2, _ = call(f"/api/v1/history?ip=10.77.0.51&since={t}&until={t + 1}")
check("history by IP and time", s == 200 and d2["items"], d2)
s, d2, _ = call(f"/api/v1/history?ip=10.77.0.51&since={t + 100}")
check("history: since excludes older rows", s == 200 and d2["items"] == [], d2)
err4xx("history: a malformed since", 400, "/api/v1/history?since=yesterday")

# --- suspended ----------------------------------------------------------------
s, d, _ = call("/api/v1/suspended")
check("suspended: the unknown client", s == 200 and d["count"] == 1 and
      d["items"][0]["mac"] == "02:bb:00:00:00:09" and d["items"][0]["remaining"] > 500, d)
err4xx("unsuspend: malformed JSON", 400, "/api/v1/suspended", method="POST", body="{\"mac\": ")
err4xx("unsuspend: not an object", 400, "/api/v1/suspended", method="POST", body="[1,2]")
err4xx("unsuspend: no mac", 400, "/api/v1/suspended", method="POST", body="{}")
err4xx("unsuspend: a MAC not suspended", 404, "/api/v1/suspended/02:00:00:00:00:01", method="DELETE")
s, d, _ = call("/api/v1/suspended", method="POST", body=json.dumps({"mac": "02:BB:00:00:00:09"}))
check("unsuspend by POST", s == 200 and d["lifted"] is True, d)
s, d, _ = call("/api/v1/suspended")
check("suspended: none left", d["count"] == 0, d)

# --- trace ---------------------------------------------------------------------
s, d, _ = call("/api/v1/trace?mac=02:aa:00:00:00:01")
check("trace (GET) of a known client", s == 200 and d["matched_step"] == 1 and
      d["definition"]["ip"] == "10.77.0.51" and d["decision"]["reply"] == "OFFER", d)
check("trace: the mac step's bound parameter",
      d.get("steps", [{}])[0].get("parameters") == {"chaddr": "02:aa:00:00:00:01"}, d.get("steps"))
s, d, _ = call("/api/v1/trace", method="POST", body=json.dumps(
    {"mac": "02:aa:00:00:00:01", "message": "REQUEST", "requested": "10.77.0.51",
     "server_id": "10.77.0.1"}))
check("trace (POST) of a REQUEST: ACK", s == 200 and d["method"] == "REQUEST:SELECTING" and
      d["decision"]["reply"] == "ACK", d)
s, d, _ = call("/api/v1/trace?mac=02:00:00:00:00:77")
check("trace of an unknown client: no reply, every step tried", s == 200 and
      d["matched_step"] is None and d["decision"]["reply"] == "none" and
      all(x["result"] in ("no row", "skipped") for x in d["steps"]), d)
err4xx("trace: malformed JSON", 400, "/api/v1/trace", method="POST", body="{mac")
err4xx("trace: no MAC", 400, "/api/v1/trace", method="POST", body="{}")
err4xx("trace: a bad message type", 400, "/api/v1/trace?mac=02:00:00:00:00:01&message=HELLO")
err4xx("trace: circuit-id without relay", 400, "/api/v1/trace?mac=02:00:00:00:00:01&circuit_id=x")
err4xx("trace: an unknown interface", 400, "/api/v1/trace?mac=02:00:00:00:00:01&interface=eth9")
err4xx("trace: a body over 64 KiB", 413, "/api/v1/trace", method="POST", body="{" + " " * 70000 + "}")

# --- cross-site requests (CSRF) ------------------------------------------------
req = urllib.request.Request(BASE + "/api/v1/reload", data=b"", method="POST")
req.add_header("Authorization", "Bearer " + TOKEN)
req.add_header("Origin", "http://evil.example")
try:
    urllib.request.urlopen(req, timeout=10)
    check("a POST from another origin is refused", False, "200")
except urllib.error.HTTPError as e:
    check("a POST from another origin is refused (403)", e.code == 403, e.code)
req = urllib.request.Request(BASE + "/api/v1/reload", data=b"", method="POST")
req.add_header("Authorization", "Bearer " + TOKEN)
req.add_header("Origin", BASE)
with urllib.request.urlopen(req, timeout=10) as r:
    check("a POST from the dashboard's own origin goes through", r.status == 200, r.status)

# --- reload, paths, web extensions --------------------------------------------
s, d, _ = call("/api/v1/reload", method="POST", body="")
check("reload", s == 200 and d["reloaded"] is True, d)
err4xx("GET reload", 405, "/api/v1/reload")
err4xx("an unknown API path", 404, "/api/v1/nothing")
err4xx("an unknown path", 404, "/nothing/here", token=None)
for p in ["/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/api/v1/..%2fstatus",
          "/static//dashboard.js"]:
    s, d, _ = call(p, token=None)
    check(f"path traversal {p}: 4xx", 400 <= s < 500 and "root:" not in json.dumps(d), (s, d))
s, text, h = call("/lab/ping?who=me", token=None, raw=True)
check("web.add_method raw", s == 200 and text == "pong me" and h["Content-Type"] == "text/plain", (s, text))
s, text, _ = call("/lab/secret", raw=True)
check("web.add_method secure, with a token", s == 200 and "<p id=secret>for (token)</p>" in text, text[:200])
s, text, _ = call("/lab/wipe", raw=True)
check("web.add_method confirm: GET asks first", s == 200 and "wiped" not in text and
      "method=post" in text, text[:300])
s, text, _ = call("/lab/wipe", method="POST", body="", raw=True)
check("  POST runs it", s == 200 and "<p id=wiped>" in text, text[:300])
s, text, _ = call("/", raw=True)
check("the dashboard: Lua header, element and the nav entry", s == 200 and
      "lua-header" in text and "lua-element" in text and ">Secret</a>" in text and
      "/lab/wipe" not in text.split("<main>")[0], text[:600])
check("the dashboard: the lease table (no JavaScript needed)",
      "<td>10.77.0.51<td>02:aa:00:00:00:01<td>bound" in text, text[:200])
check("the dashboard: removed element and header are gone",
      "gone-element" not in text and "gone-header" not in text, text[:300])
err4xx("a removed web method", 404, "/lab/gone", token=None)
s, text, _ = call("/lab/board", raw=True)
check("web.add_method display_mode dashboard", s == 200 and "<p id=board>" in text and
      "lease-table" in text, text[:300])
s, text, _ = call("/?q=02:aa:00:00:00:01", raw=True)
check("dashboard search by MAC", "<td>10.77.0.51<td>02:aa:00:00:00:01" in text)
s, text, _ = call("/?q=<script>alert(1)</script>", raw=True)
check("dashboard search escapes what it echoes", "<script>alert" not in text and "&lt;script&gt;" in text)
s, text, _ = call("/", token=None, raw=True)
check("the dashboard needs a login", s == 401)
sys.exit(FAILS)
