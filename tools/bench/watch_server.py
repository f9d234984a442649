#!/usr/bin/env python3
"""Helpers for tools/bench/watch. Standard library only.

    watch_server.py serve --pages N --changed PERCENT --first FILE --second FILE --port-file F
        A local HTTP/1.1 keep-alive server on 127.0.0.1 (a free port, written to F once it
        listens) serving N article pages, /news/story-1 ... /news/story-N. Page I is FILE with
        its headline, <title> and canonical URL made its own ("Story I: ..."), so that every
        story differs; Content-Type text/html; charset=utf-8, Content-Length on every answer,
        and the ETag "gG-I" of its generation G. A request whose If-None-Match equals the
        page's current ETag is answered 304 with no body; any other GET gets the page (200).
        Every page starts in generation 1 (FILE). GET /_switch moves the chosen PERCENT of the
        pages to generation 2 (SECOND, ETag "g2-I"), for good: they are the pages I for which
        floor(I * PERCENT / 100) > floor((I - 1) * PERCENT / 100), spread evenly, exactly
        floor(N * PERCENT / 100) of them. GET /_stats answers a JSON object: requests, 200s,
        304s, other answers, connections accepted, and the server's own CPU seconds (user,
        system) since it started. Each connection has a thread; requests are parsed by hand
        (the request line and If-None-Match only) and each answer is one prebuilt buffer sent
        with one sendall, Nagle off, nothing logged. SIGTERM stops it.

    watch_server.py etags --pages N --port P --generation G [--changed PERCENT] --out FILE
        Writes a curl config (curl -K FILE) that fetches every page in order from
        http://127.0.0.1:P, as `next`-separated blocks, each with the If-None-Match of
        generation G: 1, the ETags the first pass recorded (the switched pages answer 200,
        the others 304); 2, the ETags after the switch (--changed says which pages moved:
        every page answers 304); 0, no validator (every page answers 200 with its body).

    watch_server.py changed --pages N --changed PERCENT
        Prints how many pages /_switch moves to generation 2.

    watch_server.py time --out FILE -- PROGRAM ARGS...
        Runs the command once (standard input /dev/null, standard output to FILE, standard
        error inherited) and prints "WALL USER SYS" in seconds: the wall time around
        posix_spawn + wait4 (CLOCK_MONOTONIC), and the user and system CPU time of the
        child from wait4's rusage (microseconds, unlike /usr/bin/time's hundredths). Fails
        when the command fails.

    watch_server.py floor --port P --pages N --generation G
        The server's own floor: one keep-alive connection, the N conditional requests of
        generation G in sequence (the same bytes curl sends, near enough), each answer read in
        full. Prints "WALL USER SYS" of this process for the loop, then the answers per
        status.

    watch_server.py delta BEFORE AFTER
        Two /_stats answers (files): prints "REQUESTS OK NOT_MODIFIED CONNECTIONS CPU" between
        them, the second /_stats request and its connection left out; CPU is the server's
        user + system seconds.

    watch_server.py count --json FILE
        Counts the lines of `storytrail watch --json` output per kind ("event" of each check:
        stored, unchanged, not-modified, failed) and prints "KIND COUNT" lines, sorted, then
        "pass-seconds S": the time the pass's own line reports.

Nothing here writes inside the repository: every path comes from the caller.
"""
import argparse
import json
import os
import re
import resource
import signal
import socket
import socketserver
import sys
import threading
import time

HEADLINE = "Harris meets Lopez Obrador as US seeks Mexico’s help on migration"
CANONICAL = ("https://www.aljazeera.com/news/2021/6/8/"
             "harris-hails-new-era-with-mexico-during-lopez-obrador-meeting")


