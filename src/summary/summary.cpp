#include "summary/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>

#include "util/text.hpp"

namespace st {
namespace {

// ---- words ----

struct Word {
  std::string text;          // as written, without the punctuation around it
  bool capital = false;      // starts with an upper-case letter
  bool ends_clause = false;  // followed by , . ; : ! ? or a closing mark
  bool sentence_start = false;
};

// The words of a stretch of text, punctuation stripped from their ends.
std::vector<Word> words_of(std::string_view text) {
  std::vector<Word> words;
  bool sentence_start = true;
  std::size_t pos = 0;
  while (pos < text.size()) {
    while (pos < text.size() && text[pos] == ' ') ++pos;
    const std::size_t end = std::min(text.find(' ', pos), text.size());
    std::string raw(text.substr(pos, end - pos));
    pos = end;
    if (raw.empty()) continue;
    // Leading and trailing punctuation (ASCII, and the typographic quotes and dashes).
    const auto is_punct_at_start = [](const std::string& s) {
      for (const std::string_view p :
           {"\u201C", "\u2018", "\u00AB", "\u201E", "(", "[", "\"", "'", "\u2014", "\u2013"}) {
        if (s.starts_with(p)) return p.size();
      }
      return std::size_t{0};
    };
    bool opens_group = false;  // "(US)", "[Carlos Barria/Reuters]", a quotation
    while (std::size_t n = is_punct_at_start(raw)) {
      raw.erase(0, n);
      opens_group = true;
    }
    if (opens_group && !words.empty()) words.back().ends_clause = true;
    bool ends_clause = false, ends_sentence = false;
    for (bool stripped = true; stripped && !raw.empty();) {
      stripped = false;
      for (const std::string_view p : {",", ".", ";", ":", "!", "?", ")", "]", "\"", "'", "\u201D",
                                       "\u2019", "\u00BB", "\u2026"}) {
        if (raw.ends_with(p)) {
          raw.resize(raw.size() - p.size());
          ends_clause = true;
          ends_sentence = ends_sentence || p == "." || p == "!" || p == "?" || p == ":";
          stripped = true;
        }
      }
    }
    for (const std::string_view s : {"\u2019s", "'s"}) {  // possessive: Harris's
      if (raw.size() > s.size() + 1 && raw.ends_with(s)) {
        raw.resize(raw.size() - s.size());
        ends_clause = true;  // "Al Jazeera's John Holman" names two
      }
    }
    if (raw.empty()) continue;
    Word w{raw, starts_upper(raw), ends_clause, sentence_start};
    words.push_back(std::move(w));
    sentence_start = ends_sentence;
  }
  return words;
}

bool is_one_of(std::string_view word, std::initializer_list<std::string_view> list) {
  const std::string lower = ascii_lower(word);
  return std::find(list.begin(), list.end(), lower) != list.end();
}

bool is_speech_verb(std::string_view word) {
  return is_one_of(word,
                   {"said",      "says",    "say",       "told",         "tells",    "added",
                    "adds",      "wrote",   "writes",    "tweeted",      "tweets",   "posted",
                    "explained", "noted",   "argued",    "insisted",     "stated",   "asked",
                    "replied",   "warned",  "continued", "concluded",    "reported", "announced",
                    "recalled",  "claimed", "declared",  "acknowledged", "admitted"});
}

bool is_pronoun(std::string_view word) {
  return is_one_of(word, {"he", "she", "they", "it", "we", "i"});
}

// Words that join the capitalised words of one name ("Andres Manuel Lopez Obrador", "Ali bin
// Talal", "Ursula von der Leyen").
bool is_name_connector(std::string_view word) {
  return is_one_of(word, {"de", "del", "della", "der", "van", "von", "bin", "al", "la", "le", "da",
                          "du", "of", "y"});
}

// Titles written before a name; split off to leave the name.
bool is_title_word(std::string_view word) {
  return is_one_of(word, {"president",     "vice",         "secretary",
                          "press",         "minister",     "foreign",
                          "prime",         "deputy",       "representative",
                          "rep",           "senator",      "sen",
                          "governor",      "gov",          "mayor",
                          "general",       "director",     "chief",
                          "spokesman",     "spokeswoman",  "spokesperson",
                          "ambassador",    "judge",        "justice",
                          "chairman",      "chairwoman",   "chair",
                          "ceo",           "dr",           "mr",
                          "mrs",           "ms",           "sir",
                          "lord",          "king",         "queen",
                          "prince",        "princess",     "pope",
                          "former",        "acting",       "interior",
                          "defence",       "defense",      "state",
                          "national",      "security",     "adviser",
                          "advisor",       "commissioner", "leader",
                          "correspondent", "reporter",     "editor",
                          "professor",     "prof",         "lt",
                          "col",           "gen",          "sgt",
                          "officer",       "executive",    "official"});
}

// Capitalised words that are not names when they start a sentence or stand alone.
bool is_common_capital(std::string_view word) {
  return is_one_of(
      word,
      {"the",       "a",           "an",        "in",         "on",       "at",       "for",
       "but",       "and",         "it",        "this",       "that",     "these",    "those",
       "he",        "she",         "they",      "we",         "i",        "his",      "her",
       "their",     "our",         "after",     "before",     "during",   "since",    "when",
       "while",     "as",          "if",        "there",      "here",     "what",     "who",
       "why",       "how",         "where",     "with",       "without",  "from",     "to",
       "by",        "of",          "so",        "yet",        "or",       "not",      "no",
       "yes",       "all",         "some",      "many",       "most",     "one",      "two",
       "three",     "monday",      "tuesday",   "wednesday",  "thursday", "friday",   "saturday",
       "sunday",    "january",     "february",  "march",      "april",    "may",      "june",
       "july",      "august",      "september", "october",    "november", "december", "source",
       "photo",     "translation", "update",    "correction", "read",     "also",     "however",
       "meanwhile", "still",       "now",       "then",       "us",       "we're",    "it's",
       "that's",    "there's"});
}

// The run of capitalised words (with connectors inside) that ends at index `last`, inclusive;
// returns its first index, or `last + 1` when words[last] is not capitalised.
std::size_t name_run_start(const std::vector<Word>& words, std::size_t last) {
  if (!words[last].capital) return last + 1;
  std::size_t first = last;
  while (first > 0) {
    const Word& before = words[first - 1];
    if (before.ends_clause) break;
    if (before.capital) {
      --first;
    } else if (is_name_connector(before.text) && first >= 2 && words[first - 2].capital &&
               !words[first - 2].ends_clause) {
      first -= 2;
    } else {
      break;
    }
  }
  return first;
}

// The run of capitalised words starting at `first`; returns one past its end.
std::size_t name_run_end(const std::vector<Word>& words, std::size_t first) {
  std::size_t end = first;
  while (end < words.size() && words[end].capital) {
    const bool stop = words[end].ends_clause;
    ++end;
    if (stop) break;
    // One or two connectors, then a capitalised word: "von der Leyen", "bin Talal".
    std::size_t connectors = 0;
    while (connectors < 2 && end + connectors < words.size() &&
           is_name_connector(words[end + connectors].text) && !words[end + connectors].capital) {
      ++connectors;
    }
    if (connectors > 0 && end + connectors < words.size() && words[end + connectors].capital) {
      end += connectors;
    }
  }
  return end;
}

std::string join_words(const std::vector<Word>& words, std::size_t first, std::size_t end) {
  std::string out;
  for (std::size_t i = first; i < end; ++i) {
    if (i > first) out += ' ';
    out += words[i].text;
  }
  return out;
}

// ---- quotes ----

struct QuoteSpan {
  std::size_t open = 0, close = 0;  // byte offsets of the marks' starts
  std::size_t open_len = 0, close_len = 0;
};

// Quotation spans of a text: “…”, «…», „…“ and "…"; a quotation left open runs to the end.
std::vector<QuoteSpan> quote_spans(std::string_view text) {
  struct Pair {
    std::string_view open, close;
  };
  static constexpr std::array<Pair, 4> kPairs{
      {{"\u201C", "\u201D"}, {"\u00AB", "\u00BB"}, {"\u201E", "\u201C"}, {"\"", "\""}}};
  std::vector<QuoteSpan> spans;
  for (std::size_t pos = 0; pos < text.size();) {
    std::size_t best = std::string_view::npos;
    const Pair* pair = nullptr;
    for (const Pair& p : kPairs) {
      const std::size_t at = text.find(p.open, pos);
      if (at < best) best = at, pair = &p;
    }
    if (pair == nullptr) break;
    const std::size_t start = best + pair->open.size();
    std::size_t close = text.find(pair->close, start);
    QuoteSpan span{best, close == std::string_view::npos ? text.size() : close, pair->open.size(),
                   close == std::string_view::npos ? 0 : pair->close.size()};
    spans.push_back(span);
    pos = span.close + span.close_len;
    if (close == std::string_view::npos) break;
  }
  return spans;
}

std::string strip_titles(const std::string& speaker) {
  const std::vector<Word> words = words_of(speaker);
  std::size_t first = 0;
  // Keep the last run of words that are not titles: "White House Press Secretary Jen Psaki"
  // gives "Jen Psaki".
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (is_title_word(words[i].text)) first = i + 1;
  }
  if (first >= words.size()) return speaker;
  return join_words(words, first, words.size());
}

// The speaker a stretch of text after a quotation names: ", X said", "said X", "she said".
std::string speaker_after(std::string_view text) {
  const std::vector<Word> words = words_of(text);
  if (words.empty()) return {};
  if (is_speech_verb(words[0].text) && words.size() > 1) {
    if (is_pronoun(words[1].text)) return ascii_lower(words[1].text);
    const std::size_t end = name_run_end(words, 1);
    if (end > 1) return join_words(words, 1, end);
  }
  if (is_pronoun(words[0].text) && words.size() > 1 && is_speech_verb(words[1].text)) {
    return ascii_lower(words[0].text);
  }
  // "White House Press Secretary Jen Psaki said": a capitalised run, then the verb; the run
  // may start with "the" ("the White House said").
  std::size_t first = is_one_of(words[0].text, {"the"}) ? 1 : 0;
  const std::size_t end = first < words.size() ? name_run_end(words, first) : first;
  if (end > first && end < words.size() && is_speech_verb(words[end].text)) {
    return join_words(words, first, end);
  }
  return {};
}

// The speaker a stretch of text before a quotation names: "X said:", "X told reporters:",
// "according to X,", "X said in a statement:".
std::string speaker_before(std::string_view text) {
  const std::vector<Word> words = words_of(text);
  if (words.empty()) return {};
  const std::size_t n = words.size();
  for (std::size_t back = 0; back < std::min<std::size_t>(n, 6); ++back) {
    const std::size_t i = n - 1 - back;
    if (is_one_of(words[i].text, {"according"}) && i + 2 < n) {
      const std::size_t end = name_run_end(words, i + 2);
      if (end > i + 2) return join_words(words, i + 2, end);
    }
    if (!is_speech_verb(words[i].text) || i == 0) continue;
    if (is_pronoun(words[i - 1].text)) return ascii_lower(words[i - 1].text);
    const std::size_t first = name_run_start(words, i - 1);
    if (first <= i - 1) return join_words(words, first, i);
  }
  return {};
}

std::size_t word_count(std::string_view text) {
  return count_words(text);
}

}  // namespace

