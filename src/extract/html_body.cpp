#include "extract/html_body.hpp"

#include <algorithm>
#include <array>
#include <string>

#include "extract/html_tree.hpp"
#include "util/text.hpp"

namespace st::html {
namespace {

// Chrome names that also mark the hidden rest of a long story ("Read more" to expand it).
constexpr std::array<std::string_view, 4> kExpanderPhrases{"read-more", "readmore", "show-more",
                                                           "more"};

// Lines about the article rather than of it: bylines, dates, reading times. Left out of the
// body; the byline is read separately.
constexpr std::array<std::string_view, 17> kMetaLinePhrases{
    "byline",    "bylines",      "author",      "authors",      "author-name", "dateline",
    "timestamp", "date",         "time",        "published",    "updated",     "pubdate",
    "meta",      "reading-time", "contributor", "contributors", "credits"};

// Embedded posts, kept as one block of text each.
constexpr std::array<std::string_view, 5> kEmbedClasses{"twitter-tweet", "instagram-media",
                                                        "tiktok-embed", "twitter-video", "fb-post"};

// Whole lines that are interface text, not article text (compared in lower case, without
// trailing punctuation).
// clang-format off
constexpr std::array<std::string_view, 91> kBoilerplateLines{
    "advertisement", "advertisements", "advertising", "ad", "ads", "sponsored",
    "sponsored content", "promoted", "read more", "more", "see more", "show more", "load more",
    "continue reading", "keep reading", "share", "share this", "share this article",
    "share this story", "share on facebook", "share on twitter", "tweet", "email", "print",
    "comments", "comment", "skip to content", "skip to main content", "skip to navigation",
    "related", "related articles", "related stories", "related content", "read next",
    "recommended", "most read", "most popular", "trending", "subscribe", "sign up",
    "newsletter", "follow us", "listen", "listen to this article", "loading", "close", "menu",
    "search", "back to top", "story continues below", "story continues below advertisement",
    "article continues below", "article continues below advertisement",
    "scroll to continue with content", "continue reading below", "image", "video", "photo",
    "play video", "watch", "continue reading the main story", "sign up for our newsletter",
    "sign up for our newsletters", "subscribe to our newsletter",
    // The same in other languages: advertisement, loading, read more, share.
    "anzeige", "werbung", "publicité", "publicidad", "pubblicità", "reklama", "advertentie",
    "chargement", "cargando", "caricamento", "wird geladen", "carregando", "\u6B63\u5728\u52A0\u8F7D",
    "\u52A0\u8F7D\u4E2D", "\u8AAD\u307F\u8FBC\u307F\u4E2D", "\u5E7F\u544A", "\u5E83\u544A",
    "lire aussi", "lire la suite", "weiterlesen", "mehr lesen", "leer más", "leia mais",
    "partager", "teilen", "compartir", "condividi"};
// clang-format on

struct BodyContext {
  const PageIndex& index;
  std::string_view headline;
  const GumboNode* h1 = nullptr;  // the page's headline element, when found
};

// Class words that end in a meta-line word ("storytimestamp", "articlebyline").
bool has_meta_line_suffix(const std::vector<std::string>& words) {
  return std::any_of(words.begin(), words.end(), [](const std::string& word) {
    return word.ends_with("timestamp") || word.ends_with("byline") || word.ends_with("dateline");
  });
}

bool is_boilerplate_line(std::string_view text) {
  std::string line = ascii_lower(text);
  while (!line.empty() && (line.back() == '.' || line.back() == ':' || line.back() == '!' ||
                           line.back() == '>' || line.back() == ' ')) {
    line.pop_back();
  }
  if (line.ends_with("\u2026")) line.resize(line.size() - 3);  // "Loading…"
  while (!line.empty() && (line.back() == '.' || line.back() == ' ')) line.pop_back();
  return std::find(kBoilerplateLines.begin(), kBoilerplateLines.end(), line) !=
         kBoilerplateLines.end();
}

// "Updated 5 minutes ago", "Published 8 June 2021 12:30": dates a page states about itself,
// which change between captures and say nothing of the article. Short lines only, starting
// with such a word and holding a number, or ending in "ago".
bool is_dateline(std::string_view text) {
  if (text.size() > 60) return false;
  if (text.ends_with(" ago") || text.ends_with(" ago.")) return true;
  const bool has_digit =
      std::any_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; });
  if (!has_digit) return false;
  for (const std::string_view prefix : {"updated", "last updated", "published", "first published",
                                        "posted", "modified", "last modified"}) {
    if (starts_with_ci(text, prefix)) return true;
  }
  return false;
}

class BlockBuilder {
 public:
  explicit BlockBuilder(const BodyContext& context) : context_(context) {}

