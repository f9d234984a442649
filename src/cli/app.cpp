#include "cli/app.hpp"

#include <fmt/ranges.h>

#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "util/slug.hpp"

namespace st::cli {
namespace {

// Every command, in the order `storytrail --help` lists them.
constexpr CommandSetup kCommands[] = {setup_add,    setup_import,  setup_stories,  setup_log,
                                      setup_show,   setup_diff,    setup_timeline, setup_blame,
                                      setup_site,   setup_track,   setup_feed,     setup_watch,
                                      setup_status, setup_extract, setup_demo};

constexpr std::string_view kDescription =
    "storytrail follows news articles as they are rewritten: it records every revision in a "
    "git-backed store and shows what changed.";

constexpr std::string_view kFooter = R"(Start with:
  storytrail demo                     record the bundled sample story and show its history
  storytrail add page.html --story S  record a saved page as the next revision of story S
  storytrail track URL                capture an article now, then at every 'watch'
  storytrail watch                    check what is tracked when due and store new revisions
  storytrail diff S                   what the latest revision of story S changed
  storytrail timeline S               every revision of story S, each in one line
  storytrail COMMAND --help           what a command does and takes

The store is a bare git repository: --store DIR, else $STORYTRAIL_STORE, else ./store.)";

// Prints the one line of an error. Messages may quote the user's input, so control characters
// are shown escaped: an error is always exactly one line.
void print_error(std::string_view message) {
  std::string line = "storytrail: error: ";
  for (const char c : message) {
    const auto byte = static_cast<unsigned char>(c);
    if (c == '\n') {
      line += "\\n";
    } else if (byte < 0x20 || byte == 0x7F) {
      line += fmt::format("\\x{:02x}", byte);
    } else {
      line += c;
    }
  }
  line += '\n';
  std::fflush(stdout);
  std::fwrite(line.data(), 1, line.size(), stderr);
}

std::string command_path(const CLI::App& app) {
  std::string path = "storytrail";
  const CLI::App* current = &app;
  while (!current->get_subcommands().empty()) {
    current = current->get_subcommands().front();
    path += " " + current->get_name();
  }
  return path;
}

// What a parse error says. CLI11 reports an unknown command, or an unknown option where a
// command is expected, as a missing command: name what was given instead.
std::string parse_error_text(CLI::App& app, const CLI::ParseError& e) {
  CLI::App* last = &app;
  while (!last->get_subcommands().empty()) last = last->get_subcommands().front();
  if (e.get_name() == "RequiredError" && last->get_require_subcommand_min() > 0) {
    const std::vector<std::string> rest = app.remaining(true);
    if (!rest.empty()) {
      return fmt::format("unknown {} '{}'", rest.front().starts_with('-') ? "option" : "command",
                         rest.front());
    }
    std::vector<std::string> names;
    for (const CLI::App* sub : last->get_subcommands([](CLI::App*) { return true; })) {
      names.push_back(sub->get_name());
    }
    return fmt::format("give a command: {}", fmt::join(names, ", "));
  }
  return e.what();
}

// The exit code once the command has run: a failed write to standard output (a full disk, a
// closed pipe) is an error, said on standard error.
int finish_output(int code) {
  errno = 0;
  if (std::fflush(stdout) == 0 && std::ferror(stdout) == 0) return code;
  print_error(fmt::format("cannot write to standard output: {}",
                         std::strerror(errno != 0 ? errno : EIO)));
  return kExitFailure;
}

}  // namespace

void add_story_argument(CLI::App& command, std::string& story) {
  command.add_option("story", story, "The story's name")
      ->required()
      ->type_name("SLUG")
      ->check(CLI::Validator(
          [](std::string& text) -> std::string {
            auto ok = check_slug(text);
            return ok ? std::string() : ok.error().message;
          },
          ""));
}

std::filesystem::path Context::store_path() const {
  if (!store_option.empty()) return store_option;
  if (const char* env = std::getenv("STORYTRAIL_STORE"); env != nullptr && env[0] != '\0') {
    return env;
  }
  return "store";
}

