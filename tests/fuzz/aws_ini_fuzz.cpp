// Fuzzes the ~/.aws/config INI parser and the profile lookups built on it.
#include <cstddef>
#include <cstdint>
#include <string>

#include "aws/ini_file.hpp"
#include "aws/shared_config.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::string text(reinterpret_cast<const char*>(data), size);
  auto ini = opsdeck::aws::parse_ini(text, "fuzz");
  auto split = text.find('\x01');
  auto config = opsdeck::aws::SharedConfig::from_text(text.substr(0, split),
                                                      split == std::string::npos ? "" : text.substr(split + 1));
  (void)config.profile("default");
  (void)config.profile("prod");
  (void)config.sso_session("s");
  return 0;
}
