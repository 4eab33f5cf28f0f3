#!/usr/bin/env python3
"""Side-by-side benchmark: Werkbank (CLI) against Taguette (its own HTTP API), same workload.

One run does, for each tool:
  1. create a project
  2. import N plain-text transcripts, one command (Werkbank) / one upload request (Taguette) each
  3. create a code tree of C codes (Werkbank: one `codebook import`; Taguette: one request per tag)
  4. apply K codings (Werkbank: one `code --ranges-file` call, which checks every line and then
     commits them as one action, one transaction; Taguette: one highlight request per coding, so
     Werkbank does less committing here than Taguette)
  5a. code counts (Werkbank `counts` / Taguette codebook.csv, which has highlights per tag)
  5b. retrieve every coding with its text (Werkbank `list codings` / Taguette highlights CSV export)
and prints the measured wall-clock seconds, the ratio Taguette/Werkbank and peak memory.

Taguette is started by this script on 127.0.0.1 (a free port) with a temporary SQLite database
and stopped at the end, also on errors. Nothing else than 127.0.0.1 is ever contacted: see
taguette_offline.py for how Taguette's own start-up message check is switched off.

Requirements: Python 3.11, `pip install taguette requests` (run this script with the Python of
that environment, or give --taguette-python). See bench/README.md.
"""

import argparse
import atexit
import bisect
import csv
import hmac
import hashlib
import html
import html.parser
import io
import json
import os
import platform
import random
import re
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

try:
    import requests
except ImportError:  # pragma: no cover
    sys.exit("this script needs `requests` (pip install requests)")

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
HOST = "127.0.0.1"  # the only address this script talks to


