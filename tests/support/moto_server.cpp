#include "tests/support/moto_server.hpp"

#include <pugixml.hpp>

#include <future>
#include <stdexcept>
#include <thread>

#include "aws/codecs.hpp"
#include "aws/http_executor.hpp"
#include "aws/sigv4.hpp"

namespace opsdeck::testing {

namespace {

using Ms = std::chrono::milliseconds;
using SteadyClock = std::chrono::steady_clock;

Ms since(SteadyClock::time_point t0) {
  return std::chrono::duration_cast<Ms>(SteadyClock::now() - t0);
}

aws::HttpExecutor& executor() {
  static aws::HttpExecutor ex;
  return ex;
}

aws::Result<aws::HttpResponse> send(aws::HttpRequest req) {
  std::promise<aws::Result<aws::HttpResponse>> p;
  auto f = p.get_future();
  executor().submit(std::move(req), [&p](aws::Result<aws::HttpResponse> r) { p.set_value(std::move(r)); });
  return f.get();
}

// An IAM query call signed with throwaway credentials: moto does not check signatures
// during the armed no-auth window, but routes by the credential scope (service "iam").
std::string iam_call(int port, aws::HeaderList params) {
  aws::HttpRequest r;
  r.scheme = "http";
  r.host = "127.0.0.1:" + std::to_string(port);
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  r.body = aws::form_encode(params);
  aws::Credentials bootstrap{"AKIAOPSDECKBOOTSTRAP", "bootstrap-secret", "", {}, "bootstrap"};
  aws::SigningParams sp;
  sp.region = "us-east-1";
  sp.service = "iam";
  sp.time = std::chrono::system_clock::now();
  aws::sigv4_sign_request(r, bootstrap, sp);
  auto res = send(r);
  if (!res) throw std::runtime_error("moto IAM call failed: " + res.error().describe());
  if (res->status != 200)
    throw std::runtime_error("moto IAM call HTTP " + std::to_string(res->status) + ": " + res->body);
  return res->body;
}

}  // namespace

MotoServer::MotoServer() {
  auto t0 = SteadyClock::now();
  port_ = free_loopback_port();
  log_ = "/tmp/opsdeck-moto-" + std::to_string(port_) + ".log";
  // Huge until arm_auth() sets the real count through /moto-api/reset-auth.
  proc_ = ChildProcess({"moto_server", "-H", "127.0.0.1", "-p", std::to_string(port_)},
                       {{"INITIAL_NO_AUTH_ACTION_COUNT", "3"},
                        {"AWS_ACCESS_KEY_ID", "unused"},
                        {"AWS_SECRET_ACCESS_KEY", "unused"},
                        {"MOTO_CALL_RESET_API", "true"}},
                       log_);
  if (!wait_for_port(port_, std::chrono::seconds(30)))
    throw std::runtime_error("moto_server did not start on port " + std::to_string(port_) +
                             " (log: " + log_ + ")");
  arm_auth();
  start_ = since(t0);
}

MotoServer::~MotoServer() { proc_.stop(); }

std::string MotoServer::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

int MotoServer::post_admin(const std::string& path, const std::string& body) {
  aws::HttpRequest r;
  r.scheme = "http";
  r.host = "127.0.0.1:" + std::to_string(port_);
  r.path = path;
  r.body = body;
  auto res = send(r);
  if (!res) throw std::runtime_error("moto admin call failed: " + res.error().describe());
  return res->status;
}

void MotoServer::arm_auth() {
  if (post_admin("/moto-api/reset-auth", "3") != 200)
    throw std::runtime_error("moto /moto-api/reset-auth failed");
  const std::string user = "opsdeck-test";
  iam_call(port_, {{"Action", "CreateUser"}, {"Version", "2010-05-08"}, {"UserName", user}});
  iam_call(port_, {{"Action", "PutUserPolicy"},
                   {"Version", "2010-05-08"},
                   {"UserName", user},
                   {"PolicyName", "everything"},
                   {"PolicyDocument",
                    R"({"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]})"}});
  std::string xml = iam_call(port_, {{"Action", "CreateAccessKey"}, {"Version", "2010-05-08"}, {"UserName", user}});
  pugi::xml_document doc;
  doc.load_string(xml.c_str());
  auto key = doc.select_node("//AccessKey").node();
  creds_ = aws::Credentials{key.child_value("AccessKeyId"), key.child_value("SecretAccessKey"), "", {},
                            "moto test user"};
  if (creds_.empty()) throw std::runtime_error("moto CreateAccessKey returned no key: " + xml);
}

void MotoServer::reset() {
  auto t0 = SteadyClock::now();
  if (post_admin("/moto-api/reset") != 200) throw std::runtime_error("moto /moto-api/reset failed");
  arm_auth();
  reset_ = since(t0);
}

MotoServer& shared_moto() {
  static MotoServer server;
  return server;
}

}  // namespace opsdeck::testing
