#include "store/chain.hpp"

#include <algorithm>

namespace st {

Placement place_capture(std::vector<ChainEntry>& chain, ChainEntry capture) {
  const auto after = std::upper_bound(
      chain.begin(), chain.end(), capture.captured_at,
      [](UnixSeconds t, const ChainEntry& entry) { return t < entry.captured_at; });
  auto index = static_cast<std::size_t>(after - chain.begin());
  Placement placement;
  if (index > 0 && chain[index - 1].text_id == capture.text_id) {
    placement.position = index - 1;
    return placement;
  }
  placement.stored = true;
  placement.position = index;
  if (index < chain.size() && chain[index].text_id == capture.text_id) {
    placement.replaced = chain[index];
    chain[index] = std::move(capture);
  } else {
    chain.insert(chain.begin() + static_cast<std::ptrdiff_t>(index), std::move(capture));
  }
  return placement;
}

}  // namespace st