def log(msg):
    print(msg, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------------------------
# Machine
# --------------------------------------------------------------------------------------------

def machine_info():
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                mem = "%.0f GiB RAM" % (int(line.split()[1]) / 1024 / 1024)
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return "%s, %d cores (%d logical CPUs in the machine), %s, %s %s, Python %s" % (
        cpu, cores, os.cpu_count(), mem, platform.system(), platform.release(),
        platform.python_version())


# --------------------------------------------------------------------------------------------
# Workload: the synthetic transcripts (the same generator as src/bench.rs) and the ranges
# --------------------------------------------------------------------------------------------

WORDS = [
    "de", "het", "een", "gemeente", "burger", "vertrouwen", "transparantie", "digitalisering", "waarden",
    "beleid", "algoritme", "privacy", "wij", "ik", "denk", "dat", "is", "niet", "wel", "heel", "belangrijk",
    "organisatie", "ambtenaar", "raad", "verantwoording", "data", "keuze", "dilemma", "ethiek", "en", "maar",
    "omdat", "we", "moeten", "kunnen", "zien", "ook", "soms", "één", "café", "überhaupt", "proces",
]
M64 = (1 << 64) - 1


class SplitMix64:
    """Port of werkbank::bench::Rng, so the fallback files are byte-identical to the Rust ones."""

    def __init__(self, seed):
        self.s = seed & M64

    def next_u64(self):
        self.s = (self.s + 0x9E3779B97F4A7C15) & M64
        z = self.s
        z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
        z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
        return z ^ (z >> 31)

    def below(self, n):
        return self.next_u64() % n


def synthetic_transcript(rng, chars, respondent):
    parts, nbytes, turn = [], 0, 0
    while nbytes < chars:  # Rust's String::len() counts UTF-8 bytes
        tag = "I" if turn % 2 == 0 else "R%d" % respondent
        buf = [tag, ": "]
        words = 8 + rng.below(15) if turn % 2 == 0 else 30 + rng.below(120)
        for w in range(words):
            word = WORDS[rng.below(len(WORDS))]
            if w == 0:
                first = word[0].upper() if word[0].isascii() else word[0]
                buf.append(first + word[1:])
            else:
                buf.append(" " + word)
            if w + 1 < words and rng.below(12) == 0:
                buf.append(",")
        buf.append("?\n" if turn % 2 == 0 else ".\n")
        piece = "".join(buf)
        parts.append(piece)
        nbytes += len(piece.encode("utf-8"))
        turn += 1
    return "".join(parts)


def write_workload_py(directory, documents, seed=7):
    directory.mkdir(parents=True, exist_ok=True)
    rng = SplitMix64(seed)
    files = []
    for i in range(documents):
        chars = 10_000 + rng.below(90_001)
        text = synthetic_transcript(rng, chars, i % 17 + 1)
        f = directory / ("interview_%03d.txt" % (i + 1))
        f.write_bytes(text.encode("utf-8"))
        files.append(f)
    return files


def make_ranges(texts, count, codes, seed):
    """K codings: (document stem, start, end, code index); character offsets, end exclusive.

    Every range starts and ends on a non-whitespace character so that both tools code exactly
    the same words (Taguette's HTML conversion may turn line breaks into paragraph breaks)."""
    rng = random.Random(seed)
    names = sorted(texts)
    out = []
    for i in range(count):
        name = names[rng.randrange(len(names))]
        text = texts[name]
        for _attempt in range(100):
            start = rng.randrange(0, len(text) - 400)
            end = start + 20 + rng.randrange(381)
            while start < end and text[start].isspace():
                start += 1
            while end > start and text[end - 1].isspace():
                end -= 1
            if end - start >= 10:
                break
        out.append((name, start, end, i % codes))
    return out


def code_names(count):
    return ["Code %02d" % (i + 1) for i in range(count)]


# --------------------------------------------------------------------------------------------
# Running child processes with a timeout and their peak memory
# --------------------------------------------------------------------------------------------

GNU_TIME = "/usr/bin/time"


def _poll_hwm(pid, box, stop):
    while not stop.is_set():
        box[0] = max(box[0], vm_hwm_kib(pid))
        stop.wait(0.005)


def run_measured(cmd, timeout, cwd=None, env=None, stdout_path=None):
    """Runs cmd; returns (seconds, peak resident memory in KiB, stdout text).

    Peak memory: the ru_maxrss that GNU time reports for its child when /usr/bin/time exists
    (not os.wait4 on our own child: a child forked from this Python process inherits Python's
    high-water mark across exec); otherwise VmHWM polled every 5 ms (may miss a last peak).
    Output goes to files (not pipes), so the child never blocks on a full pipe."""
    use_time = os.access(GNU_TIME, os.X_OK)
    with tempfile.TemporaryFile() as err, tempfile.NamedTemporaryFile() as rss, \
            (open(stdout_path, "w+b") if stdout_path else tempfile.TemporaryFile()) as out:
        full = [GNU_TIME, "-q", "-o", rss.name, "-f", "%M"] + list(cmd) if use_time else list(cmd)
        t0 = time.perf_counter()
        p = subprocess.Popen(full, stdout=out, stderr=err, cwd=cwd, env=env, start_new_session=True)
        box, stop = [0], threading.Event()
        poller = None if use_time else threading.Thread(target=_poll_hwm, args=(p.pid, box, stop), daemon=True)
        if poller:
            poller.start()

        def kill():
            try:
                os.killpg(p.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass

        timer = threading.Timer(timeout, kill)
        timer.start()
        try:
            p.wait()
            secs = time.perf_counter() - t0
        finally:
            timer.cancel()
            stop.set()
        err.seek(0)
        if p.returncode != 0:
            raise RuntimeError("command failed (exit %d%s): %s\n%s" % (
                p.returncode, ", killed after %ss?" % timeout if p.returncode < 0 else "",
                " ".join(map(str, cmd)), err.read().decode("utf-8", "replace")[-3000:]))
        if use_time:
            lines = [l for l in open(rss.name).read().split() if l.isdigit()]
            peak = int(lines[-1]) if lines else 0
        else:
            poller.join()
            peak = box[0]
        out.seek(0)
        text = "" if stdout_path else out.read().decode("utf-8", "replace")
    return secs, peak, text


# --------------------------------------------------------------------------------------------
# Werkbank
# --------------------------------------------------------------------------------------------

def werkbank_supports_bench(cmd):
    try:
        r = subprocess.run(cmd + ["bench", "--help"], capture_output=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired):
        return False
    return r.returncode == 0 and b"write-workload" in r.stdout


def find_werkbank(explicit):
    """The werkbank command: --werkbank, else a release, then a debug build in $CARGO_TARGET_DIR
    (default /root/.cache/werkbank-target), else `cargo run --release` (which builds first, into
    that same target directory)."""
    if explicit:
        return [explicit], explicit
    target = os.environ.get("CARGO_TARGET_DIR", "/root/.cache/werkbank-target")
    for build in ("release", "debug"):
        path = os.path.join(target, build, "werkbank")
        if os.path.isfile(path) and os.access(path, os.X_OK):
            return [path], path
    log("no werkbank binary in %s/{release,debug}; using `cargo run --release --` (builds first)" % target)
    os.environ["CARGO_TARGET_DIR"] = target
    return ["cargo", "run", "--quiet", "--release", "--features", "bench", "--manifest-path", str(REPO / "Cargo.toml"), "--"], "cargo run --release"


def run_werkbank(wb, work, files, ranges, codes, timeout):
    proj = work / "bench.werkbank"
    res, peak = {}, 0

    def call(args, **kw):
        nonlocal peak
        secs, rss, out = run_measured(wb + args + ["--coder", "bench"], timeout, **kw)
        peak = max(peak, rss)
        return secs, out

    res["create"], _ = call(["new", str(proj)])

    total = 0.0
    for f in files:
        secs, _ = call(["import", str(proj), str(f)])
        total += secs
    res["import"] = total

    codebook = work / "werkbank_codes.txt"
    codebook.write_text("".join("- %s\n" % c for c in codes), encoding="utf-8")
    res["codes"], _ = call(["codebook", "import", str(proj), str(codebook)])

    ranges_file = work / "werkbank_ranges.tsv"
    ranges_file.write_text("".join("%s\t%d\t%d\t%s\n" % (d, s, e, codes[c]) for d, s, e, c in ranges),
                           encoding="utf-8")
    res["codings"], out = call(["code", str(proj), "--ranges-file", str(ranges_file)])
    log("werkbank: " + out.strip())

    res["counts"], counts_out = call(["counts", str(proj)])
    listing = work / "werkbank_codings.tsv"
    res["list"], _ = call(["list", str(proj), "codings"], stdout_path=listing)
    # not timed: the listing must hold exactly the requested codings, on the same words
    texts = {f.stem: f.read_bytes().decode("utf-8") for f in files}
    want = {}
    for d, s, e, c in ranges:
        want[(d, s, e, codes[c])] = want.get((d, s, e, codes[c]), 0) + 1
    n = same_ranges = same_words = 0
    for line in open(listing, encoding="utf-8"):
        if not line.strip():
            continue
        n += 1
        f = line.rstrip("\n").split("\t")
        if len(f) < 6 or ".." not in f[2]:
            continue
        s, e = (int(x) for x in f[2].split(".."))
        key = (f[1], s, e, f[3].strip())
        if want.get(key, 0) > 0:
            want[key] -= 1
            same_ranges += 1
            passage = texts[f[1]][s:e][:60].replace("\n", " ")
            same_words += "".join(passage.split()) == "".join("\t".join(f[5:]).split())
    if n != len(ranges):
        raise RuntimeError("werkbank lists %d codings, expected %d" % (n, len(ranges)))
    res["check"] = "%d codings listed, %d/%d with the requested document, range and code, %d/%d showing the transcript's words" % (
        n, same_ranges, len(ranges), same_words, len(ranges))
    res["peak_kib"] = peak
    res["db_bytes"] = db_size(proj)
    return res


# --------------------------------------------------------------------------------------------
# Taguette
# --------------------------------------------------------------------------------------------

class TextNodes(html.parser.HTMLParser):
    """Concatenates an HTML fragment's text nodes, as Taguette counts highlight offsets."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts = []

    def handle_data(self, data):
        self.parts.append(data)


class OffsetMap:
    """Maps character offsets in the original .txt to Taguette's offsets: UTF-8 bytes of the
    concatenated text nodes of its stored HTML (taguette/extract.py, find_pos)."""

    def __init__(self, original, stored_html):
        p = TextNodes()
        p.feed(stored_html)
        p.close()
        t = "".join(p.parts)
        self.o_idx = [i for i, ch in enumerate(original) if not ch.isspace()]
        self.t_idx = [i for i, ch in enumerate(t) if not ch.isspace()]
        o_chars = "".join(original[i] for i in self.o_idx)
        t_chars = "".join(t[i] for i in self.t_idx)
        # a converter may add text around the transcript (a title, say): find it as a whole
        shift = t_chars.find(o_chars)
        if shift < 0:
            k = next((i for i, (a, b) in enumerate(zip(o_chars, t_chars)) if a != b), min(len(o_chars), len(t_chars)))
            raise RuntimeError("Taguette's stored text differs from the transcript at non-blank character %d: %r vs %r"
                               % (k, o_chars[k:k + 40], t_chars[k:k + 40]))
        self.t_idx = self.t_idx[shift:shift + len(o_chars)]
        self.byte_at = [0] * (len(t) + 1)
        acc = 0
        for i, ch in enumerate(t):
            self.byte_at[i] = acc
            acc += len(ch.encode("utf-8"))
        self.byte_at[len(t)] = acc

    def map(self, start, end):
        k1 = bisect.bisect_left(self.o_idx, start)
        k2 = bisect.bisect_left(self.o_idx, end) - 1
        return self.byte_at[self.t_idx[k1]], self.byte_at[self.t_idx[k2] + 1]


def db_size(path):
    """Bytes of an SQLite database with its WAL / rollback journal (backups not counted)."""
    return sum(os.path.getsize(str(path) + suffix) for suffix in ("", "-wal", "-journal")
               if os.path.exists(str(path) + suffix))


def server_side_times(log_path):
    """Seconds Taguette itself reports spending on each kind of request (Tornado's access log)."""
    kinds = {"document/new": "import", "tag/new": "codes", "highlight/new": "codings",
             "export/codebook.csv": "counts", "export/highlights/": "list"}
    out = {}
    pat = re.compile(r"INFO: \d{3} (?:GET|POST) (\S+) \(127\.0\.0\.1\) ([0-9.]+)ms")
    for line in open(log_path, encoding="utf-8", errors="replace"):
        m = pat.search(line)
        if m:
            for k, step in kinds.items():
                if k in m.group(1):
                    out[step] = out.get(step, 0.0) + float(m.group(2)) / 1000
    return out


def free_port():
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return s.getsockname()[1]


def vm_hwm_kib(pid):
    try:
        for line in open("/proc/%d/status" % pid):
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


class TaguetteServer:
    def __init__(self, python, work, port):
        self.python, self.work, self.port = python, work, port
        self.secret = secrets.token_urlsafe(30)
        self.proc = None
        self.log_path = work / "taguette-server.log"

    def start(self, timeout=120):
        db = self.work / "taguette.sqlite3"
        conf = self.work / "taguette.conf.py"
        conf.write_text(f'''# generated by bench/compare_taguette.py
NAME = "Werkbank benchmark"
BIND_ADDRESS = "{HOST}"
PORT = {self.port}
BASE_PATH = "/"
DOMAIN = "{HOST}:{self.port}"
SECRET_KEY = {self.secret!r}
DATABASE = "sqlite:///{db}"
EMAIL = "Benchmark <bench@localhost>"
TOS_FILE = None
DEFAULT_LANGUAGE = "en_US"
MAIL_SERVER = {{"ssl": False, "host": "{HOST}", "port": 25}}
COOKIES_PROMPT = False
REGISTRATION_ENABLED = False
SQLITE3_IMPORT_ENABLED = False
X_HEADERS = False
MULTIUSER = False
CONVERT_TO_HTML_TIMEOUT = 3 * 60
CONVERT_FROM_HTML_TIMEOUT = 3 * 60
''', encoding="utf-8")
        self.logf = open(self.log_path, "wb")
        cmd = [self.python, str(HERE / "taguette_offline.py"), "--no-browser", "server", str(conf)]
        self.proc = subprocess.Popen(cmd, stdout=self.logf, stderr=subprocess.STDOUT, cwd=self.work,
                                     start_new_session=True)
        t0 = time.perf_counter()
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError("Taguette exited with %s; log:\n%s" % (self.proc.returncode, self.tail()))
            try:
                with socket.create_connection((HOST, self.port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            raise RuntimeError("Taguette did not listen on %s:%d within %ds; log:\n%s" % (HOST, self.port, timeout, self.tail()))
        self.startup = time.perf_counter() - t0

    def tail(self):
        try:
            return self.log_path.read_text(errors="replace")[-3000:]
        except OSError:
            return ""

    def stop(self):
        if self.proc is None or self.proc.poll() is not None:
            return
        try:
            os.killpg(self.proc.pid, signal.SIGTERM)
            self.proc.wait(timeout=20)
        except (subprocess.TimeoutExpired, ProcessLookupError):
            try:
                os.killpg(self.proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            self.proc.wait(timeout=20)
        finally:
            self.logf.close()

    @property
    def token(self):
        # taguette/web/base.py: single_user_token for MULTIUSER = False
        return hmac.new(self.secret.encode(), b"taguette_single_user", hashlib.sha256).hexdigest()


class TaguetteClient:
    def __init__(self, port, timeout):
        self.base = "http://%s:%d" % (HOST, port)
        self.s = requests.Session()
        self.s.trust_env = False  # never go through a proxy
        self.timeout = timeout

    def url(self, path):
        return self.base + path

    def check(self, r, what):
        if r.status_code >= 400:
            raise RuntimeError("Taguette %s: HTTP %d %s" % (what, r.status_code, r.text[:500]))
        return r

    def login(self, token):
        self.check(self.s.get(self.url("/?token=" + token), timeout=self.timeout), "login")
        self.check(self.s.get(self.url("/project/new"), timeout=self.timeout), "new project form")
        xsrf = self.s.cookies.get("_xsrf")
        if not xsrf or "user" not in self.s.cookies:
            raise RuntimeError("Taguette login failed (cookies: %s)" % list(self.s.cookies.keys()))
        self.s.headers["X-XSRFToken"] = xsrf

    def post_json(self, path, obj, what):
        r = self.s.post(self.url(path), data=json.dumps(obj), headers={"Content-Type": "application/json"},
                        timeout=self.timeout)
        return self.check(r, what).json()

    def get(self, path, what):
        return self.check(self.s.get(self.url(path), timeout=self.timeout), what)


def text_to_html(text):
    return "".join("<p>%s</p>\n" % html.escape(line) for line in text.split("\n") if line)


def run_taguette(client, files, texts, ranges, codes, upload_as):
    res = {}
    # 1. create a project (the form of /project/new; Taguette answers with a redirect)
    t0 = time.perf_counter()
    r = client.check(client.s.post(client.url("/project/new"), data={"name": "Benchmark", "description": ""},
                                   allow_redirects=False, timeout=client.timeout), "create project")
    res["create"] = time.perf_counter() - t0
    m = re.search(r"/project/([0-9]+)", r.headers.get("Location", ""))
    if not m:
        raise RuntimeError("no project id in redirect %r" % r.headers.get("Location"))
    pid = int(m.group(1))

    # 2. upload every transcript, one request each (what the "Add a document" dialog sends)
    doc_ids = {}
    bodies = {}
    for f in files:
        if upload_as == "txt":
            bodies[f.stem] = (f.name, f.read_bytes(), "text/plain")
        else:
            bodies[f.stem] = (f.stem + ".html", text_to_html(texts[f.stem]).encode("utf-8"), "text/html")
    t0 = time.perf_counter()
    for f in files:
        r = client.s.post(client.url("/api/project/%d/document/new" % pid),
                          data={"name": f.stem, "description": ""}, files={"file": bodies[f.stem]},
                          timeout=client.timeout)
        doc_ids[f.stem] = client.check(r, "upload %s" % f.name).json()["created"]
    res["import"] = time.perf_counter() - t0

    # 3. code tree: one tag per request (the "Create a new tag" dialog)
    tag_ids = []
    t0 = time.perf_counter()
    for c in codes:
        tag_ids.append(client.post_json("/api/project/%d/tag/new" % pid, {"path": c, "description": ""}, "new tag")["id"])
    res["codes"] = time.perf_counter() - t0

    # not timed: Taguette's stored text, to map character offsets to its byte offsets
    maps = {}
    for stem, did in doc_ids.items():
        contents = client.get("/api/project/%d/document/%d/contents" % (pid, did), "contents").json()["contents"]
        maps[stem] = OffsetMap(texts[stem], "".join(c["contents"] for c in contents))
    payloads = []
    for d, s, e, c in ranges:
        bs, be = maps[d].map(s, e)
        payloads.append(("/api/project/%d/document/%d/highlight/new" % (pid, doc_ids[d]),
                         {"start_offset": bs, "end_offset": be, "tags": [tag_ids[c]]}))

    # 4. one highlight per request, as the web page sends them
    hl_ids = []
    t0 = time.perf_counter()
    for path, obj in payloads:
        hl_ids.append(client.post_json(path, obj, "new highlight")["id"])
    res["codings"] = time.perf_counter() - t0

    # 5a. code counts: the codebook export (highlights and documents per tag)
    t0 = time.perf_counter()
    codebook = client.get("/project/%d/export/codebook.csv" % pid, "codebook export").text
    res["counts"] = time.perf_counter() - t0

    # 5b. every highlight with its text: the highlights export for all tags
    t0 = time.perf_counter()
    exported = client.get("/project/%d/export/highlights/.csv" % pid, "highlights export").text
    res["list"] = time.perf_counter() - t0

    # not timed: check that Taguette coded the same words as Werkbank
    content = {}
    for row in csv.DictReader(io.StringIO(exported)):
        content[int(row["id"])] = row["content"]
    same = 0
    for hid, (d, s, e, c) in zip(hl_ids, ranges):
        want = "".join(texts[d][s:e].split())
        got = "".join(content.get(hid, "").split())
        same += want == got
    counted = sum(int(row["number of highlights"]) for row in csv.DictReader(io.StringIO(codebook)))
    if len(content) != len(ranges):
        raise RuntimeError("Taguette exported %d highlights, expected %d" % (len(content), len(ranges)))
    res["check"] = "%d highlights exported, %d/%d with exactly the words of the Werkbank coding, %d counted in codebook" % (
        len(content), same, len(ranges), counted)
    res["same_words"] = same
    return res


def taguette_python(explicit):
    if explicit:
        return explicit
    exe = shutil.which("taguette")
    if exe:
        first = open(exe, "rb").readline().decode(errors="replace").strip()
        if first.startswith("#!") and "python" in first:
            return first[2:].strip().split()[0]
    return sys.executable


# --------------------------------------------------------------------------------------------
# Main
# --------------------------------------------------------------------------------------------

def fmt_ratio(t, w):
    if not (w and t):
        return "-"
    r = t / w
    return ("%.0f×" if r >= 10 else "%.1f×" if r >= 1 else "%.2f×") % r


STEPS = [
    ("create", "1. create project"),
    ("import", "2. import {n} transcripts"),
    ("codes", "3. create {c} codes"),
    ("codings", "4. apply {k} codings"),
    ("counts", "5a. code counts"),
    ("list", "5b. retrieve all codings"),
]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--documents", type=int, default=20, help="transcripts to import (default 20)")
    ap.add_argument("--codings", type=int, default=2000, help="codings / highlights to apply (default 2000)")
    ap.add_argument("--codes", type=int, default=10, help="codes / tags in the code tree (default 10)")
    ap.add_argument("--seed", type=int, default=1, help="seed for the coding ranges")
    ap.add_argument("--werkbank", help="werkbank binary (default: release, then debug build in "
                    "$CARGO_TARGET_DIR or /root/.cache/werkbank-target, else cargo run --release)")
    ap.add_argument("--taguette-python", help="Python that has taguette installed (default: the one of "
                    "the `taguette` command on PATH, else this one)")
    ap.add_argument("--taguette-upload", choices=["auto", "txt", "html"], default="auto",
                    help="upload the .txt (needs Calibre's ebook-convert, as in Taguette) or an HTML "
                    "rendering of it (<p> per line); auto = txt when ebook-convert is on PATH")
    ap.add_argument("--workdir", help="work directory (default: a temporary one, removed afterwards)")
    ap.add_argument("--timeout", type=float, default=900, help="limit in seconds for one command or request")
    ap.add_argument("--only", choices=["both", "werkbank", "taguette"], default="both")
    ap.add_argument("--json", help="also write the results as JSON to this file")
    a = ap.parse_args()
    if a.documents < 1 or a.codings < 1 or a.codes < 1:
        ap.error("--documents, --codings and --codes must be positive")

    tmp = None
    if a.workdir:
        work = Path(a.workdir).resolve()
        work.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.mkdtemp(prefix="werkbank-vs-taguette-")
        work = Path(tmp)
    server = None

    def cleanup(*_):
        if server is not None:
            server.stop()
        if tmp:
            shutil.rmtree(tmp, ignore_errors=True)

    atexit.register(cleanup)
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    info = {"machine": machine_info(), "load_before": "%.2f %.2f %.2f" % os.getloadavg(), "date": time.strftime("%Y-%m-%d %H:%M:%S %Z"),
            "command": " ".join([os.path.basename(sys.executable)] + sys.argv)}
    wb, wb_label = find_werkbank(a.werkbank) if a.only != "taguette" else (None, "-")
    try:
        info["werkbank_commit"] = subprocess.run(["git", "-C", str(REPO), "rev-parse", "--short", "HEAD"],
                                                 capture_output=True, text=True, timeout=30).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        info["werkbank_commit"] = "?"
    info["werkbank"] = wb_label
    if wb:
        info["werkbank_version"] = subprocess.run(wb + ["--version"], capture_output=True, text=True,
                                                  timeout=a.timeout).stdout.strip()

    # The workload: the transcripts of `werkbank bench --write-workload`, else the same generator in Python
    wl = work / "transcripts"
    if wl.exists():
        shutil.rmtree(wl)
    if wb and werkbank_supports_bench(wb):
        subprocess.run(wb + ["bench", "--write-workload", str(wl), "--documents", str(a.documents)],
                       check=True, capture_output=True, timeout=a.timeout)
        info["workload"] = "werkbank bench --write-workload"
    else:
        write_workload_py(wl, a.documents)
        info["workload"] = "Python port of werkbank::bench::write_workload (byte-identical generator)"
    files = sorted(wl.glob("interview_*.txt"))
    if len(files) != a.documents:
        raise SystemExit("expected %d transcripts in %s, found %d" % (a.documents, wl, len(files)))
    texts = {f.stem: f.read_bytes().decode("utf-8") for f in files}
    total_chars = sum(len(t) for t in texts.values())
    codes = code_names(a.codes)
    ranges = make_ranges(texts, a.codings, a.codes, a.seed)
    info["workload_size"] = "%d transcripts, %d characters (%d bytes), %d codes, %d codings of %d-%d characters" % (
        len(files), total_chars, sum(f.stat().st_size for f in files), a.codes, len(ranges),
        min(e - s for _, s, e, _ in ranges), max(e - s for _, s, e, _ in ranges))
    log("machine: " + info["machine"])
    log("workload: " + info["workload_size"] + " (" + info["workload"] + ")")

    wres = tres = None
    if a.only in ("both", "werkbank"):
        log("running Werkbank (%s) ..." % wb_label)
        (work / "werkbank").mkdir(exist_ok=True)
        wres = run_werkbank(wb, work / "werkbank", files, ranges, codes, a.timeout)
        log("werkbank: " + wres["check"])

    if a.only in ("both", "taguette"):
        py = taguette_python(a.taguette_python)
        info["taguette_version"] = subprocess.run(
            [py, "-c", "import taguette; print(taguette.__version__)"], capture_output=True, text=True,
            timeout=120).stdout.strip() or "?"
        upload = a.taguette_upload
        if upload == "auto":
            upload = "txt" if shutil.which("ebook-convert") else "html"
        if upload == "txt" and not shutil.which("ebook-convert"):
            raise SystemExit("--taguette-upload txt needs Calibre's ebook-convert on PATH")
        info["taguette_upload"] = upload
        tw = work / "taguette"
        tw.mkdir(exist_ok=True)
        server = TaguetteServer(py, tw, free_port())
        log("starting Taguette %s (%s) on %s:%d ..." % (info["taguette_version"], py, HOST, server.port))
        server.start()
        info["taguette_startup_s"] = round(server.startup, 3)
        client = TaguetteClient(server.port, a.timeout)
        client.login(server.token)
        log("running Taguette (uploads as %s) ..." % upload)
        tres = run_taguette(client, files, texts, ranges, codes, upload)
        tres["peak_kib"] = vm_hwm_kib(server.proc.pid)
        server.stop()
        tres["db_bytes"] = db_size(tw / "taguette.sqlite3")
        tres["server_side"] = server_side_times(server.log_path)
        log("taguette: " + tres["check"])

    # The table
    fmt = lambda v: "%.3f" % v if isinstance(v, float) else "-"
    print()
    print("Machine: " + info["machine"])
    print("Date: %s; load average before the run %s, after %s (other work on the machine counts)" % (
        info["date"], info["load_before"], "%.2f %.2f %.2f" % os.getloadavg()))
    print("Workload: %s; transcripts from %s" % (info["workload_size"], info["workload"]))
    print("Werkbank: %s (commit %s, %s)" % (info.get("werkbank_version", "-"), info["werkbank_commit"], wb_label))
    if tres:
        print("Taguette: %s, uploads as .%s, server start-up %.1f s (not counted)" % (
            info["taguette_version"], info["taguette_upload"], info["taguette_startup_s"]))
    print()
    print("| step | Werkbank s | Taguette s | ratio Taguette/Werkbank |")
    print("|---|---:|---:|---:|")
    rows = []
    for key, label in STEPS:
        w = wres.get(key) if wres else None
        t = tres.get(key) if tres else None
        ratio = fmt_ratio(t, w)
        name = label.format(n=a.documents, c=a.codes, k=a.codings)
        print("| %s | %s | %s | %s |" % (name, fmt(w), fmt(t), ratio))
        rows.append({"step": name, "werkbank_s": w, "taguette_s": t})
    wsum = sum(wres[k] for k, _ in STEPS) if wres else None
    tsum = sum(tres[k] for k, _ in STEPS) if tres else None
    print("| total | %s | %s | %s |" % (fmt(wsum), fmt(tsum), fmt_ratio(tsum, wsum)))
    mib = lambda r: "%.0f MiB" % (r["peak_kib"] / 1024) if r else "-"
    print("| peak memory (RSS high-water mark) | %s | %s | |" % (mib(wres), mib(tres)))
    db = lambda r: "%.1f MiB" % (r["db_bytes"] / 1048576) if r else "-"
    print("| database size on disk (with WAL; Werkbank's backup not counted) | %s | %s | |" % (db(wres), db(tres)))
    print()
    if wres:
        print("Werkbank check: " + wres["check"])
    if tres:
        print("Taguette check: " + tres["check"])
        ss = tres.get("server_side", {})
        print("Taguette server-side time from its own request log (the rest is HTTP and client): " + ", ".join(
            "step %s %.3f s" % (k, ss[k]) for k in ("import", "codes", "codings", "counts", "list") if k in ss))
    if a.json:
        Path(a.json).write_text(json.dumps({"info": info, "werkbank": wres, "taguette": tres, "rows": rows},
                                           indent=2, ensure_ascii=False), encoding="utf-8")


if __name__ == "__main__":
    main()
