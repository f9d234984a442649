#!/usr/bin/env python3
"""Scores storytrail's extracted articles against Readability.js's reference extractions.

Helper of tools/bench/extract; standard library only. Two commands:

  score  reads the per-page JSON st_bench_extract wrote (--articles) and each page's
         expected.html / expected-metadata.json (--corpus), prints quality per group (news and
         other, see --news), the worst pages, and a summary against the targets, with the
         timing figures of the same run (--timing).
  diff   shows, for one page, which of our blocks the reference lacks and which reference
         blocks we lack: the detail behind a low score.

Measures (one page):
  reference text   expected.html with its tags stripped (html.parser); block-level elements
                   and <br> separate words.
  our text         "body": the body blocks, every kind (paragraphs, headings, quotes, list
                   items, captions, embeds); "everything": the standfirst, then the body.
                   Neither includes the headline or the byline.
  tokens           \\w+ (Unicode), lower-cased. A run of Chinese or Japanese characters is one
                   token, so scores of those pages are coarse.
  shingles         every run of 4 consecutive tokens (a text of 1-3 tokens is one shingle),
                   as a multiset. Precision = common / ours, recall = common / reference,
                   F1 their harmonic mean; the same over single tokens. Nothing extracted
                   scores 0 (1 when the reference is empty too).
  title            our headline against the reference title after collapsing whitespace
                   ("exact"), and after also folding case, Unicode compatibility forms, quotes
                   and dashes ("normalised"). Pages with a null title are skipped.
                   "title +site" counts the other titles that are the reference minus what
                   follows a site separator at its end ("Headline - Breitbart",
                   "Headline_Tech_Tencent"): storytrail removes the site suffix from titles on
                   purpose (the extraction issue requires it), while Readability keeps it
                   when it takes og:title as written. The title target counts exact
                   matches plus these; the summary also prints exact matches alone.
  byline           our names as storytrail prints them ("By A and B"), with or without the
                   leading "By ", against the reference byline, the same two ways;
                   "normalised" also drops the words by/and (and par, et, von, und, por), so
                   "A and B" matches "A, B". Null bylines are skipped.
Group figures are macro averages: the mean of the pages' scores. The breakdown of the news
pages (and the diff command) splits both texts into blocks and counts the tokens of blocks
with less than half of their shingles found on the other side (a block of 1-3 tokens: found
when its tokens occur there in a row), by our block type or by the reference's enclosing
element (caption, heading, list_item, quote, table, paragraph; "link" when links hold 80% of
the block's letters).
"""

import argparse
import collections
import html.parser
import json
import os
import re
import signal
import sys
import unicodedata

WORD = re.compile(r"\w+")
SHINGLE_SIZE = 4

# Elements after which a browser starts a new line: they separate words in the reference.
BLOCK_TAGS = {
    "address", "article", "aside", "blockquote", "br", "caption", "dd", "details", "dialog",
    "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3",
    "h4", "h5", "h6", "header", "hr", "img", "li", "main", "nav", "ol", "p", "pre", "section",
    "summary", "table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "video", "iframe",
}
# Elements whose text is never shown.
HIDDEN_TAGS = {"script", "style", "template", "noscript"}

# Published article-body figures (shingle F1) of other extractors on the scrapinghub
# article-extraction-benchmark: 181 news pages with human-made references. Another corpus and
# other references, so only a point of comparison.
PUBLISHED = [("trafilatura", 0.958), ("Readability.js", 0.947), ("newspaper", 0.912),
             ("boilerpipe", 0.860)]

TARGETS = {"news_body_shingle_f1": 0.95, "news_title_exact": 0.95, "ratio": 1.5,
           "extract_s": 3.0}


# Context of a reference block, from the elements around its text (innermost that matters).
CONTEXT_OF_TAG = {"figcaption": "caption", "figure": "caption", "caption": "caption",
                  "h1": "heading", "h2": "heading", "h3": "heading", "h4": "heading",
                  "h5": "heading", "h6": "heading", "li": "list_item", "dt": "list_item",
                  "dd": "list_item", "blockquote": "quote", "td": "table", "th": "table"}
