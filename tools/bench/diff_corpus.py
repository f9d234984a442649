#!/usr/bin/env python3
"""The corpus of tools/bench/diff: generated stories whose revisions change the way news
articles do, written as plain-text captures with the manifest.json that `storytrail import`
reads.

    diff_corpus.py --out DIR [--seed N] [--revisions N] [--words N]
                   [--long-revisions N] [--long-words N] [--rewrite-words N]

Four stories, all from one seeded random generator (the same parameters give the same bytes):

  words-1000          REVISIONS revisions of an article of about WORDS words
  words-50000         LONG_REVISIONS revisions of an article of about LONG_WORDS words
  rewrite             two revisions of an article of about REWRITE_WORDS words that have no
                      paragraph in common: the same story written again from scratch
  rewrite-one-block   the same two texts, each as a single paragraph, so the whole rewrite is
                      one block and the diff engine's token limits apply

Between two consecutive revisions of the first two stories, one to three edits are made (one
to five for the long one), chosen like real updates: a few words changed, a figure corrected,
a sentence added or dropped, a paragraph added, removed, moved, split or merged, sometimes a
new headline. The article's length stays within 10% of its target.

A capture is a .txt file: the headline, a blank line, then the paragraphs separated by blank
lines. The text is English-like prose, ASCII apart from typographic quotes: real function and
news words and made-up names, with figures written the way papers write them ("$310m", "2.5%",
"1,200").

The corpus is cached: DIR/.complete holds a stamp of this script's bytes and the
parameters, and a DIR with a matching stamp is left as it is. Standard library only.
"""
import argparse
import calendar
import hashlib
import json
import os
import random
import shutil
import sys
import time

START = calendar.timegm((2021, 6, 8, 6, 0, 0))  # the first capture of every story
REVISION_SPACING = 600  # seconds between consecutive captures of one story
URL_BASE = "https://news.example.com/2021/06/08/"

# Words that make up about half of English news text.
FUNCTION_WORDS = (
    "the of and to a in that for on is was with as by at from it his her their has have had "
    "be been were are not but an this which who would will said they he she its after more "
    "than also about over into could other some what when there up out all one no new two "
    "first last year years people government officials state country week month since while "
    "under between against during before because told according per cent"
).split()

# News vocabulary, to make sentences look like the genre.
NEWS_WORDS = (
    "president minister talks meeting agreement border migration aid security police court "
    "election vote parliament campaign economy market prices inflation growth budget tax "
    "trade deal report statement spokesperson official leaders region capital city village "
    "crisis conflict ceasefire troops forces attack injured killed rescue protest protesters "
    "health hospital vaccine doses cases outbreak water food energy fuel climate emissions "
    "investigation charges trial judge lawyer prosecutors evidence witnesses company shares "
    "investors bank loans debt workers union strike schools students teachers families "
    "residents authorities ministry agency programme policy plan proposal law bill reforms "
    "sanctions embassy delegation summit envoy talks negotiations funding billion million "
    "announced confirmed denied warned urged pledged promised rejected criticised welcomed "
    "insisted estimated reported added noted described expected planned launched"
).split()

SYLLABLES = ("ba be bi bo da de di do ka ke ki ko la le li lo ma me mi mo na ne ni no ra re "
             "ri ro sa se si so ta te ti to va ve vi vo za ze zi zo").split()
CODAS = ["", "", "n", "r", "s", "l", "t", "nd", "rk", "z"]


def made_up_words(rng, count):
    """Words that look like names and places; a deterministic list of distinct strings."""
    words = set()
    while len(words) < count:
        n = rng.choice((2, 2, 3, 3, 4))
        words.add("".join(rng.choice(SYLLABLES) for _ in range(n)) + rng.choice(CODAS))
    return sorted(words)