  void add_container(std::size_t container) {
    container_ = container;
    container_text_ = context_.index.at(container).text;
    walk(
        context_.index.at(container).node, [this](const GumboNode* node) { return enter(node); },
        [this](const GumboNode* node) { leave(node); });
    flush();
  }

  // The blocks, less the lists of other articles that pages build from links rather than
  // from list elements ("More to explore", then a card per article: label, title, date): a
  // run of blocks that are only links holding two or more headings, with the heading just
  // before it. Runs of linked paragraphs alone stay: editors write "Read more:" lists so.
  std::vector<Block> take() {
    std::vector<Block> kept;
    for (std::size_t i = 0; i < blocks_.size();) {
      std::size_t end = i, headings = 0;
      for (; end < blocks_.size() && link_only_[end]; ++end) {
        if (blocks_[end].kind == BlockKind::heading) ++headings;
      }
      if (headings >= 2) {
        if (!kept.empty() && kept.back().kind == BlockKind::heading && !link_only_[i - 1]) {
          kept.pop_back();
        }
        i = end;
        continue;
      }
      kept.push_back(std::move(blocks_[i]));
      ++i;
    }
    return kept;
  }

 private:
  struct Frame {
    bool dropped = false;   // the element and all under it are left out
    bool boundary = false;  // a block boundary at its start and end
    bool embed = false;
  };

  Descend enter(const GumboNode* node) {
    if (is_text(node)) {
      add_text(node->v.text.text, node->type == GUMBO_NODE_WHITESPACE);
      return Descend::skip;
    }
    if (!is_element(node)) return Descend::skip;
    Frame frame;
    const GumboTag tag = tag_of(node);
    if (embed_depth_ > 0) {
      // Inside an embedded post everything is one block; structure only separates words.
      frame.dropped = is_non_content_tag(tag) || is_hidden(node);
      if (!frame.dropped && (is_block_tag(tag) || tag == GUMBO_TAG_BR)) text_ += ' ';
      frames_.push_back(frame);
      return frame.dropped ? Descend::skip : Descend::children;
    }
    if (should_drop(node, tag)) {
      frame.dropped = true;
      frames_.push_back(frame);
      return Descend::skip;
    }
    if (tag == GUMBO_TAG_BR) {
      // One <br> is a space; two in a row end a paragraph, as in pages written without <p>.
      if (after_br_) {
        flush();
      } else {
        text_ += ' ';
        after_br_ = true;
      }
      frames_.push_back(frame);
      return Descend::skip;
    }
    if (tag == GUMBO_TAG_BLOCKQUOTE && has_class_ci(node, kEmbedClasses)) {
      flush();
      frame.embed = true;
      ++embed_depth_;
      frames_.push_back(frame);
      return Descend::children;
    }
    if (tag == GUMBO_TAG_TD || tag == GUMBO_TAG_TH) text_ += ' ';
    if (is_block_tag(tag)) {
      flush();
      frame.boundary = true;
    }
    count_open(role_tag(node, tag), +1);
    frames_.push_back(frame);
    return Descend::children;
  }

  void leave(const GumboNode* node) {
    const Frame frame = frames_.back();
    frames_.pop_back();
    if (frame.dropped) return;
    if (frame.embed) {
      flush();  // closes the embed block
      --embed_depth_;
      return;
    }
    if (embed_depth_ > 0) {
      if (is_block_tag(tag_of(node))) text_ += ' ';
      return;
    }
    if (frame.boundary) flush();
    count_open(role_tag(node, tag_of(node)), -1);
  }

  // The tag whose role an element plays: an element named as a caption ("image-caption",
  // "dnd-caption-wrapper", "wp-caption-text") is a <figcaption>.
  GumboTag role_tag(const GumboNode* node, GumboTag tag) const {
    if (tag == GUMBO_TAG_DIV || tag == GUMBO_TAG_SPAN || tag == GUMBO_TAG_P) {
      const ElementInfo* info = context_.index.info(node);
      if (info != nullptr &&
          (has_phrase(info->words, "caption") || has_phrase(info->words, "figcaption"))) {
        return GUMBO_TAG_FIGCAPTION;
      }
    }
    return tag;
  }

  // Keeps count of the open elements that decide a block's kind or how its text is counted.
  void count_open(GumboTag tag, int change) {
    switch (tag) {
      case GUMBO_TAG_H1:
        h1_depth_ += change;
        heading_depth_ += change;
        break;
      case GUMBO_TAG_H2:
      case GUMBO_TAG_H3:
      case GUMBO_TAG_H4:
      case GUMBO_TAG_H5:
      case GUMBO_TAG_H6:
        heading_depth_ += change;
        break;
      case GUMBO_TAG_BLOCKQUOTE:
        quote_depth_ += change;
        break;
      case GUMBO_TAG_LI:
      case GUMBO_TAG_DD:
        list_depth_ += change;
        break;
      case GUMBO_TAG_FIGCAPTION:
        caption_depth_ += change;
        break;
      case GUMBO_TAG_FIGURE:
        figure_depth_ += change;
        break;
      case GUMBO_TAG_A:
        link_depth_ += change;
        break;
      case GUMBO_TAG_TIME:
        time_depth_ += change;
        break;
      default:
        break;
    }
  }

