#include "store/chain.hpp"

#include <gtest/gtest.h>

namespace st {
namespace {

std::vector<ChainEntry> chain_of(std::initializer_list<std::pair<UnixSeconds, const char*>> items) {
  std::vector<ChainEntry> chain;
  std::size_t source = 0;
  for (const auto& [t, text] : items) chain.push_back(ChainEntry{t, text, source++});
  return chain;
}

std::string texts(const std::vector<ChainEntry>& chain) {
  std::string out;
  for (const auto& e : chain) out += e.text_id;
  return out;
}

TEST(PlaceCapture, AppendsANewerCapture) {
  auto chain = chain_of({{10, "a"}, {20, "b"}});
  const Placement p = place_capture(chain, ChainEntry{30, "c", 9});
  EXPECT_TRUE(p.stored);
  EXPECT_EQ(p.position, 2u);
  EXPECT_EQ(texts(chain), "abc");
}

TEST(PlaceCapture, SameTextAsTheRevisionBeforeIsUnchanged) {
  auto chain = chain_of({{10, "a"}, {20, "b"}});
  const Placement p = place_capture(chain, ChainEntry{30, "b", 9});
  EXPECT_FALSE(p.stored);
  EXPECT_EQ(p.position, 1u);
  EXPECT_EQ(texts(chain), "ab");
}

TEST(PlaceCapture, OlderCaptureGoesInCaptureOrder) {
  auto chain = chain_of({{10, "a"}, {30, "c"}});
  const Placement p = place_capture(chain, ChainEntry{20, "b", 9});
  EXPECT_TRUE(p.stored);
  EXPECT_EQ(p.position, 1u);
  EXPECT_EQ(texts(chain), "abc");
}

TEST(PlaceCapture, EqualTimesKeepArrivalOrder) {
  auto chain = chain_of({{10, "a"}});
  place_capture(chain, ChainEntry{10, "b", 9});
  EXPECT_EQ(texts(chain), "ab");
}

TEST(PlaceCapture, OlderCaptureOfTheNextTextTakesItsPlace) {
  auto chain = chain_of({{10, "a"}, {30, "b"}, {40, "c"}});
  const Placement p = place_capture(chain, ChainEntry{20, "b", 9});
  EXPECT_TRUE(p.stored);
  ASSERT_TRUE(p.replaced.has_value());
  EXPECT_EQ(p.replaced->captured_at, 30);
  EXPECT_EQ(texts(chain), "abc");
  EXPECT_EQ(chain[1].captured_at, 20);
  EXPECT_EQ(chain[1].source, 9u);
}

TEST(PlaceCapture, BeforeTheFirst) {
  auto chain = chain_of({{10, "a"}});
  const Placement p = place_capture(chain, ChainEntry{5, "z", 9});
  EXPECT_TRUE(p.stored);
  EXPECT_EQ(p.position, 0u);
  EXPECT_EQ(texts(chain), "za");
}

}  // namespace
}  // namespace st