VOID_TAGS = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
             "source", "track", "wbr"}


class _BlockCollector(html.parser.HTMLParser):
    """Splits an HTML fragment into text blocks at block boundaries. Each block is
    (text, context): context is caption, heading, list_item, quote, table or paragraph from
    the enclosing elements, or "link" when links hold 80% or more of the block's letters."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks = []
        self.stack = []  # open elements
        self.parts = []
        self.link_chars = 0
        self.hidden = 0

    def _flush(self):
        text = " ".join("".join(self.parts).split())
        if text:
            letters = sum(1 for c in text if not c.isspace())
            context = "paragraph"
            for tag in reversed(self.stack):
                if tag in CONTEXT_OF_TAG:
                    context = CONTEXT_OF_TAG[tag]
                    break
            if self.link_chars >= 0.8 * letters:
                context = "link"
            self.blocks.append((text, context))
        self.parts = []
        self.link_chars = 0

    def handle_starttag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in HIDDEN_TAGS:
            self.hidden += 1
        if tag not in VOID_TAGS:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self._flush()

    def handle_endtag(self, tag):
        if tag in BLOCK_TAGS:
            self._flush()
        if tag in HIDDEN_TAGS and self.hidden > 0:
            self.hidden -= 1
        if tag in self.stack:  # close it and whatever was left open inside it
            del self.stack[len(self.stack) - 1 - self.stack[::-1].index(tag):]

    def handle_data(self, data):
        if self.hidden:
            return
        self.parts.append(data)
        if "a" in self.stack:
            self.link_chars += sum(1 for c in data if not c.isspace())

    def close(self):
        super().close()
        self._flush()


def html_blocks(markup):
    """The text blocks of an HTML fragment: [(text, context)]."""
    collector = _BlockCollector()
    collector.feed(markup)
    collector.close()
    return collector.blocks


def read_reference(corpus, page):
    with open(os.path.join(corpus, page, "expected.html"), encoding="utf-8") as f:
        return html_blocks(f.read())


def tokens(text):
    return WORD.findall(text.lower())


def shingles(words):
    if not words:
        return collections.Counter()
    if len(words) < SHINGLE_SIZE:
        return collections.Counter([tuple(words)])
    return collections.Counter(
        tuple(words[i:i + SHINGLE_SIZE]) for i in range(len(words) - SHINGLE_SIZE + 1))


def prf(ours, reference):
    """Precision, recall and F1 of two multisets (Counters)."""
    n_ours = sum(ours.values())
    n_ref = sum(reference.values())
    if n_ours == 0 or n_ref == 0:
        both_empty = n_ours == 0 and n_ref == 0
        value = 1.0 if both_empty else 0.0
        return {"p": value, "r": value, "f1": value}
    common = sum((ours & reference).values())
    p = common / n_ours
    r = common / n_ref
    f1 = 2 * p * r / (p + r) if p + r > 0 else 0.0
    return {"p": p, "r": r, "f1": f1}


def text_scores(ours_text, ref_words):
    ours_words = tokens(ours_text)
    return {
        "shingle": prf(shingles(ours_words), shingles(ref_words)),
        "token": prf(collections.Counter(ours_words), collections.Counter(ref_words)),
        "tokens_ours": len(ours_words),
        "tokens_ref": len(ref_words),
    }


def collapse(text):
    return " ".join(text.split())


QUOTE_FOLD = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
    "\u00b4": "'", "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
    "\u00ab": '"', "\u00bb": '"', "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-",
    "\u2014": "-", "\u2015": "-", "\u2212": "-",
})


def fold(text):
    """Case, compatibility forms, quotes and dashes unified; whitespace collapsed."""
    return collapse(unicodedata.normalize("NFKC", text).translate(QUOTE_FOLD).casefold())


BYLINE_FILLER = {"by", "and", "par", "et", "von", "und", "por"}


def byline_words(text):
    return [w for w in tokens(fold(text)) if w not in BYLINE_FILLER]


def byline_text(names):
    """storytrail's byline line (article.hpp, byline_text)."""
    if not names:
        return ""
    if len(names) == 1:
        return "By " + names[0]
    return "By " + ", ".join(names[:-1]) + " and " + names[-1]


