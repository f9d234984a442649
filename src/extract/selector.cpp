#include "extract/selector.hpp"

#include <algorithm>

#include "extract/html_tree.hpp"
#include "util/text.hpp"

namespace st::html {
namespace {

bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_' || static_cast<unsigned char>(c) >= 0x80;
}

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'; }

// A cursor over the selector text.
class Reader {
 public:
  explicit Reader(std::string_view text) : text_(text) {}
  bool done() const { return pos_ >= text_.size(); }
  char peek() const { return done() ? '\0' : text_[pos_]; }
  void advance() { ++pos_; }
  bool skip_space() {
    const std::size_t start = pos_;
    while (!done() && is_space(text_[pos_])) ++pos_;
    return pos_ != start;
  }
  std::string name() {
    const std::size_t start = pos_;
    while (!done() && is_name_char(text_[pos_])) ++pos_;
    return std::string(text_.substr(start, pos_ - start));
  }
  // A quoted string or a bare name.
  Result<std::string> value() {
    const char quote = peek();
    if (quote != '"' && quote != '\'') {
      // Unquoted: up to the closing bracket or white space (".jpg" is accepted too).
      const std::size_t start = pos_;
      while (!done() && text_[pos_] != ']' && !is_space(text_[pos_])) ++pos_;
      if (pos_ == start) return fail("expected a value");
      return std::string(text_.substr(start, pos_ - start));
    }
    const std::size_t end = text_.find(quote, pos_ + 1);
    if (end == std::string_view::npos) return fail("unterminated quoted value");
    std::string quoted(text_.substr(pos_ + 1, end - pos_ - 1));
    pos_ = end + 1;
    return quoted;
  }
  std::size_t position() const { return pos_ + 1; }

 private:
  std::string_view text_;
  std::size_t pos_ = 0;
};

bool has_word(std::string_view list, std::string_view word) {
  while (!list.empty()) {
    const auto start = std::find_if_not(list.begin(), list.end(), is_space);
    list.remove_prefix(static_cast<std::size_t>(start - list.begin()));
    const auto end = std::find_if(list.begin(), list.end(), is_space);
    const auto length = static_cast<std::size_t>(end - list.begin());
    if (!list.empty() && list.substr(0, length) == word) return true;
    list.remove_prefix(length);
  }
  return false;
}

}  // namespace

Result<Selector> Selector::parse(std::string_view text) {
  Selector selector;
  selector.text_ = std::string(text);
  Reader in(text);
  const auto bad = [&](std::string_view why) {
    return fail("invalid selector '{}': {} at position {}", text, why, in.position());
  };
  Complex complex;
  bool child = false;
  in.skip_space();
  while (true) {
    Compound compound;
    compound.child_of_previous = child;
    child = false;
    bool any = false;
    if (in.peek() == '*') {
      in.advance();
      any = true;
    } else if (is_name_char(in.peek())) {
      compound.tag = ascii_lower(in.name());
      any = true;
    }
    while (true) {
      const char c = in.peek();
      if (c == '.' || c == '#') {
        in.advance();
        std::string name = in.name();
        if (name.empty()) return bad("expected a name");
        (c == '.' ? compound.classes : compound.ids).push_back(std::move(name));
      } else if (c == '[') {
        in.advance();
        in.skip_space();
        Attribute attribute;
        attribute.name = ascii_lower(in.name());
        if (attribute.name.empty()) return bad("expected an attribute name");
        in.skip_space();
        const char op = in.peek();
        if (op != ']') {
          if (op == '=') {
            attribute.op = Attribute::Op::equals;
          } else if (op == '~' || op == '^' || op == '$' || op == '*') {
            attribute.op = op == '~'   ? Attribute::Op::word
                           : op == '^' ? Attribute::Op::prefix
                           : op == '$' ? Attribute::Op::suffix
                                       : Attribute::Op::contains;
            in.advance();
            if (in.peek() != '=') return bad("expected '='");
          } else {
            return bad("expected '=' or ']'");
          }
          in.advance();
          in.skip_space();
          auto value = in.value();
          if (!value) return bad(value.error().message);
          attribute.value = std::move(*value);
          in.skip_space();
        }
        if (in.peek() != ']') return bad("expected ']'");
        in.advance();
        compound.attributes.push_back(std::move(attribute));
      } else {
        break;
      }
      any = true;
    }
    if (!any) return bad(in.done() ? "unexpected end" : "unexpected character");
    complex.push_back(std::move(compound));
    const bool spaced = in.skip_space();
    if (in.done() || in.peek() == ',') {
      selector.alternatives_.push_back(std::move(complex));
      complex.clear();
      if (in.done()) break;
      in.advance();
      in.skip_space();
      continue;
    }
    if (in.peek() == '>') {
      in.advance();
      in.skip_space();
      child = true;
    } else if (!spaced) {
      return bad("unexpected character");
    }
  }
  return selector;
}

bool Selector::matches(const GumboNode* element) const {
  if (!is_element(element)) return false;
  return std::any_of(alternatives_.begin(), alternatives_.end(), [&](const Complex& complex) {
    return matches_complex(complex, complex.size() - 1, element);
  });
}

bool Selector::matches_compound(const Compound& compound, const GumboNode* element) {
  if (!compound.tag.empty() && ascii_lower(tag_name(element)) != compound.tag) return false;
  const std::string_view classes = attribute(element, "class");
  for (const std::string& c : compound.classes) {
    if (!has_word(classes, c)) return false;
  }
  for (const std::string& id : compound.ids) {
    if (attribute(element, "id") != id) return false;
  }
  for (const Attribute& a : compound.attributes) {
    const GumboAttribute* found =
        gumbo_get_attribute(&element->v.element.attributes, a.name.c_str());
    if (found == nullptr) return false;
    const std::string_view value = found->value != nullptr ? found->value : "";
    switch (a.op) {
      case Attribute::Op::exists: break;
      case Attribute::Op::equals: if (value != a.value) return false; break;
      case Attribute::Op::word: if (!has_word(value, a.value)) return false; break;
      case Attribute::Op::prefix: if (a.value.empty() || !value.starts_with(a.value)) return false; break;
      case Attribute::Op::suffix: if (a.value.empty() || !value.ends_with(a.value)) return false; break;
      case Attribute::Op::contains:
        if (a.value.empty() || value.find(a.value) == std::string_view::npos) return false;
        break;
    }
  }
  return true;
}

bool Selector::matches_complex(const Complex& complex, std::size_t last, const GumboNode* element) {
  // Right to left, iteratively over ancestors; backtracking only across descendant steps.
  if (!matches_compound(complex[last], element)) return false;
  if (last == 0) return true;
  const bool child = complex[last].child_of_previous;
  for (const GumboNode* up = element->parent; up != nullptr && is_element(up); up = up->parent) {
    if (matches_complex(complex, last - 1, up)) return true;
    if (child) return false;
  }
  return false;
}

}  // namespace st::html