def changed_pages(pages, percent):
    """The pages /_switch moves to generation 2: spread evenly, floor(N * P / 100) of them."""
    return {i for i in range(1, pages + 1) if (i * percent) // 100 > ((i - 1) * percent) // 100}


def page_body(template, i):
    """The sample page made story I's own: its headline, title and canonical URL."""
    text = template.replace(HEADLINE, f"Story {i}: {HEADLINE}")
    text = text.replace(CANONICAL, f"https://news.example/news/story-{i}")
    return text.encode("utf-8")


def etag(generation, i):
    return f'"g{generation}-{i}"'


class Pages:
    """Prebuilt answers: per page and generation, the 200 (headers + body) and the 304."""

    def __init__(self, pages, percent, first, second):
        with open(first, encoding="utf-8") as f:
            self.first = f.read()
        with open(second, encoding="utf-8") as f:
            self.second = f.read()
        self.pages = pages
        self.changed = changed_pages(pages, percent)
        self.switched = False
        self.cache = {}
        self.lock = threading.Lock()
        self.counts = {"requests": 0, "200": 0, "304": 0, "other": 0, "connections": 0}
        # Build generation 1 now, so that no timed request pays for it.
        for i in range(1, pages + 1):
            self.answers(i, 1)

    def generation(self, i):
        return 2 if self.switched and i in self.changed else 1

    def answers(self, i, generation):
        key = (i, generation)
        found = self.cache.get(key)
        if found is not None:
            return found
        body = page_body(self.first if generation == 1 else self.second, i)
        tag = etag(generation, i)
        full_head = (f"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
                     f"Content-Length: {len(body)}\r\nETag: {tag}\r\n\r\n").encode("ascii")
        not_modified = (f"HTTP/1.1 304 Not Modified\r\nETag: {tag}\r\n"
                        f"Content-Length: 0\r\n\r\n").encode("ascii")
        found = (tag.encode("ascii"), full_head + body, full_head, not_modified)
        self.cache[key] = found
        return found

    def switch(self):
        for i in self.changed:
            self.answers(i, 2)
        self.switched = True

    def count(self, key):
        with self.lock:
            self.counts[key] += 1


def simple(status, body, content_type="text/plain; charset=utf-8"):
    data = body.encode("utf-8")
    return (f"HTTP/1.1 {status}\r\nContent-Type: {content_type}\r\n"
            f"Content-Length: {len(data)}\r\n\r\n").encode("ascii") + data


PAGE_PATH = re.compile(rb"^/news/story-([0-9]+)$")


class Handler(socketserver.BaseRequestHandler):
    def handle(self):
        pages = self.server.pages
        pages.count("connections")
        sock = self.request
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        buffer = b""
        while True:
            end = buffer.find(b"\r\n\r\n")
            while end < 0:
                try:
                    chunk = sock.recv(65536)
                except OSError:
                    return
                if not chunk:
                    return
                buffer += chunk
                end = buffer.find(b"\r\n\r\n")
            head, buffer = buffer[:end], buffer[end + 4:]
            lines = head.split(b"\r\n")
            parts = lines[0].split(b" ")
            if len(parts) != 3:
                sock.sendall(simple("400 Bad Request", "bad request line\n"))
                return
            method, target, version = parts
            validator = None
            close = version == b"HTTP/1.0"
            length = 0
            for line in lines[1:]:
                name, _, value = line.partition(b":")
                name = name.strip().lower()
                if name == b"if-none-match":
                    validator = value.strip()
                elif name == b"connection":
                    token = value.strip().lower()
                    close = token == b"close" or (close and token != b"keep-alive")
                elif name == b"content-length":
                    length = int(value.strip() or b"0")
            while len(buffer) < length:  # a body is not expected; skip one if sent
                chunk = sock.recv(65536)
                if not chunk:
                    return
                buffer += chunk
            buffer = buffer[length:]
            sock.sendall(self.answer(pages, method, target.split(b"?", 1)[0], validator))
            if close:
                return

    def answer(self, pages, method, path, validator):
        pages.count("requests")
        matched = PAGE_PATH.match(path)
        if matched and method in (b"GET", b"HEAD"):
            i = int(matched.group(1))
            if 1 <= i <= pages.pages:
                tag, full, head_only, not_modified = pages.answers(i, pages.generation(i))
                if validator is not None and validator == tag:
                    pages.count("304")
                    return not_modified
                pages.count("200")
                return full if method == b"GET" else head_only
        pages.count("other")
        if path == b"/_switch":
            pages.switch()
            return simple("200 OK", f"switched {len(pages.changed)} pages to generation 2\n")
        if path == b"/_stats":
            with pages.lock:
                stats = dict(pages.counts)
            cpu = resource.getrusage(resource.RUSAGE_SELF)
            stats["user"], stats["sys"] = cpu.ru_utime, cpu.ru_stime
            stats["switched"] = pages.switched
            return simple("200 OK", json.dumps(stats) + "\n", "application/json")
        return simple("404 Not Found", "not found\n")


class Server(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 256


def serve(args):
    pages = Pages(args.pages, args.changed, args.first, args.second)
    server = Server(("127.0.0.1", 0), Handler)
    server.pages = pages
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    port = server.server_address[1]
    temporary = args.port_file + ".tmp"
    with open(temporary, "w", encoding="ascii") as f:
        f.write(f"{port}\n")
    os.replace(temporary, args.port_file)
    sys.setswitchinterval(0.0005)  # hand the GIL over sooner between connection threads
    try:
        server.serve_forever(poll_interval=0.2)
    finally:
        server.server_close()


def write_etags(args):
    with open(args.out, "w", encoding="ascii") as f:
        moved = changed_pages(args.pages, args.changed) if args.generation == 2 else set()
        for i in range(1, args.pages + 1):
            if i > 1:
                f.write("next\n")
            f.write(f'url = "http://127.0.0.1:{args.port}/news/story-{i}"\n')
            if args.generation > 0:
                tag = etag(2 if i in moved else 1, i).replace('"', '\\"')
                f.write(f'header = "If-None-Match: {tag}"\n')


def time_command(args):
    command = args.command
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        sys.exit("watch_server: time needs a command after --")
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, args.out, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)]
    start = time.monotonic()
    try:
        pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
    except OSError as error:
        sys.exit(f"watch_server: cannot start {command[0]}: {error.strerror}")
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - start
    code = os.waitstatus_to_exitcode(status)
    if code != 0:
        sys.exit(f"watch_server: the command failed (status {code}): {' '.join(command)}")
    print(f"{wall:.6f} {usage.ru_utime:.6f} {usage.ru_stime:.6f}")