std::string_view quote_change_name(QuoteChangeKind kind) {
  switch (kind) {
    case QuoteChangeKind::added:
      return "added";
    case QuoteChangeKind::removed:
      return "removed";
    case QuoteChangeKind::altered:
      return "altered";
  }
  return "added";
}

std::string_view significance_name(Significance significance) {
  return significance == Significance::minor ? "minor" : "substantive";
}

std::vector<Quote> find_quotes(const std::vector<Block>& body) {
  std::vector<Quote> quotes;
  std::string last_speaker;
  for (const Block& block : body) {
    const std::string& text = block.text;
    const std::vector<QuoteSpan> spans = quote_spans(text);
    for (std::size_t k = 0; k < spans.size(); ++k) {
      const QuoteSpan& s = spans[k];
      std::string inner = normalize_text(
          std::string_view(text).substr(s.open + s.open_len, s.close - s.open - s.open_len));
      while (!inner.empty() && (inner.back() == ',' || inner.back() == ' ')) inner.pop_back();
      if (word_count(inner) < 3) continue;  // a term in quotation marks, not a quotation
      const std::size_t after_start = s.close + s.close_len;
      const std::size_t after_end = k + 1 < spans.size() ? spans[k + 1].open : text.size();
      const std::size_t before_start = k > 0 ? spans[k - 1].close + spans[k - 1].close_len : 0;
      std::string speaker = speaker_after(std::string_view(text).substr(
          std::min(after_start, text.size()), after_end - std::min(after_start, after_end)));
      if (speaker.empty()) {
        speaker =
            speaker_before(std::string_view(text).substr(before_start, s.open - before_start));
      }
      const bool pronoun = !speaker.empty() && is_pronoun(speaker);
      const bool stands_alone = s.open == 0 && speaker.empty();
      if (pronoun || stands_alone) speaker = last_speaker;
      if (!speaker.empty()) last_speaker = speaker;
      quotes.push_back({speaker, inner});
    }
  }
  return quotes;
}