class Prose:
    """A source of sentences, headlines and figures."""

    def __init__(self, rng):
        self.rng = rng
        names = made_up_words(rng, 1500)
        self.names = [n.capitalize() for n in names[:300]]
        self.content = NEWS_WORDS + names[300:]
        # A rough Zipf weighting of the content words: a few are common, most are rare.
        self.weights = [1.0 / (1 + i) ** 0.8 for i in range(len(self.content))]

    def figure(self):
        rng = self.rng
        kind = rng.randrange(6)
        if kind == 0:
            return f"${rng.randrange(2, 900)}m"
        if kind == 1:
            return f"{rng.randrange(1, 60)}.{rng.randrange(10)}%"
        if kind == 2:
            return f"{rng.randrange(1, 999)},{rng.randrange(1000):03d}"
        if kind == 3:
            return str(rng.randrange(2, 500))
        if kind == 4:
            return f"{rng.randrange(1, 31)}th"
        return f"${rng.randrange(1, 90)}bn"

    def word(self):
        rng = self.rng
        roll = rng.random()
        if roll < 0.47:
            return rng.choice(FUNCTION_WORDS)
        if roll < 0.55:
            return rng.choice(self.names)
        if roll < 0.58:
            return self.figure()
        return rng.choices(self.content, self.weights)[0]

    def sentence(self):
        """A list of words; the first is capitalised, the last carries the full stop, and
        some carry a comma. Now and then a quotation."""
        rng = self.rng
        words = [self.word() for _ in range(rng.randrange(8, 28))]
        for i in range(3, len(words) - 3, rng.randrange(5, 12)):
            if rng.random() < 0.5:
                words[i] += ","
        if rng.random() < 0.12:
            words[0] = "\u201c" + words[0]
            words[-1] += ",\u201d"
            words.append(rng.choice(("he said.", "she said.", "officials said.")))
            words = " ".join(words).split(" ")
        else:
            words[-1] += "."
        first = words[0]
        lead = 1 if first.startswith("\u201c") else 0
        words[0] = first[:lead] + first[lead:lead + 1].upper() + first[lead + 1:]
        return words

    def paragraph(self):
        return [self.sentence() for _ in range(self.rng.choice((1, 2, 2, 3, 3, 4)))]

    def headline(self):
        rng = self.rng
        words = [self.word() for _ in range(rng.randrange(6, 13))]
        words[0] = words[0].capitalize()
        return " ".join(w.rstrip(",") for w in words)


def paragraph_words(paragraph):
    return sum(len(s) for s in paragraph)


def article_words(article):
    return sum(paragraph_words(p) for p in article["body"])


def article_text(article):
    body = "\n\n".join(" ".join(" ".join(s) for s in p) for p in article["body"])
    return article["headline"] + "\n\n" + body + "\n"


def one_block_text(article):
    return article["headline"] + "\n\n" + " ".join(
        " ".join(" ".join(s) for s in p) for p in article["body"]) + "\n"


def new_article(prose, words):
    article = {"headline": prose.headline(), "body": []}
    while article_words(article) < words:
        article["body"].append(prose.paragraph())
    return article


def copy_article(article):
    return {"headline": article["headline"],
            "body": [[list(s) for s in p] for p in article["body"]]}


def is_figure(word):
    return any(c.isdigit() for c in word)


# ---- the edits between two revisions ---------------------------------------------------------
# Each takes (prose, article) and changes the article in place; it returns False when it
# could not apply (then another edit is drawn).

def edit_words(prose, article):
    """A few consecutive words replaced: a reworded phrase."""
    rng = prose.rng
    sentence = rng.choice(rng.choice(article["body"]))
    count = min(len(sentence) - 1, rng.randrange(1, 5))
    at = rng.randrange(0, len(sentence) - count)
    for i in range(at, at + count):
        tail = "," if sentence[i].endswith(",") else ""
        sentence[i] = prose.word().rstrip(",") + tail
    return True


