#!/usr/bin/env python3
"""Helpers for tools/bench/store: the corpus generator, the git anchors and the report.

Each subcommand does one step; tools/bench/store runs them in order. Nothing here writes
inside the repository: every path comes from the caller (the benchmark's temp dir).
"""
import argparse
import calendar
import hashlib
import json
import os
import random
import re
import shutil
import statistics
import subprocess
import sys
import time

GENERATOR_VERSION = "3"  # bump when the corpus changes, so cached corpora are rebuilt

SAMPLE_FILES = [
    "01-first.html",
    "02-expanded.html",
    "03-headline.html",
    "04-correction.html",
    "05-clarification.html",
    "06-chrome-only.html",
    "07-moved.html",
]
SAMPLE_URL = ("https://www.aljazeera.com/news/2021/6/8/"
              "harris-hails-new-era-with-mexico-during-lopez-obrador-meeting")
SAMPLE_HEADLINES = [
    "Harris meets Lopez Obrador as US seeks Mexico’s help on migration",
    "Harris hails ‘new era’ with Mexico during Lopez Obrador meeting",
]
LEAD_END = "among other issues.</p>"
ROOT_CAUSES = "<p>They then met for talks billed as focused on “root causes” of migration.</p>"
ON_HAND_END = "Guatemala, Honduras and El Salvador.</p>"
EBRARD_SECOND = (" The economy, security cooperation and development in southern Mexico and "
                 "Central America were addressed, Ebrard said in a tweet, without going into "
                 "further detail.</p>")
SOURCE_LINE = "<p>Source: Al Jazeera and news agencies</p>"
AID = re.compile(r"\$3[01]0m")
MODIFIED = re.compile(r'(article:modified_time" content="|"dateModified":")[0-9TZ:-]+')

START = calendar.timegm((2021, 6, 8, 6, 0, 0))  # the first story's first capture
STORY_SPACING = 60        # seconds between the first captures of consecutive stories
REVISION_SPACING = 600    # seconds between the revisions of one story
IDENTITY = "storytrail <storytrail@localhost>"


def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


def slug(s):
    return f"bench-story-{s:03d}"


def story_url(s):
    return f"https://www.aljazeera.com/news/2021/6/8/{slug(s)}"


def capture_time(s, k):
    return START + s * STORY_SPACING + k * REVISION_SPACING


def must_replace(page, old, new, what):
    if old not in page:
        raise SystemExit(f"store_bench: sample page lacks the {what} this generator edits")
    return page.replace(old, new)


