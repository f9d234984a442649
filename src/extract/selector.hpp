// CSS selectors over gumbo's tree, the subset site rules need:
//   type selectors and *        div, article, *
//   classes and ids             .wysiwyg, #main-content
//   attributes                  [data-component], [itemprop=articleBody], [class~=x],
//                               [href^=https], [src$=.jpg], [id*=story] (values may be quoted)
//   descendant and child        main .article-body p, article > p
//   lists                       aside, .related, .newsletter
// Matching is case-insensitive for tag and attribute names, case-sensitive for values, as in
// HTML documents.
#pragma once

#include <gumbo.h>

#include <string>
#include <string_view>
#include <vector>

#include "util/result.hpp"

namespace st::html {

class Selector {
 public:
  static Result<Selector> parse(std::string_view text);

  // Whether `element` matches any selector of the list.
  bool matches(const GumboNode* element) const;

  const std::string& text() const { return text_; }

 private:
  struct Attribute {
    enum class Op { exists, equals, word, prefix, suffix, contains } op = Op::exists;
    std::string name;   // lower case
    std::string value;
  };
  struct Compound {
    std::string tag;  // lower case; empty for any
    std::vector<std::string> classes;
    std::vector<std::string> ids;
    std::vector<Attribute> attributes;
    bool child_of_previous = false;  // joined to the compound before it by '>' (else by space)
  };
  using Complex = std::vector<Compound>;  // left to right

  static bool matches_compound(const Compound& compound, const GumboNode* element);
  static bool matches_complex(const Complex& complex, std::size_t last, const GumboNode* element);

  std::string text_;
  std::vector<Complex> alternatives_;
};

}  // namespace st::html
