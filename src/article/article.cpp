#include "article/article.hpp"

#include <array>
#include <nlohmann/json.hpp>
#include <optional>
#include <utility>

#include "util/text.hpp"

namespace st {
namespace {

constexpr std::array<std::pair<BlockKind, std::string_view>, 6> kKindNames{{
    {BlockKind::paragraph, "paragraph"},
    {BlockKind::heading, "heading"},
    {BlockKind::quote, "quote"},
    {BlockKind::list_item, "list_item"},
    {BlockKind::caption, "caption"},
    {BlockKind::embed, "embed"},
}};

// Fields of article.json holding one string each, in the order they are written.
constexpr std::array<std::pair<std::string_view, std::string Article::*>, 9> kStringFields{{
    {"url", &Article::url},
    {"canonical_url", &Article::canonical_url},
    {"site", &Article::site},
    {"headline", &Article::headline},
    {"standfirst", &Article::standfirst},
    {"published", &Article::published},
    {"modified", &Article::modified},
    {"language", &Article::language},
    {"extractor", &Article::extractor},
}};

}  // namespace

std::string_view block_kind_name(BlockKind kind) {
  for (const auto& [k, name] : kKindNames) {
    if (k == kind) return name;
  }
  return "paragraph";
}

Result<BlockKind> block_kind_from_name(std::string_view name) {
  for (const auto& [k, n] : kKindNames) {
    if (n == name) return k;
  }
  return fail("unknown block type '{}'", name);
}

std::string byline_text(const Article& article) {
  const auto& names = article.bylines;
  if (names.empty()) return {};
  std::string line = "By " + names.front();
  for (std::size_t i = 1; i < names.size(); ++i) {
    line += (i + 1 == names.size()) ? " and " : ", ";
    line += names[i];
  }
  return line;
}

std::string canonical_text(const Article& article) {
  std::string text;
  const auto add = [&text](std::string_view part) {
    if (part.empty()) return;
    if (!text.empty()) text += "\n\n";
    text += part;
  };
  add(article.headline);
  add(article.standfirst);
  add(byline_text(article));
  for (const Block& block : article.body) add(block.text);
  text += '\n';
  return text;
}

nlohmann::ordered_json article_to_json(const Article& article) {
  nlohmann::ordered_json ordered;
  for (const auto& [key, field] : kStringFields) {
    if (key == "extractor") continue;  // written last, after the body
    ordered[std::string(key)] = article.*field;
  }
  ordered["bylines"] = article.bylines;
  auto body = nlohmann::ordered_json::array();
  for (const Block& block : article.body) {
    body.push_back({{"type", block_kind_name(block.kind)}, {"text", block.text}});
  }
  ordered["body"] = std::move(body);
  ordered["extractor"] = article.extractor;
  return ordered;
}

Result<Article> article_from_json(const nlohmann::json& json) {
  if (!json.is_object()) return fail("article.json is not a JSON object");
  Article article;
  for (const auto& [key, field] : kStringFields) {
    const auto it = json.find(key);
    if (it == json.end() || it->is_null()) continue;
    if (!it->is_string()) return fail("article.json: '{}' is not a string", key);
    article.*field = it->get<std::string>();
  }
  if (const auto it = json.find("bylines"); it != json.end()) {
    if (!it->is_array()) return fail("article.json: 'bylines' is not a list");
    for (const auto& name : *it) {
      if (!name.is_string()) return fail("article.json: a byline is not a string");
      article.bylines.push_back(name.get<std::string>());
    }
  }
  const auto body = json.find("body");
  if (body == json.end() || !body->is_array()) return fail("article.json: 'body' is not a list");
  for (const auto& item : *body) {
    if (!item.is_object() || !item.contains("type") || !item.contains("text") ||
        !item["type"].is_string() || !item["text"].is_string()) {
      return fail("article.json: a body block lacks a string 'type' or 'text'");
    }
    auto kind = block_kind_from_name(item["type"].get<std::string>());
    if (!kind) return fail("article.json: {}", kind.error().message);
    article.body.push_back(Block{*kind, item["text"].get<std::string>()});
  }
  return article;
}

namespace {

// A reader for article.json as storytrail writes it (any key order, any white space), without
// building a JSON tree: reading every revision of a story is mostly this. It gives up on
// anything it does not expect, and article_from_json_text then uses the full JSON parser.
class ArticleJsonReader {
 public:
  explicit ArticleJsonReader(std::string_view text) : s_(text) {}

