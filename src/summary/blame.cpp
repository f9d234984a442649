#include "summary/blame.hpp"

#include <algorithm>
#include <unordered_map>

#include "diff/diff.hpp"

namespace st {
namespace {

// The units of one revision: its blocks, or its sentences (each a block of the block's kind,
// remembering which block it came from).
struct Units {
  Article article;  // the units as the body, for diff_articles
  std::vector<std::size_t> block_of;
};

Units units_of(const Article& article, BlameUnit unit) {
  Units units;
  for (std::size_t b = 0; b < article.body.size(); ++b) {
    const Block& block = article.body[b];
    if (unit == BlameUnit::block) {
      units.article.body.push_back(block);
      units.block_of.push_back(b);
      continue;
    }
    for (const std::string& sentence : tokenize(block.text, Granularity::sentence)) {
      if (sentence.find_first_not_of(' ') == std::string::npos) continue;
      units.article.body.push_back({block.kind, sentence});
      units.block_of.push_back(b);
    }
  }
  return units;
}

// The text of each new unit a split or merge change covers.
std::vector<std::string> new_texts(const BlockChange& c) {
  std::vector<std::string> texts;
  std::size_t start = 0;
  for (;;) {
    const std::size_t end = c.text.find(kBlockBreak, start);
    texts.push_back(c.text.substr(start, end - start));
    if (end == std::string::npos) break;
    start = end + kBlockBreak.size();
  }
  return texts;
}

}  // namespace

std::vector<BlameEntry> blame(const std::vector<Article>& revisions, std::size_t upto,
                              BlameUnit unit) {
  upto = std::min(upto, revisions.size());
  Provenance provenance(unit);
  for (std::size_t r = 0; r < upto; ++r) provenance.add(revisions[r]);
  return provenance.entries();
}

void Provenance::add(const Article& revision, const ArticleDiff* given) {
  const int number = ++number_;
  Units current = units_of(revision, unit_);
  if (number == 1) {
    origins_.assign(current.article.body.size(), Origin{1, 1});
  } else {
    ArticleDiff computed;
    if (given == nullptr || unit_ != BlameUnit::block) {
      computed = diff_articles(previous_, current.article);
      given = &computed;
    }
    std::vector<Origin> next(current.article.body.size(), Origin{number, number});
    const auto restored_or = [&](const std::string& text, Origin otherwise) {
      const auto it = seen_.find(text);
      return it != seen_.end() ? it->second : otherwise;
    };
    for (const BlockChange& c : given->blocks) {
      switch (c.op) {
        case BlockOp::remove:
          break;
        case BlockOp::equal:
          next[c.to_index] = origins_[c.from_index];
          break;
        case BlockOp::insert:
          next[c.to_index] = restored_or(c.text, {number, number});
          break;
        case BlockOp::move:
        case BlockOp::edit:
          next[c.to_index] = c.tokens.empty() && c.from_kind == c.kind
                                 ? origins_[c.from_index]
                                 : restored_or(c.text, {origins_[c.from_index].introduced, number});
          break;
        case BlockOp::split:
        case BlockOp::merge: {
          int introduced = number;
          for (std::size_t k = 0; k < c.from_count; ++k) {
            introduced = std::min(introduced, origins_[c.from_index + k].introduced);
          }
          const std::vector<std::string> texts = new_texts(c);
          for (std::size_t k = 0; k < c.to_count && k < texts.size(); ++k) {
            next[c.to_index + k] = restored_or(texts[k], {introduced, number});
          }
          break;
        }
      }
    }
    origins_ = std::move(next);
  }
  for (std::size_t i = 0; i < origins_.size(); ++i) {
    // The first revision's texts are not replaced (try_emplace); later ones record where each
    // text was last.
    if (number == 1) {
      seen_.try_emplace(current.article.body[i].text, origins_[i]);
    } else {
      seen_.insert_or_assign(current.article.body[i].text, origins_[i]);
    }
  }
  previous_ = std::move(current.article);
  block_of_ = std::move(current.block_of);
}

std::vector<BlameEntry> Provenance::entries() const {
  std::vector<BlameEntry> entries;
  for (std::size_t i = 0; i < previous_.body.size() && i < origins_.size(); ++i) {
    const Block& u = previous_.body[i];
    entries.push_back(
        {u.kind, u.text, block_of_[i], origins_[i].introduced, origins_[i].last_changed});
  }
  return entries;
}

}  // namespace st
