#include "store/git.hpp"

#include <mutex>

namespace st::git {

void ensure_initialised() {
  static std::once_flag once;
  std::call_once(once, [] { git_libgit2_init(); });
}

Result<void> check(int code, std::string_view what) {
  if (code >= 0) return {};
  const git_error* error = git_error_last();
  if (error != nullptr && error->message != nullptr) {
    return fail("{}: {}", what, error->message);
  }
  return fail("{} (libgit2 error {})", what, code);
}

std::string to_hex(const git_oid& id) {
  char hex[GIT_OID_HEXSZ + 1];
  git_oid_tostr(hex, sizeof hex, &id);
  return hex;
}

}  // namespace st::git