def compare(expected, ours, normalise, alternatives=()):
    """Exact (whitespace collapsed) and normalised matches of `ours`, or of any of
    `alternatives` (other renderings of the same value), against `expected`."""
    if expected is None:
        return None
    candidates = [ours, *alternatives]
    return {
        "expected": expected,
        "ours": ours,
        "exact": any(collapse(expected) == collapse(c) for c in candidates),
        "normalised": any(normalise(expected) == normalise(c) for c in candidates),
    }


# What separates a site's name from the headline in a <title>: "Headline - Site",
# "Headline | Site", "Headline _Section _Site", "Headline :: Site".
SITE_SEPARATOR = re.compile(r"\s*(?:\s[-|\u2013\u2014:\u00b7\u2022/]+|_|::)\s*(?=\S)")


def is_ours_plus_site_suffix(expected, ours):
    """Whether the reference title is our headline, whole, then a separator and more
    ("Headline - Breitbart", "Headline_Section_Site"): the suffix the issue asks us to drop."""
    expected, ours = fold(expected), fold(ours)
    if not ours or not expected.startswith(ours):
        return False
    match = SITE_SEPARATOR.match(expected, len(ours))
    return match is not None and match.end() < len(expected)


def read_news_list(path):
    names = set()
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.split("#", 1)[0].strip()
            if line:
                names.add(line)
    return names


def score_page(name, corpus, articles, news):
    page_dir = os.path.join(corpus, name)
    ref_blocks = read_reference(corpus, name)
    ref_words = tokens("\n".join(text for text, _ in ref_blocks))
    with open(os.path.join(page_dir, "expected-metadata.json"), encoding="utf-8") as f:
        meta = json.load(f)
    article_file = os.path.join(articles, name + ".json")
    result = {"page": name, "group": "news" if name in news else "other"}
    article = {}
    if not os.path.exists(article_file):
        result["error"] = "no extraction output"
    else:
        with open(article_file, encoding="utf-8") as f:
            out = json.load(f)
        if out.get("ok"):
            article = out["article"]
        else:
            result["error"] = out.get("error", "extraction failed")
        result["parse_s"] = out.get("parse_s")
        result["extract_s"] = out.get("extract_s")
    body = "\n".join(block["text"] for block in article.get("body", []))
    standfirst = article.get("standfirst", "")
    result["body"] = text_scores(body, ref_words)
    result["everything"] = text_scores(standfirst + "\n" + body, ref_words)
    headline = article.get("headline", "")
    result["title"] = compare(meta.get("title"), headline, fold)
    if result["title"] is not None:
        # The reference title is ours plus a site suffix that we drop on purpose.
        result["title"]["site_suffix"] = (
            not result["title"]["normalised"]
            and is_ours_plus_site_suffix(meta["title"], headline))
    names = article.get("bylines", [])
    line = byline_text(names)
    result["byline"] = compare(meta.get("byline"), line, byline_words,
                               alternatives=[line[3:]] if line else [])
    return result


def mean(values):
    values = list(values)
    return sum(values) / len(values) if values else float("nan")


def group_figures(pages):
    figures = {"pages": len(pages)}
    for text in ("body", "everything"):
        for measure in ("shingle", "token"):
            for k in ("p", "r", "f1"):
                figures[f"{text}_{measure}_{k}"] = mean(p[text][measure][k] for p in pages)
    for field in ("title", "byline"):
        judged = [p[field] for p in pages if p[field] is not None]
        figures[f"{field}_judged"] = len(judged)
        for how in ("exact", "normalised"):
            figures[f"{field}_{how}"] = sum(1 for j in judged if j[how])
    figures["title_site_suffix"] = sum(
        1 for p in pages if p["title"] is not None and p["title"]["site_suffix"])
    return figures


def pct(count, total):
    return f"{count}/{total} {100.0 * count / total:5.1f}%" if total else "-"


