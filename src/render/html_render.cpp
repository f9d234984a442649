#include "render/html_render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <memory>
#include <nlohmann/json.hpp>
#include <optional>
#include <unordered_map>

#include "util/text.hpp"

namespace st {
namespace {

namespace mu = kainjow::mustache;

mu::data list() {
  return mu::data(mu::data::type::list);
}

// kainjow's set() and push_back() copy the whole value given, so building a page of nested
// lists that way copies each piece once per level (most of the page's time, measured). These
// two put a cheap placeholder in place and move the value into it instead. The placeholder is
// reached through kainjow's const accessors; the data itself is not const, so the cast is sound.
void put(mu::data& object, const std::string& key, mu::data&& value) {
  object.set(key, mu::data(false));
  const_cast<mu::data&>(*object.get(key)) = std::move(value);
}

void append(mu::data& list, mu::data&& value) {
  list.push_back(mu::data(false));
  const_cast<mu::data&>(list.list_value().back()) = std::move(value);
}

// The segments of a text change: {"equal"|"inserted"|"deleted": true, "text"}, and a
// {"break": true} where a split or merge starts a new block.
mu::data segments_of(const std::vector<TokenChange>& tokens) {
  mu::data segments = list();
  for (const TokenChange& t : tokens) {
    const char* key = t.op == TokenOp::equal    ? "equal"
                      : t.op == TokenOp::insert ? "inserted"
                                                : "deleted";
    for (std::size_t start = 0;;) {
      const std::size_t end = t.text.find(kBlockBreak, start);
      const std::string piece = t.text.substr(start, end - start);
      if (!piece.empty()) {
        mu::data segment;
        // Spacing alone inserted or deleted would be an empty-looking <ins> or <del> (which
        // HTML checkers flag): it is shown as it now stands.
        const bool blank = piece.find_first_not_of(" \n\t") == std::string::npos;
        segment.set(blank ? "equal" : key, true);
        segment.set("text", piece);
        append(segments, std::move(segment));
      }
      if (end == std::string::npos) break;
      mu::data brk;
      brk.set("break", true);
      append(segments, std::move(brk));
      start = end + kBlockBreak.size();
    }
  }
  return segments;
}

mu::data text_segment(const std::string& text, const char* key) {
  mu::data segments = list();
  mu::data segment;
  segment.set(key, true);
  segment.set("text", text);
  append(segments, std::move(segment));
  return segments;
}

std::string block_label(const BlockChange& c) {
  switch (c.op) {
    case BlockOp::equal:
      return {};
    case BlockOp::insert:
      return "Added";
    case BlockOp::remove:
      return "Deleted";
    case BlockOp::edit:
      return c.from_kind == c.kind
                 ? "Edited"
                 : fmt::format("Edited ({} \u2192 {})", block_kind_name(c.from_kind),
                               block_kind_name(c.kind));
    case BlockOp::move:
      return fmt::format("Moved from paragraph {}", c.from_index + 1);
    case BlockOp::split:
      return fmt::format("Split into {} paragraphs", c.to_count);
    case BlockOp::merge:
      return fmt::format("Merged from paragraphs {}\u2013{}", c.from_index + 1,
                         c.from_index + c.from_count);
  }
  return {};
}

// The values diff.html reads: fields, lines, notes.
void set_diff_data(mu::data& data, const ArticleDiff& diff, std::size_t context) {
  mu::data fields = list();
  for (const auto& [field, name] :
       {std::pair{&diff.headline, "Headline"}, std::pair{&diff.standfirst, "Standfirst"},
        std::pair{&diff.byline, "Byline"}}) {
    if (!field->has_value()) continue;
    mu::data f;
    f.set("name", name);
    put(f, "segments", segments_of((*field)->tokens));
    append(fields, std::move(f));
  }
  mu::data lines = list();
  for (const DiffLine& line : diff_lines(diff, context)) {
    mu::data item;
    if (line.folded > 0) {
      item.set("folded", std::to_string(line.folded));
      append(lines, std::move(item));
      continue;
    }
    const BlockChange& c = diff.blocks[line.change];
    mu::data block;
    block.set("kind", std::string(block_kind_name(c.kind)));
    if (line.departure) {
      block.set("op", "departure");
      block.set("label", fmt::format("Moved to paragraph {}", c.to_index + 1));
      put(block, "segments", list());
    } else {
      block.set("op", std::string(block_op_name(c.op)));
      if (c.to_index != kNoIndex) block.set("number", std::to_string(c.to_index + 1));
      if (const std::string label = block_label(c); !label.empty()) block.set("label", label);
      if (!c.tokens.empty()) {
        put(block, "segments", segments_of(c.tokens));
      } else {
        put(block, "segments",
            text_segment(c.text, c.op == BlockOp::insert   ? "inserted"
                                 : c.op == BlockOp::remove ? "deleted"
                                                           : "equal"));
      }
    }
    put(item, "block", std::move(block));
    append(lines, std::move(item));
  }
  mu::data notes = list();
  for (const std::string& note : diff.notes) notes.push_back(note);
  put(data, "fields", std::move(fields));
  put(data, "lines", std::move(lines));
  put(data, "notes", std::move(notes));
}

// The template with its partial {{> diff}} written in. kainjow parses a partial anew each time
// it is rendered; written in, it is parsed once with the template.
std::string with_partials(std::string text, const HtmlTemplates& templates) {
  const std::string_view tag = "{{> diff}}";
  for (std::size_t at = text.find(tag); at != std::string::npos; at = text.find(tag, at)) {
    text.replace(at, tag.size(), templates.diff);
    at += templates.diff.size();
  }
  return text;
}

// A template parsed once, to be rendered any number of times; all text it puts in the page
// goes through html_escape.
Result<std::unique_ptr<mu::mustache>> parse(const std::string& text) {
  auto tmpl = std::make_unique<mu::mustache>(text);
  if (!tmpl->is_valid()) return fail("a template is not valid: {}", tmpl->error_message());
  tmpl->set_custom_escape([](const std::string& s) { return html_escape(s); });
  return tmpl;
}

// Renders `tmpl` with `data` at the end of `out`.
Result<void> render_into(mu::mustache& tmpl, const mu::data& data, std::string& out) {
  tmpl.render(data, [&out](const std::string& piece) { out += piece; });
  if (!tmpl.is_valid()) return fail("a template could not be rendered: {}", tmpl.error_message());
  return {};
}

Result<std::string> render(const std::string& text, const mu::data& data) {
  auto tmpl = parse(text);
  if (!tmpl) return std::move(tmpl).error();
  std::string html;
  if (auto done = render_into(**tmpl, data, html); !done) return std::move(done).error();
  return html;
}

std::string relative_time(std::int64_t seconds) {
  const std::int64_t minutes = seconds / 60;
  const std::int64_t days = minutes / (24 * 60);
  if (days > 0) return fmt::format("+{}d {}:{:02}", days, minutes / 60 % 24, minutes % 60);
  return fmt::format("+{}:{:02}", minutes / 60, minutes % 60);
}

mu::data card_data(const TimelineEntry& e, std::int64_t first_time, std::size_t previous) {
  mu::data card;
  card.set("number", std::to_string(e.revision.number));
  card.set("captured_at", e.revision.captured_at);
  card.set("relative", relative_time(e.captured_at - first_time));
  card.set("headline", e.revision.headline);
  card.set("show_headline", e.summary.first || e.headline_changed);
  card.set("summary", e.summary.line);
  card.set("significance", std::string(significance_name(e.summary.significance)));
  if (!e.summary.first) {
    card.set("stat", fmt::format("+{} \u2212{} words", e.stats.words_added, e.stats.words_deleted));
  }
  card.set("has_diff", e.diff.has_value() && !e.diff->empty());
  if (e.diff) {
    card.set("previous", std::to_string(previous));
    set_diff_data(card, *e.diff, 1);
  }
  return card;
}

// "The story so far": the latest text, each block with the revision that introduced it.
void set_so_far_data(mu::data& data, const TimelineView& view) {
  mu::data blocks = list();
  for (const BlameEntry& e : view.so_far) {
    mu::data block;
    block.set("kind", std::string(block_kind_name(e.kind)));
    block.set("text", e.text);
    block.set("introduced", std::to_string(e.introduced));
    if (e.last_changed != e.introduced) block.set("last_changed", std::to_string(e.last_changed));
    append(blocks, std::move(block));
  }
  put(data, "so_far", std::move(blocks));
  data.set("has_so_far", !view.so_far.empty());
}

// The revisions for the page's "compare two revisions": the choices, and every body as JSON
// with each distinct block once ({"blocks": [[kind, text]...], "revisions": [{"number",
// "captured_at", "headline", "body": [block indexes]}]}), put in an attribute, so that it is
// escaped like all other text.
void set_compare_data(mu::data& data, const TimelineView& view) {
  if (view.bodies.size() != view.entries.size() || view.entries.size() < 2) return;
  nlohmann::json blocks = nlohmann::json::array();
  std::unordered_map<std::string, std::size_t> index;
  nlohmann::json revisions = nlohmann::json::array();
  mu::data options = list();
  for (std::size_t i = 0; i < view.entries.size(); ++i) {
    const RevisionLabel& r = view.entries[i].revision;
    nlohmann::json body = nlohmann::json::array();
    for (const Block& b : view.bodies[i]) {
      const std::string key = std::string(block_kind_name(b.kind)) + '\n' + b.text;
      const auto [it, added] = index.try_emplace(key, blocks.size());
      if (added) blocks.push_back({block_kind_name(b.kind), b.text});
      body.push_back(it->second);
    }
    revisions.push_back({{"number", r.number},
                         {"captured_at", r.captured_at},
                         {"headline", r.headline},
                         {"body", std::move(body)}});
    mu::data option;
    option.set("number", std::to_string(r.number));
    option.set("captured_at", r.captured_at);
    option.set("is_from", i + 2 == view.entries.size());
    option.set("is_to", i + 1 == view.entries.size());
    append(options, std::move(option));
  }
  data.set(
      "compare_json",
      nlohmann::json{{"blocks", std::move(blocks)}, {"revisions", std::move(revisions)}}.dump());
  put(data, "compare_options", std::move(options));
  data.set("can_compare", true);
}

}  // namespace

Result<std::string> render_diff_html(const DiffView& view, const HtmlTemplates& templates,
                                     std::size_t context) {
  mu::data data;
  set_diff_data(data, *view.diff, context);
  return render(templates.diff, data);
}

struct CardRenderer::Impl {
  std::unique_ptr<mu::mustache> tmpl;
};

Result<CardRenderer> CardRenderer::create(const HtmlTemplates& templates) {
  auto tmpl = parse(with_partials(templates.card, templates));
  if (!tmpl) return std::move(tmpl).error();
  return CardRenderer(std::make_unique<Impl>(Impl{std::move(*tmpl)}));
}

CardRenderer::CardRenderer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
CardRenderer::CardRenderer(CardRenderer&&) noexcept = default;
CardRenderer& CardRenderer::operator=(CardRenderer&&) noexcept = default;
CardRenderer::~CardRenderer() = default;

Result<std::string> CardRenderer::render(const TimelineEntry& entry, std::int64_t first_time,
                                         int previous) {
  std::string html;
  const std::size_t previous_number = previous > 0 ? static_cast<std::size_t>(previous) : 0;
  auto done = render_into(*impl_->tmpl, card_data(entry, first_time, previous_number), html);
  if (!done) return std::move(done).error();
  return html;
}

Result<std::string> render_timeline_html(const TimelineView& view, const HtmlTemplates& templates) {
  mu::data data;
  const std::int64_t first_time = view.entries.empty() ? 0 : view.entries.front().captured_at;
  data.set("story", view.story);
  data.set("headline", view.entries.empty() ? view.story : view.entries.back().revision.headline);
  data.set("lang", "en");
  if (!view.url.empty()) {
    data.set("url", view.url);
    // Only a web address becomes a link: a "javascript:" or "data:" URL given to `add --url`
    // is shown as text, never made something to click.
    const std::string scheme = ascii_lower(view.url.substr(0, 8));
    data.set("linkable", scheme.starts_with("http://") || scheme.starts_with("https://"));
  }
  data.set("first", view.entries.empty() ? "" : view.entries.front().revision.captured_at);
  data.set("last", view.entries.empty() ? "" : view.entries.back().revision.captured_at);
  data.set("count", std::to_string(view.entries.size()));
  data.set("css", templates.css);
  data.set("js", templates.js);
  // Each card is rendered on its own (card.html, parsed once) and put in the page as it is.
  const bool rendered = view.cards.size() == view.entries.size();
  std::optional<CardRenderer> cards;
  if (!rendered) {
    auto renderer = CardRenderer::create(templates);
    if (!renderer) return std::move(renderer).error();
    cards.emplace(std::move(*renderer));
  }
  mu::data entries = list();
  mu::data minor_cards = list();
  std::size_t minor_count = 0;
  const auto flush_minor = [&] {
    if (minor_count == 0) return;
    mu::data group;
    group.set("count", std::to_string(minor_count));
    group.set("plural", minor_count == 1 ? "" : "s");
    put(group, "revisions", std::move(minor_cards));
    mu::data entry;
    put(entry, "minor", std::move(group));
    append(entries, std::move(entry));
    minor_cards = list();
    minor_count = 0;
  };
  for (std::size_t i = 0; i < view.entries.size(); ++i) {
    const TimelineEntry& e = view.entries[i];
    mu::data card;
    if (rendered) {
      card.set("html", view.cards[i]);
    } else {
      auto html = cards->render(e, first_time, i > 0 ? view.entries[i - 1].revision.number : 0);
      if (!html) return std::move(html).error();
      put(card, "html", mu::data(std::move(*html)));
    }
    if (!e.summary.first && e.summary.significance == Significance::minor) {
      append(minor_cards, std::move(card));
      ++minor_count;
      continue;
    }
    flush_minor();
    mu::data entry;
    put(entry, "revision", std::move(card));
    append(entries, std::move(entry));
  }
  flush_minor();
  put(data, "entries", std::move(entries));
  set_so_far_data(data, view);
  set_compare_data(data, view);
  return render(templates.page, data);
}

Result<std::string> render_index_html(const std::vector<SiteStory>& stories,
                                      const HtmlTemplates& templates) {
  mu::data data;
  data.set("count", std::to_string(stories.size()));
  data.set("plural", stories.size() == 1 ? "y" : "ies");
  data.set("css", templates.css);
  mu::data items = list();
  for (const SiteStory& s : stories) {
    mu::data item;
    item.set("story", s.story);
    item.set("file", s.file);
    item.set("headline", s.headline);
    item.set("revisions", std::to_string(s.revisions));
    item.set("plural", s.revisions == 1 ? "" : "s");
    item.set("last", s.last_captured_at);
    item.set("summary", s.summary);
    append(items, std::move(item));
  }
  put(data, "stories", std::move(items));
  return render(templates.index, data);
}

}  // namespace st
