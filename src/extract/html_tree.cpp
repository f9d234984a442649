#include "extract/html_tree.hpp"

#include <algorithm>
#include <array>
#include <cstddef>
#include <memory>

#include "util/text.hpp"

namespace st::html {
namespace {

// How far down the stack of open elements an end tag is matched, as a bound on the work per
// tag. An end tag with no match that close is treated as a stray one.
constexpr std::size_t kEndTagSearchLimit = 64;

bool is_ascii_alpha(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

bool is_ascii_space(char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

char lower(char c) {
  return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

template <std::size_t N>
bool is_one_of(std::string_view name, const std::array<std::string_view, N>& names) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Elements without content or end tag.
constexpr std::array<std::string_view, 19> kVoidElements{
    "area", "base",  "basefont", "bgsound", "br",   "col",   "embed",  "frame", "hr", "image",
    "img",  "input", "keygen",   "link",    "meta", "param", "source", "track", "wbr"};

// Elements the depth count leaves out: their end tag may be omitted, or the parser closes an
// open one when the next starts, so they do not pile up however many there are.
constexpr std::array<std::string_view, 23> kUncountedElements{
    "html",     "head", "body", "p",   "li",    "dt",    "dd",    "option",
    "optgroup", "tr",   "td",   "th",  "tbody", "thead", "tfoot", "colgroup",
    "caption",  "rb",   "rt",   "rtc", "rp",    "a",     "nobr"};

// Elements whose content is text up to their end tag, whatever it looks like.
constexpr std::array<std::string_view, 9> kRawTextElements{
    "script", "style", "textarea", "title", "xmp", "iframe", "noembed", "noframes", "noscript"};

struct ByteRange {
  std::size_t begin;
  std::size_t end;
};

// Tracks the open elements while limit_nesting_depth tokenizes a page.
class NestingTracker {
 public:
  explicit NestingTracker(std::size_t max_depth) : max_depth_(max_depth) {}

  // Returns false when the start tag must be left out.
  bool start_tag(std::string_view name, bool self_closing) {
    if (is_one_of(name, kVoidElements) || is_one_of(name, kUncountedElements)) return true;
    if (self_closing && foreign_ > 0) return true;  // "<path/>" in SVG closes itself
    if (!dropped_.empty() || open_.size() >= max_depth_) {
      dropped_.emplace_back(name);
      return false;
    }
    open_.emplace_back(name);
    if (name == "svg" || name == "math") ++foreign_;
    return true;
  }

  // Returns false when the end tag must be left out (it closes a start tag left out).
  bool end_tag(std::string_view name) {
    if (is_one_of(name, kVoidElements) || is_one_of(name, kUncountedElements)) return true;
    if (const std::size_t index = find_open(dropped_, name); index != kNotOpen) {
      dropped_.resize(index);
      return false;
    }
    if (const std::size_t index = find_open(open_, name); index != kNotOpen) {
      for (std::size_t i = index; i < open_.size(); ++i) {
        if ((open_[i] == "svg" || open_[i] == "math") && foreign_ > 0) --foreign_;
      }
      open_.resize(index);
      dropped_.clear();  // closing an outer element closes everything inside it
    }
    return true;  // a stray end tag is kept: the parser ignores it
  }

 private:
  static constexpr std::size_t kNotOpen = static_cast<std::size_t>(-1);

  // The index in `stack` of the innermost open `name`, looking no further than
  // kEndTagSearchLimit elements down; kNotOpen when it is not there.
  static std::size_t find_open(const std::vector<std::string>& stack, std::string_view name) {
    const std::size_t limit = std::min(stack.size(), kEndTagSearchLimit);
    for (std::size_t i = 0; i < limit; ++i) {
      const std::size_t index = stack.size() - 1 - i;
      if (stack[index] == name) return index;
    }
    return kNotOpen;
  }

  std::size_t max_depth_;
  std::vector<std::string> open_;     // kept open elements, outermost first
  std::vector<std::string> dropped_;  // open elements whose start tag was left out
  std::size_t foreign_ = 0;           // open <svg> and <math> elements
};

// Reads a tag name at `pos` (just after "<" or "</"), lower case; moves `pos` past it.
std::string read_tag_name(std::string_view html, std::size_t& pos) {
  std::string name;
  while (pos < html.size() && !is_ascii_space(html[pos]) && html[pos] != '/' && html[pos] != '>') {
    if (name.size() < 32) name += lower(html[pos]);
    ++pos;
  }
  return name;
}

// Moves `pos` past the '>' that ends a tag, stepping over quoted attribute values. Returns
// whether the tag ends in "/>".
bool skip_tag_rest(std::string_view html, std::size_t& pos) {
  char previous = 0;
  bool in_value = false;
  while (pos < html.size()) {
    const char c = html[pos];
    if (c == '"' || c == '\'') {
      if (previous == '=' || in_value) {
        const std::size_t end = html.find(c, pos + 1);
        pos = end == std::string_view::npos ? html.size() : end + 1;
        previous = c;
        in_value = false;
        continue;
      }
    } else if (c == '>') {
      ++pos;
      return previous == '/';
    }
    in_value = c == '=' || (in_value && is_ascii_space(c));
    if (!is_ascii_space(c)) previous = c;
    ++pos;
  }
  return false;
}

// True when `html` at `pos` holds tag name `name` (lower case) followed by white space, '/'
// or '>', which is how HTML ends a tag name.
bool tag_name_at(std::string_view html, std::size_t pos, std::string_view name) {
  if (pos + name.size() >= html.size()) return false;
  for (std::size_t j = 0; j < name.size(); ++j) {
    if (lower(html[pos + j]) != name[j]) return false;
  }
  const char after = html[pos + name.size()];
  return is_ascii_space(after) || after == '/' || after == '>';
}

// Moves `pos` to the end tag of raw-text element `name` (or to the end of the input); the end
// tag itself is read as a tag by the caller.
void skip_raw_text(std::string_view html, std::string_view name, std::size_t& pos) {
  while (pos < html.size()) {
    const std::size_t lt = html.find("</", pos);
    if (lt == std::string_view::npos) break;
    if (tag_name_at(html, lt + 2, name)) {
      pos = lt;
      return;
    }
    pos = lt + 2;
  }
  pos = html.size();
}

// Moves `pos` to the "</svg" that closes the <svg> whose start tag ends just before `pos`,
// counting nested <svg> elements; to the end of the input when none does.
void skip_svg_content(std::string_view html, std::size_t& pos) {
  std::size_t depth = 1;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    if (html.substr(pos, 4) == "<!--") {
      const std::size_t end = html.find("-->", pos + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
    } else if (html.substr(pos, 2) == "</" && tag_name_at(html, pos + 2, "svg")) {
      if (--depth == 0) return;
      pos += 2;
    } else if (tag_name_at(html, pos + 1, "svg")) {
      ++depth;
      pos += 1;
    } else {
      pos += 1;
    }
  }
  pos = html.size();
}

// A script the extractor reads: JSON-LD metadata.
bool is_json_ld_script(std::string_view start_tag) {
  return ascii_lower(start_tag).find("ld+json") != std::string::npos;
}

const GumboOptions& parse_options() {
  static const GumboOptions options = [] {
    GumboOptions o = kGumboDefaultOptions;
    // Gumbo copies the stack of open elements into every parse error it records, which takes
    // quadratic time and memory on deeply nested pages; the extractor reads no errors.
    o.max_errors = 0;
    return o;
  }();
  return options;
}

// MathML is content: a formula in the text is read as its symbols, in order.
constexpr std::array<GumboTag, 19> kNonContentTags{
    GUMBO_TAG_SCRIPT, GUMBO_TAG_STYLE,   GUMBO_TAG_NOSCRIPT, GUMBO_TAG_TEMPLATE, GUMBO_TAG_SVG,
    GUMBO_TAG_IFRAME, GUMBO_TAG_OBJECT,  GUMBO_TAG_EMBED,    GUMBO_TAG_CANVAS,   GUMBO_TAG_VIDEO,
    GUMBO_TAG_AUDIO,  GUMBO_TAG_BUTTON,  GUMBO_TAG_INPUT,    GUMBO_TAG_SELECT,   GUMBO_TAG_TEXTAREA,
    GUMBO_TAG_HEAD,   GUMBO_TAG_NOEMBED, GUMBO_TAG_NOFRAMES, GUMBO_TAG_MAP};

constexpr std::array<GumboTag, 45> kBlockTags{
    GUMBO_TAG_HTML,    GUMBO_TAG_BODY,     GUMBO_TAG_ARTICLE, GUMBO_TAG_SECTION,
    GUMBO_TAG_NAV,     GUMBO_TAG_ASIDE,    GUMBO_TAG_H1,      GUMBO_TAG_H2,
    GUMBO_TAG_H3,      GUMBO_TAG_H4,       GUMBO_TAG_H5,      GUMBO_TAG_H6,
    GUMBO_TAG_HGROUP,  GUMBO_TAG_HEADER,   GUMBO_TAG_FOOTER,  GUMBO_TAG_ADDRESS,
    GUMBO_TAG_P,       GUMBO_TAG_HR,       GUMBO_TAG_PRE,     GUMBO_TAG_BLOCKQUOTE,
    GUMBO_TAG_OL,      GUMBO_TAG_UL,       GUMBO_TAG_LI,      GUMBO_TAG_DL,
    GUMBO_TAG_DT,      GUMBO_TAG_DD,       GUMBO_TAG_FIGURE,  GUMBO_TAG_FIGCAPTION,
    GUMBO_TAG_MAIN,    GUMBO_TAG_DIV,      GUMBO_TAG_TABLE,   GUMBO_TAG_CAPTION,
    GUMBO_TAG_TBODY,   GUMBO_TAG_THEAD,    GUMBO_TAG_TFOOT,   GUMBO_TAG_TR,
    GUMBO_TAG_FORM,    GUMBO_TAG_FIELDSET, GUMBO_TAG_LEGEND,  GUMBO_TAG_DETAILS,
    GUMBO_TAG_SUMMARY, GUMBO_TAG_MENU,     GUMBO_TAG_CENTER,  GUMBO_TAG_DIR,
    GUMBO_TAG_LISTING};

}  // namespace

std::optional<std::string> prune_for_parsing(std::string_view html, std::size_t max_depth) {
  NestingTracker tracker(max_depth);
  std::vector<ByteRange> left_out;
  std::size_t pos = 0;
  while ((pos = html.find('<', pos)) != std::string_view::npos) {
    const std::size_t tag_begin = pos;
    const std::string_view rest = html.substr(pos);
    if (rest.starts_with("<!--")) {
      const std::size_t end = html.find("-->", pos + 4);
      pos = end == std::string_view::npos ? html.size() : end + 3;
    } else if (rest.starts_with("<!") || rest.starts_with("<?")) {
      const std::size_t end = html.find('>', pos);
      pos = end == std::string_view::npos ? html.size() : end + 1;
    } else if (rest.size() > 2 && rest[1] == '/' && is_ascii_alpha(rest[2])) {
      pos += 2;
      const std::string name = read_tag_name(html, pos);
      skip_tag_rest(html, pos);
      if (!tracker.end_tag(name)) left_out.push_back({tag_begin, pos});
    } else if (rest.size() > 1 && is_ascii_alpha(rest[1])) {
      pos += 1;
      const std::string name = read_tag_name(html, pos);
      const bool self_closing = skip_tag_rest(html, pos);
      if (!tracker.start_tag(name, self_closing)) {
        left_out.push_back({tag_begin, pos});
      } else if (name == "plaintext") {
        break;  // everything after it is text
      } else if (is_one_of(name, kRawTextElements)) {
        const std::size_t content_begin = pos;
        skip_raw_text(html, name, pos);
        const bool unread = name == "style" ||
                            (name == "script" &&
                             !is_json_ld_script(html.substr(tag_begin, content_begin - tag_begin)));
        if (unread && pos > content_begin) left_out.push_back({content_begin, pos});
      } else if (name == "svg" && !self_closing) {
        const std::size_t content_begin = pos;
        skip_svg_content(html, pos);
        if (pos > content_begin) left_out.push_back({content_begin, pos});
      }
    } else {
      ++pos;
    }
  }
  if (left_out.empty()) return std::nullopt;
  std::string limited;
  limited.reserve(html.size());
  std::size_t copied = 0;
  for (const ByteRange& range : left_out) {
    limited.append(html.substr(copied, range.begin - copied));
    copied = range.end;
  }
  limited.append(html.substr(copied));
  return limited;
}

// A bump allocator for one parse. Gumbo makes tens of thousands of small allocations per page
// and the tree is dropped whole, so serving them from large blocks and freeing the blocks
// together saves most of what malloc and free cost (a fifth of extraction time), and the tree
// needs no recursive destruction. Memory gumbo frees during the parse is only reclaimed at the
// end, which stays within a small multiple of the page's size.
class Document::Arena {
 public:
  Arena() = default;
  Arena(const Arena&) = delete;
  Arena& operator=(const Arena&) = delete;
  ~Arena() {
    // Standard-size blocks go back to this thread's pool: the next parse reuses memory that is
    // already mapped instead of faulting in fresh pages.
    for (Block& block : blocks_) {
      if (block.size == kBlockSize && pool().size() < kPooledBlocks) {
        pool().push_back(std::move(block.memory));
      }
    }
  }

  static void* allocate(void* self, std::size_t size) {
    return static_cast<Arena*>(self)->take(size);
  }
  static void deallocate(void*, void*) {}

 private:
  static constexpr std::size_t kBlockSize = 256 * 1024;
  static constexpr std::size_t kPooledBlocks = 64;  // 16 MB kept per thread at most
  static constexpr std::size_t kAlignment = alignof(std::max_align_t);
  using Memory = std::unique_ptr<std::max_align_t[]>;
  struct Block {
    Memory memory;
    std::size_t size;
  };

  static std::vector<Memory>& pool() {
    static thread_local std::vector<Memory> blocks;
    return blocks;
  }

  void* take(std::size_t size) {
    size = (size + kAlignment - 1) & ~(kAlignment - 1);
    if (size > remaining_) {
      const std::size_t block = std::max(kBlockSize, size);
      Memory memory;
      if (block == kBlockSize && !pool().empty()) {
        memory = std::move(pool().back());
        pool().pop_back();
      } else {
        memory = std::make_unique_for_overwrite<std::max_align_t[]>(
            block / sizeof(std::max_align_t) + 1);
      }
      next_ = reinterpret_cast<char*>(memory.get());
      remaining_ = block;
      blocks_.push_back(Block{std::move(memory), block});
    }
    void* result = next_;
    next_ += size;
    remaining_ -= size;
    return result;
  }

  std::vector<Block> blocks_;
  char* next_ = nullptr;
  std::size_t remaining_ = 0;
};

// Under AddressSanitizer, gumbo allocates with plain malloc so the sanitizer sees every
// object's bounds; an arena block would hide overflows between gumbo's objects.
#if defined(__SANITIZE_ADDRESS__)
#define STORYTRAIL_PARSE_ARENA 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define STORYTRAIL_PARSE_ARENA 0
#endif
#endif
#ifndef STORYTRAIL_PARSE_ARENA
#define STORYTRAIL_PARSE_ARENA 1
#endif

Document::Document(std::string utf8_html)
    : text_(std::make_unique<const std::string>(std::move(utf8_html))) {
  GumboOptions options = parse_options();
  if (STORYTRAIL_PARSE_ARENA) {
    arena_ = std::make_unique<Arena>();
    options.allocator = &Arena::allocate;
    options.deallocator = &Arena::deallocate;
    options.userdata = arena_.get();
  }
  output_ = gumbo_parse_with_options(&options, text_->data(), text_->size());
}

Document::Document(Document&& other) noexcept
    : text_(std::move(other.text_)), arena_(std::move(other.arena_)), output_(other.output_) {
  other.output_ = nullptr;
}

Document& Document::operator=(Document&& other) noexcept {
  Document taken(std::move(other));  // takes other's tree; ours goes with `taken`
  std::swap(text_, taken.text_);
  std::swap(arena_, taken.arena_);
  std::swap(output_, taken.output_);
  return *this;
}

Document::~Document() {
  // With the arena, the tree goes with it; without, gumbo frees it (depth is capped by
  // prune_for_parsing, so its recursive destructor stays shallow).
  if (output_ != nullptr && arena_ == nullptr) gumbo_destroy_output(&parse_options(), output_);
}

std::string_view attribute(const GumboNode* element, const char* name) {
  if (!is_element(element)) return {};
  const GumboAttribute* attr = gumbo_get_attribute(&element->v.element.attributes, name);
  return attr != nullptr && attr->value != nullptr ? std::string_view(attr->value)
                                                   : std::string_view();
}

bool has_attribute(const GumboNode* element, const char* name) {
  return is_element(element) &&
         gumbo_get_attribute(&element->v.element.attributes, name) != nullptr;
}

std::string tag_name(const GumboNode* element) {
  if (!is_element(element)) return {};
  const GumboTag tag = element->v.element.tag;
  if (tag != GUMBO_TAG_UNKNOWN) return gumbo_normalized_tagname(tag);
  GumboStringPiece piece = element->v.element.original_tag;
  gumbo_tag_from_original_text(&piece);
  return ascii_lower(std::string_view(piece.data, piece.length));
}

bool is_non_content_tag(GumboTag tag) {
  return std::find(kNonContentTags.begin(), kNonContentTags.end(), tag) != kNonContentTags.end();
}

bool is_block_tag(GumboTag tag) {
  return std::find(kBlockTags.begin(), kBlockTags.end(), tag) != kBlockTags.end();
}

std::string inner_text(const GumboNode* node) {
  std::string text;
  walk(
      node,
      [&](const GumboNode* n) {
        if (is_text(n)) {
          text += n->v.text.text;
          return Descend::skip;
        }
        if (!is_element(n)) return Descend::skip;
        const GumboTag tag = tag_of(n);
        if (is_non_content_tag(tag) || (n != node && is_hidden(n))) return Descend::skip;
        if (tag == GUMBO_TAG_BR || tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH ||
            is_block_tag(tag)) {
          text += ' ';
        }
        return Descend::children;
      },
      [&](const GumboNode* n) {
        const GumboTag tag = tag_of(n);
        if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH || is_block_tag(tag)) text += ' ';
      });
  return text;
}

std::vector<std::string> class_id_words(const GumboNode* element) {
  std::vector<std::string> words;
  const auto add_name = [&words](std::string_view name) {
    // "js-share-anchor": a hook for scripts, which says nothing about what the element is.
    if (starts_with_ci(name, "js-") || starts_with_ci(name, "js_")) return;
    words.emplace_back();  // starts a new run
    std::string word;
    char previous = 0;
    const auto finish = [&] {
      if (!word.empty()) words.push_back(std::move(word));
      word.clear();
    };
    for (const char c : name) {
      const bool is_lower = c >= 'a' && c <= 'z';
      const bool is_upper = c >= 'A' && c <= 'Z';
      const bool is_digit = c >= '0' && c <= '9';
      const bool prev_lower = previous >= 'a' && previous <= 'z';
      const bool prev_letter = prev_lower || (previous >= 'A' && previous <= 'Z');
      const bool prev_digit = previous >= '0' && previous <= '9';
      if (!is_lower && !is_upper && !is_digit) {
        finish();
      } else if ((is_upper && prev_lower) || (is_digit && prev_letter) ||
                 (!is_digit && prev_digit)) {
        finish();  // "articleBody", "ad300", "300x"
      }
      if (is_lower || is_upper || is_digit) word += lower(c);
      previous = c;
    }
    finish();
  };
  std::string_view classes = attribute(element, "class");
  while (!classes.empty()) {
    const std::size_t start = classes.find_first_not_of(" \t\n\r\f");
    if (start == std::string_view::npos) break;
    classes.remove_prefix(start);
    const std::size_t end = std::min(classes.find_first_of(" \t\n\r\f"), classes.size());
    add_name(classes.substr(0, end));
    classes.remove_prefix(end);
  }
  // An id of five or more words is an anchor made from a heading's text
  // ("sharing-with-a-single-developer"), not a name for what the element is.
  const std::size_t before_id = words.size();
  add_name(attribute(element, "id"));
  if (words.size() - before_id > 5) words.resize(before_id);
  return words;
}

bool has_phrase(const std::vector<std::string>& words, std::string_view phrase) {
  // Runs for every element and every chrome phrase, so it allocates nothing and rejects most
  // words on the first part's length: the parts are compared in place against consecutive
  // words.
  if (words.empty() || phrase.empty()) return false;
  const std::size_t first_end = std::min(phrase.find('-'), phrase.size());
  const std::string_view first = phrase.substr(0, first_end);
  for (std::size_t i = 0; i < words.size(); ++i) {
    if (words[i].size() != first.size() || words[i] != first) continue;
    if (first_end == phrase.size()) return true;
    std::string_view rest = phrase.substr(first_end + 1);
    for (std::size_t j = i + 1; j < words.size(); ++j) {
      const std::size_t end = std::min(rest.find('-'), rest.size());
      if (words[j] != rest.substr(0, end)) break;
      if (end == rest.size()) return true;
      rest.remove_prefix(end + 1);
    }
  }
  return false;
}

bool is_hidden(const GumboNode* element) {
  if (!is_element(element)) return false;
  if (has_attribute(element, "hidden")) return true;
  if (ascii_lower(attribute(element, "aria-hidden")) == "true") return true;
  const std::string_view style = attribute(element, "style");
  if (style.empty()) return false;
  std::string compact;
  for (const char c : style) {
    if (!is_ascii_space(c)) compact += lower(c);
  }
  return compact.find("display:none") != std::string::npos ||
         compact.find("visibility:hidden") != std::string::npos;
}

}  // namespace st::html