def print_quality(groups):
    print("body text (P R F1, macro average over pages)")
    print(f"  {'group':<6} {'pages':>5}  {'text':<10}  {'shingles: P':>11} {'R':>6} {'F1':>6}"
          f"   {'tokens: P':>9} {'R':>6} {'F1':>6}")
    for name, g in groups.items():
        for text in ("body", "everything"):
            print(f"  {name:<6} {g['pages']:>5}  {text:<10}"
                  f"  {g[text + '_shingle_p']:>11.3f} {g[text + '_shingle_r']:>6.3f}"
                  f" {g[text + '_shingle_f1']:>6.3f}"
                  f"   {g[text + '_token_p']:>9.3f} {g[text + '_token_r']:>6.3f}"
                  f" {g[text + '_token_f1']:>6.3f}")
    print()
    print("metadata (pages whose reference has the field; \"+site\": the reference title is ours"
          " plus a site suffix)")
    print(f"  {'group':<6} {'title exact':>15} {'title normalised':>17} {'title +site':>12}"
          f" {'byline exact':>15} {'byline normalised':>18}")
    for name, g in groups.items():
        print(f"  {name:<6} {pct(g['title_exact'], g['title_judged']):>15}"
              f" {pct(g['title_normalised'], g['title_judged']):>17}"
              f" {g['title_site_suffix']:>12}"
              f" {pct(g['byline_exact'], g['byline_judged']):>15}"
              f" {pct(g['byline_normalised'], g['byline_judged']):>18}")


def print_worst(pages, count):
    worst = sorted(pages, key=lambda p: (p["body"]["shingle"]["f1"], p["page"]))[:count]
    print(f"the {len(worst)} worst pages by body shingle F1")
    print(f"  {'page':<34} {'group':<5} {'P':>6} {'R':>6} {'F1':>6}  {'tok F1':>6}"
          f"  {'every F1':>8}  {'tokens ours/ref':>15}")
    for p in worst:
        b = p["body"]
        tok = f"{b['tokens_ours']}/{b['tokens_ref']}"
        print(f"  {p['page']:<34} {p['group']:<5} {b['shingle']['p']:>6.3f}"
              f" {b['shingle']['r']:>6.3f} {b['shingle']['f1']:>6.3f}"
              f"  {b['token']['f1']:>6.3f}  {p['everything']['shingle']['f1']:>8.3f}"
              f"  {tok:>15}" + (f"  ({p['error']})" if "error" in p else ""))


def print_mismatches(pages, field, limit):
    misses = [p for p in pages if p["group"] == "news" and p[field] is not None
              and not p[field]["exact"]]
    if not misses:
        return
    legend = "~ equal when normalised, + the reference adds a site suffix, x other"
    if field != "title":
        legend = "~ equal when normalised, x other"
    print(f"news {field}s that differ: reference, then ours ({legend})")
    for p in misses[:limit]:
        m = p[field]
        mark = "~" if m["normalised"] else "+" if m.get("site_suffix") else "x"
        print(f"  {mark} {p['page']:<26} {collapse(m['expected'])[:100]!r}")
        print(f"    {'':<26} {collapse(m['ours'])[:100]!r}")
    if len(misses) > limit:
        print(f"  ... and {len(misses) - limit} more")
    print()


def verdict(ok):
    return "met" if ok else "NOT MET"