std::vector<std::string> find_names(const Article& article) {
  std::vector<std::string> names;
  std::set<std::string> seen;
  const auto add = [&](std::string name) {
    const std::string key = ascii_lower(name);
    if (seen.insert(key).second) names.push_back(std::move(name));
  };
  std::vector<std::string_view> texts{article.headline, article.standfirst};
  for (const Block& block : article.body) texts.push_back(block.text);
  // Words the article also writes in lower case are common words, not names, when they open a
  // sentence ("Officials said...").
  std::set<std::string> lower_words;
  for (const std::string_view text : texts) {
    for (const Word& w : words_of(text)) {
      if (!w.capital) lower_words.insert(w.text);
    }
  }
  for (const std::string_view text : texts) {
    const std::vector<Word> words = words_of(text);
    for (std::size_t i = 0; i < words.size();) {
      if (!words[i].capital) {
        ++i;
        continue;
      }
      const std::size_t end = name_run_end(words, i);
      // Split the run at title words: "Press Secretary Jen Psaki" gives "Jen Psaki"; "White
      // House Press Secretary" gives "White House".
      std::size_t part = i;
      for (std::size_t k = i; k <= end; ++k) {
        const bool boundary = k == end || is_title_word(words[k].text);
        if (!boundary) continue;
        std::size_t first = part, last = k;
        // A common word opening the run ("The", "In") is not part of the name, nor are
        // connectors and initials closing it ("Meeting of", "Marcelo Ebrard C.").
        while (first < last && is_common_capital(words[first].text)) ++first;
        while (last > first &&
               (is_name_connector(words[last - 1].text) || words[last - 1].text.size() < 2)) {
          --last;
        }
        if (first < last) {
          const bool common_at_start = last - first == 1 && words[first].sentence_start &&
                                       lower_words.contains(ascii_lower(words[first].text));
          if (!common_at_start) add(join_words(words, first, last));
        }
        part = k + 1;
      }
      i = std::max(end, i + 1);
    }
  }
  return names;
}

