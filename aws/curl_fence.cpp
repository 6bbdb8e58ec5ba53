#include "aws/curl_fence.hpp"

#include <sys/socket.h>

#include "aws/network_fence.hpp"

namespace opsdeck::aws {

namespace {

curl_socket_t open_socket(void* user, curlsocktype purpose, curl_sockaddr* address) {
  if (purpose == CURLSOCKTYPE_IPCXN && !connection_allowed(&address->addr)) {
    *static_cast<std::string*>(user) = address_text(&address->addr);
    return CURL_SOCKET_BAD;
  }
  return ::socket(address->family, address->socktype | SOCK_CLOEXEC, address->protocol);
}

}  // namespace

void fence_curl(CURL* easy, std::string* refused) {
  if (!loopback_only()) return;
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETFUNCTION, open_socket);
  curl_easy_setopt(easy, CURLOPT_OPENSOCKETDATA, refused);
}

}  // namespace opsdeck::aws
