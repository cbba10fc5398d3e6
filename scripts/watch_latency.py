#!/usr/bin/env python3
"""Save-to-screen latency of `paiban watch`, measured from outside the server.

    scripts/watch_latency.py [--bin target/release/paiban] [--saves 20]

Copies the sample edition to a temporary folder, starts `paiban watch --port 0` on it, listens
to its event stream (/events) as the browser's client does, and saves one article again and
again, swapping a word back and forth (老手艺 ↔ 旧手艺 in the page-3 reporter's notes). For each
save it times, on this side of the socket:

  save → the `update` event that carries the new build → every changed page's SVG fetched,

which is what an editor waits for between pressing save and seeing the page redrawn (the
browser's own paint comes on top; it is a few milliseconds for one page). It also prints the
server's own build time (build_ms in the event) and which pages were drawn again.

Only the standard library: the HTTP and event-stream reading are done by hand. The server is
stopped by its process id.
"""

import argparse
import http.client
import json
import os
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ARTICLE = "articles/p3-reporter-notes.md"
WORDS = ("老手艺", "旧手艺")


class Events(threading.Thread):
    """Reads /events and records (time received, status) for every update."""

    def __init__(self, port):
        super().__init__(daemon=True)
        self.port = port
        self.updates = []
        self.cond = threading.Condition()

    def run(self):
        conn = http.client.HTTPConnection("127.0.0.1", self.port)
        conn.request("GET", "/events")
        response = conn.getresponse()
        data = []
        while True:
            line = response.fp.readline()
            if not line:
                return
            line = line.decode("utf-8").rstrip("\n")
            if line.startswith("data: "):
                data.append(line[6:])
            elif line == "" and data:
                status = json.loads("\n".join(data))
                data = []
                with self.cond:
                    self.updates.append((time.perf_counter(), status))
                    self.cond.notify_all()

    def wait_for(self, generation, timeout=20.0):
        deadline = time.perf_counter() + timeout
        with self.cond:
            while True:
                for at, status in self.updates:
                    if status["generation"] >= generation:
                        return at, status
                left = deadline - time.perf_counter()
                if left <= 0:
                    raise TimeoutError(f"no update with generation {generation}")
                self.cond.wait(left)


def fetch(port, path):
    conn = http.client.HTTPConnection("127.0.0.1", port)
    conn.request("GET", path)
    response = conn.getresponse()
    body = response.read()
    if response.status != 200:
        raise RuntimeError(f"GET {path}: {response.status}")
    return body


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--bin", default=os.path.join(ROOT, "target/release/paiban"))
    parser.add_argument("--saves", type=int, default=20)
    args = parser.parse_args()
    if not os.path.exists(args.bin):
        sys.exit(f"{args.bin} does not exist: build it with cargo build --release")

    work = tempfile.mkdtemp(prefix="paiban-latency-")
    edition = os.path.join(work, "edition")
    shutil.copytree(os.path.join(ROOT, "samples/dongchang-1461"), edition)
    server = subprocess.Popen(
        [args.bin, "watch", os.path.join(edition, "edition.yaml"), "--port", "0"],
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        port = None
        for line in server.stderr:
            found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
            if found:
                port = int(found.group(1))
                break
        if port is None:
            sys.exit("paiban watch printed no address")
        # Keep reading its messages so that the pipe never fills.
        threading.Thread(target=lambda: server.stderr.read(), daemon=True).start()
        events = Events(port)
        events.start()
        _, status = events.wait_for(1)
        generation = status["generation"]
        path = os.path.join(edition, ARTICLE)
        text = open(path, encoding="utf-8").read()
        if WORDS[0] not in text:
            sys.exit(f"{ARTICLE} no longer has {WORDS[0]}: choose another word")
        latencies, builds, drawn_pages = [], [], []
        for i in range(args.saves):
            old, new = WORDS if i % 2 == 0 else WORDS[::-1]
            text = text.replace(old, new)
            time.sleep(0.3)  # let the previous save settle, as between an editor's saves
            start = time.perf_counter()
            with open(path, "w", encoding="utf-8") as f:
                f.write(text)
            _, status = events.wait_for(generation + 1)
            generation = status["generation"]
            if not status["ok"]:
                sys.exit(f"the build failed: {status['diagnostics']}")
            # A page keeps the generation it was last drawn in; the others were reused.
            changed = [p for p in status["pages"] if p["drawn"] == generation]
            for page in changed:
                fetch(port, page["svg"])
            latencies.append((time.perf_counter() - start) * 1000)
            builds.append(status["build_ms"])
            drawn_pages.append(tuple(p["number"] for p in changed))
        latencies.sort()
        p90 = latencies[int(round(0.9 * (len(latencies) - 1)))]
        print(f"saves: {len(latencies)}")
        print(
            f"save → page fetched: median {statistics.median(latencies):.1f} ms, "
            f"p90 {p90:.1f} ms, worst {latencies[-1]:.1f} ms"
        )
        print(f"server build + draw: median {statistics.median(builds):.1f} ms")
        print(f"pages drawn again per save: {sorted(set(drawn_pages))}")
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=5)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