def edit_figure(prose, article):
    """A figure corrected: "$300m" becomes "$310m"."""
    rng = prose.rng
    places = [(p, s, w) for p, paragraph in enumerate(article["body"])
              for s, sentence in enumerate(paragraph)
              for w, word in enumerate(sentence[:-1]) if is_figure(word)]
    if not places:
        return False
    p, s, w = rng.choice(places)
    old = article["body"][p][s][w]
    tail = "," if old.endswith(",") else ""
    new = prose.figure()
    while new == old.rstrip(","):
        new = prose.figure()
    article["body"][p][s][w] = new + tail
    return True


def add_sentence(prose, article):
    rng = prose.rng
    paragraph = rng.choice(article["body"])
    paragraph.insert(rng.randrange(len(paragraph) + 1), prose.sentence())
    return True


def remove_sentence(prose, article):
    rng = prose.rng
    candidates = [p for p in article["body"] if len(p) >= 2]
    if not candidates:
        return False
    paragraph = rng.choice(candidates)
    del paragraph[rng.randrange(len(paragraph))]
    return True


def add_paragraph(prose, article):
    """A new paragraph, most often near the top (an update) or at the end."""
    rng = prose.rng
    body = article["body"]
    where = rng.random()
    if where < 0.4:
        at = rng.randrange(min(3, len(body)) + 1)
    elif where < 0.7:
        at = len(body)
    else:
        at = rng.randrange(len(body) + 1)
    body.insert(at, prose.paragraph())
    return True


def remove_paragraph(prose, article):
    body = article["body"]
    if len(body) < 3:
        return False
    del body[prose.rng.randrange(len(body))]
    return True


def move_paragraph(prose, article):
    rng = prose.rng
    body = article["body"]
    if len(body) < 3:
        return False
    paragraph = body.pop(rng.randrange(len(body)))
    body.insert(rng.randrange(len(body) + 1), paragraph)
    return True


def split_paragraph(prose, article):
    rng = prose.rng
    body = article["body"]
    candidates = [i for i, p in enumerate(body) if len(p) >= 2]
    if not candidates:
        return False
    i = rng.choice(candidates)
    cut = rng.randrange(1, len(body[i]))
    body[i:i + 1] = [body[i][:cut], body[i][cut:]]
    return True


def merge_paragraphs(prose, article):
    body = article["body"]
    if len(body) < 3:
        return False
    i = prose.rng.randrange(len(body) - 1)
    body[i:i + 2] = [body[i] + body[i + 1]]
    return True


def change_headline(prose, article):
    article["headline"] = prose.headline()
    return True


# (edit, weight, changes the length: +1 longer, -1 shorter, 0 neither)
EDITS = [
    (edit_words, 34, 0),
    (edit_figure, 16, 0),
    (add_sentence, 10, 1),
    (remove_sentence, 8, -1),
    (add_paragraph, 10, 1),
    (remove_paragraph, 8, -1),
    (move_paragraph, 6, 0),
    (split_paragraph, 2, 0),
    (merge_paragraphs, 2, 0),
    (change_headline, 4, 0),
]


def revise(prose, article, target_words, max_edits):
    """The next revision: a copy of `article` with 1..max_edits edits."""
    rng = prose.rng
    revised = copy_article(article)
    before = article_text(article)
    while True:
        for _ in range(rng.randint(1, max_edits)):
            words = article_words(revised)
            allowed = [(f, w) for f, w, grows in EDITS
                       if not (grows > 0 and words > 1.1 * target_words)
                       and not (grows < 0 and words < 0.9 * target_words)]
            while True:
                edit = rng.choices([f for f, _ in allowed], [w for _, w in allowed])[0]
                if edit(prose, revised):
                    break
        if article_text(revised) != before:
            return revised


# ---- output ------------------------------------------------------------------------------------

def iso(t):
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(t))


