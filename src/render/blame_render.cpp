#include "render/blame_render.hpp"

#include <fmt/format.h>

#include <nlohmann/json.hpp>

namespace st {
namespace {

const RevisionLabel& label_at(const BlameView& view, int number) {
  return view.history[static_cast<std::size_t>(number - 1)];
}

// "r2   14:18": a revision number and its capture time of day (UTC); "r2   06-09 14:18" with
// the month and day when the story's revisions span more than one day.
std::string short_label(const RevisionLabel& r, bool with_day) {
  return with_day ? fmt::format("r{:<3} {} {}", r.number, r.captured_at.substr(5, 5),
                                r.captured_at.substr(11, 5))
                  : fmt::format("r{:<3} {}", r.number, r.captured_at.substr(11, 5));
}

}  // namespace

std::string render_blame_terminal(const BlameView& view, const Style& style) {
  std::string out = style.bold(fmt::format("blame {}@{} ({})", view.story, view.revision.number,
                                           view.revision.captured_at)) +
                    "\n";
  const bool with_day = !view.history.empty() && view.history.front().captured_at.substr(0, 10) !=
                                                     view.history.back().captured_at.substr(0, 10);
  out +=
      style.dim(with_day ? "introduced         last changed" : "introduced   last changed") + "\n";
  std::size_t block = static_cast<std::size_t>(-1);
  for (const BlameEntry& e : view.entries) {
    if (view.sentences && block != static_cast<std::size_t>(-1) && e.block != block) out += "\n";
    block = e.block;
    const std::string introduced = short_label(label_at(view, e.introduced), with_day);
    const std::string changed = short_label(label_at(view, e.last_changed), with_day);
    const std::string kind =
        e.kind == BlockKind::paragraph ? "" : fmt::format("[{}] ", block_kind_name(e.kind));
    out += fmt::format("{}  {}  {}{}\n", style.yellow(introduced),
                       e.last_changed == e.introduced ? style.dim(changed) : style.cyan(changed),
                       kind, e.text);
  }
  return out;
}

nlohmann::ordered_json blame_to_json(const BlameView& view) {
  const auto revision = [&](int number) {
    const RevisionLabel& r = label_at(view, number);
    return nlohmann::ordered_json{{"number", r.number}, {"captured_at", r.captured_at}};
  };
  auto blocks = nlohmann::ordered_json::array();
  for (const BlameEntry& e : view.entries) {
    blocks.push_back({{"text", e.text},
                      {"kind", block_kind_name(e.kind)},
                      {"block", e.block},
                      {"introduced", revision(e.introduced)},
                      {"last_changed", revision(e.last_changed)}});
  }
  return {{"story", view.story},
          {"revision",
           {{"number", view.revision.number},
            {"id", view.revision.id},
            {"captured_at", view.revision.captured_at},
            {"headline", view.revision.headline}}},
          {"unit", view.sentences ? "sentence" : "block"},
          {"blocks", std::move(blocks)}};
}

}  // namespace st