def make_revision(bases, s, k, revisions):
    """The HTML of revision k (0-based) of story s: a sample page as base, then edits.

    The base walks through the seven samples as k grows (first draft, expanded, new headline,
    correction, clarification, chrome-only change, moved paragraph), so the article grows
    and its headline changes like the sample story's. On top of it, every revision:
      - gets its story's url and the story number in the headline,
      - changes a figure in the lead paragraph (it depends on k, so no two revisions of one
        story have the same text), and the aid figure every fourth revision,
      - depending on k % 4: adds an update paragraph, drops a paragraph, adds a sentence,
        or (from k = 4 on) drops a sentence,
      - has its capture time as the page's modified time (chrome, not article text).
    """
    at = capture_time(s, k)
    page = bases[min(len(bases) - 1, k * len(bases) // revisions)]
    page = must_replace(page, SAMPLE_URL, story_url(s), "url")
    for headline in SAMPLE_HEADLINES:
        page = page.replace(headline, f"{headline} ({s:03d})")
    detained = f"{172 + 3 * k + s % 11},{(s * 37 + k * 101) % 1000:03d}"
    page = must_replace(
        page, LEAD_END,
        f"among other issues. Officials put the number of people detained at the border in "
        f"May at {detained}.</p>", "lead paragraph")
    page = AID.sub(f"${300 + 10 * (k // 4)}m", page)
    step = k % 4
    if step == 1:
        hhmm = time.strftime("%H:%M", time.gmtime(at))
        page = must_replace(
            page, SOURCE_LINE,
            f"<p>This story is being updated. The latest figures were released at {hhmm} "
            f"GMT, {k % 5 + 2} hours after the meeting began.</p>\n{SOURCE_LINE}",
            "source line")
    elif step == 2:
        page = must_replace(page, ROOT_CAUSES + "\n", "", "root-causes paragraph")
    elif step == 3:
        page = must_replace(
            page, ON_HAND_END,
            f"Guatemala, Honduras and El Salvador. The agreement runs for {2 + k % 5} years.</p>",
            "on-hand paragraph")
    elif k > 0:
        page = must_replace(page, EBRARD_SECOND, "</p>", "Ebrard sentence")
    page = MODIFIED.sub(lambda m: m.group(1) + iso(at), page)
    return page


def rough_text(page):
    """The visible article text, roughly: enough to check that revisions differ."""
    start = page.find("<h1>")
    end = page.find(SOURCE_LINE)
    return re.sub(r"<[^>]+>", "", page[start:end])


def corpus_stamp(args, samples):
    digest = hashlib.sha256()
    digest.update(GENERATOR_VERSION.encode())
    for name in SAMPLE_FILES:
        with open(os.path.join(samples, name), "rb") as f:
            digest.update(f.read())
    digest.update(f"{args.stories} {args.revisions} {args.extras} {args.seed}".encode())
    return digest.hexdigest()


def cmd_corpus(args):
    """Writes the captures, manifest.json (import format) and extras.tsv; reuses a corpus made
    with the same parameters."""
    stamp_path = os.path.join(args.out, ".complete")
    stamp = corpus_stamp(args, args.samples)
    if os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if f.read().strip() == stamp:
                print(f"corpus: reusing {args.out}", file=sys.stderr)
                return
    if os.path.isdir(args.out):
        # A corpus made by another generator version, or left half-written: made again.
        shutil.rmtree(args.out)
    bases = []
    for name in SAMPLE_FILES:
        with open(os.path.join(args.samples, name), encoding="utf-8") as f:
            bases.append(f.read())
    captures = []
    total_bytes = 0
    for s in range(args.stories):
        os.makedirs(os.path.join(args.out, slug(s)), exist_ok=True)
        previous = None
        for k in range(args.revisions):
            page = make_revision(bases, s, k, args.revisions)
            text = rough_text(page)
            if text == previous:
                raise SystemExit(f"store_bench: revision {k} of story {s} repeats its text")
            previous = text
            rel = f"{slug(s)}/{k:03d}.html"
            data = page.encode("utf-8")
            total_bytes += len(data)
            with open(os.path.join(args.out, rel), "wb") as f:
                f.write(data)
            captures.append((capture_time(s, k), s, k, rel))
    captures.sort()
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        f.write('{\n  "captures": [\n')
        f.write(",\n".join(
            "    " + json.dumps({"file": rel, "story": slug(s), "url": story_url(s),
                                 "captured_at": iso(at)})
            for at, s, k, rel in captures))
        f.write("\n  ]\n}\n")
    # Extra revisions for the add-latency test on a full store: later than every revision
    # of their story, spread over random stories.
    rng = random.Random(args.seed)
    next_k = {}
    with open(os.path.join(args.out, "extras.tsv"), "w", encoding="utf-8") as f:
        for _ in range(args.extras):
            s = rng.randrange(args.stories)
            k = next_k.get(s, args.revisions)
            next_k[s] = k + 1
            rel = f"{slug(s)}/{k:03d}.html"
            with open(os.path.join(args.out, rel), "w", encoding="utf-8") as page:
                page.write(make_revision(bases, s, k, args.revisions))
            f.write(f"{rel}\t{slug(s)}\t{story_url(s)}\t{iso(capture_time(s, k))}\n")
    with open(stamp_path, "w") as f:
        f.write(stamp + "\n")
    print(f"corpus: {len(captures)} captures, {total_bytes / len(captures) / 1024:.1f} KiB "
          f"on average, in {args.out}", file=sys.stderr)


def cmd_add_list(args):
    """A spawn_timer list: one `storytrail add` per capture, in capture order."""
    with open(args.out, "w", encoding="utf-8") as out:
        if args.extras:
            with open(os.path.join(args.corpus, "extras.tsv"), encoding="utf-8") as f:
                rows = [line.rstrip("\n").split("\t") for line in f if line.strip()]
        else:
            with open(os.path.join(args.corpus, "manifest.json"), encoding="utf-8") as f:
                manifest = json.load(f)
            rows = [(c["file"], c["story"], c["url"], c["captured_at"])
                    for c in manifest["captures"]]
        for rel, story, url, at in rows:
            argv = [args.binary, "--store", args.store, "add", os.path.join(args.corpus, rel),
                    "--story", story, "--url", url, "--at", at]
            if any("\t" in a or "\n" in a for a in argv):
                raise SystemExit("store_bench: paths must not contain tabs or newlines")
            out.write("\t".join(argv) + "\n")


class CatFile:
    """A `git cat-file --batch` process, asked one object at a time."""

    def __init__(self, git_dir):
        self.proc = subprocess.Popen(["git", "--git-dir", git_dir, "cat-file", "--batch"],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE)

    def get(self, oid):
        self.proc.stdin.write(oid.encode() + b"\n")
        self.proc.stdin.flush()
        header = self.proc.stdout.readline().split()
        if len(header) != 3:
            raise SystemExit(f"store_bench: cannot read object {oid}")
        size = int(header[2])
        data = self.proc.stdout.read(size)
        self.proc.stdout.read(1)  # the newline after the object
        return header[1].decode(), data

    def close(self):
        self.proc.stdin.close()
        self.proc.wait()


def parse_tree(data):
    entries = []
    pos = 0
    while pos < len(data):
        space = data.index(b" ", pos)
        nul = data.index(b"\0", space)
        mode = data[pos:space].decode()
        name = data[space + 1:nul].decode()
        oid = data[nul + 1:nul + 21].hex()
        entries.append((mode, name, oid))
        pos = nul + 21
    return entries


def parse_commit(data):
    head, _, message = data.partition(b"\n\n")
    fields = {"parents": []}
    for line in head.split(b"\n"):
        key, _, value = line.partition(b" ")
        if key == b"parent":
            fields["parents"].append(value.decode())
        else:
            fields[key.decode()] = value.decode()
    return fields, message


def cmd_export_stream(args):
    """Writes a fast-import stream of every revision in the store: one commit per revision,
    in capture order across stories, its files as inline blobs."""
    refs = subprocess.run(
        ["git", "--git-dir", args.store, "for-each-ref", "--format=%(refname)", "refs/stories/"],
        check=True, capture_output=True, text=True).stdout.split()
    commits = []  # (time, ref, position, oid)
    for ref in refs:
        chain = subprocess.run(
            ["git", "--git-dir", args.store, "rev-list", "--first-parent", "--reverse", ref],
            check=True, capture_output=True, text=True).stdout.split()
        for position, oid in enumerate(chain):
            commits.append([None, ref, position, oid])
    cat = CatFile(args.store)
    parsed = {}
    for entry in commits:
        kind, data = cat.get(entry[3])
        fields, message = parse_commit(data)
        entry[0] = int(fields["committer"].rsplit(" ", 2)[1])
        parsed[entry[3]] = (fields, message)
    commits.sort()
    count = 0
    with open(args.out, "wb") as out:
        for _, ref, _, oid in commits:
            fields, message = parsed[oid]
            out.write(f"commit {ref}\nauthor {fields['author']}\n"
                      f"committer {fields['committer']}\n".encode())
            out.write(b"data %d\n" % len(message) + message + b"\n")
            out.write(b"deleteall\n")
            kind, tree = cat.get(fields["tree"])
            for mode, name, blob in parse_tree(tree):
                _, content = cat.get(blob)
                out.write(f"M {mode} inline {name}\n".encode())
                out.write(b"data %d\n" % len(content) + content + b"\n")
            out.write(b"\n")
            count += 1
    cat.close()
    print(count)


def read_stream(path, limit):
    """Yields (ref, time, message, [(name, content)]) from a stream written by export-stream."""
    with open(path, "rb") as f:
        def data():
            line = f.readline()
            assert line.startswith(b"data "), line
            content = f.read(int(line[5:]))
            f.read(1)
            return content

        produced = 0
        while produced < limit:
            line = f.readline()
            if not line:
                return
            if line == b"\n":
                continue
            assert line.startswith(b"commit "), line
            ref = line[7:].strip().decode()
            f.readline()  # author
            committer = f.readline().decode()
            at = int(committer.rsplit(" ", 2)[1])
            message = data()
            files = []
            while True:
                line = f.readline()
                if line in (b"\n", b""):
                    break
                if line.startswith(b"M "):
                    files.append((line.split(b" ", 3)[3].strip().decode(), data()))
            yield ref, at, message, files
            produced += 1


def cmd_loop_anchor(args):
    """NewsDiffs' way: one working tree; per revision write the files, git add, git commit.
    Prints the number of revisions and the seconds the loop took."""
    subprocess.run(["git", "init", "-q", args.repo], check=True)
    for key, value in (("user.name", "storytrail"), ("user.email", "storytrail@localhost"),
                       ("gc.auto", "0"), ("commit.gpgSign", "false")):
        subprocess.run(["git", "-C", args.repo, "config", key, value], check=True)
    revisions = list(read_stream(args.stream, args.count))
    env = dict(os.environ)
    start = time.perf_counter()
    for ref, at, message, files in revisions:
        folder = ref.rsplit("/", 1)[1]
        os.makedirs(os.path.join(args.repo, folder), exist_ok=True)
        for name, content in files:
            with open(os.path.join(args.repo, folder, name), "wb") as f:
                f.write(content)
        stamp = f"{at} +0000"
        env["GIT_AUTHOR_DATE"] = stamp
        env["GIT_COMMITTER_DATE"] = stamp
        subprocess.run(["git", "-C", args.repo, "add", "--", folder], check=True, env=env)
        subprocess.run(["git", "-C", args.repo, "commit", "-q", "--no-verify", "-F", "-"],
                       input=message, check=True, env=env, stdout=subprocess.DEVNULL)
    elapsed = time.perf_counter() - start
    print(f"{len(revisions)} {elapsed:.6f}")


def article_json(i, headline, url, at):
    body = [{"type": "paragraph",
             "text": f"Paragraph {p + 1} of story {i}, as captured at {iso(at)}."}
            for p in range(3)]
    return json.dumps({"url": url, "canonical_url": url, "site": "Bench News",
                       "headline": headline, "standfirst": "", "published": iso(at),
                       "modified": iso(at), "language": "en", "bylines": [], "body": body,
                       "extractor": "storytrail-html/2"}, ensure_ascii=False, indent=2) + "\n"


def cmd_big_store(args):
    """A store of N stories, one small revision each, built with git fast-import, in the tree
    layout and with the commit trailers storytrail writes; refs packed."""
    git = ["git", "--git-dir", args.out]
    subprocess.run(["git", "init", "-q", "--bare", args.out], check=True)
    proc = subprocess.Popen(git + ["fast-import", "--quiet"], stdin=subprocess.PIPE)
    out = proc.stdin
    source = ("<!DOCTYPE html>\n<html lang=\"en\"><head><title>Bench</title></head><body>"
              "<article><h1>Bench</h1><p>Saved page.</p></article></body></html>\n").encode()
    out.write(b"blob\nmark :1\ndata %d\n" % len(source) + source + b"\n")
    for i in range(args.stories):
        name = f"big-story-{i:06d}"
        url = f"https://news.example.com/2021/06/08/{name}"
        at = START + i
        headline = f"Bench headline number {i} for the story listing"
        message = (f"{headline}\n\nStory: {name}\nRevision: 1\nCaptured-At: {iso(at)}\n"
                   f"First-Captured-At: {iso(at)}\nSource-URL: {url}\n").encode()
        text = (f"{headline}\n\n" + "\n\n".join(
            f"Paragraph {p + 1} of story {i}, as captured at {iso(at)}." for p in range(3))
                + "\n").encode()
        js = article_json(i, headline, url, at).encode()
        out.write(f"commit refs/stories/{name}\nauthor {IDENTITY} {at} +0000\n"
                  f"committer {IDENTITY} {at} +0000\n".encode())
        out.write(b"data %d\n" % len(message) + message)
        out.write(b"M 100644 inline article.json\ndata %d\n" % len(js) + js + b"\n")
        out.write(b"M 100644 inline article.txt\ndata %d\n" % len(text) + text + b"\n")
        out.write(b"M 100644 :1 source.html\n\n")
    out.close()
    if proc.wait() != 0:
        raise SystemExit("store_bench: git fast-import failed building the big store")
    subprocess.run(git + ["pack-refs", "--all"], check=True)
    for key, value in (("core.logAllRefUpdates", "always"), ("gc.reflogExpire", "never"),
                       ("gc.reflogExpireUnreachable", "never"), ("user.name", "storytrail"),
                       ("user.email", "storytrail@localhost"), ("storytrail.version", "1")):
        subprocess.run(git + ["config", key, value], check=True)


def read_times(path):
    with open(path) as f:
        return [float(line) for line in f if line.strip()]


def percentile(values, fraction):
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def cmd_stats(args):
    """Prints `total median p90 min max count` of a spawn_timer output file."""
    values = read_times(args.file)
    print(f"{sum(values):.6f} {statistics.median(values):.6f} {percentile(values, 0.9):.6f} "
          f"{min(values):.6f} {max(values):.6f} {len(values)}")


def cmd_sum_revisions(args):
    """Sums the revision counts in `storytrail stories --json` output."""
    with open(args.file, encoding="utf-8") as f:
        stories = json.load(f)["stories"]
    print(f"{len(stories)} {sum(s['revisions'] for s in stories)}")


def cmd_report(args):
    """Prints the summary table from the key=value results file."""
    r = {}
    with open(args.results, encoding="utf-8") as f:
        for line in f:
            if "=" in line:
                key, value = line.rstrip("\n").split("=", 1)
                r[key] = value

    def num(key):
        return float(r[key]) if key in r and r[key] != "" else None

    def secs(v):
        return "-" if v is None else (f"{v:.3f} s" if v < 10 else f"{v:.1f} s")

    def ms(v):
        return "-" if v is None else f"{v * 1000:.1f} ms"

    def ratio(a, b):
        return None if a is None or not b else a / b

    rows = []  # (measure, value, anchor, ratio, target, verdict)

    def row(measure, value, anchor="", rat=None, target="", ok=None):
        verdict = "" if ok is None else ("ok" if ok else "MISS")
        rows.append((measure, value, anchor, "" if rat is None else f"{rat:.2f}x", target,
                     verdict))

    n = int(num("captures") or 0)
    imp, fi = num("import_s"), num("fastimport_s")
    ra = ratio(imp, fi)
    row(f"import {n} captures", secs(imp), f"fast-import {secs(fi)}", ra, "<= 1.0",
        None if ra is None else ra <= 1.0)
    if imp:
        row("  import throughput", f"{n / imp:.0f} captures/s")
    reimp = num("reimport_s")
    if reimp is not None:
        row("  re-import, all unchanged (read+extract+plan)", secs(reimp), "",
            ratio(reimp, imp), "(share of import)")
        row("  import minus re-import (~ writing)", secs(imp - reimp) if imp else "-")
    loop_n, loop_s = num("loop_revisions"), num("loop_s")
    if loop_n and loop_s is not None:
        per = loop_s / loop_n
        ext = per * n
        rl = ratio(ext, imp)
        row(f"NewsDiffs loop, {n} (extrapolated)", secs(ext), f"import {secs(imp)}", rl,
            ">= 20", None if rl is None else rl >= 20)
        row(f"  measured: first {int(loop_n)} captures", secs(loop_s),
            f"{per * 1000:.1f} ms/rev")
    row(f"add x{n}, one process each: total", secs(num("add_total_s")),
        f"import {secs(imp)}", ratio(num("add_total_s"), imp))
    row("  add median / p90 (store growing)",
        f"{ms(num('add_median_s'))} / {ms(num('add_p90_s'))}")
    extras = int(num("extra_count") or 0)
    floor = num("empty_stories_s")
    em = num("extra_median_s")
    row(f"add median, store of {n}+ ({extras} adds)", ms(em),
        f"floor {ms(floor)}", ratio(em, floor), "< 25 ms", None if em is None else em < 0.025)
    row("  add p90 / max on that store",
        f"{ms(num('extra_p90_s'))} / {ms(num('extra_max_s'))}")
    big = int(num("big_stories") or 0)
    st, fer = num("big_stories_s"), num("big_foreachref_s")
    rs = ratio(st, fer)
    row(f"stories, {big} stories", ms(st), f"for-each-ref {ms(fer)}", rs, "<= 2.0",
        None if rs is None else rs <= 2.0)
    if num("big_stories_cold_s") is not None:
        row("  first listing (no summary cache yet)", ms(num("big_stories_cold_s")), "",
            ratio(num("big_stories_cold_s"), fer), "(info)")
    if num("big_foreachref_fmt_s") is not None:
        row("  for-each-ref reading each commit", ms(num("big_foreachref_fmt_s")), "",
            ratio(st, num("big_foreachref_fmt_s")), "(info)")
    row("stories, empty store (libgit2 init floor)", ms(floor))
    row("--version (no libgit2)", ms(num("version_s")))
    if floor is not None and num("version_s") is not None:
        row("  libgit2 init + open (difference)", ms(floor - num("version_s")))

    headers = ("measure", "value", "anchor", "ratio", "target", "")
    widths = [max(len(h), *(len(x[i]) for x in rows)) for i, h in enumerate(headers)]
    fmt = "  ".join(f"{{:<{w}}}" for w in widths)
    print(fmt.format(*headers).rstrip())
    print("  ".join("-" * w for w in widths[:-1]))
    for x in rows:
        print(fmt.format(*x).rstrip())
    misses = [x[0].strip() for x in rows if x[5] == "MISS"]
    print()
    print("targets missed: " + (", ".join(misses) if misses else "none"))


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("corpus")
    p.add_argument("--samples", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--stories", type=int, default=500)
    p.add_argument("--revisions", type=int, default=20)
    p.add_argument("--extras", type=int, default=200)
    p.add_argument("--seed", type=int, default=1)
    p.set_defaults(run=cmd_corpus)
    p = sub.add_parser("add-list")
    p.add_argument("--corpus", required=True)
    p.add_argument("--binary", required=True)
    p.add_argument("--store", required=True)
    p.add_argument("--out", required=True)
    p.add_argument("--extras", action="store_true")
    p.set_defaults(run=cmd_add_list)
    p = sub.add_parser("export-stream")
    p.add_argument("--store", required=True)
    p.add_argument("--out", required=True)
    p.set_defaults(run=cmd_export_stream)
    p = sub.add_parser("loop-anchor")
    p.add_argument("--stream", required=True)
    p.add_argument("--repo", required=True)
    p.add_argument("--count", type=int, required=True)
    p.set_defaults(run=cmd_loop_anchor)
    p = sub.add_parser("big-store")
    p.add_argument("--out", required=True)
    p.add_argument("--stories", type=int, required=True)
    p.set_defaults(run=cmd_big_store)
    p = sub.add_parser("stats")
    p.add_argument("file")
    p.set_defaults(run=cmd_stats)
    p = sub.add_parser("sum-revisions")
    p.add_argument("file")
    p.set_defaults(run=cmd_sum_revisions)
    p = sub.add_parser("report")
    p.add_argument("results")
    p.set_defaults(run=cmd_report)
    args = parser.parse_args()
    if args.command == "corpus" and (args.stories < 1 or args.revisions < 1):
        raise SystemExit("store_bench: --stories and --revisions must be at least 1")
    args.run(args)


if __name__ == "__main__":
    main()
