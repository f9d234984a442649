#include "diff/tokens.hpp"

#include <algorithm>
#include <cstdint>
#include <dtl/dtl.hpp>
#include <unordered_map>

#include "util/text.hpp"

namespace st {
namespace {

bool is_space(char32_t cp) {
  if (cp == ' ' || (cp >= 0x09 && cp <= 0x0D)) return true;
  return cp == 0xA0 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F || cp == 0x205F ||
         cp == 0x3000;
}

// Scripts written without spaces between words: each ideograph or kana is a token.
bool is_cjk(char32_t cp) {
  return (cp >= 0x3040 && cp <= 0x30FF) || (cp >= 0x3400 && cp <= 0x4DBF) ||
         (cp >= 0x4E00 && cp <= 0x9FFF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
         (cp >= 0x20000 && cp <= 0x2FFFF);
}

bool is_digit(char32_t cp) {
  return cp >= '0' && cp <= '9';
}

bool is_currency(char32_t cp) {
  return cp == '$' || cp == 0xA3 /* £ */ || cp == 0xA5 /* ¥ */ || cp == 0x20AC /* € */ ||
         cp == 0x20B9 /* ₹ */;
}

char32_t peek(std::string_view text, std::size_t pos) {
  return pos < text.size() ? next_code_point(text, pos) : 0;
}

// One word-granularity token starting at `pos`; returns where it ends.
std::size_t word_token_end(std::string_view text, std::size_t pos) {
  std::size_t next = pos;
  const char32_t cp = next_code_point(text, next);
  if (is_space(cp)) {
    while (next < text.size()) {
      std::size_t after = next;
      if (!is_space(next_code_point(text, after))) break;
      next = after;
    }
    return next;
  }
  if (is_cjk(cp)) return next;
  if (is_digit(cp) || (is_currency(cp) && is_digit(peek(text, next)))) {
    // A number with its separators and what is written onto it: "$310m", "2.5%", "20th".
    while (next < text.size()) {
      std::size_t after = next;
      const char32_t c = next_code_point(text, after);
      if (is_digit(c) || ((c == ',' || c == '.') && is_digit(peek(text, after)))) {
        next = after;
      } else {
        break;
      }
    }
    while (next < text.size()) {
      std::size_t after = next;
      const char32_t c = next_code_point(text, after);
      if (!(is_word_char(c) && !is_cjk(c)) && c != '%' && !is_currency(c)) break;
      next = after;
    }
    return next;
  }
  if (is_word_char(cp)) {
    while (next < text.size()) {
      std::size_t after = next;
      const char32_t c = next_code_point(text, after);
      if (is_word_char(c) && !is_cjk(c)) {
        next = after;
      } else if (is_word_joiner(c) && is_word_char(peek(text, after)) &&
                 !is_cjk(peek(text, after))) {
        next = after;  // the joiner; the word goes on with the next character
      } else {
        break;
      }
    }
    return next;
  }
  return next;  // punctuation and symbols, one at a time
}

bool ends_sentence(char32_t cp) {
  return cp == '.' || cp == '!' || cp == '?' || cp == 0x2026 /* … */ || cp == 0x3002 /* 。 */ ||
         cp == 0xFF01 /* ！ */ || cp == 0xFF1F /* ？ */;
}

bool closes_sentence(char32_t cp) {
  return cp == '"' || cp == '\'' || cp == ')' || cp == ']' || cp == 0x2019 || cp == 0x201D ||
         cp == 0x00BB || cp == 0x300D /* 」 */ || cp == 0x300F /* 』 */;
}

// One sentence-granularity token starting at `pos`; returns where it ends.
std::size_t sentence_token_end(std::string_view text, std::size_t pos) {
  std::size_t next = pos;
  if (is_space(next_code_point(text, next))) return word_token_end(text, pos);
  while (next < text.size()) {
    const char32_t cp = next_code_point(text, next);
    if (!ends_sentence(cp)) continue;
    while (next < text.size()) {
      std::size_t after = next;
      const char32_t c = next_code_point(text, after);
      if (!ends_sentence(c) && !closes_sentence(c)) break;
      next = after;
    }
    // A sentence ends before white space, or after full-width punctuation.
    if (next >= text.size() || is_space(peek(text, next)) || cp >= 0x3000) return next;
  }
  return next;
}

struct Segment {
  TokenOp op;
  std::string text;
};

std::size_t length(std::string_view text) {
  std::size_t n = 0;
  for (std::size_t pos = 0; pos < text.size();) {
    next_code_point(text, pos);
    ++n;
  }
  return n;
}

// An equal stretch and the change after it (deleted, then inserted text).
struct Stretch {
  std::string equal;
  std::string removed;
  std::string inserted;
};

// See diff_text: joins changes across short unchanged stretches.
std::vector<TokenChange> clean_up(const std::vector<Segment>& segments) {
  // Regroup as equal text followed by a change; the first stretch may have no equal text, the
  // last may have no change.
  std::vector<Stretch> stretches(1);
  for (const Segment& s : segments) {
    if (s.op == TokenOp::equal) {
      if (!stretches.back().removed.empty() || !stretches.back().inserted.empty()) {
        stretches.emplace_back();
      }
      stretches.back().equal += s.text;
    } else {
      (s.op == TokenOp::remove ? stretches.back().removed : stretches.back().inserted) += s.text;
    }
  }
  const auto change_length = [](const Stretch& s) {
    return std::max(length(s.removed), length(s.inserted));
  };
  for (bool merged = true; merged;) {
    merged = false;
    for (std::size_t i = 1; i < stretches.size(); ++i) {
      Stretch& before = stretches[i - 1];
      Stretch& here = stretches[i];
      const bool has_change = !here.removed.empty() || !here.inserted.empty();
      const bool before_change = !before.removed.empty() || !before.inserted.empty();
      if (!has_change || !before_change) continue;
      const std::size_t equal = length(here.equal);
      if (equal > change_length(before) || equal > change_length(here)) continue;
      before.removed += here.equal + here.removed;
      before.inserted += here.equal + here.inserted;
      stretches.erase(stretches.begin() + static_cast<std::ptrdiff_t>(i));
      merged = true;
      break;
    }
  }
  std::vector<TokenChange> changes;
  for (Stretch& s : stretches) {
    if (!s.equal.empty()) changes.push_back({TokenOp::equal, std::move(s.equal)});
    if (!s.removed.empty()) changes.push_back({TokenOp::remove, std::move(s.removed)});
    if (!s.inserted.empty()) changes.push_back({TokenOp::insert, std::move(s.inserted)});
  }
  return changes;
}

Granularity coarser(Granularity g) {
  return g == Granularity::word ? Granularity::sentence : Granularity::paragraph;
}

std::vector<TokenChange> replaced(std::string_view from, std::string_view to) {
  std::vector<TokenChange> changes;
  if (!from.empty()) changes.push_back({TokenOp::remove, std::string(from)});
  if (!to.empty()) changes.push_back({TokenOp::insert, std::string(to)});
  return changes;
}

}  // namespace

std::string_view token_op_name(TokenOp op) {
  switch (op) {
    case TokenOp::equal:
      return "equal";
    case TokenOp::insert:
      return "insert";
    case TokenOp::remove:
      return "delete";
  }
  return "equal";
}

void for_each_token(std::string_view text, Granularity granularity,
                    const std::function<void(std::string_view)>& visit) {
  if (granularity == Granularity::paragraph) {
    if (!text.empty()) visit(text);
    return;
  }
  for (std::size_t pos = 0; pos < text.size();) {
    const std::size_t end = granularity == Granularity::word ? word_token_end(text, pos)
                                                             : sentence_token_end(text, pos);
    visit(text.substr(pos, end - pos));
    pos = end;
  }
}

std::vector<std::string> tokenize(std::string_view text, Granularity granularity) {
  std::vector<std::string> tokens;
  for_each_token(text, granularity, [&](std::string_view t) { tokens.emplace_back(t); });
  return tokens;
}

TextDiff diff_text(std::string_view from, std::string_view to, Granularity granularity,
                   std::size_t max_cost) {
  if (from == to) {
    TextDiff same{{}, granularity};
    if (!from.empty()) same.changes.push_back({TokenOp::equal, std::string(from)});
    return same;
  }
  if (granularity == Granularity::paragraph || from.empty() || to.empty()) {
    return {replaced(from, to), granularity};
  }
  if (granularity == Granularity::word) {
    // Most edits touch a few words of a long block: the identical start and end are kept as
    // they are and only the middle is cut into tokens. A cut is made only where a token starts
    // after a space in both texts, so the tokens are those of the whole texts.
    const std::size_t shorter = std::min(from.size(), to.size());
    std::size_t head = 0;
    while (head < shorter && from[head] == to[head]) ++head;
    while (head > 0 && !(from[head - 1] == ' ' && (head == from.size() || from[head] != ' ') &&
                         (head == to.size() || to[head] != ' '))) {
      --head;
    }
    std::size_t tail = 0;
    while (tail < shorter - head && from[from.size() - 1 - tail] == to[to.size() - 1 - tail]) {
      ++tail;
    }
    // The tail must start with a token that follows a space in both texts.
    while (tail > 0 && !(from[from.size() - tail] != ' ' && from.size() - tail > head &&
                         from[from.size() - tail - 1] == ' ' && to.size() - tail > head &&
                         to[to.size() - tail - 1] == ' ')) {
      --tail;
    }
    if (head > 0 || tail > 0) {
      TextDiff middle = diff_text(from.substr(head, from.size() - head - tail),
                                  to.substr(head, to.size() - head - tail), granularity, max_cost);
      std::vector<Segment> segments;
      if (head > 0) segments.push_back({TokenOp::equal, std::string(from.substr(0, head))});
      for (TokenChange& c : middle.changes) segments.push_back({c.op, std::move(c.text)});
      if (tail > 0) {
        segments.push_back({TokenOp::equal, std::string(from.substr(from.size() - tail))});
      }
      // Neighbouring equal pieces joined, then the same cleanup as a whole diff.
      std::vector<Segment> joined;
      for (Segment& seg : segments) {
        if (!joined.empty() && joined.back().op == seg.op) {
          joined.back().text += seg.text;
        } else {
          joined.push_back(std::move(seg));
        }
      }
      return {clean_up(joined), middle.granularity, middle.cost};
    }
  }
  const std::vector<std::string> a = tokenize(from, granularity);
  const std::vector<std::string> b = tokenize(to, granularity);
  // Tokens as small integers: dtl compares elements often.
  std::unordered_map<std::string_view, std::uint32_t> ids;
  const auto intern = [&](const std::vector<std::string>& tokens) {
    std::vector<std::uint32_t> out;
    out.reserve(tokens.size());
    for (const std::string& t : tokens) {
      out.push_back(ids.try_emplace(t, static_cast<std::uint32_t>(ids.size())).first->second);
    }
    return out;
  };
  const std::vector<std::uint32_t> ia = intern(a);
  const std::vector<std::uint32_t> ib = intern(b);
  // The common start and end need no diff.
  std::size_t prefix = 0;
  while (prefix < ia.size() && prefix < ib.size() && ia[prefix] == ib[prefix]) ++prefix;
  std::size_t suffix = 0;
  while (suffix < ia.size() - prefix && suffix < ib.size() - prefix &&
         ia[ia.size() - 1 - suffix] == ib[ib.size() - 1 - suffix]) {
    ++suffix;
  }
  const std::vector<std::uint32_t> ma(ia.begin() + static_cast<std::ptrdiff_t>(prefix),
                                      ia.end() - static_cast<std::ptrdiff_t>(suffix));
  const std::vector<std::uint32_t> mb(ib.begin() + static_cast<std::ptrdiff_t>(prefix),
                                      ib.end() - static_cast<std::ptrdiff_t>(suffix));
  const std::size_t middle = ma.size() + mb.size();
  const std::size_t cost = middle * middle;
  if (cost > max_cost) return diff_text(from, to, coarser(granularity), max_cost);

  std::vector<Segment> segments;
  const auto add = [&](TokenOp op, const std::string& text) {
    if (!segments.empty() && segments.back().op == op) {
      segments.back().text += text;
    } else {
      segments.push_back({op, text});
    }
  };
  for (std::size_t i = 0; i < prefix; ++i) add(TokenOp::equal, a[i]);
  if (ma.empty() || mb.empty()) {
    for (std::size_t i = prefix; i < a.size() - suffix; ++i) add(TokenOp::remove, a[i]);
    for (std::size_t i = prefix; i < b.size() - suffix; ++i) add(TokenOp::insert, b[i]);
  } else {
    dtl::Diff<std::uint32_t, std::vector<std::uint32_t>> diff(ma, mb, true);
    diff.compose();
    for (const auto& [id, info] : diff.getSes().getSequence()) {
      if (info.type == dtl::SES_COMMON || info.type == dtl::SES_DELETE) {
        const auto index = prefix + static_cast<std::size_t>(info.beforeIdx - 1);
        add(info.type == dtl::SES_COMMON ? TokenOp::equal : TokenOp::remove, a[index]);
      } else {
        add(TokenOp::insert, b[prefix + static_cast<std::size_t>(info.afterIdx - 1)]);
      }
    }
  }
  for (std::size_t i = a.size() - suffix; i < a.size(); ++i) add(TokenOp::equal, a[i]);
  return {clean_up(segments), granularity, cost};
}

}  // namespace st
