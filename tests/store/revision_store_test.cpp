// The revision store against real git: round trips, deduplication, capture order, import,
// concurrency, and what the git binary sees.
#include "store/revision_store.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include "support/process.hpp"
#include "util/time.hpp"

namespace st {
namespace {

using test::TempDir;

Article make_article(const std::string& headline, std::vector<std::string> paragraphs) {
  Article a;
  a.url = "https://example.org/news/story";
  a.headline = headline;
  a.site = "Example News";
  a.extractor = "test";
  for (auto& p : paragraphs) a.body.push_back(Block{BlockKind::paragraph, std::move(p)});
  return a;
}

NewCapture make_capture(const std::string& story, UnixSeconds at, Article article) {
  NewCapture c;
  c.story = story;
  c.captured_at = at;
  c.source_url = article.url;
  c.source = "<html><body><p>" + article.headline + "</p></body></html>";
  c.source_name = "source.html";
  c.article = std::move(article);
  return c;
}

constexpr UnixSeconds kT0 = 1623159120;  // 2021-06-08T13:32:00Z

class StoreTest : public ::testing::Test {
 protected:
  std::filesystem::path store_path() const { return dir_ / "store"; }
  RevisionStore open_store() {
    auto store = RevisionStore::open(store_path(), RevisionStore::Access::write);
    EXPECT_TRUE(store.ok()) << (store.ok() ? "" : store.error().message);
    return std::move(store).value();
  }
  AddResult add(RevisionStore& store, const NewCapture& c) {
    auto result = store.add(c);
    EXPECT_TRUE(result.ok()) << (result.ok() ? "" : result.error().message);
    return result.ok() ? *result : AddResult{};
  }
  std::string git_out(std::vector<std::string> args) {
    auto r = test::git(store_path(), std::move(args));
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return r.out;
  }
  TempDir dir_;
};

TEST_F(StoreTest, RoundTripsRevisionsInCaptureOrder) {
  RevisionStore store = open_store();
  const Article a1 = make_article("First headline", {"One.", "Two."});
  const Article a2 = make_article("Second headline", {"One.", "Two, changed."});
  EXPECT_EQ(add(store, make_capture("s", kT0, a1)).number, 1);
  const AddResult r2 = add(store, make_capture("s", kT0 + 60, a2));
  EXPECT_EQ(r2.outcome, AddResult::Outcome::stored);
  EXPECT_EQ(r2.number, 2);

  auto revisions = store.revisions("s");
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->size(), 2u);
  EXPECT_EQ((*revisions)[0].headline, "First headline");
  EXPECT_EQ((*revisions)[1].captured_at, kT0 + 60);
  EXPECT_EQ((*revisions)[1].id, r2.id);
  auto stored = store.read((*revisions)[1]);
  ASSERT_TRUE(stored.ok());
  EXPECT_EQ(stored->article, a2);
  EXPECT_EQ(stored->text, canonical_text(a2));
}

TEST_F(StoreTest, GitReadsEverything) {
  RevisionStore store = open_store();
  const Article a1 = make_article("Harris meets Lopez Obrador", {"A paragraph."});
  const Article a2 = make_article("Harris hails ‘new era’", {"A paragraph.", "Another."});
  add(store, make_capture("harris-mexico", kT0, a1));
  const AddResult r2 = add(store, make_capture("harris-mexico", kT0 + 3600, a2));

  EXPECT_EQ(git_out({"log", "--format=%s", "refs/stories/harris-mexico"}),
            "Harris hails ‘new era’\nHarris meets Lopez Obrador\n");
  EXPECT_EQ(git_out({"show", r2.id + ":article.txt"}), canonical_text(a2));
  EXPECT_EQ(
      git_out({"log", "-1",
               "--format=%(trailers:key=Captured-At,valueonly)%(trailers:key=Story,valueonly)",
               "refs/stories/harris-mexico"}),
      "2021-06-08T14:32:00Z\nharris-mexico\n\n");
  EXPECT_EQ(git_out({"log", "-1", "--format=%at %ct", "refs/stories/harris-mexico"}),
            fmt::format("{} {}\n", kT0 + 3600, kT0 + 3600));
  EXPECT_EQ(git_out({"ls-tree", "--name-only", r2.id}), "article.json\narticle.txt\nsource.html\n");
  auto fsck = test::git(store_path(), {"fsck", "--strict", "--no-progress"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
  // plain `git diff --word-diff` between revisions is readable
  EXPECT_NE(git_out({"diff", "--word-diff", "refs/stories/harris-mexico~1",
                     "refs/stories/harris-mexico", "--", "article.txt"})
                .find("{+Another.+}"),
            std::string::npos);
}

TEST_F(StoreTest, SameTextIsUnchangedAndWritesNothing) {
  RevisionStore store = open_store();
  const Article a = make_article("Headline", {"Body."});
  const AddResult first = add(store, make_capture("s", kT0, a));
  const std::string refs_before = git_out({"for-each-ref"});
  const std::string objects_before = git_out({"count-objects", "-v"});
  // Different source bytes and URL, same article text.
  NewCapture again = make_capture("s", kT0 + 60, a);
  again.source = "<html><body><div class=ad>new ad</div><p>Headline</p></body></html>";
  const AddResult second = add(store, again);
  EXPECT_EQ(second.outcome, AddResult::Outcome::unchanged);
  EXPECT_EQ(second.number, 1);
  EXPECT_EQ(second.id, first.id);
  EXPECT_EQ(git_out({"for-each-ref"}), refs_before);
  EXPECT_EQ(git_out({"count-objects", "-v"}), objects_before);
}

TEST_F(StoreTest, OlderCaptureIsPlacedInCaptureOrderAndNothingIsLost) {
  RevisionStore store = open_store();
  add(store, make_capture("s", kT0, make_article("H", {"one"})));
  const AddResult late = add(store, make_capture("s", kT0 + 200, make_article("H", {"three"})));
  const AddResult middle = add(store, make_capture("s", kT0 + 100, make_article("H", {"two"})));
  EXPECT_EQ(middle.outcome, AddResult::Outcome::stored);
  EXPECT_EQ(middle.number, 2);
  EXPECT_EQ(middle.rebuilt, 1);
  auto revisions = store.revisions("s");
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->size(), 3u);
  for (int i = 0; i < 3; ++i) EXPECT_EQ((*revisions)[i].captured_at, kT0 + 100 * i);
  EXPECT_EQ(store.read((*revisions)[2])->article.body[0].text, "three");
  // The former tip is still in the store and named by the story's reflog.
  EXPECT_EQ(test::git(store_path(), {"cat-file", "-e", late.id}).exit_code, 0);
  EXPECT_NE(git_out({"reflog", "show", "--format=%H", "refs/stories/s"}).find(late.id),
            std::string::npos);
  EXPECT_EQ(git_out({"log", "--format=%(trailers:key=Revision,valueonly)", "refs/stories/s"}),
            "3\n\n2\n\n1\n\n");
  // Same text as the revision before it: unchanged.
  EXPECT_EQ(add(store, make_capture("s", kT0 + 150, make_article("H", {"two"}))).outcome,
            AddResult::Outcome::unchanged);
}

TEST_F(StoreTest, LateCaptureDeepInALongChainKeepsNumbering) {
  RevisionStore store = open_store();
  for (int i = 0; i < 6; ++i) {
    add(store, make_capture("s", kT0 + 100 * i, make_article("H", {fmt::format("v{}", i)})));
  }
  const AddResult late = add(store, make_capture("s", kT0 + 450, make_article("H", {"late"})));
  EXPECT_EQ(late.number, 6);
  EXPECT_EQ(late.rebuilt, 1);
  EXPECT_EQ(
      git_out({"log", "--format=%(trailers:key=Revision,valueonly,separator=)", "refs/stories/s"}),
      "7\n6\n5\n4\n3\n2\n1\n");
  EXPECT_EQ(git_out({"log", "-1", "--format=%(trailers:key=First-Captured-At,valueonly)",
                     "refs/stories/s"}),
            "2021-06-08T13:32:00Z\n\n");
  auto revisions = store.revisions("s");
  ASSERT_EQ(revisions->size(), 7u);
  EXPECT_EQ(store.read((*revisions)[5])->article.body[0].text, "late");
}

TEST_F(StoreTest, OlderCaptureOfALaterTextTakesItsPlace) {
  RevisionStore store = open_store();
  add(store, make_capture("s", kT0, make_article("H", {"one"})));
  add(store, make_capture("s", kT0 + 200, make_article("H", {"two"})));
  const AddResult earlier = add(store, make_capture("s", kT0 + 100, make_article("H", {"two"})));
  EXPECT_EQ(earlier.outcome, AddResult::Outcome::stored);
  EXPECT_EQ(earlier.number, 2);
  auto revisions = store.revisions("s");
  ASSERT_EQ(revisions->size(), 2u);
  EXPECT_EQ((*revisions)[1].captured_at, kT0 + 100);
}

TEST_F(StoreTest, CaptureBeforeTheFirstRevisionRenumbersAll) {
  RevisionStore store = open_store();
  add(store, make_capture("s", kT0 + 100, make_article("H", {"b"})));
  add(store, make_capture("s", kT0 + 200, make_article("H", {"c"})));
  const AddResult first = add(store, make_capture("s", kT0, make_article("H", {"a"})));
  EXPECT_EQ(first.number, 1);
  EXPECT_EQ(first.rebuilt, 2);
  auto stories = store.stories();
  ASSERT_TRUE(stories.ok());
  ASSERT_EQ(stories->size(), 1u);
  EXPECT_EQ((*stories)[0].revisions, 3);
  EXPECT_EQ((*stories)[0].first_captured_at, kT0);
  EXPECT_EQ((*stories)[0].last_captured_at, kT0 + 200);
}

TEST_F(StoreTest, StoriesListsEveryStory) {
  RevisionStore store = open_store();
  add(store, make_capture("beta", kT0, make_article("Beta one", {"x"})));
  add(store, make_capture("alpha", kT0 + 5, make_article("Alpha one", {"x"})));
  add(store, make_capture("alpha", kT0 + 50, make_article("Alpha two", {"y"})));
  auto stories = store.stories();
  ASSERT_TRUE(stories.ok());
  ASSERT_EQ(stories->size(), 2u);
  EXPECT_EQ((*stories)[0].story, "alpha");
  EXPECT_EQ((*stories)[0].revisions, 2);
  EXPECT_EQ((*stories)[0].headline, "Alpha two");
  EXPECT_EQ((*stories)[0].first_captured_at, kT0 + 5);
  EXPECT_EQ((*stories)[1].story, "beta");
  EXPECT_EQ((*stories)[1].revisions, 1);
}

TEST_F(StoreTest, UnknownStoryIsAnError) {
  RevisionStore store = open_store();
  auto revisions = store.revisions("nope");
  ASSERT_FALSE(revisions.ok());
  EXPECT_NE(revisions.error().message.find("no story named 'nope'"), std::string::npos);
}

TEST_F(StoreTest, ImportWritesOnePackAndMovesEachRefOnce) {
  {
    RevisionStore store = open_store();
    add(store, make_capture("a", kT0, make_article("A", {"a1"})));
  }
  RevisionStore store = open_store();
  std::vector<NewCapture> batch = {
      make_capture("a", kT0 + 300, make_article("A", {"a3"})),
      make_capture("b", kT0, make_article("B", {"b1"})),
      make_capture("a", kT0 + 100, make_article("A", {"a2"})),
      make_capture("a", kT0 + 400, make_article("A", {"a3"})),  // same text as the one before
      make_capture("b", kT0 + 10, make_article("B", {"b2"})),
  };
  const std::string loose_before = git_out({"count-objects"});
  auto results = store.import(batch);
  ASSERT_TRUE(results.ok()) << results.error().message;
  ASSERT_EQ(results->size(), 5u);
  EXPECT_EQ((*results)[0].number, 3);
  EXPECT_EQ((*results)[1].number, 1);
  EXPECT_EQ((*results)[2].number, 2);
  EXPECT_EQ((*results)[3].outcome, AddResult::Outcome::unchanged);
  EXPECT_EQ((*results)[3].number, 3);
  EXPECT_EQ((*results)[3].id, (*results)[0].id);
  EXPECT_EQ((*results)[4].number, 2);
  EXPECT_EQ(git_out({"count-objects"}), loose_before);  // nothing loose: all in the pack
  int packs = 0;
  for (const auto& e : std::filesystem::directory_iterator(store_path() / "objects" / "pack")) {
    packs += e.path().extension() == ".pack";
  }
  EXPECT_EQ(packs, 1);
  EXPECT_EQ(git_out({"rev-list", "--count", "refs/stories/a"}), "3\n");
  EXPECT_EQ(git_out({"rev-list", "--count", "refs/stories/b"}), "2\n");
  // One reflog entry per ref for the import.
  EXPECT_EQ(git_out({"reflog", "show", "--format=%gs", "refs/stories/b"}),
            "storytrail import: 2 capture(s) into b\n");
  auto fsck = test::git(store_path(), {"fsck", "--strict", "--no-progress"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
}

TEST_F(StoreTest, TwoProcessesAddingAtOnceLoseNothing) {
  constexpr int kEach = 50;
  { open_store(); }  // both children find the store made
  pid_t children[2];
  for (int child = 0; child < 2; ++child) {
    children[child] = ::fork();
    if (children[child] == 0) {
      auto store = RevisionStore::open(store_path(), RevisionStore::Access::write);
      if (!store) ::_exit(3);
      for (int i = 0; i < kEach; ++i) {
        // Interleaved capture times, so the two writers also insert out of order.
        const UnixSeconds at = kT0 + (i * 2 + child) * 60;
        auto r = store->add(
            make_capture("shared", at, make_article("H", {fmt::format("{} {}", child, i)})));
        if (!r || r->outcome != AddResult::Outcome::stored) ::_exit(4);
      }
      ::_exit(0);
    }
  }
  for (pid_t pid : children) {
    int status = 0;
    ::waitpid(pid, &status, 0);
    EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  }
  RevisionStore store = open_store();
  auto revisions = store.revisions("shared");
  ASSERT_TRUE(revisions.ok());
  ASSERT_EQ(revisions->size(), 2u * kEach);
  for (std::size_t i = 1; i < revisions->size(); ++i) {
    EXPECT_LT((*revisions)[i - 1].captured_at, (*revisions)[i].captured_at);
  }
  auto fsck = test::git(store_path(), {"fsck", "--strict", "--no-progress"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
}

// ---- opening ---------------------------------------------------------------------------------

// The tracking document lives on refs/storytrail/tracking, one commit with no history, readable
// by git; a change made meanwhile by another handle makes the change function run again on it.
TEST_F(StoreTest, TrackingDocumentIsACommitThatGitReads) {
  RevisionStore store = open_store();
  auto empty = store.read_tracking();
  ASSERT_TRUE(empty.ok()) << empty.error().message;
  EXPECT_EQ(*empty, "");
  const auto set_to = [](std::string text) {
    return [text](const std::string&) -> Result<std::string> { return text; };
  };
  ASSERT_TRUE(store.update_tracking(set_to("{\"version\": 1}\n"), "track: first").ok());
  EXPECT_EQ(*store.read_tracking(), "{\"version\": 1}\n");
  EXPECT_EQ(git_out({"show", "refs/storytrail/tracking:tracking.json"}), "{\"version\": 1}\n");
  // The same text again writes no commit.
  const std::string first_version = git_out({"rev-parse", "refs/storytrail/tracking"});
  ASSERT_TRUE(store.update_tracking(set_to("{\"version\": 1}\n"), "track: same").ok());
  EXPECT_EQ(git_out({"rev-parse", "refs/storytrail/tracking"}), first_version);

  int calls = 0;
  auto changed = store.update_tracking(
      [&](const std::string& current) -> Result<std::string> {
        if (++calls == 1) {  // another process changes it between our read and our write
          RevisionStore other = open_store();
          EXPECT_TRUE(other.update_tracking(set_to("B\n"), "track: other").ok());
        }
        return current + "C\n";
      },
      "track: ours");
  ASSERT_TRUE(changed.ok()) << changed.error().message;
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(*store.read_tracking(), "B\nC\n");
  // Only the latest version is kept: no parent, no reflog.
  EXPECT_EQ(git_out({"log", "--format=%s", "refs/storytrail/tracking"}), "track: ours\n");
  EXPECT_NE(test::git(store_path(), {"reflog", "exists", "refs/storytrail/tracking"}).exit_code, 0);
  // A failing change writes nothing.
  auto refused = store.update_tracking(
      [](const std::string&) -> Result<std::string> { return fail("no"); }, "track: refused");
  EXPECT_FALSE(refused.ok());
  EXPECT_EQ(git_out({"log", "--format=%s", "refs/storytrail/tracking"}), "track: ours\n");
  auto fsck = test::git(store_path(), {"fsck", "--strict", "--no-progress"});
  EXPECT_EQ(fsck.exit_code, 0) << fsck.out << fsck.err;
}

TEST(StoreOpen, CreatesInEmptyOrProjectFolder) {
  TempDir dir;
  std::filesystem::create_directory(dir / "store");
  test::write_file(dir / "store" / "README.md", "about the store\n");
  test::write_file(dir / "store" / ".gitignore", "*\n");
  auto store = RevisionStore::open(dir / "store", RevisionStore::Access::write);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(test::git(dir / "store", {"config", "storytrail.version"}).out, "1\n");
  EXPECT_EQ(test::git(dir / "store", {"rev-parse", "--is-bare-repository"}).out, "true\n");
  EXPECT_EQ(test::read_file(dir / "store" / "README.md"), "about the store\n");
}

TEST(StoreOpen, RefusesAFolderThatIsNotAStore) {
  TempDir dir;
  std::filesystem::create_directory(dir / "docs");
  test::write_file(dir / "docs" / "notes.txt", "mine\n");
  auto store = RevisionStore::open(dir / "docs", RevisionStore::Access::write);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("is not a storytrail store"), std::string::npos);
  EXPECT_EQ(test::read_file(dir / "docs" / "notes.txt"), "mine\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "docs" / "HEAD"));
}

TEST(StoreOpen, RefusesAGitRepositoryWithHistory) {
  TempDir dir;
  const std::string repo = (dir / "repo").string();
  ASSERT_EQ(test::run({"git", "init", "-q", "--bare", repo}).exit_code, 0);
  const auto tree =
      test::run({"git", "--git-dir=" + repo, "hash-object", "-w", "-t", "tree", "/dev/null"});
  ASSERT_EQ(tree.exit_code, 0) << tree.err;
  const auto commit = test::run(
      {"git", "--git-dir=" + repo, "commit-tree", tree.out.substr(0, 40), "-m", "theirs"}, "",
      {"GIT_AUTHOR_NAME=a", "GIT_AUTHOR_EMAIL=a@example.org", "GIT_COMMITTER_NAME=a",
       "GIT_COMMITTER_EMAIL=a@example.org"});
  ASSERT_EQ(commit.exit_code, 0) << commit.err;
  ASSERT_EQ(test::run({"git", "--git-dir=" + repo, "update-ref", "refs/heads/main",
                       commit.out.substr(0, 40)})
                .exit_code,
            0);
  const std::string config_before = test::read_file(dir / "repo" / "config");
  auto store = RevisionStore::open(repo, RevisionStore::Access::write);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("not a storytrail store"), std::string::npos);
  EXPECT_EQ(test::read_file(dir / "repo" / "config"), config_before);
}

TEST(StoreOpen, ReadingAMissingStoreIsAnErrorAndCreatesNothing) {
  TempDir dir;
  auto store = RevisionStore::open(dir / "nowhere", RevisionStore::Access::read);
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.error().message.find("no store at"), std::string::npos);
  EXPECT_FALSE(std::filesystem::exists(dir / "nowhere"));
}

}  // namespace
}  // namespace st

namespace st {
namespace {

TEST_F(StoreTest, StoriesCacheFollowsEveryChange) {
  RevisionStore store = open_store();
  add(store, make_capture("a", kT0, make_article("A one", {"x"})));
  add(store, make_capture("b", kT0, make_article("B one", {"x"})));
  ASSERT_EQ(store.stories()->size(), 2u);
  ASSERT_TRUE(std::filesystem::exists(store_path() / "storytrail" / "stories.cache"));
  // A new revision, a new story and a removed story are all seen despite the cache.
  add(store, make_capture("a", kT0 + 10, make_article("A two", {"y"})));
  add(store, make_capture("c", kT0, make_article("C one", {"x"})));
  ASSERT_EQ(test::git(store_path(), {"update-ref", "-d", "refs/stories/b"}).exit_code, 0);
  auto stories = store.stories();
  ASSERT_TRUE(stories.ok());
  ASSERT_EQ(stories->size(), 2u);
  EXPECT_EQ((*stories)[0].headline, "A two");
  EXPECT_EQ((*stories)[0].revisions, 2);
  EXPECT_EQ((*stories)[1].story, "c");
  // The cache is what is read: an entry forged for the real tip is believed.
  const std::string tip_a = git_out({"rev-parse", "refs/stories/a"}).substr(0, 40);
  test::write_file(store_path() / "storytrail" / "stories.cache",
                   "storytrail stories cache 1\n" + tip_a + " 7 1 2 a Forged headline\n");
  stories = store.stories();
  ASSERT_TRUE(stories.ok());
  EXPECT_EQ((*stories)[0].headline, "Forged headline");
  EXPECT_EQ((*stories)[0].revisions, 7);
  // A damaged cache is ignored and rewritten.
  test::write_file(
      store_path() / "storytrail" / "stories.cache",
      "storytrail stories cache 1\nnot a line\n" + std::string(40, 'f') + " 9 1 2 a A forged\n");
  stories = store.stories();
  ASSERT_TRUE(stories.ok());
  EXPECT_EQ((*stories)[0].headline, "A two");
  EXPECT_EQ((*stories)[0].revisions, 2);
  // git fsck does not mind the cache folder.
  EXPECT_EQ(test::git(store_path(), {"fsck", "--no-progress"}).exit_code, 0);
}

}  // namespace
}  // namespace st

namespace st {
namespace {

TEST_F(StoreTest, ImportReportsRebuiltRevisionsPerCapture) {
  RevisionStore store = open_store();
  add(store, make_capture("s", kT0 + 10, make_article("H", {"a"})));
  add(store, make_capture("s", kT0 + 30, make_article("H", {"c"})));
  auto results = store.import({make_capture("s", kT0 + 20, make_article("H", {"b"})),
                               make_capture("s", kT0 + 40, make_article("H", {"d"}))});
  ASSERT_TRUE(results.ok()) << results.error().message;
  EXPECT_EQ((*results)[0].number, 2);
  EXPECT_EQ((*results)[0].rebuilt, 1);
  EXPECT_EQ((*results)[1].number, 4);
  EXPECT_EQ((*results)[1].rebuilt, 0);
  // A late capture of a later revision's text takes its place and says so.
  const AddResult early = add(store, make_capture("s", kT0 + 35, make_article("H", {"d"})));
  EXPECT_TRUE(early.replaced_later);
  EXPECT_EQ(early.number, 4);
  EXPECT_EQ(store.revisions("s")->size(), 4u);
}

TEST_F(StoreTest, RefusesCapturesThatWouldForgeItsRecords) {
  RevisionStore store = open_store();
  add(store, make_capture("s", kT0, make_article("H", {"a"})));
  const std::string before = git_out({"for-each-ref"});
  NewCapture forged = make_capture("s", kT0 + 10, make_article("H", {"b"}));
  forged.source_url = "https://x.org/a\nRevision: 40";
  EXPECT_FALSE(store.add(forged).ok());
  EXPECT_FALSE(store.import({forged}).ok());
  NewCapture ancient = make_capture("s", -60, make_article("H", {"c"}));
  EXPECT_FALSE(store.add(ancient).ok());
  EXPECT_EQ(git_out({"for-each-ref"}), before);
}

TEST_F(StoreTest, AStaleRefLockFromAKilledWriterIsCleared) {
  RevisionStore store = open_store();
  add(store, make_capture("s", kT0, make_article("H", {"a"})));
  // What a writer killed between locking and renaming leaves.
  test::write_file(store_path() / "refs" / "stories" / "s.lock",
                   "0000000000000000000000000000000000000000\n");
  const AddResult r = add(store, make_capture("s", kT0 + 10, make_article("H", {"b"})));
  EXPECT_EQ(r.outcome, AddResult::Outcome::stored);
  EXPECT_FALSE(std::filesystem::exists(store_path() / "refs" / "stories" / "s.lock"));
  EXPECT_EQ(git_out({"rev-list", "--count", "refs/stories/s"}), "2\n");
}

TEST(StoreOpen, ProcessesCreatingOneStoreAtOnceAllSucceed) {
  for (int round = 0; round < 5; ++round) {
    TempDir dir;
    const auto path = dir / "store";
    std::vector<pid_t> children;
    for (int child = 0; child < 4; ++child) {
      const pid_t pid = ::fork();
      if (pid == 0) {
        auto store = RevisionStore::open(path, RevisionStore::Access::write);
        if (!store) ::_exit(3);
        auto r = store->add(make_capture(fmt::format("s{}", child), kT0,
                                         make_article("H", {fmt::format("{}", child)})));
        ::_exit(r ? 0 : 4);
      }
      children.push_back(pid);
    }
    for (const pid_t pid : children) {
      int status = 0;
      ::waitpid(pid, &status, 0);
      EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << "round " << round;
    }
    EXPECT_EQ(test::git(path, {"for-each-ref", "--format=%(refname)"}).out,
              "refs/stories/s0\nrefs/stories/s1\nrefs/stories/s2\nrefs/stories/s3\n");
  }
}

TEST(StoreOpen, FinishesACreationThatWasInterrupted) {
  TempDir dir;
  const auto path = dir / "store";
  // What a creator killed half-way leaves: some of the repository, a config lock.
  std::filesystem::create_directories(path / "objects");
  std::filesystem::create_directories(path / "refs");
  test::write_file(path / "config.lock", "[core]\n");
  auto store = RevisionStore::open(path, RevisionStore::Access::write);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(test::git(path, {"config", "storytrail.version"}).out, "1\n");
  EXPECT_EQ(test::git(path, {"fsck", "--no-progress"}).exit_code, 0);
}

}  // namespace
}  // namespace st
