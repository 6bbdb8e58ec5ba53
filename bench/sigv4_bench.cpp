// SigV4 signing throughput, and the client's request path without the network
// (encode + sign). Compare with bench/botocore_sigv4_bench.py on the same machine.
#include <benchmark/benchmark.h>

#include "aws/codecs.hpp"
#include "aws/error_parser.hpp"
#include "aws/sigv4.hpp"

using namespace opsdeck::aws;

namespace {

HttpRequest describe_instances_request() {
  HttpRequest r;
  r.method = "POST";
  r.host = "ec2.us-east-1.amazonaws.com";
  r.path = "/";
  r.headers = {{"Content-Type", "application/x-www-form-urlencoded; charset=utf-8"}};
  r.body = "Action=DescribeInstances&Version=2016-11-15&Filter.1.Name=instance-state-name&"
           "Filter.1.Value.1=running&Filter.2.Name=tag%3AEnv&Filter.2.Value.1=prod&MaxResults=200";
  return r;
}

const Credentials kCreds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", {}, "bench"};

SigningParams params() {
  SigningParams p;
  p.region = "us-east-1";
  p.service = "ec2";
  p.time = std::chrono::system_clock::from_time_t(1'700'000'000);
  return p;
}

}  // namespace

// The same request botocore signs in botocore_sigv4_bench.py.
static void BM_SigV4_SignDescribeInstances(benchmark::State& state) {
  HttpRequest r = describe_instances_request();
  SigningParams p = params();
  for (auto _ : state) {
    HttpRequest copy = r;
    benchmark::DoNotOptimize(sigv4_sign_request(copy, kCreds, p));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SigV4_SignDescribeInstances);

static void BM_SigV4_SignJsonWithToken(benchmark::State& state) {
  AwsRequest a;
  a.service = &services::logs;
  a.operation = "FilterLogEvents";
  a.input = {{"logGroupName", "/weightloss/api"}, {"filterPattern", "ERROR"}, {"limit", 10000}};
  Endpoint ep = *parse_endpoint_url("https://logs.us-east-1.amazonaws.com");
  Credentials c = kCreds;
  c.session_token = std::string(400, 'T');
  SigningParams p = params();
  p.service = "logs";
  for (auto _ : state) {
    auto h = encode_request(a, ep);
    benchmark::DoNotOptimize(sigv4_sign_request(*h, c, p));
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_SigV4_SignJsonWithToken);

static void BM_SigV4_Sign64KiBBody(benchmark::State& state) {
  HttpRequest r = describe_instances_request();
  r.body.assign(64 * 1024, 'x');
  SigningParams p = params();
  for (auto _ : state) benchmark::DoNotOptimize(sigv4_sign(r, kCreds, p));
  state.SetBytesProcessed(state.iterations() * static_cast<int64_t>(r.body.size()));
}
BENCHMARK(BM_SigV4_Sign64KiBBody);

static void BM_ErrorParser_QueryError(benchmark::State& state) {
  HttpResponse resp;
  resp.status = 400;
  resp.body = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded"
              "</Message></Error><RequestId>abc</RequestId></ErrorResponse>";
  for (auto _ : state) benchmark::DoNotOptimize(parse_error(resp, Protocol::AwsQuery));
}
BENCHMARK(BM_ErrorParser_QueryError);