def print_summary(groups, timing):
    news = groups["news"]
    rows = []
    f1 = news["body_shingle_f1"]
    rows.append(("news body shingle F1 (macro)", f"{f1:.3f}", ">= 0.95",
                 verdict(f1 >= TARGETS["news_body_shingle_f1"])))
    judged = news["title_judged"]
    share = (news["title_exact"] + news["title_site_suffix"]) / judged if judged else 0.0
    rows.append(("news title exact, site suffix discounted", f"{100 * share:.1f}%", ">= 95%",
                 verdict(share >= TARGETS["news_title_exact"])))
    raw = news["title_exact"] / judged if judged else 0.0
    rows.append(("  (news title exact as written)", f"{100 * raw:.1f}%", "", ""))
    if timing:
        ratio = timing["ratio"]
        rows.append(("extraction / parse time (medians)", f"{ratio:.2f}", "<= 1.5",
                     verdict(ratio <= TARGETS["ratio"])))
        seconds = timing["extract"]["median_s"]
        rows.append((f"corpus extraction, {timing['pages']} pages (median)", f"{seconds:.3f} s",
                     "< 3 s", verdict(seconds < TARGETS["extract_s"])))
    else:
        rows.append(("extraction / parse time", "not measured", "<= 1.5", "-"))
        rows.append(("corpus extraction", "not measured", "< 3 s", "-"))
    print("summary")
    print(f"  {'figure':<42} {'value':>9}  {'target':<8} {'':<7}")
    for label, value, target, status in rows:
        print(f"  {label:<42} {value:>9}  {target:<8} {status}")
    print(f"  for comparison, body shingle F1 {groups['all']['body_shingle_f1']:.3f} on all pages;"
          " published figures on the scrapinghub")
    print("  article-extraction-benchmark (181 news pages, human references, so not the same"
          " measure): " + ", ".join(f"{n} {v:.3f}" for n, v in PUBLISHED))


def command_score(args):
    news = read_news_list(args.news)
    names = sorted(d for d in os.listdir(args.corpus)
                   if os.path.isfile(os.path.join(args.corpus, d, "expected.html")))
    unknown = sorted(news - set(names))
    if unknown:
        print(f"extract_score.py: news pages not in the corpus: {', '.join(unknown)}",
              file=sys.stderr)
    pages = [score_page(n, args.corpus, args.articles, news) for n in names]
    groups = {
        "news": group_figures([p for p in pages if p["group"] == "news"]),
        "other": group_figures([p for p in pages if p["group"] == "other"]),
        "all": group_figures(pages),
    }
    timing = None
    if args.timing and os.path.exists(args.timing):
        with open(args.timing, encoding="utf-8") as f:
            timing = json.load(f)

    print(f"extraction quality: {len(pages)} pages against Readability.js's expected.html"
          f" ({groups['news']['pages']} news, {groups['other']['pages']} other; news pages"
          f" listed in {os.path.basename(args.news)})")
    print('"body" scores the body blocks alone (the main figure); "everything" scores the'
          " standfirst followed by the body")
    print("(Readability's reference often holds the standfirst or captions). Tokens: \\w+,"
          " lower-cased; shingles: 4 tokens.")
    print()
    print_quality(groups)
    print()
    print_worst(pages, args.worst)
    print()
    print_breakdown(args.corpus, args.articles, pages, "news")
    print()
    print_mismatches(pages, "title", 12)
    print_mismatches(pages, "byline", 12)
    print_summary(groups, timing)

    if args.json:
        with open(args.json, "w", encoding="utf-8") as f:
            json.dump({"groups": groups, "timing": timing, "pages": pages}, f,
                      ensure_ascii=False, indent=1)
            f.write("\n")
    return 0


def _contains(haystack, needle):
    n = len(needle)
    return any(haystack[i:i + n] == needle for i in range(len(haystack) - n + 1))


def _coverage(text, other_words, other_pool):
    """The share of a block's shingles found in the other text; a block of fewer than four
    tokens counts as found when its tokens occur there in a row."""
    words = tokens(text)
    if len(words) < SHINGLE_SIZE:
        return 1.0 if not words or _contains(other_words, words) else 0.0
    own = shingles(words)
    return sum((own & other_pool).values()) / sum(own.values())


def block_diff(ours, reference, threshold):
    """Blocks of ours the reference lacks and blocks of the reference ours lack: lists of
    (kind or context, coverage, text) for blocks with less than `threshold` of their
    shingles found on the other side. `ours` and `reference` are [(text, kind)]."""
    ref_words = tokens("\n".join(t for t, _ in reference))
    ours_words = tokens("\n".join(t for t, _ in ours))
    ref_pool, ours_pool = shingles(ref_words), shingles(ours_words)
    extra = [(k, c, t) for t, k in ours
             if (c := _coverage(t, ref_words, ref_pool)) < threshold]
    missing = [(k, c, t) for t, k in reference
               if (c := _coverage(t, ours_words, ours_pool)) < threshold]
    return extra, missing