bool is_notice(std::string_view text) {
  const std::string lower = ascii_lower(text.substr(0, 200));
  for (const std::string_view start :
       {"correction:", "correction ", "corrections:", "clarification:", "update:", "updated:",
        "editor's note", "editor\u2019s note", "editors' note", "editors\u2019 note"}) {
    if (lower.starts_with(start)) return true;
  }
  for (const std::string_view phrase :
       {"an earlier version of this", "a previous version of this", "an earlier version of the",
        "this article has been", "this story has been", "this article was amended",
        "this article was updated", "this story was updated", "this article was corrected",
        "this story was corrected", "this post has been updated", "this article has been updated",
        "we have corrected", "has been corrected to"}) {
    if (lower.find(phrase) != std::string::npos) return true;
  }
  return false;
}

namespace {

std::vector<NumberChange> number_changes(const std::vector<TokenChange>& tokens) {
  std::vector<NumberChange> changes;
  const auto numbers = [](const std::string& text) {
    std::vector<std::string> out;
    for (const std::string& token : tokenize(text, Granularity::word)) {
      if (std::any_of(token.begin(), token.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        out.push_back(token);
      }
    }
    return out;
  };
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].op != TokenOp::remove || tokens[i + 1].op != TokenOp::insert) continue;
    const std::vector<std::string> from = numbers(tokens[i].text);
    const std::vector<std::string> to = numbers(tokens[i + 1].text);
    for (std::size_t k = 0; k < std::min(from.size(), to.size()); ++k) {
      if (from[k] != to[k]) changes.push_back({from[k], to[k]});
    }
  }
  return changes;
}

// Quotes as a multiset by their words, for matching old and new.
bool same_quote_text(const Quote& a, const Quote& b) {
  return comparison_key(a.text) == comparison_key(b.text);
}

std::string shorten(std::string_view text, std::size_t max_bytes) {
  if (text.size() <= max_bytes) return std::string(text);
  std::size_t cut = text.rfind(' ', max_bytes);
  if (cut == std::string_view::npos || cut < max_bytes / 2) cut = max_bytes;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut)) + "\u2026";
}

