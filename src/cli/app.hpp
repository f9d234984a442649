// The command line: a table of commands, each declaring its options on a CLI11 subcommand and
// leaving an action to run once the whole line is parsed. main() calls run_cli and nothing else.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "cli/terminal.hpp"
#include "store/revision_store.hpp"
#include "util/result.hpp"

namespace CLI {
class App;
}

namespace st::cli {

// Exit codes: 0 ok, 1 failure, 2 usage, 130 interrupted.
inline constexpr int kExitOk = 0;
inline constexpr int kExitFailure = 1;
inline constexpr int kExitUsage = 2;
inline constexpr int kExitInterrupted = 130;

struct Context {
  std::string store_option;  // --store DIR
  std::string color_option = "auto";
  std::function<Result<void>()> action;  // set by the command that was named
  int exit_code = kExitOk;  // what a successful action exits with (130: interrupted by Ctrl-C)

  // --store, else $STORYTRAIL_STORE, else ./store.
  std::filesystem::path store_path() const;
  Result<RevisionStore> open_store(RevisionStore::Access access) const;
  // Styles for standard output and standard error, from --color, NO_COLOR and the terminal.
  Style out_style() const;
  Style err_style() const;
};

// Adds the positional argument STORY (a story's name) to a command, checked as a slug when the
// line is parsed: a bad name is a usage error in every command alike.
void add_story_argument(CLI::App& command, std::string& story);

// Marks an error found in a command-line value after parsing (a bad slug, a bad time) as a
// usage error: exit code 2, with a hint to --help.
inline Error as_usage(Error error) {
  error.usage = true;
  return error;
}

// A revision named on the command line as SLUG[@REV], with the store opened for reading and
// the story's revisions (oldest first).
struct NamedRevision {
  RevisionStore store;
  std::string story;
  std::vector<RevisionInfo> revisions;
  RevisionInfo info;
};
Result<NamedRevision> open_named_revision(const Context& context, std::string_view target);

using CommandSetup = void (*)(CLI::App& app, Context& context);

void setup_add(CLI::App& app, Context& context);
void setup_import(CLI::App& app, Context& context);
void setup_stories(CLI::App& app, Context& context);
void setup_log(CLI::App& app, Context& context);
void setup_show(CLI::App& app, Context& context);
void setup_diff(CLI::App& app, Context& context);
void setup_timeline(CLI::App& app, Context& context);
void setup_blame(CLI::App& app, Context& context);
void setup_site(CLI::App& app, Context& context);
void setup_demo(CLI::App& app, Context& context);
void setup_extract(CLI::App& app, Context& context);
void setup_track(CLI::App& app, Context& context);
void setup_feed(CLI::App& app, Context& context);
void setup_watch(CLI::App& app, Context& context);
void setup_status(CLI::App& app, Context& context);

// Options several commands share, declared once: --url, --type html|text, --rules FILE.
void add_url_option(CLI::App& command, std::string& url);
void add_type_option(CLI::App& command, std::string& type);
void add_rules_option(CLI::App& command, std::string& rules);

int run_cli(int argc, char** argv);

}  // namespace st::cli
