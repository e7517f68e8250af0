// libFuzzer's entry point for one target, chosen at compile time:
// tests/fuzz/CMakeLists.txt builds this file once per target with
// -DKHOBAO_FUZZ_TARGET=fuzz_<what>.
#include "fuzz/fuzz_targets.hpp"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  khobao::fuzz::KHOBAO_FUZZ_TARGET(std::string_view(reinterpret_cast<const char*>(data), size));
  return 0;
}