  std::optional<Article> read() {
    Article article;
    bool body_seen = false;
    if (!take('{')) return std::nullopt;
    if (take('}')) return std::nullopt;  // no body
    do {
      std::string key;
      if (!string(key) || !take(':')) return std::nullopt;
      if (key == "bylines") {
        if (!string_list(article.bylines)) return std::nullopt;
      } else if (key == "body") {
        if (!body(article.body)) return std::nullopt;
        body_seen = true;
      } else if (std::string Article::*field = string_field(key)) {
        if (!take_null() && !string(article.*field)) return std::nullopt;
      } else {
        return std::nullopt;  // a key of a later format: the full parser decides
      }
    } while (take(','));
    if (!take('}')) return std::nullopt;
    skip_space();
    if (pos_ != s_.size() || !body_seen) return std::nullopt;
    return article;
  }

 private:
  static std::string Article::*string_field(std::string_view key) {
    for (const auto& [name, field] : kStringFields) {
      if (name == key) return field;
    }
    return nullptr;
  }

  void skip_space() {
    while (pos_ < s_.size() &&
           (s_[pos_] == ' ' || s_[pos_] == '\n' || s_[pos_] == '\t' || s_[pos_] == '\r')) {
      ++pos_;
    }
  }
  bool take(char c) {
    skip_space();
    if (pos_ < s_.size() && s_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  bool take_null() {
    skip_space();
    if (s_.substr(pos_, 4) != "null") return false;
    pos_ += 4;
    return true;
  }
  int hex4() {
    if (pos_ + 4 > s_.size()) return -1;
    int value = 0;
    for (int k = 0; k < 4; ++k) {
      const char c = s_[pos_++];
      value <<= 4;
      if (c >= '0' && c <= '9') {
        value |= c - '0';
      } else if (c >= 'a' && c <= 'f') {
        value |= c - 'a' + 10;
      } else if (c >= 'A' && c <= 'F') {
        value |= c - 'A' + 10;
      } else {
        return -1;
      }
    }
    return value;
  }
  bool string(std::string& out) {
    if (!take('"')) return false;
    out.clear();
    for (;;) {
      std::size_t run = pos_;
      while (run < s_.size() && s_[run] != '"' && s_[run] != '\\') ++run;
      if (run == s_.size()) return false;
      out.append(s_.substr(pos_, run - pos_));
      pos_ = run + 1;
      if (s_[run] == '"') return true;
      if (pos_ >= s_.size()) return false;
      const char e = s_[pos_++];
      switch (e) {
        case '"':
          out += '"';
          break;
        case '\\':
          out += '\\';
          break;
        case '/':
          out += '/';
          break;
        case 'b':
          out += '\b';
          break;
        case 'f':
          out += '\f';
          break;
        case 'n':
          out += '\n';
          break;
        case 'r':
          out += '\r';
          break;
        case 't':
          out += '\t';
          break;
        case 'u': {
          int cp = hex4();
          if (cp < 0) return false;
          if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair
            if (s_.substr(pos_, 2) != "\\u") return false;
            pos_ += 2;
            const int low = hex4();
            if (low < 0xDC00 || low > 0xDFFF) return false;
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
          } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            return false;
          }
          append_utf8(out, static_cast<char32_t>(cp));
          break;
        }
        default:
          return false;
      }
    }
  }
  bool string_list(std::vector<std::string>& out) {
    if (!take('[')) return false;
    if (take(']')) return true;
    do {
      std::string item;
      if (!string(item)) return false;
      out.push_back(std::move(item));
    } while (take(','));
    return take(']');
  }
  bool body(std::vector<Block>& out) {
    if (!take('[')) return false;
    if (take(']')) return true;
    do {
      if (!take('{')) return false;
      std::string type, text, key;
      bool has_type = false, has_text = false;
      do {
        if (!string(key) || !take(':')) return false;
        if (key == "type") {
          has_type = string(type);
          if (!has_type) return false;
        } else if (key == "text") {
          has_text = string(text);
          if (!has_text) return false;
        } else {
          return false;
        }
      } while (take(','));
      if (!take('}') || !has_type || !has_text) return false;
      auto kind = block_kind_from_name(type);
      if (!kind) return false;
      out.push_back(Block{*kind, std::move(text)});
    } while (take(','));
    return take(']');
  }

  std::string_view s_;
  std::size_t pos_ = 0;
};

}  // namespace

Result<Article> article_from_json_text(std::string_view text) {
  if (auto article = ArticleJsonReader(text).read()) return std::move(*article);
  const auto json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) return fail("article.json is not valid JSON");
  return article_from_json(json);
}

}  // namespace st