def our_blocks(article, standfirst=True):
    blocks = []
    if standfirst and article.get("standfirst"):
        blocks.append((article["standfirst"], "standfirst"))
    blocks += [(b["text"], b["type"]) for b in article.get("body", [])]
    return blocks


def print_breakdown(corpus, articles, pages, group):
    """Where one group's text differs, summed over its pages: unmatched tokens by the kind of
    block they are in (ours: the block type; reference: the enclosing element)."""
    extra_by = collections.Counter()
    missing_by = collections.Counter()
    extra_pages = collections.defaultdict(set)
    missing_pages = collections.defaultdict(set)
    for p in pages:
        if p["group"] != group:
            continue
        path = os.path.join(articles, p["page"] + ".json")
        article = {}
        if os.path.exists(path):
            with open(path, encoding="utf-8") as f:
                article = json.load(f).get("article", {})
        extra, missing = block_diff(our_blocks(article, standfirst=False),
                                    read_reference(corpus, p["page"]), 0.5)
        for kind, _, text in extra:
            extra_by[kind] += len(tokens(text))
            extra_pages[kind].add(p["page"])
        for kind, _, text in missing:
            missing_by[kind] += len(tokens(text))
            missing_pages[kind].add(p["page"])

    def show(label, counts, where):
        total = sum(counts.values())
        print(f"  {label} {total} tokens:")
        for kind, n in counts.most_common():
            names = sorted(where[kind])
            shown = ", ".join(names[:6]) + (f" +{len(names) - 6}" if len(names) > 6 else "")
            print(f"    {kind:<11} {n:>6}  {len(names):>2} pages: {shown}")

    print(f"where the {group} pages differ: tokens in blocks less than half matched, by block"
          " kind (body only)")
    show("extra (ours, not in the reference):", extra_by, extra_pages)
    show("missing (reference, not in ours):", missing_by, missing_pages)


def command_diff(args):
    """Our blocks the reference lacks (extra) and reference blocks we lack (missing)."""
    reference = read_reference(args.corpus, args.page)
    with open(os.path.join(args.articles, args.page + ".json"), encoding="utf-8") as f:
        out = json.load(f)
    article = out.get("article", {})
    ours = our_blocks(article)
    extra, missing = block_diff(ours, reference, args.threshold)
    print(f"{args.page}: headline {article.get('headline', '')!r}")
    if not out.get("ok", True):
        print(f"  extraction failed: {out.get('error')}")
    print(f"  blocks: ours {len(ours)}, reference {len(reference)};"
          f" shown: blocks with less than {args.threshold:.0%} of their shingles matched")
    print("extra (ours, not in the reference):")
    for kind, c, text in extra:
        print(f"  [{kind} {c:.0%}] {text[:args.width]}")
    print("missing (reference, not in ours; kind from the enclosing element):")
    for kind, c, text in missing:
        print(f"  [{kind} {c:.0%}] {text[:args.width]}")
    return 0


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest="command", required=True)
    score = sub.add_parser("score", help="score every page and print the report")
    score.add_argument("--corpus", required=True, help="folder of <page>/expected.html")
    score.add_argument("--articles", required=True, help="folder of <page>.json")
    score.add_argument("--news", required=True, help="file listing the news pages")
    score.add_argument("--timing", help="st_bench_extract --summary output")
    score.add_argument("--json", help="also write every page's scores to this file")
    score.add_argument("--worst", type=int, default=10, help="worst pages listed (10)")
    score.set_defaults(run=command_score)
    diff = sub.add_parser("diff", help="extra and missing blocks of one page")
    diff.add_argument("page")
    diff.add_argument("--corpus", required=True)
    diff.add_argument("--articles", required=True)
    diff.add_argument("--threshold", type=float, default=0.5,
                      help="show blocks with less of their shingles matched (0.5)")
    diff.add_argument("--width", type=int, default=150, help="characters shown per block")
    diff.set_defaults(run=command_diff)
    args = parser.parse_args()
    signal.signal(signal.SIGPIPE, signal.SIG_DFL)  # quiet when piped into head
    return args.run(args)


if __name__ == "__main__":
    sys.exit(main())