  bool should_drop(const GumboNode* node, GumboTag tag) const {
    const ElementInfo* info = context_.index.info(node);
    if (info == nullptr) return true;  // under an element the index did not enter
    const bool is_container = context_.index.find(node) == container_;
    if (is_container) return false;
    // The walk only reaches elements whose ancestors were kept, so only the element's own
    // chrome counts here. A "read more" expander that holds most of the container's
    // paragraphs, few of them links, is the rest of the story.
    if (info->own_chrome) {
      const ElementInfo& container = context_.index.at(container_);
      const bool rest_of_story = info->chrome_by_name &&
                                 has_any_phrase(info->words, kExpanderPhrases) &&
                                 info->raw_paragraph_text * 2 >= container.raw_paragraph_text &&
                                 info->raw_link_text * 10 < info->raw_text * 3;
      if (!rest_of_story) return true;
    }
    switch (tag) {
      case GUMBO_TAG_FORM:
        return info->raw_text * 2 < container_text_;
      case GUMBO_TAG_HEADER:
        // Kept only when it holds the headline; the <h1> itself is left out later.
        return context_.h1 == nullptr || !context_.index.is_inside(context_.index.find(context_.h1),
                                                                   context_.index.find(node));
      case GUMBO_TAG_A:
        // A link around blocks (a title and its date, a heading and a summary) is a card
        // pointing at another article; an editor's link sits inside a sentence. Unless it
        // wraps most of the text: then it is the article, whatever the page's script does.
        return info->has_block_child && !info->holds_caption &&
               info->raw_text * 2 < container_text_;
      case GUMBO_TAG_UL:
      case GUMBO_TAG_OL:
      case GUMBO_TAG_DL:
        // A list that is mostly links is a list of other articles.
        return info->text > 0 && info->link_text * 10 >= info->text * 7;
      case GUMBO_TAG_TIME:
        return false;  // a date inside a sentence stays; a date alone is dropped at flush
      default:
        break;
    }
    // Byline and date lines, unless the element is (or holds most of) the article body.
    if ((has_any_phrase(info->words, kMetaLinePhrases) || has_meta_line_suffix(info->words)) &&
        !context_.index.is_body_marker(context_.index.find(node)) &&
        info->raw_text * 2 < container_text_) {
      return true;
    }
    return false;
  }

  void add_text(std::string_view text, bool whitespace) {
    // In a figure only the caption and embedded posts count: not image credits and the like.
    if (figure_depth_ > 0 && caption_depth_ == 0 && embed_depth_ == 0) return;
    if (whitespace) {
      text_ += ' ';
      return;
    }
    const std::size_t length = visible_length(text);
    if (length == 0) {
      text_ += ' ';
      return;
    }
    text_ += text;
    after_br_ = false;
    total_chars_ += length;
    if (link_depth_ > 0) link_chars_ += length;
    if (time_depth_ > 0) time_chars_ += length;
    if (block_started_) return;
    block_started_ = true;
    if (embed_depth_ > 0) {
      kind_ = BlockKind::embed;
    } else if (heading_depth_ > 0) {
      kind_ = BlockKind::heading;
      from_h1_ = h1_depth_ > 0;
    } else if (caption_depth_ > 0) {
      kind_ = BlockKind::caption;
    } else if (list_depth_ > 0) {
      kind_ = BlockKind::list_item;
    } else if (quote_depth_ > 0) {
      kind_ = BlockKind::quote;
    } else {
      kind_ = BlockKind::paragraph;
    }
  }

  void flush() {
    std::string text = normalize_text(text_);
    const BlockKind kind = kind_;
    const bool link_only = total_chars_ > 0 && link_chars_ * 10 >= total_chars_ * 8;
    const bool keep = !text.empty() && wanted(text, kind);
    text_.clear();
    block_started_ = false;
    from_h1_ = false;
    after_br_ = false;
    total_chars_ = link_chars_ = time_chars_ = 0;
    kind_ = BlockKind::paragraph;
    if (keep) {
      blocks_.push_back(Block{kind, std::move(text)});
      link_only_.push_back(link_only &&
                           (kind == BlockKind::heading || kind == BlockKind::paragraph));
    }
  }