Result<RevisionStore> Context::open_store(RevisionStore::Access access) const {
  return RevisionStore::open(store_path(), access);
}

Style Context::out_style() const {
  auto mode = parse_color_mode(color_option);
  return Style(use_color(mode ? *mode : ColorMode::automatic, stdout));
}

Style Context::err_style() const {
  auto mode = parse_color_mode(color_option);
  return Style(use_color(mode ? *mode : ColorMode::automatic, stderr));
}

void add_url_option(CLI::App& command, std::string& url) {
  command.add_option("--url", url, "The address the page was saved from")->type_name("URL");
}

void add_type_option(CLI::App& command, std::string& type) {
  command.add_option("--type", type, "Read the file as html or text (default: detect)")
      ->check(CLI::IsMember({"html", "text"}))
      ->type_name("TYPE");
}

void add_rules_option(CLI::App& command, std::string& rules) {
  command
      .add_option("--rules", rules,
                  "Your own site rules (JSON), consulted before the built-in ones")
      ->type_name("FILE");
}

int run_cli(int argc, char** argv) {
  CLI::App app(std::string(kDescription), "storytrail");
  app.set_version_flag("--version", "storytrail " STORYTRAIL_VERSION, "Print the version and exit");
  app.set_help_flag("-h,--help", "Print this help and exit");
  app.require_subcommand(1);

  Context context;
  app.option_defaults()->always_capture_default();
  app.add_option("--store", context.store_option,
                 "The store: a bare git repository (default: $STORYTRAIL_STORE, else ./store)")
      ->type_name("DIR");
  app.add_option("--color", context.color_option, "Colour the output: auto, always or never")
      ->type_name("WHEN")
      ->check(CLI::IsMember({"auto", "always", "never"}));

  for (const CommandSetup setup : kCommands) setup(app, context);
  // An option given an empty value (--story "") is a mistake, never a way to ask for the default.
  const CLI::Validator not_empty(
      [](std::string& text) { return text.empty() ? "give a value, not an empty one" : ""; }, "");
  const auto forbid_empty = [&](CLI::App& command) {
    for (CLI::Option* option : command.get_options()) {
      if (!option->get_positional() && option->get_type_size_max() > 0) option->check(not_empty);
    }
  };
  forbid_empty(app);
  app.footer(std::string(kFooter));  // after the commands, which would inherit it
  const auto finish = [&](CLI::App& command) {
    forbid_empty(command);
    command.fallthrough();
    command.set_help_flag("-h,--help", "Print this help and exit");
    const std::string footer = command.get_footer();
    command.footer((footer.empty() ? "" : footer + "\n\n") +
                   "Options of every command, before or after its name: --store DIR (the store; "
                   "default $STORYTRAIL_STORE, else ./store) and --color auto|always|never.");
  };
  for (CLI::App* sub : app.get_subcommands([](CLI::App*) { return true; })) {
    finish(*sub);
    for (CLI::App* nested : sub->get_subcommands([](CLI::App*) { return true; })) finish(*nested);
  }

  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return finish_output(app.exit(e));
  } catch (const CLI::CallForAllHelp& e) {
    return finish_output(app.exit(e));
  } catch (const CLI::CallForVersion& e) {
    return finish_output(app.exit(e));
  } catch (const CLI::ParseError& e) {
    print_error(fmt::format("{}; see '{} --help'", parse_error_text(app, e), command_path(app)));
    return kExitUsage;
  }
  if (!context.action) return kExitOk;
  if (auto ok = context.action(); !ok) {
    if (ok.error().usage) {
      print_error(fmt::format("{}; see '{} --help'", ok.error().message, command_path(app)));
      return kExitUsage;
    }
    print_error(ok.error().message);
    return kExitFailure;
  }
  return finish_output(context.exit_code);
}

}  // namespace st::cli