class Writer:
    def __init__(self, out):
        self.out = out
        self.captures = []
        self.bytes = 0

    def capture(self, story, number, text):
        rel = f"{story}/{number:04d}.txt"
        data = text.encode("utf-8")
        with open(os.path.join(self.out, rel), "wb") as f:
            f.write(data)
        self.bytes += len(data)
        self.captures.append({"file": rel, "story": story, "url": URL_BASE + story,
                              "captured_at": iso(START + (number - 1) * REVISION_SPACING)})

    def story(self, story, texts):
        os.makedirs(os.path.join(self.out, story), exist_ok=True)
        for number, text in enumerate(texts, 1):
            self.capture(story, number, text)

    def manifest(self):
        with open(os.path.join(self.out, "manifest.json"), "w", encoding="utf-8") as f:
            f.write('{"captures": [\n')
            f.write(",\n".join("  " + json.dumps(c, ensure_ascii=False) for c in self.captures))
            f.write("\n]}\n")


def revisions_of(prose, words, count, max_edits):
    article = new_article(prose, words)
    texts = [article_text(article)]
    for _ in range(count - 1):
        article = revise(prose, article, words, max_edits)
        texts.append(article_text(article))
    return texts


def rewrite_pair(prose, words):
    """Two articles of the same length written independently: no paragraph in common."""
    first = new_article(prose, words)
    second = new_article(prose, words)
    shared = {" ".join(map(" ".join, p)) for p in first["body"]} & \
             {" ".join(map(" ".join, p)) for p in second["body"]}
    if shared:
        raise SystemExit("diff_corpus: the rewrite pair shares a paragraph; change the seed")
    return first, second


def prose_for(seed, story):
    """A generator of its own for each story, so that one story's text does not depend on the
    parameters of the others (--revisions does not change the rewrite)."""
    return Prose(random.Random(f"{seed}/{story}"))


def stamp_of(args):
    digest = hashlib.sha256()
    with open(__file__, "rb") as f:
        digest.update(f.read())  # any change to the generator makes the corpus again
    digest.update(f"{args.seed} {args.revisions} {args.words} {args.long_revisions} "
                  f"{args.long_words} {args.rewrite_words}".encode())
    return digest.hexdigest()


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", required=True, help="the corpus folder (made or reused)")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--revisions", type=int, default=1000)
    parser.add_argument("--words", type=int, default=1000)
    parser.add_argument("--long-revisions", type=int, default=30)
    parser.add_argument("--long-words", type=int, default=50000)
    parser.add_argument("--rewrite-words", type=int, default=4000)
    args = parser.parse_args()
    for name in ("revisions", "long_revisions"):
        if getattr(args, name) < 2:
            parser.error(f"--{name.replace('_', '-')} must be at least 2")
    for name in ("words", "long_words", "rewrite_words"):
        if getattr(args, name) < 50:
            parser.error(f"--{name.replace('_', '-')} must be at least 50")

    stamp_path = os.path.join(args.out, ".complete")
    stamp = stamp_of(args)
    if os.path.exists(stamp_path):
        with open(stamp_path) as f:
            if f.read().strip() == stamp:
                print(f"corpus: reusing {args.out}", file=sys.stderr)
                return
    if os.path.isdir(args.out):
        shutil.rmtree(args.out)  # another version's corpus, or one left half-written
    os.makedirs(args.out)

    started = time.perf_counter()
    writer = Writer(args.out)
    writer.story("words-1000",
                 revisions_of(prose_for(args.seed, "words-1000"), args.words, args.revisions, 3))
    writer.story("words-50000", revisions_of(prose_for(args.seed, "words-50000"),
                                             args.long_words, args.long_revisions, 5))
    first, second = rewrite_pair(prose_for(args.seed, "rewrite"), args.rewrite_words)
    writer.story("rewrite", [article_text(first), article_text(second)])
    writer.story("rewrite-one-block", [one_block_text(first), one_block_text(second)])
    writer.manifest()
    with open(stamp_path, "w") as f:
        f.write(stamp + "\n")
    print(f"corpus: {len(writer.captures)} captures, {writer.bytes / 1e6:.1f} MB, in "
          f"{time.perf_counter() - started:.1f} s: {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