  bool wanted(const std::string& text, BlockKind kind) const {
    if (kind == BlockKind::embed) return true;
    if (kind == BlockKind::heading) {
      if (equal_ci(text, context_.headline)) return false;
      if (from_h1_ && blocks_.empty()) return false;  // the title area above the text
    }
    if (kind == BlockKind::paragraph && equal_ci(text, context_.headline)) return false;
    if (total_chars_ > 0 && time_chars_ * 10 >= total_chars_ * 8) return false;
    if (is_boilerplate_line(text)) return false;
    if (kind != BlockKind::quote && is_dateline(text)) return false;
    return true;
  }

  const BodyContext& context_;
  std::size_t container_ = kNone;
  std::size_t container_text_ = 0;
  std::vector<Frame> frames_;
  std::vector<Block> blocks_;
  std::vector<bool> link_only_;  // per block: a heading or paragraph that is only a link
  // The block being collected.
  std::string text_;
  BlockKind kind_ = BlockKind::paragraph;
  bool block_started_ = false;
  bool from_h1_ = false;
  bool after_br_ = false;
  std::size_t total_chars_ = 0, link_chars_ = 0, time_chars_ = 0;
  // Open elements that decide a block's kind or how its text is counted.
  int heading_depth_ = 0, h1_depth_ = 0, quote_depth_ = 0, list_depth_ = 0;
  int caption_depth_ = 0, figure_depth_ = 0, link_depth_ = 0, time_depth_ = 0;
  int embed_depth_ = 0;
};

// The caption of the lead image when it sits outside the container, between the headline and
// the text ("article-featured-image" before "wysiwyg"): the first <figure> with a <figcaption>
// after the <h1> and before the first container, inside the container's nearest <article> or
// <main> (at most three levels up), else its parent. Empty when there is none.
std::string lead_caption(const PageIndex& index, std::size_t container, const GumboNode* h1) {
  std::size_t area = index.at(container).parent;
  for (std::size_t i = area, level = 0; i != kNone && level < 3; i = index.at(i).parent, ++level) {
    const GumboTag tag = tag_of(index.at(i).node);
    if (tag == GUMBO_TAG_ARTICLE || tag == GUMBO_TAG_MAIN) {
      area = i;
      break;
    }
  }
  if (area == kNone) return {};
  const std::size_t h1_index = h1 != nullptr ? index.find(h1) : kNone;
  std::size_t first = area + 1;
  if (h1_index != kNone && index.is_inside(h1_index, area)) first = h1_index + 1;
  for (std::size_t i = first; i < container; ++i) {
    const ElementInfo& e = index.at(i);
    if (e.chrome || tag_of(e.node) != GUMBO_TAG_FIGURE) continue;
    for (std::size_t j = i + 1; j < index.subtree_end(i); ++j) {
      const ElementInfo& c = index.at(j);
      if (!c.chrome && tag_of(c.node) == GUMBO_TAG_FIGCAPTION) return index.text_of(j);
    }
  }
  return {};
}

}  // namespace

std::vector<Block> article_blocks(const PageIndex& index,
                                  const std::vector<std::size_t>& containers,
                                  std::string_view headline, const GumboNode* h1) {
  const BodyContext context{index, headline, h1};
  BlockBuilder builder(context);
  for (const std::size_t container : containers) builder.add_container(container);
  std::vector<Block> blocks = builder.take();
  if (!containers.empty()) {
    if (std::string caption = lead_caption(index, containers.front(), h1); !caption.empty()) {
      blocks.insert(blocks.begin(), Block{BlockKind::caption, std::move(caption)});
    }
  }
  return blocks;
}

std::vector<Block> paragraphs_from_text(std::string_view text) {
  const bool blank_lines = text.find("\n\n") != std::string_view::npos ||
                           text.find("\r\n\r\n") != std::string_view::npos;
  std::vector<Block> blocks;
  std::string current;
  const auto finish = [&] {
    std::string paragraph = normalize_text(current);
    if (!paragraph.empty()) blocks.push_back(Block{BlockKind::paragraph, std::move(paragraph)});
    current.clear();
  };
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const std::size_t end = std::min(text.find('\n', pos), text.size());
    const std::string_view line = text.substr(pos, end - pos);
    if (normalize_text(line).empty() || !blank_lines) {
      if (!blank_lines) current += line;
      finish();
    } else {
      current += line;
      current += ' ';
    }
    pos = end + 1;
  }
  finish();
  return blocks;
}

std::vector<Block> tidy_body(std::vector<Block> blocks, std::string_view standfirst) {
  std::vector<Block> kept;
  const std::string standfirst_key = comparison_key(standfirst);
  for (Block& block : blocks) {
    if (!standfirst.empty() && comparison_key(block.text) == standfirst_key) continue;
    if (!kept.empty() && kept.back() == block && block.kind != BlockKind::paragraph) continue;
    kept.push_back(std::move(block));
  }
  while (!kept.empty() && kept.back().kind == BlockKind::heading) kept.pop_back();
  return kept;
}

}  // namespace st::html
