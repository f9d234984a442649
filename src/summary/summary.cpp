#include "summary/summary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <set>
#include <unordered_map>
#include <unordered_set>

#include "util/text.hpp"

namespace st {
namespace {

// ---- words ----

struct Word {
  std::string_view text;     // as written, without the punctuation around it
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
    std::string_view raw = text.substr(pos, end - pos);
    pos = end;
    if (raw.empty()) continue;
    // Leading and trailing punctuation (ASCII, and the typographic quotes and dashes).
    const auto is_punct_at_start = [](std::string_view s) {
      for (const std::string_view p :
           {"\u201C", "\u2018", "\u00AB", "\u201E", "(", "[", "\"", "'", "\u2014", "\u2013"}) {
        if (s.starts_with(p)) return p.size();
      }
      return std::size_t{0};
    };
    const auto alnum = [](char c) {
      return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    };
    const bool possessive = raw.ends_with("'s") || raw.ends_with("\u2019s");
    if (alnum(raw.front()) && alnum(raw.back()) && !possessive) {  // most words: as they are
      const bool capital = raw.front() >= 'A' && raw.front() <= 'Z';
      words.push_back(Word{raw, capital, false, sentence_start});
      sentence_start = false;
      continue;
    }
    bool opens_group = false;  // "(US)", "[Carlos Barria/Reuters]", a quotation
    while (std::size_t n = is_punct_at_start(raw)) {
      raw.remove_prefix(n);
      opens_group = true;
    }
    if (opens_group && !words.empty()) words.back().ends_clause = true;
    bool ends_clause = false, ends_sentence = false;
    for (bool stripped = true; stripped && !raw.empty();) {
      stripped = false;
      for (const std::string_view p : {",", ".", ";", ":", "!", "?", ")", "]", "\"", "'", "\u201D",
                                       "\u2019", "\u00BB", "\u2026"}) {
        if (raw.ends_with(p)) {
          raw.remove_suffix(p.size());
          ends_clause = true;
          ends_sentence = ends_sentence || p == "." || p == "!" || p == "?" || p == ":";
          stripped = true;
        }
      }
    }
    for (const std::string_view s : {"\u2019s", "'s"}) {  // possessive: Harris's
      if (raw.size() > s.size() + 1 && raw.ends_with(s)) {
        raw.remove_suffix(s.size());
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
  for (const std::string_view item : list) {
    if (item.size() != word.size()) continue;
    bool same = true;
    for (std::size_t i = 0; i < item.size() && same; ++i) {
      const char c = word[i];
      same = (c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c) == item[i];
    }
    if (same) return true;
  }
  return false;
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
  // ", according to Finance Director Alan Green."
  if (is_one_of(words[0].text, {"according"}) && words.size() > 2) {
    const std::size_t end = name_run_end(words, 2);
    if (end > 2) return join_words(words, 2, end);
  }
  // "White House Press Secretary Jen Psaki said": a capitalised run, then the verb; the run
  // may start with "the" ("the White House said").
  std::size_t first = is_one_of(words[0].text, {"the"}) ? 1 : 0;
  const std::size_t end = first < words.size() ? name_run_end(words, first) : first;
  if (end > first && end < words.size() && is_speech_verb(words[end].text)) {
    // "the White House said": the article stays, so the line reads "quoting the White House".
    return (first == 1 ? "the " : "") + join_words(words, first, end);
  }
  return {};
}

// The speaker a stretch of text before a quotation names: "X said:", "X told reporters:",
// "according to X,", "X said in a statement:".
std::string speaker_before(std::string_view text) {
  const std::vector<Word> words = words_of(text);
  if (words.empty()) return {};
  const std::size_t n = words.size();
  // The verb may stand up to a dozen words before the quotation ("Holman said the pressure on
  // migrants was 'obviously...'"), after an auxiliary ("Harris has said").
  for (std::size_t back = 0; back < std::min<std::size_t>(n, 12); ++back) {
    const std::size_t i = n - 1 - back;
    if (i + 1 < n && words[i + 1].sentence_start) break;  // not past the sentence's start
    if (is_one_of(words[i].text, {"according"}) && i + 2 < n) {
      const std::size_t end = name_run_end(words, i + 2);
      if (end > i + 2) return join_words(words, i + 2, end);
    }
    if (!is_speech_verb(words[i].text) || i == 0) continue;
    std::size_t subject = i - 1;
    while (subject > 0 && is_one_of(words[subject].text, {"has", "had", "have", "also", "later"})) {
      --subject;
    }
    if (is_pronoun(words[subject].text)) return ascii_lower(words[subject].text);
    const std::size_t first = name_run_start(words, subject);
    if (first <= subject) return join_words(words, first, subject + 1);
  }
  return {};
}

std::size_t word_count(std::string_view text) {
  return count_words(text);
}

// The quotations of one block; a speaker left to be taken from the quotation before.
struct TextQuotes {
  std::vector<Quote> quotes;
  std::vector<bool> goes_on;  // by a pronoun, or standing alone: the speaker of the one before
};

TextQuotes quotes_in(std::string_view text) {
  TextQuotes found;
  const std::vector<QuoteSpan> spans = quote_spans(text);
  for (std::size_t k = 0; k < spans.size(); ++k) {
    const QuoteSpan& s = spans[k];
    std::string inner =
        normalize_text(text.substr(s.open + s.open_len, s.close - s.open - s.open_len));
    while (!inner.empty() && (inner.back() == ',' || inner.back() == ' ')) inner.pop_back();
    if (word_count(inner) < 3) continue;  // a term in quotation marks, not a quotation
    const std::size_t after_start = s.close + s.close_len;
    const std::size_t after_end = k + 1 < spans.size() ? spans[k + 1].open : text.size();
    const std::size_t before_start = k > 0 ? spans[k - 1].close + spans[k - 1].close_len : 0;
    std::string speaker = speaker_after(text.substr(std::min(after_start, text.size()),
                                                    after_end - std::min(after_start, after_end)));
    if (speaker.empty()) speaker = speaker_before(text.substr(before_start, s.open - before_start));
    const bool pronoun = !speaker.empty() && is_pronoun(speaker);
    const bool stands_alone = s.open == 0 && speaker.empty();
    found.quotes.push_back({pronoun ? std::string() : std::move(speaker), std::move(inner)});
    found.goes_on.push_back(pronoun || stands_alone);
  }
  return found;
}

// The quotations of a body from those of its blocks, each speaker carried on to the
// quotations that go on from it.
std::vector<Quote> quotes_of(const std::vector<const TextQuotes*>& blocks) {
  std::vector<Quote> quotes;
  std::string last_speaker;
  for (const TextQuotes* block : blocks) {
    for (std::size_t i = 0; i < block->quotes.size(); ++i) {
      Quote q = block->quotes[i];
      if (block->goes_on[i]) q.speaker = last_speaker;
      if (!q.speaker.empty()) last_speaker = q.speaker;
      quotes.push_back(std::move(q));
    }
  }
  return quotes;
}

// The name candidates of one text, in order, and the words it writes in lower case.
struct TextNames {
  struct Candidate {
    std::string name;
    std::string key;       // in lower case
    bool single_at_start;  // one word opening a sentence: a name only if the article
                           // never writes it in lower case ("Officials said...")
  };
  std::vector<Candidate> candidates;
  std::unordered_set<std::string> lower_words;
};

TextNames names_in(std::string_view text) {
  TextNames found;
  const std::vector<Word> words = words_of(text);
  for (const Word& w : words) {
    if (!w.capital) found.lower_words.emplace(w.text);
  }
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
        std::string name = join_words(words, first, last);
        std::string key = ascii_lower(name);
        const bool single = last - first == 1 && words[first].sentence_start;
        found.candidates.push_back({std::move(name), std::move(key), single});
      }
      part = k + 1;
    }
    i = std::max(end, i + 1);
  }
  return found;
}

// The names of an article from the names of its texts (headline, standfirst, body blocks).
// `written_in_lower_case` tells whether any of the texts writes a word in lower case.
template <typename LowerCase>
std::vector<std::string> names_of(const std::vector<const TextNames*>& texts,
                                  const LowerCase& written_in_lower_case) {
  std::vector<std::string> names;
  std::unordered_set<std::string_view> seen;
  for (const TextNames* text : texts) {
    for (const TextNames::Candidate& c : text->candidates) {
      if (seen.contains(c.key)) continue;
      if (c.single_at_start && written_in_lower_case(c.key)) continue;
      seen.insert(c.key);
      names.push_back(c.name);
    }
  }
  return names;
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
  std::vector<TextQuotes> found;
  for (const Block& block : body) found.push_back(quotes_in(block.text));
  std::vector<const TextQuotes*> blocks;
  for (const TextQuotes& q : found) blocks.push_back(&q);
  return quotes_of(blocks);
}

std::vector<std::string> find_names(const Article& article) {
  std::vector<TextNames> found;
  found.push_back(names_in(article.headline));
  found.push_back(names_in(article.standfirst));
  for (const Block& block : article.body) found.push_back(names_in(block.text));
  std::vector<const TextNames*> texts;
  for (const TextNames& t : found) texts.push_back(&t);
  return names_of(texts, [&](const std::string& key) {
    return std::any_of(texts.begin(), texts.end(),
                       [&](const TextNames* t) { return t->lower_words.contains(key); });
  });
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

// Month and day names are written with a capital in English ("may" is a verb, "march" a walk).
bool is_month(std::string_view word) {
  if (word.empty() || word[0] < 'A' || word[0] > 'Z') return false;
  return is_one_of(
      word, {"january",   "february", "march",    "april",    "may",  "june", "july", "august",
             "september", "october",  "november", "december", "jan",  "feb",  "mar",  "apr",
             "jun",       "jul",      "aug",      "sep",      "sept", "oct",  "nov",  "dec"});
}

// A word that states a figure or a date: it has a digit ("$310m", "2021", "5"), or it is a
// number word, a month or a day of the week.
bool is_figure(std::string_view word) {
  if (std::any_of(word.begin(), word.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return true;
  }
  const bool capital = !word.empty() && word[0] >= 'A' && word[0] <= 'Z';
  return is_month(word) ||
         (capital && is_one_of(word, {"monday", "tuesday", "wednesday", "thursday", "friday",
                                      "saturday", "sunday"})) ||
         is_one_of(word, {"one",      "two",       "three",   "four",     "five",    "six",
                          "seven",    "eight",     "nine",    "ten",      "eleven",  "twelve",
                          "twenty",   "thirty",    "forty",   "fifty",    "hundred", "hundreds",
                          "thousand", "thousands", "million", "millions", "billion", "billions",
                          "trillion", "dozen",     "dozens",  "half",     "twice"}) ||
         (word.size() > 1 && is_month(word.substr(0, word.size() - 1)) && word.back() == '.');
}

// The last word of a stretch of text, without the punctuation around it.
std::string_view last_word(std::string_view text) {
  const std::size_t end = text.find_last_not_of(" ,");
  if (end == std::string_view::npos) return {};
  const std::size_t start = text.find_last_of(" ", end);
  return text.substr(start == std::string_view::npos ? 0 : start + 1,
                     end + 1 - (start == std::string_view::npos ? 0 : start + 1));
}

// Figures that changed in a word diff: each deletion followed by an insertion, their figures
// paired in order ("$300m" to "$310m", "Monday" to "Tuesday", "three" to "four"). A day of the
// month keeps the month written just before it ("June 5" to "June 12").
std::vector<NumberChange> number_changes(const std::vector<TokenChange>& tokens) {
  std::vector<NumberChange> changes;
  const auto figures = [](const std::string& text) {
    std::vector<std::string> out;
    for (const std::string& token : tokenize(text, Granularity::word)) {
      if (is_figure(token)) out.push_back(token);
    }
    return out;
  };
  for (std::size_t i = 0; i + 1 < tokens.size(); ++i) {
    if (tokens[i].op != TokenOp::remove || tokens[i + 1].op != TokenOp::insert) continue;
    const std::vector<std::string> from = figures(tokens[i].text);
    const std::vector<std::string> to = figures(tokens[i + 1].text);
    const std::string_view before =
        i > 0 && tokens[i - 1].op == TokenOp::equal ? last_word(tokens[i - 1].text) : "";
    for (std::size_t k = 0; k < std::min(from.size(), to.size()); ++k) {
      if (from[k] == to[k]) continue;
      const bool day = k == 0 && is_month(before) && from[k].size() <= 2 && to[k].size() <= 2;
      const std::string month = day ? std::string(before) + " " : std::string();
      changes.push_back({month + from[k], month + to[k]});
    }
  }
  return changes;
}

// The number of single-byte edits (insertions, deletions, substitutions) between two words.
std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> row(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) row[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    std::size_t diagonal = row[0];
    row[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

std::string_view trimmed(std::string_view text) {
  const std::size_t first = text.find_first_not_of(' ');
  if (first == std::string_view::npos) return {};
  return text.substr(first, text.find_last_not_of(' ') + 1 - first);
}

// Whether a word diff only mends spelling: every deletion is followed by an insertion of one
// word within two letters of it ("Goverment" to "Government"), and nothing else changed but
// punctuation and spacing.
bool only_typos(const std::vector<TokenChange>& tokens) {
  bool any = false;
  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const TokenChange& t = tokens[i];
    if (t.op == TokenOp::equal) continue;
    if (count_words(t.text) == 0) continue;  // punctuation or spacing
    if (t.op != TokenOp::remove || i + 1 >= tokens.size() || tokens[i + 1].op != TokenOp::insert) {
      return false;
    }
    const std::string_view from = trimmed(t.text), to = trimmed(tokens[i + 1].text);
    if (from.find(' ') != std::string_view::npos || to.find(' ') != std::string_view::npos ||
        std::min(from.size(), to.size()) < 4 || edit_distance(from, to) > 2) {
      return false;
    }
    any = true;
    ++i;
  }
  return any;
}

// Whether a word diff adds or drops a negation ("not", "no", "never", "n't"...).
bool changes_negation(const std::vector<TokenChange>& tokens) {
  for (const TokenChange& t : tokens) {
    if (t.op == TokenOp::equal) continue;
    for (const std::string& word : tokenize(t.text, Granularity::word)) {
      if (is_one_of(word, {"not", "no", "never", "nor", "none", "nobody", "nothing", "neither",
                           "without", "cannot"}) ||
          word.ends_with("n't") || word.ends_with("n\u2019t")) {
        return true;
      }
    }
  }
  return false;
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

// The speakers of quotes, each person once: "Harris" after "US Vice President Kamala Harris" is
// the same person (same surname), and is left out; pronouns are left out.
std::vector<std::string> distinct_speakers(const std::vector<const Quote*>& quotes) {
  std::vector<std::string> speakers;
  std::set<std::string> surnames;
  for (const Quote* q : quotes) {
    if (q->speaker.empty() || is_pronoun(q->speaker)) continue;
    const std::string name = strip_titles(q->speaker);
    const std::size_t space = name.rfind(' ');
    const std::string surname =
        ascii_lower(space == std::string::npos ? name : name.substr(space + 1));
    if (surnames.insert(surname).second) speakers.push_back(q->speaker);
  }
  return speakers;
}

// A passage quoted in a summary line, without quotation marks of its own at its ends (the line
// puts it in quotation marks).
std::string excerpt(std::string_view text, std::size_t max_bytes) {
  std::string out = shorten(first_sentence(text), max_bytes);
  for (const std::string_view mark : {"\u201C", "\u201D", "\u2018", "\u2019", "\"", "'"}) {
    if (out.starts_with(mark)) out.erase(0, mark.size());
  }
  return out;
}

std::vector<std::string> first_few(const std::vector<std::string>& names, std::size_t n) {
  return {names.begin(), names.begin() + static_cast<std::ptrdiff_t>(std::min(n, names.size()))};
}

std::string paragraphs(std::size_t n) {
  return fmt::format("{} paragraph{}", n, n == 1 ? "" : "s");
}

}  // namespace

namespace {

ArticleFacts facts_from(std::vector<Quote> quotes, std::vector<std::string> names) {
  ArticleFacts facts{std::move(quotes), std::move(names), {}, {}};
  for (const std::string& name : facts.names) {
    facts.name_keys.insert(ascii_lower(name));
    const std::size_t space = name.rfind(' ');
    facts.last_words.insert(
        ascii_lower(space == std::string::npos ? name : name.substr(space + 1)));
  }
  return facts;
}

}  // namespace

ArticleFacts article_facts(const Article& article) {
  return facts_from(find_quotes(article.body), find_names(article));
}

struct FactsCache::Texts {
  struct Facts {
    TextNames names;
    TextQuotes quotes;
  };
  // By text: those of the article read last (current), and while an article is read, those of
  // the one before that it has not used yet (previous).
  std::unordered_map<std::string, std::unique_ptr<Facts>> current, previous;
  // For each word the current texts write in lower case, how many of them do.
  std::unordered_map<std::string, int> lower_count;

  void count(const TextNames& names, int delta) {
    for (const std::string& word : names.lower_words) {
      const auto it = lower_count.try_emplace(word, 0).first;
      if ((it->second += delta) == 0) lower_count.erase(it);
    }
  }
};

FactsCache::FactsCache() : texts_(std::make_unique<Texts>()) {}
FactsCache::~FactsCache() = default;

ArticleFacts article_facts(const Article& article, FactsCache& cache) {
  FactsCache::Texts& t = *cache.texts_;
  t.previous = std::move(t.current);
  t.current.clear();
  std::vector<const TextNames*> texts;
  std::vector<const TextQuotes*> blocks;
  const auto read = [&](const std::string& text) -> const FactsCache::Texts::Facts& {
    auto it = t.current.find(text);
    if (it == t.current.end()) {
      auto old = t.previous.find(text);
      std::unique_ptr<FactsCache::Texts::Facts> facts;
      if (old != t.previous.end()) {
        facts = std::move(old->second);
        t.previous.erase(old);
      } else {
        facts.reset(new FactsCache::Texts::Facts{names_in(text), quotes_in(text)});
        t.count(facts->names, +1);
      }
      it = t.current.emplace(text, std::move(facts)).first;
    }
    return *it->second;
  };
  texts.push_back(&read(article.headline).names);
  texts.push_back(&read(article.standfirst).names);
  for (const Block& block : article.body) {
    const FactsCache::Texts::Facts& facts = read(block.text);
    texts.push_back(&facts.names);
    blocks.push_back(&facts.quotes);
  }
  for (const auto& [text, gone] : t.previous) t.count(gone->names, -1);
  t.previous.clear();
  return facts_from(quotes_of(blocks), names_of(texts, [&](const std::string& key) {
                      return t.lower_count.contains(key);
                    }));
}

RevisionSummary summarize_revision(const Article& from, const Article& to,
                                   const ArticleDiff& diff) {
  return summarize_revision(from, to, diff, article_facts(from), article_facts(to));
}

RevisionSummary summarize_revision(const Article& /*from*/, const Article& to,
                                   const ArticleDiff& diff, const ArticleFacts& old_facts,
                                   const ArticleFacts& new_facts) {
  RevisionSummary summary;
  // Quotes: of the whole text before and after, so a speaker named in an earlier block still
  // counts; compared by their words.
  const std::vector<Quote>& old_quotes = old_facts.quotes;
  const std::vector<Quote>& new_quotes = new_facts.quotes;
  std::vector<bool> old_matched(old_quotes.size(), false);
  // Each new quote takes the first old one with the same words not yet taken.
  std::unordered_map<std::string, std::vector<std::size_t>> old_by_key;
  for (std::size_t i = old_quotes.size(); i-- > 0;) {
    old_by_key[comparison_key(old_quotes[i].text)].push_back(i);  // last first: taken from the back
  }
  std::vector<Quote> added;
  for (const Quote& q : new_quotes) {
    const auto it = old_by_key.find(comparison_key(q.text));
    if (it == old_by_key.end() || it->second.empty()) {
      added.push_back(q);
      continue;
    }
    old_matched[it->second.back()] = true;
    it->second.pop_back();
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

  // Names: a name counts as named on a side when the name or its last word (the surname) is.
  const auto named_in = [](const std::string& name, const ArticleFacts& facts) {
    const std::size_t space = name.rfind(' ');
    return facts.name_keys.contains(ascii_lower(name)) ||
           facts.last_words.contains(
               ascii_lower(space == std::string::npos ? name : name.substr(space + 1)));
  };
  for (const std::string& n : new_facts.names) {
    if (!named_in(n, old_facts)) summary.names_added.push_back(n);
  }
  for (const std::string& n : old_facts.names) {
    if (!named_in(n, new_facts)) summary.names_removed.push_back(n);
  }
  // A name whose spelling was mended ("Goverment", "Lopez" to "López") is neither new nor gone.
  for (auto name = summary.names_added.begin(); name != summary.names_added.end();) {
    const auto respelled = std::find_if(
        summary.names_removed.begin(), summary.names_removed.end(), [&](const std::string& gone) {
          return std::min(gone.size(), name->size()) >= 4 && edit_distance(gone, *name) <= 2;
        });
    if (respelled == summary.names_removed.end()) {
      ++name;
      continue;
    }
    summary.names_removed.erase(respelled);
    name = summary.names_added.erase(name);
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
  // A new headline matters unless it only mends a typo; a negation added or dropped matters
  // however few the words ("will visit" to "will not visit").
  const bool headline_typo = diff.headline && only_typos(diff.headline->tokens);
  bool negation = false;
  for (const BlockChange& c : diff.blocks) negation = negation || changes_negation(c.tokens);
  if (diff.headline) negation = negation || changes_negation(diff.headline->tokens);
  const bool content = !summary.quotes.empty() || !summary.numbers_changed.empty() ||
                       !summary.names_added.empty() || !summary.names_removed.empty() ||
                       !summary.notices.empty() || (diff.headline && !headline_typo) || negation;
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
      clause += fmt::format(": \u201C{}\u201D", excerpt(c.text, 90));
      break;
    }
    std::vector<const Quote*> added_quotes;
    for (const QuoteChange& q : summary.quotes) {
      if (q.kind == QuoteChangeKind::added) added_quotes.push_back(&q.quote);
    }
    const std::vector<std::string> speakers = distinct_speakers(added_quotes);
    if (!speakers.empty()) {
      clause += ", quoting " + list_names(speakers);
    } else if (!summary.names_added.empty()) {
      clause += ", naming " + list_names(first_few(summary.names_added, 3));
    }
    clauses.push_back(std::move(clause));
  }
  if (s.deleted > 0) {
    std::string clause = "Removed " + paragraphs(s.deleted);
    if (!summary.names_removed.empty()) {
      clause += ", no longer naming " + list_names(first_few(summary.names_removed, 3));
    }
    clauses.push_back(std::move(clause));
  }
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
    const std::size_t words = std::max(s.words_added, s.words_deleted);
    clauses.push_back(words == 0 && !diff.headline
                          ? std::string("Minor edit: punctuation or spacing")
                          : fmt::format("Minor edit: {} word{} changed{}",
                                        std::max<std::size_t>(words, 1), words > 1 ? "s" : "",
                                        diff.headline ? " in the headline" : ""));
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
  std::vector<const Quote*> quotes;
  for (const QuoteChange& q : summary.quotes) quotes.push_back(&q.quote);
  const std::vector<std::string> speakers = distinct_speakers(quotes);
  if (!speakers.empty()) line += ", quoting " + list_names(speakers);
  summary.line = line + ".";
  return summary;
}

}  // namespace st
