#include "render/html_render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <kainjow/mustache.hpp>
#include <nlohmann/json.hpp>
#include <unordered_map>

namespace st {
namespace {

namespace mu = kainjow::mustache;

mu::data list() {
  return mu::data(mu::data::type::list);
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
        segment.set(key, true);
        segment.set("text", piece);
        segments.push_back(segment);
      }
      if (end == std::string::npos) break;
      mu::data brk;
      brk.set("break", true);
      segments.push_back(brk);
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
  segments.push_back(segment);
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
    f.set("segments", segments_of((*field)->tokens));
    fields.push_back(f);
  }
  mu::data lines = list();
  for (const DiffLine& line : diff_lines(diff, context)) {
    mu::data item;
    if (line.folded > 0) {
      item.set("folded", std::to_string(line.folded));
      lines.push_back(item);
      continue;
    }
    const BlockChange& c = diff.blocks[line.change];
    mu::data block;
    block.set("kind", std::string(block_kind_name(c.kind)));
    if (line.departure) {
      block.set("op", "departure");
      block.set("label", fmt::format("Moved to paragraph {}", c.to_index + 1));
      block.set("segments", list());
    } else {
      block.set("op", std::string(block_op_name(c.op)));
      if (c.to_index != kNoIndex) block.set("number", std::to_string(c.to_index + 1));
      if (const std::string label = block_label(c); !label.empty()) block.set("label", label);
      if (!c.tokens.empty()) {
        block.set("segments", segments_of(c.tokens));
      } else {
        block.set("segments", text_segment(c.text, c.op == BlockOp::insert   ? "inserted"
                                                   : c.op == BlockOp::remove ? "deleted"
                                                                             : "equal"));
      }
    }
    item.set("block", block);
    lines.push_back(item);
  }
  mu::data notes = list();
  for (const std::string& note : diff.notes) notes.push_back(note);
  data.set("fields", fields);
  data.set("lines", lines);
  data.set("notes", notes);
}

Result<std::string> render(const std::string& text, const mu::data& data) {
  mu::mustache tmpl(text);
  if (!tmpl.is_valid()) return fail("a template is not valid: {}", tmpl.error_message());
  tmpl.set_custom_escape([](const std::string& s) { return html_escape(s); });
  std::string html = tmpl.render(data);
  if (!tmpl.is_valid()) return fail("a template could not be rendered: {}", tmpl.error_message());
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
    blocks.push_back(block);
  }
  data.set("so_far", blocks);
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
    options.push_back(option);
  }
  data.set(
      "compare_json",
      nlohmann::json{{"blocks", std::move(blocks)}, {"revisions", std::move(revisions)}}.dump());
  data.set("compare_options", options);
  data.set("can_compare", true);
}

}  // namespace

Result<std::string> render_diff_html(const DiffView& view, const HtmlTemplates& templates,
                                     std::size_t context) {
  mu::data data;
  set_diff_data(data, *view.diff, context);
  return render(templates.diff, data);
}

Result<std::string> render_timeline_html(const TimelineView& view, const HtmlTemplates& templates) {
  mu::data data;
  const std::int64_t first_time = view.entries.empty() ? 0 : view.entries.front().captured_at;
  data.set("story", view.story);
  data.set("headline", view.entries.empty() ? view.story : view.entries.back().revision.headline);
  data.set("lang", "en");
  if (!view.url.empty()) data.set("url", view.url);
  data.set("first", view.entries.empty() ? "" : view.entries.front().revision.captured_at);
  data.set("last", view.entries.empty() ? "" : view.entries.back().revision.captured_at);
  data.set("count", std::to_string(view.entries.size()));
  data.set("css", templates.css);
  data.set("js", templates.js);
  data.set("card", mu::data(templates.card));  // partials, by name
  data.set("diff", mu::data(templates.diff));
  mu::data entries = list();
  mu::data minor_cards = list();
  std::size_t minor_count = 0;
  const auto flush_minor = [&] {
    if (minor_count == 0) return;
    mu::data group;
    group.set("count", std::to_string(minor_count));
    group.set("plural", minor_count == 1 ? "" : "s");
    group.set("revisions", minor_cards);
    mu::data entry;
    entry.set("minor", group);
    entries.push_back(entry);
    minor_cards = list();
    minor_count = 0;
  };
  for (std::size_t i = 0; i < view.entries.size(); ++i) {
    const TimelineEntry& e = view.entries[i];
    const std::size_t previous =
        i > 0 ? static_cast<std::size_t>(view.entries[i - 1].revision.number) : 0;
    mu::data card = card_data(e, first_time, previous);
    if (!e.summary.first && e.summary.significance == Significance::minor) {
      minor_cards.push_back(card);
      ++minor_count;
      continue;
    }
    flush_minor();
    mu::data entry;
    entry.set("revision", card);
    entries.push_back(entry);
  }
  flush_minor();
  data.set("entries", entries);
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
    items.push_back(item);
  }
  data.set("stories", items);
  return render(templates.index, data);
}

}  // namespace st
