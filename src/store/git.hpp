// Thin RAII owners for libgit2 handles and one checked-call helper. Only the store module
// includes libgit2; nothing outside src/store sees these types.
#pragma once

#include <git2.h>

#include <memory>
#include <string>
#include <string_view>

#include "util/result.hpp"

namespace st::git {

// Initialises libgit2 once per process, on first use. Debian's build parses the whole CA bundle
// here (3-10 ms depending on the machine), which is why only commands that touch the store
// call it.
void ensure_initialised();

template <typename T, void (*Free)(T*)>
struct Deleter {
  void operator()(T* p) const { Free(p); }
};
template <typename T, void (*Free)(T*)>
using Owner = std::unique_ptr<T, Deleter<T, Free>>;

using Repository = Owner<git_repository, git_repository_free>;
using Odb = Owner<git_odb, git_odb_free>;
using OdbObject = Owner<git_odb_object, git_odb_object_free>;
using Commit = Owner<git_commit, git_commit_free>;
using Tree = Owner<git_tree, git_tree_free>;
using TreeBuilder = Owner<git_treebuilder, git_treebuilder_free>;
using Reference = Owner<git_reference, git_reference_free>;
using ReferenceIterator = Owner<git_reference_iterator, git_reference_iterator_free>;
using Config = Owner<git_config, git_config_free>;
using Signature = Owner<git_signature, git_signature_free>;
using Indexer = Owner<git_indexer, git_indexer_free>;

// Turns a libgit2 return code into a Result: `what` says what was being done, and libgit2's
// own message is appended ("cannot write object: failed to create file: ...").
Result<void> check(int code, std::string_view what);

std::string to_hex(const git_oid& id);

}  // namespace st::git
