#include "cli/app.hpp"

int main(int argc, char** argv) {
  return st::cli::run_cli(argc, argv);
}