def floor(args):
    requests = []
    for i in range(1, args.pages + 1):
        line = f"GET /news/story-{i} HTTP/1.1\r\nHost: 127.0.0.1:{args.port}\r\n"
        if args.generation > 0:
            line += f"If-None-Match: {etag(args.generation, i)}\r\n"
        requests.append((line + "Accept: */*\r\n\r\n").encode("ascii"))
    statuses = {}
    sock = socket.create_connection(("127.0.0.1", args.port))
    sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
    before, start = resource.getrusage(resource.RUSAGE_SELF), time.monotonic()
    buffer = b""
    for request in requests:
        sock.sendall(request)
        end = buffer.find(b"\r\n\r\n")
        while end < 0:
            buffer += sock.recv(65536)
            end = buffer.find(b"\r\n\r\n")
        head, buffer = buffer[:end], buffer[end + 4:]
        status = head.split(b" ", 2)[1].decode("ascii")
        length = int(re.search(rb"(?im)^content-length:\s*([0-9]+)", head).group(1))
        while len(buffer) < length:
            buffer += sock.recv(65536)
        buffer = buffer[length:]
        statuses[status] = statuses.get(status, 0) + 1
    wall, after = time.monotonic() - start, resource.getrusage(resource.RUSAGE_SELF)
    sock.close()
    print(f"{wall:.6f} {after.ru_utime - before.ru_utime:.6f} "
          f"{after.ru_stime - before.ru_stime:.6f}")
    for status in sorted(statuses):
        print(f"{status} {statuses[status]}")


def delta(args):
    with open(args.before, encoding="utf-8") as f:
        before = json.load(f)
    with open(args.after, encoding="utf-8") as f:
        after = json.load(f)
    cpu = (after["user"] + after["sys"]) - (before["user"] + before["sys"])
    print(after["requests"] - before["requests"] - 1, after["200"] - before["200"],
          after["304"] - before["304"], after["connections"] - before["connections"] - 1,
          f"{cpu:.6f}")


def count(args):
    kinds = {}
    seconds = None
    with open(args.json, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if not line:
                continue
            event = json.loads(line)
            if event.get("event") == "pass":
                seconds = event.get("seconds")  # the pass's own line: its totals and time
                continue
            kinds[event["event"]] = kinds.get(event["event"], 0) + 1
    for kind in sorted(kinds):
        print(f"{kind} {kinds[kind]}")
    if seconds is not None:
        print(f"pass-seconds {seconds}")


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="step", required=True)
    p = commands.add_parser("serve", help="the local HTTP/1.1 server")
    p.add_argument("--pages", type=int, required=True)
    p.add_argument("--changed", type=int, required=True)
    p.add_argument("--first", required=True, help="the page of generation 1")
    p.add_argument("--second", required=True, help="the page of generation 2")
    p.add_argument("--port-file", required=True, help="where the port is written")
    p = commands.add_parser("etags", help="a curl config fetching every page")
    p.add_argument("--pages", type=int, required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--generation", type=int, choices=(0, 1, 2), required=True)
    p.add_argument("--changed", type=int, default=0, help="with --generation 2")
    p.add_argument("--out", required=True)
    p = commands.add_parser("changed", help="how many pages /_switch changes")
    p.add_argument("--pages", type=int, required=True)
    p.add_argument("--changed", type=int, required=True)
    p = commands.add_parser("time", help="wall, user and system time of one command")
    p.add_argument("--out", default=os.devnull, help="the command's standard output")
    p.add_argument("command", nargs=argparse.REMAINDER)
    p = commands.add_parser("floor", help="the server's floor, one keep-alive client")
    p.add_argument("--pages", type=int, required=True)
    p.add_argument("--port", type=int, required=True)
    p.add_argument("--generation", type=int, required=True)
    p = commands.add_parser("delta", help="the server's work between two /_stats")
    p.add_argument("before")
    p.add_argument("after")
    p = commands.add_parser("count", help="events of watch --json per kind")
    p.add_argument("--json", required=True)
    args = parser.parse_args()
    {"serve": serve, "etags": write_etags, "changed": lambda a: print(
        len(changed_pages(a.pages, a.changed))), "time": time_command, "floor": floor,
     "delta": delta, "count": count}[args.step](args)


if __name__ == "__main__":
    main()