std::string first_sentence(std::string_view text) {
  for (std::size_t pos = 0; pos < text.size(); ++pos) {
    if ((text[pos] == '.' || text[pos] == '?' || text[pos] == '!') &&
        (pos + 1 == text.size() || text[pos + 1] == ' ') && pos > 20) {
      return std::string(text.substr(0, pos + 1));
    }
  }
  return std::string(text);
}

std::string list_names(const std::vector<std::string>& names) {
  if (names.empty()) return {};
  if (names.size() == 1) return names[0];
  std::string out;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (i > 0) out += i + 1 == names.size() ? " and " : ", ";
    out += names[i];
  }
  return out;
}

std::string paragraphs(std::size_t n) {
  return fmt::format("{} paragraph{}", n, n == 1 ? "" : "s");
}

}  // namespace

RevisionSummary summarize_revision(const Article& from, const Article& to,
                                   const ArticleDiff& diff) {
  RevisionSummary summary;
  // Quotes: of the whole text before and after, so a speaker named in an earlier block still
  // counts; compared by their words.
  const std::vector<Quote> old_quotes = find_quotes(from.body);
  const std::vector<Quote> new_quotes = find_quotes(to.body);
  std::vector<bool> old_matched(old_quotes.size(), false);
  std::vector<Quote> added;
  for (const Quote& q : new_quotes) {
    bool found = false;
    for (std::size_t i = 0; i < old_quotes.size() && !found; ++i) {
      if (!old_matched[i] && same_quote_text(old_quotes[i], q)) found = old_matched[i] = true;
    }
    if (!found) added.push_back(q);
  }
  std::vector<Quote> removed;
  for (std::size_t i = 0; i < old_quotes.size(); ++i) {
    if (!old_matched[i]) removed.push_back(old_quotes[i]);
  }
  // A removed and an added quote that are alike are one quote altered.
  std::vector<bool> removed_used(removed.size(), false);
  for (const Quote& q : added) {
    std::size_t best = removed.size();
    double best_sim = 0.5;
    for (std::size_t i = 0; i < removed.size(); ++i) {
      if (removed_used[i]) continue;
      const double sim = block_similarity(removed[i].text, q.text);
      if (sim >= best_sim) best = i, best_sim = sim;
    }
    if (best < removed.size()) {
      removed_used[best] = true;
      summary.quotes.push_back({QuoteChangeKind::altered, q, removed[best].text});
    } else {
      summary.quotes.push_back({QuoteChangeKind::added, q, {}});
    }
  }
  for (std::size_t i = 0; i < removed.size(); ++i) {
    if (!removed_used[i]) summary.quotes.push_back({QuoteChangeKind::removed, removed[i], {}});
  }

  // Names.
  const std::vector<std::string> old_names = find_names(from);
  const std::vector<std::string> new_names = find_names(to);
  const auto last_word = [](const std::string& name) {
    const std::size_t space = name.rfind(' ');
    return ascii_lower(space == std::string::npos ? name : name.substr(space + 1));
  };
  const auto named_in = [&](const std::string& name, const std::vector<std::string>& list) {
    for (const std::string& other : list) {
      if (ascii_lower(other) == ascii_lower(name) || last_word(other) == last_word(name)) {
        return true;
      }
    }
    return false;
  };
  for (const std::string& n : new_names) {
    if (!named_in(n, old_names)) summary.names_added.push_back(n);
  }
  for (const std::string& n : old_names) {
    if (!named_in(n, new_names)) summary.names_removed.push_back(n);
  }

  // Figures and notices.
  for (const auto* field : {&diff.headline, &diff.standfirst}) {
    if (!field->has_value()) continue;
    for (NumberChange& c : number_changes((*field)->tokens)) {
      summary.numbers_changed.push_back(std::move(c));
    }
  }
  for (const BlockChange& c : diff.blocks) {
    for (NumberChange& n : number_changes(c.tokens))
      summary.numbers_changed.push_back(std::move(n));
    if (c.op == BlockOp::insert && is_notice(c.text)) summary.notices.push_back(c.text);
    if (c.op == BlockOp::edit && is_notice(c.text)) {
      std::string old_text;
      for (const TokenChange& t : c.tokens) {
        if (t.op != TokenOp::insert) old_text += t.text;
      }
      if (!is_notice(old_text)) summary.notices.push_back(c.text);
    }
  }

  // How much it matters.
  const DiffStats& s = diff.stats;
  const bool structural = s.added + s.deleted + s.moved + s.split + s.merged > 0;
  const bool content = !summary.quotes.empty() || !summary.numbers_changed.empty() ||
                       !summary.names_added.empty() || !summary.names_removed.empty() ||
                       !summary.notices.empty() || diff.headline.has_value();
  const bool few_words = s.words_added <= 3 && s.words_deleted <= 3;
  summary.significance =
      structural || content || !few_words ? Significance::substantive : Significance::minor;

  // The line.
  std::vector<std::string> clauses;
  if (diff.headline) clauses.push_back(fmt::format("New headline: \u201C{}\u201D", to.headline));
  if (s.added > 0) {
    std::string clause = "Added " + paragraphs(s.added);
    for (const BlockChange& c : diff.blocks) {
      if (c.op != BlockOp::insert || c.kind != BlockKind::paragraph) continue;
      clause += fmt::format(": \u201C{}\u201D", shorten(first_sentence(c.text), 90));
      break;
    }
    std::vector<std::string> speakers;
    for (const QuoteChange& q : summary.quotes) {
      if (q.kind != QuoteChangeKind::added || q.quote.speaker.empty()) continue;
      const std::string name = strip_titles(q.quote.speaker);
      if (std::find(speakers.begin(), speakers.end(), q.quote.speaker) == speakers.end() &&
          std::find(speakers.begin(), speakers.end(), name) == speakers.end()) {
        speakers.push_back(q.quote.speaker);
      }
    }
    if (!speakers.empty()) clause += ", quoting " + list_names(speakers);
    clauses.push_back(std::move(clause));
  }
  if (s.deleted > 0) clauses.push_back("Removed " + paragraphs(s.deleted));
  for (std::size_t i = 0; i < summary.numbers_changed.size() && i < 2; ++i) {
    clauses.push_back(fmt::format("Changed {} to {}", summary.numbers_changed[i].from,
                                  summary.numbers_changed[i].to));
  }
  for (const QuoteChange& q : summary.quotes) {
    if (q.kind == QuoteChangeKind::altered) {
      clauses.push_back(q.quote.speaker.empty()
                            ? std::string("Altered a quote")
                            : "Altered a quote of " + strip_titles(q.quote.speaker));
      break;
    }
  }
  if (!summary.notices.empty()) clauses.push_back("Added a correction or update notice");
  const std::size_t other_edits =
      s.edited > summary.numbers_changed.size()
          ? s.edited - std::min(s.edited, summary.numbers_changed.size())
          : 0;
  if (s.edited > 0 && other_edits > 0 && summary.significance == Significance::substantive) {
    clauses.push_back("Edited " + paragraphs(s.edited));
  }
  if (s.moved > 0) clauses.push_back("Moved " + paragraphs(s.moved));
  if (s.split > 0) clauses.push_back("Split " + paragraphs(s.split));
  if (s.merged > 0) clauses.push_back("Merged " + paragraphs(s.merged));
  if (diff.standfirst) clauses.push_back("New standfirst");
  if (diff.byline) clauses.push_back(to.bylines.empty() ? "Byline removed" : "New byline");
  if (summary.significance == Significance::minor) {
    clauses.clear();
    clauses.push_back(fmt::format("Minor edit: {} word{} changed",
                                  std::max(s.words_added, s.words_deleted),
                                  std::max(s.words_added, s.words_deleted) == 1 ? "" : "s"));
  }
  if (clauses.empty()) clauses.push_back("No change to the text");
  std::string line;
  for (std::size_t i = 0; i < clauses.size(); ++i) {
    if (i > 0) line += "; ";
    line += clauses[i];
  }
  summary.line = line + ".";
  return summary;
}

RevisionSummary summarize_first_revision(const Article& first) {
  RevisionSummary summary;
  summary.first = true;
  for (Quote& q : find_quotes(first.body)) {
    summary.quotes.push_back({QuoteChangeKind::added, std::move(q), {}});
  }
  summary.names_added = find_names(first);
  std::size_t words = count_words(first.headline);
  for (const Block& b : first.body) words += count_words(b.text);
  std::string line =
      fmt::format("First version: {}, {} words", paragraphs(first.body.size()), words);
  std::vector<std::string> speakers;
  for (const QuoteChange& q : summary.quotes) {
    if (!q.quote.speaker.empty() && !is_pronoun(q.quote.speaker) &&
        std::find(speakers.begin(), speakers.end(), q.quote.speaker) == speakers.end()) {
      speakers.push_back(q.quote.speaker);
    }
  }
  if (!speakers.empty()) line += ", quoting " + list_names(speakers);
  summary.line = line + ".";
  return summary;
}

}  // namespace st
