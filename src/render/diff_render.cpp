#include "render/diff_render.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>
#include <vector>

namespace st {
namespace {

std::string short_id(const std::string& id) {
  return id.substr(0, 7);
}

std::string plural(std::size_t n, std::string_view one, std::string_view many) {
  return fmt::format("{} {}", n, n == 1 ? one : many);
}

// Block breaks of splits and merges, shown inside a line.
std::string shown(std::string_view text) {
  std::string out;
  for (std::size_t pos = 0;;) {
    const std::size_t end = text.find(kBlockBreak, pos);
    out += text.substr(pos, end - pos);
    if (end == std::string_view::npos) break;
    out += " \u00B6 ";
    pos = end + kBlockBreak.size();
  }
  return out;
}

std::string removed(std::string_view text, const Style& style) {
  return style.enabled() ? style.red(shown(text)) : "[-" + shown(text) + "-]";
}

std::string inserted(std::string_view text, const Style& style) {
  return style.enabled() ? style.green(shown(text)) : "{+" + shown(text) + "+}";
}

std::string marked(const std::vector<TokenChange>& tokens, const Style& style) {
  std::string out;
  for (const TokenChange& t : tokens) {
    switch (t.op) {
      case TokenOp::equal:
        out += shown(t.text);
        break;
      case TokenOp::remove:
        out += removed(t.text, style);
        break;
      case TokenOp::insert:
        out += inserted(t.text, style);
        break;
    }
  }
  return out;
}

std::string kind_label(BlockKind kind) {
  return kind == BlockKind::paragraph ? std::string() : fmt::format("[{}] ", block_kind_name(kind));
}

// The body of one change as a line of text.
std::string block_line(const BlockChange& c, const Style& style) {
  std::string note;
  switch (c.op) {
    case BlockOp::equal:
      return kind_label(c.kind) + c.text;
    case BlockOp::insert:
      return kind_label(c.kind) + inserted(c.text, style);
    case BlockOp::remove:
      return kind_label(c.kind) + removed(c.text, style);
    case BlockOp::edit:
      if (c.from_kind != c.kind) {
        note =
            fmt::format("[{} \u2192 {}] ", block_kind_name(c.from_kind), block_kind_name(c.kind));
      }
      return kind_label(c.kind) + style.cyan(note) + marked(c.tokens, style);
    case BlockOp::move:
      note = fmt::format("[moved from \u00B6{}] ", c.from_index + 1);
      return kind_label(c.kind) + style.cyan(note) +
             (c.tokens.empty() ? c.text : marked(c.tokens, style));
    case BlockOp::split:
      note = fmt::format("[split into {} paragraphs] ", c.to_count);
      return kind_label(c.kind) + style.cyan(note) + marked(c.tokens, style);
    case BlockOp::merge:
      note = fmt::format("[merged from \u00B6{}\u2013\u00B6{}] ", c.from_index + 1,
                         c.from_index + c.from_count);
      return kind_label(c.kind) + style.cyan(note) + marked(c.tokens, style);
  }
  return c.text;
}

// A line of the body view: a change, or the place a moved block left.
struct Item {
  std::size_t change;      // index in diff.blocks
  bool departure = false;  // the place a move left, rather than the change itself
};

std::vector<Item> items_in_order(const ArticleDiff& diff) {
  // A move is shown where it arrived; where it left is placed among the blocks that kept an
  // old position, after the last one before it.
  std::vector<std::size_t> departures;
  for (std::size_t i = 0; i < diff.blocks.size(); ++i) {
    if (diff.blocks[i].op == BlockOp::move) departures.push_back(i);
  }
  std::sort(departures.begin(), departures.end(), [&](std::size_t x, std::size_t y) {
    return diff.blocks[x].from_index < diff.blocks[y].from_index;
  });
  std::vector<Item> items;
  std::size_t next_departure = 0;
  for (std::size_t i = 0; i < diff.blocks.size(); ++i) {
    const BlockChange& c = diff.blocks[i];
    if (c.op != BlockOp::move && c.from_index != kNoIndex) {
      while (next_departure < departures.size() &&
             diff.blocks[departures[next_departure]].from_index < c.from_index) {
        items.push_back({departures[next_departure++], true});
      }
    }
    items.push_back({i, false});
  }
  for (; next_departure < departures.size(); ++next_departure) {
    items.push_back({departures[next_departure], true});
  }
  return items;
}

std::string gutter(const BlockChange& c, bool departure) {
  if (departure || c.op == BlockOp::remove)
    return fmt::format("{:>5}  ", fmt::format("-{}", c.from_index + 1));
  return fmt::format("{:>5}  ", c.to_index + 1);
}

std::string revision_line(std::string_view label, const RevisionLabel& r, const Style& style) {
  return fmt::format("{} {:>3}  {}  {}  {}\n", label, r.number, style.yellow(short_id(r.id)),
                     r.captured_at, r.headline);
}

nlohmann::ordered_json tokens_json(const std::vector<TokenChange>& tokens) {
  auto list = nlohmann::ordered_json::array();
  for (const TokenChange& t : tokens) {
    list.push_back({{"op", token_op_name(t.op)}, {"text", t.text}});
  }
  return list;
}

nlohmann::ordered_json field_json(const std::optional<FieldChange>& field) {
  if (!field) return nullptr;
  return {{"from", field->from}, {"to", field->to}, {"tokens", tokens_json(field->tokens)}};
}

nlohmann::ordered_json revision_json(const RevisionLabel& r) {
  return {
      {"number", r.number}, {"id", r.id}, {"captured_at", r.captured_at}, {"headline", r.headline}};
}

nlohmann::ordered_json index_json(std::size_t index) {
  return index == kNoIndex ? nlohmann::ordered_json(nullptr) : nlohmann::ordered_json(index);
}

}  // namespace

std::vector<DiffLine> diff_lines(const ArticleDiff& diff, std::size_t context) {
  const std::vector<Item> items = items_in_order(diff);
  const auto interesting = [&](const Item& item) {
    return item.departure || diff.blocks[item.change].op != BlockOp::equal;
  };
  // Which items show: the changes and `context` items on each side of them.
  std::vector<bool> visible(items.size(), false);
  for (std::size_t i = 0; i < items.size(); ++i) {
    if (!interesting(items[i])) continue;
    const std::size_t first = i >= context ? i - context : 0;
    const std::size_t last = std::min(items.size() - 1, i + context);
    for (std::size_t k = first; k <= last; ++k) visible[k] = true;
  }
  std::vector<DiffLine> lines;
  for (std::size_t i = 0; i < items.size();) {
    if (!visible[i]) {
      DiffLine folded;
      for (; i < items.size() && !visible[i]; ++i) ++folded.folded;
      lines.push_back(folded);
      continue;
    }
    lines.push_back({items[i].change, items[i].departure, 0});
    ++i;
  }
  return lines;
}

std::string render_diff_stat(const ArticleDiff& diff) {
  const DiffStats& s = diff.stats;
  std::string line =
      fmt::format("{} added, {} deleted, {} edited, {} moved",
                  plural(s.added, "paragraph", "paragraphs"), s.deleted, s.edited, s.moved);
  if (s.split > 0) line += fmt::format(", {} split", s.split);
  if (s.merged > 0) line += fmt::format(", {} merged", s.merged);
  line += fmt::format("; {} added, {} deleted", plural(s.words_added, "word", "words"),
                      s.words_deleted);
  for (const auto& [field, name] :
       {std::pair{&diff.headline, "headline"}, std::pair{&diff.standfirst, "standfirst"},
        std::pair{&diff.byline, "byline"}}) {
    if (field->has_value()) line += fmt::format("; {} changed", name);
  }
  return line;
}

std::string render_diff_terminal(const DiffView& view, const Style& style, std::size_t context) {
  const ArticleDiff& diff = *view.diff;
  std::string out =
      style.bold(fmt::format("diff {} {}..{}", view.story, view.from.number, view.to.number)) +
      "\n";
  out += revision_line("from", view.from, style);
  out += revision_line("to  ", view.to, style);
  if (diff.empty()) return out + "\nNo changes.\n";
  out += render_diff_stat(diff) + "\n\n";
  for (const auto& [field, name] :
       {std::pair{&diff.headline, "Headline:   "}, std::pair{&diff.standfirst, "Standfirst: "},
        std::pair{&diff.byline, "Byline:     "}}) {
    if (field->has_value()) out += style.bold(name) + marked((*field)->tokens, style) + "\n";
  }
  if (diff.headline || diff.standfirst || diff.byline) out += "\n";

  for (const DiffLine& line : diff_lines(diff, context)) {
    if (line.folded > 0) {
      out += style.dim(fmt::format("{:>5}  \u22EF {} unchanged", "",
                                   plural(line.folded, "paragraph", "paragraphs"))) +
             "\n\n";
      continue;
    }
    const BlockChange& c = diff.blocks[line.change];
    if (line.departure) {
      out += style.dim(gutter(c, true)) +
             style.cyan(fmt::format("[moved to \u00B6{}]", c.to_index + 1)) + "\n\n";
    } else {
      out += style.dim(gutter(c, false)) + block_line(c, style) + "\n\n";
    }
  }
  for (const std::string& note : diff.notes) out += style.yellow("note: " + note) + "\n";
  return out;
}

nlohmann::ordered_json diff_to_json(const DiffView& view) {
  const ArticleDiff& diff = *view.diff;
  auto blocks = nlohmann::ordered_json::array();
  for (const BlockChange& c : diff.blocks) {
    nlohmann::ordered_json block{{"op", block_op_name(c.op)},
                                 {"from_index", index_json(c.from_index)},
                                 {"to_index", index_json(c.to_index)}};
    if (c.op == BlockOp::split) block["to_count"] = c.to_count;
    if (c.op == BlockOp::merge) block["from_count"] = c.from_count;
    block["kind"] = block_kind_name(c.kind);
    if (c.from_index != kNoIndex && c.to_index != kNoIndex && c.from_kind != c.kind) {
      block["from_kind"] = block_kind_name(c.from_kind);
    }
    block["text"] = c.text;
    block["similarity"] = std::round(c.similarity * 1000.0) / 1000.0;
    if (!c.tokens.empty()) block["tokens"] = tokens_json(c.tokens);
    blocks.push_back(std::move(block));
  }
  const DiffStats& s = diff.stats;
  return {{"story", view.story},
          {"from", revision_json(view.from)},
          {"to", revision_json(view.to)},
          {"granularity", diff.granularity == Granularity::word       ? "word"
                          : diff.granularity == Granularity::sentence ? "sentence"
                                                                      : "paragraph"},
          {"headline", field_json(diff.headline)},
          {"standfirst", field_json(diff.standfirst)},
          {"byline", field_json(diff.byline)},
          {"stats",
           {{"added", s.added},
            {"deleted", s.deleted},
            {"edited", s.edited},
            {"moved", s.moved},
            {"split", s.split},
            {"merged", s.merged},
            {"words_added", s.words_added},
            {"words_deleted", s.words_deleted}}},
          {"blocks", std::move(blocks)},
          {"notes", diff.notes}};
}

std::string html_escape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (const char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out += c;
    }
  }
  return out;
}

}  // namespace st
