#!/usr/bin/env python3
"""Helpers for tools/bench/timeline. Standard library only.

    timeline_measure.py manifest --corpus DIR --story SLUG --first N --out DIR
        Writes OUT/manifest.json listing the first N captures of SLUG in DIR/manifest.json
        (capture order, as the generator wrote them), with absolute file paths, so that
        `storytrail import OUT` records a story of exactly those revisions. Fails when the
        corpus holds fewer than N captures of SLUG.

    timeline_measure.py maxrss -- PROGRAM ARGS...
        Runs the command once (standard input and output on /dev/null, standard error
        inherited) and prints its peak resident set size in KiB: ru_maxrss of
        getrusage(RUSAGE_CHILDREN), the figure /usr/bin/time -f %M gives. It is never below
        this Python process's own peak (about 14 MB), so small commands read high. The
        benchmark uses it only where /usr/bin/time is missing. Fails when the command fails.

Nothing here writes inside the repository: every path comes from the caller.
"""
import argparse
import json
import os
import resource
import sys


def write_manifest(args):
    corpus = os.path.abspath(args.corpus)
    with open(os.path.join(corpus, "manifest.json"), encoding="utf-8") as f:
        captures = json.load(f)["captures"]
    chosen = []
    for capture in captures:
        if capture.get("story") != args.story:
            continue
        entry = dict(capture)
        if not os.path.isabs(entry["file"]):
            entry["file"] = os.path.join(corpus, entry["file"])
        chosen.append(entry)
        if len(chosen) == args.first:
            break
    if len(chosen) < args.first:
        sys.exit(f"timeline_measure: {corpus} holds {len(chosen)} captures of {args.story}, "
                 f"not {args.first}")
    os.makedirs(args.out, exist_ok=True)
    with open(os.path.join(args.out, "manifest.json"), "w", encoding="utf-8") as f:
        f.write('{"captures": [\n')
        f.write(",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in chosen))
        f.write("\n]}\n")


def max_rss(args):
    command = args.command
    if command and command[0] == "--":
        command = command[1:]
    if not command:
        sys.exit("timeline_measure: maxrss needs a command after --")
    # RUSAGE_CHILDREN covers the children waited for so far; this process has none before.
    # Linux keeps, through exec, the peak of the process that spawned the command, so the
    # figure is at least this Python process's own peak (about 14 MB) and only a command
    # above that is measured exactly. /usr/bin/time, a small C program, adds about 1 MB.
    actions = [(os.POSIX_SPAWN_OPEN, 0, os.devnull, os.O_RDONLY, 0),
               (os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)]
    try:
        pid = os.posix_spawnp(command[0], command, os.environ, file_actions=actions)
    except OSError as error:
        sys.exit(f"timeline_measure: cannot start {command[0]}: {error.strerror}")
    status = os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1])
    if status != 0:
        sys.exit(f"timeline_measure: the command failed (status {status}): {' '.join(command)}")
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)  # KiB on Linux


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="step", required=True)
    manifest = commands.add_parser("manifest", help="a manifest of a story's first N captures")
    manifest.add_argument("--corpus", required=True, help="the folder of the full manifest")
    manifest.add_argument("--story", required=True, help="the story's slug")
    manifest.add_argument("--first", required=True, type=int, help="how many captures")
    manifest.add_argument("--out", required=True, help="the folder to write manifest.json in")
    manifest.set_defaults(run=write_manifest)
    rss = commands.add_parser("maxrss", help="a command's peak resident set size, in KiB")
    rss.add_argument("command", nargs=argparse.REMAINDER, help="-- PROGRAM ARGS...")
    rss.set_defaults(run=max_rss)
    args = parser.parse_args()
    if args.step == "manifest" and args.first < 1:
        parser.error("--first must be at least 1")
    args.run(args)


if __name__ == "__main__":
    main()
