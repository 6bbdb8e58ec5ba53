// libFuzzer target: known_hosts text (ssh/known_hosts.hpp). Whatever the file holds —
// odd markers, broken base64, hashed entries, CRLF — parsing never fails, and a line that
// format_known_host wrote for a host and key, appended to it (plain or hashed), is always
// honoured: check() answers Match (or Revoked, when the file revokes that very key) and
// key_types_for() lists the key's type.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "ssh/known_hosts.hpp"
#include "tests/fuzz/fuzz_support.hpp"

namespace {

using namespace opsdeck::ssh;

std::string ssh_string(std::string_view s) {
  std::string out;
  for (int shift = 24; shift >= 0; shift -= 8) out.push_back(static_cast<char>((s.size() >> shift) & 0xff));
  return out.append(s);
}

const HostKey& our_key() {
  static const HostKey key{"ssh-ed25519", ssh_string("ssh-ed25519") + ssh_string(std::string(32, '\x5a'))};
  return key;
}

// A host name from the input's last line (letters, digits, '.', '-' only), so that the
// formatted line is one known_hosts entry; "web-1.prod" when none is left.
std::string host_from(std::string_view text) {
  auto nl = text.rfind('\n');
  std::string_view last = nl == std::string_view::npos ? text : text.substr(nl + 1);
  std::string host;
  for (char c : last.substr(0, 64))
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') host.push_back(c);
  return host.empty() ? "web-1.prod" : host;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view text = opsdeck::fuzz::as_text(data, size);
  std::size_t n = 0;
  {
    auto kh = KnownHosts::parse(text);
    for (const auto& w : kh.warnings()) n += w.size();
    n += kh.key_types_for("web-1.prod", 22).size() + kh.key_types_for("10.0.0.5", 2222).size();
    n += static_cast<std::size_t>(kh.check("web-1.prod", 22, our_key()).status);
  }
  const std::string host = host_from(text);
  const int port = size > 0 && (data[0] & 1) ? 2222 : 22;
  for (bool hashed : {false, true}) {
    std::string file(text);
    file += "\n" + format_known_host(host, port, our_key(), hashed) + "\n";
    auto kh = KnownHosts::parse(file);
    auto c = kh.check(host, port, our_key());
    if (c.status != HostKeyStatus::Match && c.status != HostKeyStatus::Revoked)
      opsdeck::fuzz::fail("a recorded host key is not honoured");
    bool listed = false;
    for (const auto& t : kh.key_types_for(host, port)) listed = listed || t == our_key().type;
    if (!listed) opsdeck::fuzz::fail("key_types_for misses a recorded key type");
    n += static_cast<std::size_t>(c.line);
  }
  volatile std::size_t sink = n;
  (void)sink;
  return 0;
}
