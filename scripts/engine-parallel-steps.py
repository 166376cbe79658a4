#!/usr/bin/env python3
"""The engine's own parallel ratio, step by step (docs/performance.md, "Parallel classes against the engine's
own parallel ratio"): eight user-defined networks, eight containers (busybox:1.35, one on each network), each
step (network create, container create, start, rm -f, network rm) done eight times one after the other and
eight times at once, straight on the engine API over its unix socket (no docker CLI, no JVM), after one
warm-up of each; prints the medians and parallel/sequential per step.

usage: scripts/engine-parallel-steps.py ROUNDS VARIANT
  VARIANT: bridge (as Berth creates them) | nomasq (-o com.docker.network.bridge.enable_ip_masquerade=false)
           | internal (--internal) | none (containers on no network, no network steps)
Only for a local engine (DOCKER_HOST unset or unix://). Every object carries dev.berth.managed=true and
dev.berth.bench.run=<this pid>, and is removed (also when a step fails)."""
import http.client, socket, json, sys, time, os, threading, statistics

class UConn(http.client.HTTPConnection):
    def __init__(self):
        super().__init__("localhost", timeout=120)
    def connect(self):
        s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM); s.connect(SOCKET); self.sock = s

def call(method, path, body=None, ok=(200, 201, 204)):
    c = UConn()
    c.request(method, "/v1.45" + path, body=json.dumps(body) if body is not None else None,
              headers={"Content-Type": "application/json"})
    r = c.getresponse(); data = r.read(); c.close()
    if r.status not in ok:
        raise RuntimeError(f"{method} {path}: {r.status} {data[:300]}")
    return json.loads(data) if data else None

SOCKET = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
if not SOCKET.startswith("unix://"):
    sys.exit("engine-parallel-steps.py: DOCKER_HOST must be a unix:// socket (it is " + SOCKET + ")")
SOCKET = SOCKET[len("unix://"):]
PID = str(os.getpid())
LABELS = {"dev.berth.managed": "true", "dev.berth.bench": "1", "dev.berth.bench.run": PID}
N = 8

def run_all(fns, parallel):
    t = time.perf_counter()
    if parallel:
        errs = []
        def w(f):
            try: f()
            except Exception as e: errs.append(e)
        ts = [threading.Thread(target=w, args=(f,)) for f in fns]
        [x.start() for x in ts]; [x.join() for x in ts]
        if errs: raise errs[0]
    else:
        for f in fns: f()
    return (time.perf_counter() - t) * 1000

def one_round(variant, parallel, tag):
    names = [f"engexp-{PID}-{tag}-{i}" for i in range(N)]
    nets, ids, ms = {}, {}, {}
    try:
        if variant != "none":
            opts = {}
            if variant == "nomasq":
                opts = {"com.docker.network.bridge.enable_ip_masquerade": "false"}
            def mknet(n):
                def f(): nets[n] = call("POST", "/networks/create", {"Name": n, "Labels": LABELS, "Options": opts,
                                                                    "Internal": variant == "internal"})["Id"]
                return f
            ms["network create"] = run_all([mknet(n) for n in names], parallel)
        def mkc(n):
            def f():
                ids[n] = call("POST", f"/containers/create?name={n}", {"Image": "busybox:1.35", "Cmd": ["sleep", "3600"],
                      "Labels": LABELS, "HostConfig": {"NetworkMode": n if variant != "none" else "none"}})["Id"]
            return f
        ms["container create"] = run_all([mkc(n) for n in names], parallel)
        ms["container start"] = run_all([(lambda i=ids[n]: call("POST", f"/containers/{i}/start")) for n in names], parallel)
        ms["container rm -f"] = run_all([(lambda i=ids[n]: call("DELETE", f"/containers/{i}?force=1&v=1")) for n in names], parallel)
        ids.clear()
        if variant != "none":
            ms["network rm"] = run_all([(lambda i=nets[n]: call("DELETE", f"/networks/{i}")) for n in names], parallel)
            nets.clear()
    finally:
        for i in ids.values():
            call("DELETE", f"/containers/{i}?force=1&v=1", ok=(200, 204, 404))
        for i in nets.values():
            call("DELETE", f"/networks/{i}", ok=(200, 204, 404))
    ms["all steps"] = sum(ms.values())
    return ms

if len(sys.argv) != 3 or sys.argv[2] not in ("bridge", "nomasq", "internal", "none"):
    sys.exit(__doc__)
rounds, variant = int(sys.argv[1]), sys.argv[2]
res = {"seq": [], "par": []}
one_round(variant, False, "w"); one_round(variant, True, "w2")
for r in range(rounds):
    order = ["par", "seq"] if r % 2 == 0 else ["seq", "par"]
    for mode in order:
        res[mode].append(one_round(variant, mode == "par", f"{mode}{r}"))
print(f"variant {variant}: {N} at once vs {N} one after the other, {rounds} rounds, medians in ms (load {os.getloadavg()[0]:.1f})")
print("| step | sequential | parallel | parallel/sequential |")
print("|---|---:|---:|---:|")
for step in res["seq"][0]:
    s = statistics.median(m[step] for m in res["seq"]); p = statistics.median(m[step] for m in res["par"])
    print(f"| {step} | {s:.0f} | {p:.0f} | {p/s:.2f} |")
