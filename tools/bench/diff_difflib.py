#!/usr/bin/env python3
"""The difflib reference of tools/bench/diff: Python's difflib on the same word tokens as the
diff engine.

    diff_difflib.py TOKENS.json [--reps N] [--results FILE] [--name NAME]

TOKENS.json is what `st_bench_diff export` writes: {"old": [...], "new": [...]}, the word
tokens (st::tokenize) of two revisions' article.txt. Times
difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes(): one flat diff of the
whole text, with no junk heuristic (autojunk would treat the space token, which is every
other token, as junk and change the result). One untimed run first, then REPS timed runs with
time.perf_counter; prints the median and the fastest, and what the opcodes say changed.
With --results, appends NAME.difflib_s (median), NAME.difflib_min_s, NAME.difflib_tokens_old,
NAME.difflib_tokens_new and NAME.difflib_changes (opcodes other than equal) to FILE.
Standard library only.
"""
import argparse
import difflib
import json
import statistics
import time


def opcodes(old, new):
    return difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("tokens", help="tokens.json from st_bench_diff export")
    parser.add_argument("--reps", type=int, default=5, help="timed runs (default: 5)")
    parser.add_argument("--results", help="append the figures to this file")
    parser.add_argument("--name", default="difflib", help="prefix of the figures' keys")
    args = parser.parse_args()
    if args.reps < 1:
        parser.error("--reps must be at least 1")
    with open(args.tokens, encoding="utf-8") as f:
        tokens = json.load(f)
    old, new = tokens["old"], tokens["new"]

    changes = [op for op in opcodes(old, new) if op[0] != "equal"]
    times = []
    for _ in range(args.reps):
        start = time.perf_counter()
        opcodes(old, new)
        times.append(time.perf_counter() - start)
    median = statistics.median(times)

    removed = sum(i2 - i1 for tag, i1, i2, _, _ in changes if tag in ("delete", "replace"))
    inserted = sum(j2 - j1 for tag, _, _, j1, j2 in changes if tag in ("insert", "replace"))
    print(f"difflib: {len(old)} and {len(new)} tokens, {args.reps} runs after one untimed: "
          f"median {median * 1e3:.3f} ms, fastest {min(times) * 1e3:.3f} ms; "
          f"{len(changes)} changes (-{removed} +{inserted} tokens)")
    if args.results:
        with open(args.results, "a", encoding="utf-8") as f:
            f.write(f"{args.name}.difflib_s={median:.9g}\n")
            f.write(f"{args.name}.difflib_min_s={min(times):.9g}\n")
            f.write(f"{args.name}.difflib_tokens_old={len(old)}\n")
            f.write(f"{args.name}.difflib_tokens_new={len(new)}\n")
            f.write(f"{args.name}.difflib_changes={len(changes)}\n")


if __name__ == "__main__":
    main()
