// Site rules: per-domain selectors for the stubborn sites the heuristics get wrong. Data, not
// code: a rules file ships inside the program (src/extract/site_rules.json) and a user may
// add their own (storytrail add|import|extract --rules FILE), which is consulted first.
//
// Format (JSON):
//   {"sites": [
//     {"domains": ["aljazeera.com"],        // the host or any subdomain of it
//      "body": ".wysiwyg",                  // optional: the element holding the article text
//      "drop": ".more-on, .newsletter"}     // optional: elements that are never article text
//   ]}
// Selectors are the subset described in selector.hpp.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "extract/selector.hpp"
#include "util/result.hpp"

namespace st {

struct SiteRule {
  std::vector<std::string> domains;  // lower case
  std::optional<html::Selector> body;
  std::optional<html::Selector> drop;
};

class SiteRules {
 public:
  // Parses a rules file's text; `origin` names it in messages.
  static Result<SiteRules> parse(std::string_view json_text, std::string_view origin);

  // The rules shipped with the program.
  static const SiteRules& built_in();

  // The first rule whose domain is `host` or a parent of it; nullptr when none is.
  const SiteRule* for_host(std::string_view host) const;

  bool empty() const { return rules_.empty(); }

 private:
  std::vector<SiteRule> rules_;
};

// The lower-case host of an http(s) URL ("https://www.Example.org:8080/a" gives
// "www.example.org"); empty when there is none.
std::string url_host(std::string_view url);

}  // namespace st
