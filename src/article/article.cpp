#include "article/article.hpp"

#include <nlohmann/json.hpp>

#include <array>
#include <utility>

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

}  // namespace st
