#include "store/revspec.hpp"

#include <charconv>

#include "util/slug.hpp"

namespace st {
namespace {

bool all_of(std::string_view s, std::string_view allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string_view::npos;
}

constexpr std::string_view kDigits = "0123456789";
constexpr std::string_view kHex = "0123456789abcdefABCDEF";

Result<int> parse_count(std::string_view digits, std::string_view whole) {
  if (!all_of(digits, kDigits)) return fail("invalid revision '{}'", whole);
  int value = 0;
  const auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value);
  if (ec != std::errc() || end != digits.data() + digits.size()) {
    return fail("invalid revision '{}'", whole);
  }
  return value;
}

}  // namespace

Result<RevisionSpec> parse_revision_spec(std::string_view text) {
  RevisionSpec spec;
  spec.text = std::string(text);
  if (text == "latest") return spec;
  if (text.starts_with("latest~")) {
    auto back = parse_count(text.substr(7), text);
    if (!back) return std::move(back).error();
    spec.back = *back;
    return spec;
  }
  if (text.starts_with('@') ||
      (text.size() >= 10 && text[4] == '-' && all_of(text.substr(0, 4), kDigits))) {
    auto time = parse_time(text.starts_with('@') ? text.substr(1) : text);
    if (!time) return std::move(time).error();
    spec.kind = RevisionSpec::Kind::time;
    spec.time = *time;
    return spec;
  }
  if (all_of(text, kDigits) && text.size() < 7) {
    auto number = parse_count(text, text);
    if (!number) return std::move(number).error();
    if (*number < 1) return fail("invalid revision '{}': revisions are numbered from 1", text);
    spec.kind = RevisionSpec::Kind::number;
    spec.number = *number;
    return spec;
  }
  if (all_of(text, kHex) && text.size() >= 7 && text.size() <= 40) {
    spec.kind = RevisionSpec::Kind::id_prefix;
    for (const char c : text)
      spec.id_prefix += static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    return spec;
  }
  return fail(
      "invalid revision '{}': use a number (3), latest, latest~K, a commit id (7+ hex digits) "
      "or @TIME",
      text);
}

Result<RevisionInfo> resolve_revision(const RevisionSpec& spec, std::string_view story,
                                      const std::vector<RevisionInfo>& revisions) {
  const int count = static_cast<int>(revisions.size());
  if (count == 0) return fail("story '{}' has no revisions", story);
  switch (spec.kind) {
    case RevisionSpec::Kind::latest:
      if (spec.back >= count) {
        return fail("story '{}' has {} revision{}, so {} does not exist", story, count,
                    count == 1 ? "" : "s", spec.text);
      }
      return revisions[static_cast<std::size_t>(count - 1 - spec.back)];
    case RevisionSpec::Kind::number:
      if (spec.number > count) {
        return fail("story '{}' has {} revision{}, so there is no revision {}", story, count,
                    count == 1 ? "" : "s", spec.number);
      }
      return revisions[static_cast<std::size_t>(spec.number - 1)];
    case RevisionSpec::Kind::time: {
      const RevisionInfo* found = nullptr;
      for (const RevisionInfo& info : revisions) {
        if (info.captured_at <= spec.time) found = &info;
      }
      if (found == nullptr) {
        return fail("story '{}' has no revision at {}: its first was captured at {}", story,
                    format_time(spec.time), format_time(revisions.front().captured_at));
      }
      return *found;
    }
    case RevisionSpec::Kind::id_prefix: {
      const RevisionInfo* found = nullptr;
      for (const RevisionInfo& info : revisions) {
        if (info.id.starts_with(spec.id_prefix)) {
          if (found != nullptr) {
            return fail("revision id '{}' is ambiguous in story '{}'; give more digits", spec.text,
                        story);
          }
          found = &info;
        }
      }
      if (found == nullptr)
        return fail("story '{}' has no revision with id '{}'", story, spec.text);
      return *found;
    }
  }
  return fail("invalid revision '{}'", spec.text);
}

Result<StoryRevisionRef> parse_story_revision(std::string_view text) {
  const auto at = text.find('@');
  StoryRevisionRef ref;
  ref.story = std::string(text.substr(0, at));
  if (!is_valid_slug(ref.story)) {
    return fail("invalid story name '{}': use lower-case letters, digits and hyphens", ref.story);
  }
  if (at == std::string_view::npos) return ref;
  const std::string_view rev = text.substr(at + 1);
  if (rev.empty()) return fail("missing revision after '@' in '{}'", text);
  auto spec = parse_revision_spec(rev);
  if (!spec) return std::move(spec).error();
  ref.revision = std::move(*spec);
  return ref;
}

}  // namespace st
