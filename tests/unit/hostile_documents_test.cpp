// Documents from outside — AWS responses, credential_process output, token caches, files
// people edit — that are hostile or broken are errors with a message a person can act on,
// never a crash: nesting tens of thousands deep (XML, JSON, Markdown, the detail view), a
// field of the wrong type in every response parser, a progress file with "status": null,
// comments in the service definitions, and file:line:column for a broken config.
#include <gtest/gtest.h>

#include <pthread.h>
#include <sys/stat.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

#include "app/config.hpp"
#include "app/console/deploy_match.hpp"
#include "app/console/runbook_catalog.hpp"
#include "app/console/sources/console_settings.hpp"
#include "app/console/sources/resource_rows.hpp"
#include "app/console/triage_menu.hpp"
#include "app/deploy/health_check.hpp"
#include "app/deploy/service_config.hpp"
#include "app/resources/alarms.hpp"
#include "app/runbook/markdown_outline.hpp"
#include "app/runbook/progress_store.hpp"
#include "aws/cloudwatch.hpp"
#include "aws/credential_json.hpp"
#include "aws/credential_process.hpp"
#include "aws/credential_sso.hpp"
#include "aws/ec2.hpp"
#include "aws/ecs.hpp"
#include "aws/error_parser.hpp"
#include "aws/json_document.hpp"
#include "aws/json_fields.hpp"
#include "aws/lightsail.hpp"
#include "aws/logs.hpp"
#include "aws/rds.hpp"
#include "aws/service_call.hpp"
#include "aws/sqs_secrets_sts.hpp"
#include "aws/ssm.hpp"
#include "aws/xml_reader.hpp"
#include "tests/support/child_process.hpp"
#include "tests/support/loopback_http_server.hpp"
#include "widgets/json_view.hpp"
#include "widgets/log_fields.hpp"
#include "widgets/theme_loader.hpp"

namespace opsdeck {
namespace {

using nlohmann::json;
using testing::TempDir;

std::string repeat(std::string_view s, std::size_t n) {
  std::string out;
  out.reserve(s.size() * n);
  for (std::size_t i = 0; i < n; ++i) out += s;
  return out;
}

bool contains(const std::string& text, std::string_view part) { return text.find(part) != std::string::npos; }

// Runs `fn` on a thread with a 256 KiB stack: code that recursed once per level of a
// 20,000-deep document would overflow it, so passing here shows nothing does.
void on_small_stack(const std::function<void()>& fn) {
  pthread_attr_t attr;
  ASSERT_EQ(pthread_attr_init(&attr), 0);
  ASSERT_EQ(pthread_attr_setstacksize(&attr, 256 * 1024), 0);
  pthread_t thread;
  auto run = [](void* p) -> void* {
    (*static_cast<const std::function<void()>*>(p))();
    return nullptr;
  };
  ASSERT_EQ(pthread_create(&thread, &attr, run, const_cast<std::function<void()>*>(&fn)), 0);
  pthread_join(thread, nullptr);
  pthread_attr_destroy(&attr);
}

// A DescribeInstances answer whose one instance carries `depth` nested elements.
std::string deep_describe_instances(std::size_t depth) {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
         "<DescribeInstancesResponse xmlns=\"http://ec2.amazonaws.com/doc/2016-11-15/\">"
         "<requestId>r-1</requestId><reservationSet><item><reservationId>r-1</reservationId>"
         "<instancesSet><item><instanceId>i-0deep</instanceId><instanceState><name>running</name>"
         "</instanceState><deep>" +
         repeat("<a>", depth) + "x" + repeat("</a>", depth) +
         "</deep></item></instancesSet></item></reservationSet></DescribeInstancesResponse>";
}

// ---- depth limits -------------------------------------------------------------------

TEST(HostileXml, ThirtyThousandDeepDescribeInstancesIsAnErrorNotACrash) {
  aws::Result<aws::Ec2InstancePage> page = aws::Ec2InstancePage{};
  on_small_stack([&] { page = aws::parse_describe_instances(deep_describe_instances(30'000)); });
  ASSERT_FALSE(page.ok());
  EXPECT_EQ(page.error().kind, aws::ErrorKind::Parse);
  EXPECT_EQ(page.error().operation, "ec2:DescribeInstances");
  EXPECT_TRUE(contains(page.error().message, "response nested deeper than 256 levels; refusing to parse"))
      << page.error().message;
}

TEST(HostileXml, NestingUpToTheLimitStillConverts) {
  auto page = aws::parse_describe_instances(deep_describe_instances(200));
  ASSERT_TRUE(page.ok()) << page.error().describe();
  ASSERT_EQ(page->instances.size(), 1u);
  EXPECT_EQ(page->instances[0].id, "i-0deep");
  EXPECT_EQ(page->instances[0].state, "running");
  // <a> inside <a> reads as a list: {"a": [[...["x"]...]]}, one array per level below the first.
  const json* v = &page->instances[0].raw.get()["deep"]["a"];
  int levels = 1;
  while (v->is_array() && v->size() == 1) {
    v = &(*v)[0];
    ++levels;
  }
  EXPECT_EQ(levels, 200);
  EXPECT_EQ(*v, "x");
}

// The recursive conversion xml_to_json replaced with an explicit stack: same output.
json reference_xml_to_json(pugi::xml_node node) {
  auto elements = [](pugi::xml_node n) {
    std::vector<pugi::xml_node> out;
    for (auto c : n.children())
      if (c.type() == pugi::node_element) out.push_back(c);
    return out;
  };
  auto kids = elements(node);
  if (kids.empty()) return std::string(node.child_value());
  bool list = false;
  std::string_view first = kids[0].name();
  bool same = std::all_of(kids.begin(), kids.end(), [&](auto c) { return first == c.name(); });
  if (same) {
    std::string_view parent = node.name(), stem = parent;
    if (stem.ends_with("List")) stem.remove_suffix(4);
    else if (stem.ends_with("Set")) stem.remove_suffix(3);
    else if (stem.ends_with("s")) stem.remove_suffix(1);
    list = first == "item" || first == "member" || kids.size() > 1 ||
           (!stem.empty() && (first.starts_with(stem) || parent.starts_with(first)));
  }
  if (list) {
    json arr = json::array();
    for (auto c : kids) arr.push_back(reference_xml_to_json(c));
    return arr;
  }
  json obj = json::object();
  for (auto c : kids) {
    auto& slot = obj[c.name()];
    auto v = reference_xml_to_json(c);
    if (slot.is_null()) slot = std::move(v);
    else {
      if (!slot.is_array()) slot = json::array({slot});
      slot.push_back(std::move(v));
    }
  }
  return obj;
}

TEST(HostileXml, ConversionOfTheCapturedResponsesIsUnchanged) {
  int files = 0;
  for (const auto& e : std::filesystem::directory_iterator(std::filesystem::path(OPSDECK_SOURCE_DIR) / "tests/unit/fixtures")) {
    if (e.path().extension() != ".xml") continue;
    auto doc = aws::parse_xml(testing::read_file(e.path()), "fixture");
    ASSERT_TRUE(doc.ok()) << e.path();
    auto ours = aws::xml_to_json(doc->root(), "fixture");
    ASSERT_TRUE(ours.ok()) << e.path();
    EXPECT_EQ(*ours, reference_xml_to_json(doc->root())) << e.path();
    ++files;
  }
  EXPECT_GE(files, 10);
  auto repeated = aws::parse_xml("<r><x>1</x><y>2</y><x>3</x><z><item>a</item></z><z>b</z></r>", "t");
  ASSERT_TRUE(repeated.ok());
  EXPECT_EQ(*aws::xml_to_json(repeated->root()), reference_xml_to_json(repeated->root()));
  EXPECT_EQ(aws::xml_to_json(repeated->root())->dump(), R"({"x":["1","3"],"y":"2","z":["a","b"]})");
}

TEST(HostileXml, EveryRawConvertingParserReportsTheDepth) {
  std::string deep = repeat("<a>", 5'000) + "x" + repeat("</a>", 5'000);
  auto rds = aws::parse_describe_db_instances(
      "<DescribeDBInstancesResponse><DescribeDBInstancesResult><DBInstances><DBInstance>"
      "<DBInstanceIdentifier>db</DBInstanceIdentifier><x>" + deep +
          "</x></DBInstance></DBInstances></DescribeDBInstancesResult></DescribeDBInstancesResponse>",
      nullptr);
  ASSERT_FALSE(rds.ok());
  EXPECT_EQ(rds.error().operation, "rds:DescribeDBInstances");
  EXPECT_TRUE(contains(rds.error().message, "nested deeper than 256 levels")) << rds.error().message;
  auto status = aws::parse_describe_instance_status(
      "<DescribeInstanceStatusResponse><instanceStatusSet><item><instanceId>i-1</instanceId><x>" + deep +
          "</x></item></instanceStatusSet></DescribeInstanceStatusResponse>",
      nullptr);
  ASSERT_FALSE(status.ok());
  EXPECT_TRUE(contains(status.error().message, "nested deeper than 256 levels")) << status.error().message;
}

TEST(HostileJson, HundredThousandDeepArrayIsRefusedByTheReader) {
  std::string deep = repeat("[", 100'000) + repeat("]", 100'000);
  aws::Result<json> doc = json();
  on_small_stack([&] { doc = aws::parse_json_document(deep, "response"); });
  ASSERT_FALSE(doc.ok());
  EXPECT_EQ(doc.error().kind, aws::ErrorKind::Parse);
  EXPECT_EQ(doc.error().message, "response nested deeper than 256 levels; refusing to parse");

  auto cfg = aws::parse_config_json(deep, "/etc/deep.json");
  ASSERT_FALSE(cfg.ok());
  EXPECT_EQ(cfg.error().message, "/etc/deep.json: nested deeper than 256 levels; refusing to parse");

  auto body = aws::parse_json_body(R"({"MetricAlarms": )" + deep + "}", "cloudwatch:DescribeAlarms");
  ASSERT_FALSE(body.ok());
  EXPECT_EQ(body.error().operation, "cloudwatch:DescribeAlarms");
  EXPECT_TRUE(contains(body.error().message, "nested deeper than 256 levels")) << body.error().message;
  EXPECT_FALSE(aws::parse_describe_alarms(R"({"MetricAlarms": [{"AlarmName": "a", "x": )" + deep + "}]}", nullptr).ok());
}

TEST(HostileJson, TheLimitIsExactAndObjectsCountLikeArrays) {
  auto nested = [](int depth, std::string_view open, std::string_view close) {
    return repeat(open, static_cast<std::size_t>(depth)) + "1" + repeat(close, static_cast<std::size_t>(depth));
  };
  EXPECT_TRUE(aws::parse_json_document(nested(256, "[", "]"), "x").ok());
  EXPECT_FALSE(aws::parse_json_document(nested(257, "[", "]"), "x").ok());
  EXPECT_TRUE(aws::parse_json_document(nested(256, R"({"k":)", "}"), "x").ok());
  EXPECT_FALSE(aws::parse_json_document(nested(257, R"({"k":)", "}"), "x").ok());
  json out;
  aws::JsonProblem problem;
  aws::JsonReadOptions shallow;
  shallow.max_depth = 2;
  EXPECT_TRUE(aws::read_json_text(R"({"a": [1, 2], "b": {"c": null}})", out, problem, shallow));
  EXPECT_EQ(out["b"]["c"], nullptr);
  EXPECT_FALSE(aws::read_json_text(R"({"a": [[1]]})", out, problem, shallow));
  EXPECT_EQ(problem.kind, aws::JsonProblem::Kind::TooDeep);
  EXPECT_TRUE(out.is_null());
}

TEST(HostileJson, ReaderBuildsTheSameValuesAsNlohmann) {
  const std::string text =
      R"({"s": "é\u0000x", "i": -3, "u": 18446744073709551615, "f": 1.5e3, "t": true, "n": null,
          "a": [1, [2, {"k": "v"}], {}], "dup": 1, "dup": 2, "o": {"nested": {"deeper": []}}})";
  json ours;
  aws::JsonProblem problem;
  ASSERT_TRUE(aws::read_json_text(text, ours, problem)) << problem.message;
  EXPECT_EQ(ours, json::parse(text));
}

TEST(HostileJson, SyntaxErrorsHaveAPlaceAndNeverQuoteSecretsUnlessAsked) {
  const std::string text = "{\n  \"SecretAccessKey\": \"wJalrXUtnFEMI\n}";
  json out;
  aws::JsonProblem problem;
  ASSERT_FALSE(aws::read_json_text(text, out, problem));
  EXPECT_EQ(problem.kind, aws::JsonProblem::Kind::Syntax);
  EXPECT_EQ(problem.line, 2);
  EXPECT_FALSE(contains(problem.message, "wJalr")) << problem.message;
  EXPECT_TRUE(contains(problem.message, "syntax error")) << problem.message;
  auto doc = aws::parse_json_document(text, "credential_process output");
  ASSERT_FALSE(doc.ok());
  EXPECT_FALSE(contains(doc.error().message, "wJalr")) << doc.error().message;
  EXPECT_EQ(doc.error().message.rfind("credential_process output is not valid JSON: syntax error", 0), 0u)
      << doc.error().message;

  aws::JsonReadOptions config;
  config.quote_input = true;
  config.comments = true;
  ASSERT_FALSE(aws::read_json_text("{\"a\": tru }", out, problem, config));
  EXPECT_TRUE(contains(problem.message, "invalid literal; last read: '")) << problem.message;
  EXPECT_TRUE(contains(problem.message, "tru")) << problem.message;
  EXPECT_EQ(problem.column, 10);  // the character that broke the literal
}

// Found by fuzzing: a line comment running to the end of the text made nlohmann report a
// position past the end; the problem is placed at the end instead.
TEST(HostileJson, ACommentRunningToTheEndIsPlacedInsideTheText) {
  const std::string text = "// comment\xc0{ /* c */ \"k\": [1, 2, ] }";
  aws::JsonReadOptions options;
  options.comments = true;
  nlohmann::json out;
  aws::JsonProblem problem;
  ASSERT_FALSE(aws::read_json_text(text, out, problem, options));
  EXPECT_EQ(problem.kind, aws::JsonProblem::Kind::Syntax);
  EXPECT_LE(problem.offset, text.size());
  EXPECT_GE(problem.line, 1);
  EXPECT_GE(problem.column, 1);
}

TEST(HostileJson, CommentsOnlyForFilesPeopleEditAndSizeIsBounded) {
  const std::string commented = "// who\n{ /* what */ \"a\": 1 }\n";
  EXPECT_FALSE(aws::parse_json_document(commented, "response").ok());
  auto cfg = aws::parse_config_json(commented, "c.json");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  EXPECT_EQ((*cfg)["a"], 1);
  json out;
  aws::JsonProblem problem;
  aws::JsonReadOptions small;
  small.max_bytes = 16;
  EXPECT_FALSE(aws::read_json_text(R"({"a": "0123456789abcdef"})", out, problem, small));
  EXPECT_EQ(problem.kind, aws::JsonProblem::Kind::TooLarge);
}

TEST(HostileMarkdown, TwentyThousandNestedQuotesAndListItemsAreOutlined) {
  // md4c keeps its containers in arrays and our walker in a vector: nothing recurses per
  // level (the small stack proves it), so depth needs no limit of ours. The fence inside
  // must still be found.
  std::string quotes = repeat("> ", 20'000) + "```sh\n" + repeat("> ", 20'000) + "echo deep\n" +
                       repeat("> ", 20'000) + "```\n";
  std::vector<app::runbook::OutlineItem> q;
  on_small_stack([&] { q = app::runbook::outline_markdown(quotes); });
  ASSERT_FALSE(q.empty());
  EXPECT_EQ(q.back().type, app::runbook::OutlineItem::Type::Fence);
  EXPECT_EQ(q.back().text, "echo deep\n");
  std::string items = repeat("- ", 20'000) + "deepest item\n\n1. after\n";
  std::vector<app::runbook::OutlineItem> l;
  on_small_stack([&] { l = app::runbook::outline_markdown(items); });
  ASSERT_FALSE(l.empty());
  EXPECT_EQ(l.back().text, "after");
  EXPECT_TRUE(l.back().in_ordered_list_item);
  std::string indented;
  for (int i = 0; i < 2'000; ++i) indented += std::string(static_cast<std::size_t>(i) * 2, ' ') + "- level\n";
  EXPECT_FALSE(app::runbook::outline_markdown(indented).empty());
}

TEST(HostileJsonView, DeepDocumentsAreElidedAndDeepTextIsShownAsText) {
  json deep = json::array();
  json* cur = &deep;
  for (int i = 0; i < 1'000; ++i) {
    cur->push_back(json::array());
    cur = &cur->back();
  }
  ui::JsonView view;
  view.set_document(deep);
  // One line to open each level down to the limit, the elided level, one to close each.
  ASSERT_EQ(view.lines().size(), static_cast<std::size_t>(2 * ui::JsonView::kMaxDepth + 1));
  EXPECT_TRUE(contains(view.lines()[ui::JsonView::kMaxDepth].plain, "[…]")) << view.lines()[64].plain;
  EXPECT_TRUE(contains(view.lines()[ui::JsonView::kMaxDepth].plain, "nested deeper than 64 levels"));

  std::string text = repeat("[", 100'000) + repeat("]", 100'000);
  view.set_text(text);
  ASSERT_EQ(view.lines().size(), 1u);
  EXPECT_EQ(view.lines()[0].plain.size(), text.size());
}

TEST(HostileJsonView, HugeDocumentsStopAtTheLineLimit) {
  json big = json::array();
  for (std::size_t i = 0; i < ui::JsonView::kMaxLines + 10; ++i) big.push_back(static_cast<int>(i));
  ui::JsonView view;
  view.set_document(big);
  EXPECT_LE(view.lines().size(), ui::JsonView::kMaxLines + 2);
  EXPECT_TRUE(contains(view.lines().back().plain, "more values not shown")) << view.lines().back().plain;
}

TEST(HostileLogLines, DeepJsonLogLinesAreTextNotACrash) {
  std::string line = R"({"level": "error", "x": )" + repeat("[", 100'000) + repeat("]", 100'000) + "}";
  EXPECT_TRUE(ui::json_pretty_rows(line).empty());
  bool found = true;
  EXPECT_EQ(ui::json_value_of(line, "level", found), "");
  EXPECT_FALSE(found);
  EXPECT_EQ(ui::json_value_of(R"({"level": "error"})", "level", found), "error");
  EXPECT_TRUE(found);
}

// ---- typed fields ---------------------------------------------------------------------

TEST(JsonFields, RequiredAndOptionalFieldsNameThePlace) {
  json doc = json::parse(R"({"Version": "1", "steps": {"2": {"status": null}}, "n": 2.5, "list": ["a", 3]})");
  const aws::JsonPlace top{"credential_process output", "", aws::ErrorKind::Credentials, "fix it"};
  auto v = aws::require_equal(doc, "Version", 1, top);
  ASSERT_FALSE(v.ok());
  EXPECT_EQ(v.error().message, "credential_process output: field \"Version\" is a string, expected the number 1");
  EXPECT_EQ(v.error().kind, aws::ErrorKind::Credentials);
  EXPECT_EQ(v.error().hint, "fix it");
  const aws::JsonPlace step = aws::JsonPlace{"progress file p.json", "", aws::ErrorKind::Parse, ""}.member("steps").member("2");
  auto status = aws::require_string(doc["steps"]["2"], "status", step);
  ASSERT_FALSE(status.ok());
  EXPECT_EQ(status.error().message, "progress file p.json: steps[2].status is null, expected a string");
  EXPECT_EQ(aws::require_int(doc, "n", top).error().message,
            "credential_process output: field \"n\" is the number 2.5 (not a whole number in range), expected an integer");
  EXPECT_EQ(aws::require_string(doc, "absent", top).error().message,
            "credential_process output: field \"absent\" is missing, expected a string");
  EXPECT_EQ(*aws::optional_string(doc, "absent", top, "dflt"), "dflt");
  EXPECT_FALSE(aws::optional_string(doc, "n", top).ok());
  auto list = aws::optional_strings(doc, "list", aws::JsonPlace{"c.json", "$", aws::ErrorKind::Usage, ""});
  ASSERT_FALSE(list.ok());
  EXPECT_EQ(list.error().message, "c.json: $.list[1] is the number 3, expected a string");
  EXPECT_FALSE(aws::require_string(json("not an object"), "x", top).ok());
}

TEST(JsonFields, TolerantReadersNeverThrowOnAnyShape) {
  const std::vector<json> shapes = {nullptr, true, 7, -1.5, 1e300, "s", json::array({1}), json::object(),
                                    json::parse(R"({"k": {"x": 1}})"), json::parse(R"({"k": [1]})"),
                                    json::parse(R"({"k": "12"})"), json::parse(R"({"k": 1e300})"),
                                    json::parse(R"({"k": 18446744073709551615})")};
  for (const auto& j : shapes) {
    (void)aws::jstr(j, "k");
    (void)aws::jint(j, "k");
    (void)aws::jnum(j, "k");
    (void)aws::jbool(j, "k");
    (void)aws::jstrings(j, "k");
    (void)aws::jarr(j, "k");
    (void)aws::jobj(j, "k");
    (void)aws::jtime(j, "k");
    (void)aws::jstring_map(j, "k");
    EXPECT_FALSE(aws::jint_opt(j, "k") && j.is_object() && j["k"].is_number_float()) << j.dump();
  }
  EXPECT_EQ(aws::jint(json::parse(R"({"k": "12"})"), "k"), 12);
  EXPECT_EQ(aws::jint(json::parse(R"({"k": "12abc"})"), "k", -1), -1);
}

// Every response parser changed to the helpers, fed a document with fields of the wrong
// type: each returns (an error or tolerant values) instead of throwing.
TEST(HostileResponses, MistypedFieldsInEveryParserAreTolerated) {
  struct Case {
    const char* what;
    std::function<bool()> parse;  // true: parsed (tolerantly); false: a reported error
    bool ok;
  };
  const std::vector<Case> cases = {
      {"cloudwatch MetricStat not an object",
       [] {
         auto a = aws::parse_describe_alarms(
             R"({"MetricAlarms": [{"AlarmName": "a", "Metrics": [{"MetricStat": "x"}, {"MetricStat": {"Metric": 5}}],
                                   "Threshold": "high", "Period": "300"}]})",
             nullptr);
         return a.ok() && a->size() == 1 && !(*a)[0].has_threshold && (*a)[0].period == 300;
       },
       true},
      {"cloudwatch HistoryData not JSON / too deep",
       [] {
         auto h = aws::parse_describe_alarm_history(
             R"({"AlarmHistoryItems": [{"HistoryData": "{not json"}, {"HistoryData": ")" + repeat("[", 300) +
                 repeat("]", 300) + R"("}, {"HistoryData": 5}]})",
             nullptr);
         return h.ok() && h->size() == 3 && (*h)[0].data == "{not json" && (*h)[1].data.is_string();
       },
       true},
      {"lightsail state/location strings, containers an array",
       [] {
         auto i = aws::parse_get_instances(
             R"({"instances": [{"name": "web", "state": "running", "location": 5}]})", nullptr);
         auto d = aws::parse_get_container_service_deployments(R"({"deployments": [{"containers": [], "version": "x"}]})");
         auto s = aws::parse_get_container_services(
             R"({"containerServices": [{"containerServiceName": "c", "currentDeployment": "x", "nextDeployment": 3}]})");
         return i.ok() && (*i)[0].state.empty() && d.ok() && (*d)[0].containers.is_object() && s.ok();
       },
       true},
      {"lightsail containerService missing",
       [] { return aws::parse_create_container_service_deployment(R"({"containerService": []})").ok(); }, false},
      {"ecs exitCode string, session a string",
       [] {
         auto t = aws::parse_describe_tasks(
             R"({"tasks": [{"taskArn": "arn:x/t", "containers": [{"name": "c", "exitCode": "oops"}, {"exitCode": 2}]}]})");
         auto e = aws::parse_execute_command(R"({"session": "nope"})");
         return t.ok() && !(*t)[0].containers[0].exit_code && (*t)[0].containers[1].exit_code == 2 && !e.ok();
       },
       true},
      {"ecs UpdateService service not an object",
       [] { return aws::parse_update_service(R"({"service": "gone"})").ok(); }, false},
      {"sqs Attributes a string, RedrivePolicy broken",
       [] {
         auto q = aws::parse_get_queue_attributes(R"({"Attributes": "x"})", "u");
         aws::QueueAttributes broken;
         broken.attributes["RedrivePolicy"] = "{\"deadLetterTargetArn\": 5";
         return q.ok() && q->attributes.empty() && broken.dead_letter_target().empty();
       },
       true},
      {"logs statistics a string",
       [] {
         auto r = aws::parse_get_query_results(R"({"status": "Complete", "statistics": "x", "results": [5, [1]]})");
         return r.ok() && r->records_matched == 0;
       },
       true},
      {"ssm Command a string", [] { return aws::parse_send_command(R"({"Command": "x"})").ok(); }, false},
      {"error document with mistyped fields",
       [] {
         aws::HttpResponse r;
         r.status = 400;
         r.body = R"({"__type": 5, "message": ["x"]})";
         auto e = aws::parse_error(r, aws::Protocol::Json11);
         return e.has_value() && e->http_status == 400;
       },
       true},
  };
  for (const auto& c : cases) {
    bool got = false;
    EXPECT_NO_THROW(got = c.parse()) << c.what;
    EXPECT_EQ(got, c.ok) << c.what;
  }
}

TEST(HostileResponses, ConsoleReadersOfRawDocumentsTolerateMistypedFields) {
  aws::Alarm a;
  a.name = "api-cpu";
  a.metric = "CPUUtilization";
  a.namespace_ = "AWS/EC2";
  a.raw = json::parse(R"({"Dimensions": [{"Name": 5, "Value": {"x": 1}}, "junk", {"Name": "InstanceId", "Value": "i-1"}],
                          "AlarmDescription": 7})");
  std::vector<aws::MetricQuery> qs;
  EXPECT_NO_THROW(qs = app::alarm_metric_queries({a}));
  ASSERT_EQ(qs.size(), 1u);
  ASSERT_EQ(qs[0].dimensions.size(), 2u);
  EXPECT_EQ(qs[0].dimensions[1].second, "i-1");
  app::RunbookCatalog catalog;
  EXPECT_NO_THROW((void)app::triage_links("api-cpu", &a.raw, catalog));
  json ec2 = json::parse(R"({"tagSet": {"item": [{"key": {"x": 1}, "value": 3}, {"key": "Name", "value": "web"}]},
                             "Tags": [{"Key": "Name", "Value": 5}], "clusterArn": 9, "serviceName": []})");
  std::vector<std::string> names;
  EXPECT_NO_THROW(names = app::resource_names("i-1", "label", &ec2));
  EXPECT_NE(std::find(names.begin(), names.end(), "web"), names.end());
}

TEST(HostileCredentials, SsoTokenCacheAndPortalAnswerWithWrongTypes) {
  TempDir home;
  aws::SsoParams sp{"sso-dev", "my-sso", "https://example.awsapps.com/start", "eu-west-1", "111122223333", "ReadOnly"};
  std::filesystem::create_directories(home.path() / ".aws/sso/cache");
  auto cache = home.path() / ".aws/sso/cache" / (aws::SsoCredentialsProvider::cache_key(sp) + ".json");
  std::string answer;
  testing::LoopbackHttpServer portal(
      [&answer](const testing::CapturedRequest&) { return testing::LoopbackHttpServer::response(200, answer, {}, "application/json"); });
  aws::EnvLookup env = [&](const std::string& name) -> std::optional<std::string> {
    if (name == "HOME") return home.path().string();
    if (name == "AWS_ENDPOINT_URL_SSO") return portal.url();
    return std::nullopt;
  };
  testing::write_file(cache, R"({"accessToken": 12345, "expiresAt": "2099-01-01T00:00:00Z"})");
  auto bad_cache = aws::SsoCredentialsProvider(sp, env).get();
  ASSERT_FALSE(bad_cache.ok());
  EXPECT_EQ(bad_cache.error().kind, aws::ErrorKind::Credentials);
  EXPECT_TRUE(contains(bad_cache.error().message, "field \"accessToken\" is the number 12345, expected a string"))
      << bad_cache.error().message;
  EXPECT_TRUE(contains(bad_cache.error().hint, "aws sso login --profile sso-dev"));

  testing::write_file(cache, R"({"accessToken": "T", "expiresAt": "2099-01-01T00:00:00Z"})");
  answer = R"({"roleCredentials": {"accessKeyId": "ASIA", "secretAccessKey": 5, "expiration": "soon"}})";
  auto bad_answer = aws::SsoCredentialsProvider(sp, env).get();
  ASSERT_FALSE(bad_answer.ok());
  EXPECT_EQ(bad_answer.error().message,
            "SSO portal answer: roleCredentials.secretAccessKey is the number 5, expected a string");
  answer = R"({"roleCredentials": {"accessKeyId": "ASIA", "secretAccessKey": "s", "expiration": 1893456000000}})";
  auto good = aws::SsoCredentialsProvider(sp, env).get();
  ASSERT_TRUE(good.ok()) << good.error().describe();
  EXPECT_TRUE(good->expiration.has_value());
}

TEST(HostileCredentials, CredentialProcessPrintingVersionAsAStringIsReported) {
  TempDir d;
  const std::string secret = "wJalrXUtnFEMIK7MDENGbPxRfiCYSECRET";
  testing::write_file(d.path() / "string_version.sh",
                      "#!/bin/sh\necho '{\"Version\": \"1\", \"AccessKeyId\": \"AKPROC\", \"SecretAccessKey\": \"" + secret +
                          "\"}'\n");
  testing::write_file(d.path() / "typed_secret.sh",
                      "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKPROC\", \"SecretAccessKey\": 42}'\n");
  testing::write_file(d.path() / "deep.sh", "#!/bin/sh\nprintf '%0100000d' 0 | tr 0 '['\n");
  testing::write_file(d.path() / "good.sh",
                      "#!/bin/sh\necho '{\"Version\": 1, \"AccessKeyId\": \"AKPROC\", \"SecretAccessKey\": \"" + secret +
                          "\", \"SessionToken\": \"tok\"}'\n");
  auto run = [&](const char* script) {
    return aws::ProcessCredentialsProvider("sh " + (d.path() / script).string()).get();
  };
  auto version = run("string_version.sh");
  ASSERT_FALSE(version.ok());
  EXPECT_EQ(version.error().kind, aws::ErrorKind::Credentials);
  EXPECT_EQ(version.error().message, "credential_process output: field \"Version\" is a string, expected the number 1");
  EXPECT_FALSE(contains(version.error().describe(), secret));
  auto typed = run("typed_secret.sh");
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.error().message,
            "credential_process output: field \"SecretAccessKey\" is the number 42, expected a string");
  auto deep = run("deep.sh");
  ASSERT_FALSE(deep.ok());
  EXPECT_EQ(deep.error().kind, aws::ErrorKind::Credentials);
  EXPECT_EQ(deep.error().message, "credential_process output nested deeper than 256 levels; refusing to parse");
  auto good = run("good.sh");
  ASSERT_TRUE(good.ok()) << good.error().describe();
  EXPECT_EQ(good->session_token, "tok");
}

TEST(HostileCredentials, ContainerAndImdsDocumentsWithWrongTypes) {
  auto c = aws::credentials_from_json(R"({"Code": "Success", "AccessKeyId": "A", "SecretAccessKey": "s", "Token": 9})",
                                      "container credentials");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().message, "container credentials: field \"Token\" is the number 9, expected a string");
  auto broken = aws::credentials_from_json("{\"AccessKeyId\": \"A\", \"SecretAccessKey\": \"sEcReT", "container credentials");
  ASSERT_FALSE(broken.ok());
  EXPECT_FALSE(contains(broken.error().message, "sEcReT")) << broken.error().message;
}

// ---- progress store -------------------------------------------------------------------

TEST(HostileProgress, NullStatusIsReportedAndTheRunbookStartsAfresh) {
  TempDir dir;
  app::runbook::ProgressStore store(dir.path().string(), "/work/runbooks/deploy.md", "prod");
  std::filesystem::create_directories(std::filesystem::path(store.file()).parent_path());
  testing::write_file(store.file(), R"({"steps": {"1": {"status": "done"}, "2": {"status": null}}, "vars": {}})");
  auto loaded = store.load();
  ASSERT_FALSE(loaded.ok());
  EXPECT_EQ(loaded.error().message, "progress file " + store.file() + ": steps[2].status is null, expected a string");
  EXPECT_TRUE(contains(loaded.error().hint, "delete")) << loaded.error().hint;

  testing::write_file(store.file(), "{\n  \"steps\": {\n    \"1\": {\"status\": \"done\", \"exit_code\": \"0\"}\n  }\n}\n");
  auto typed = store.load();
  ASSERT_FALSE(typed.ok());
  EXPECT_TRUE(contains(typed.error().message, "steps[1].exit_code is a string, expected an integer"))
      << typed.error().message;

  testing::write_file(store.file(), "{\n  \"steps\": {\n    \"1\": {\"status\": done}\n  }\n}\n");
  auto broken = store.load();
  ASSERT_FALSE(broken.ok());
  EXPECT_TRUE(contains(broken.error().message, store.file() + ":3:21: syntax error")) << broken.error().message;

  // The next save replaces the broken file with good progress.
  app::runbook::RunbookProgress p;
  p.steps[1] = {"done", 0, 10, "2026-01-01T00:00:00Z", "h"};
  ASSERT_TRUE(store.save(p).ok());
  auto again = store.load();
  ASSERT_TRUE(again.ok()) << again.error().describe();
  EXPECT_EQ(again->steps.at(1).status, "done");
}

TEST(HostileProgress, SaveUsesAFreshPrivateTempFileAndFollowsNoPlantedLink) {
  TempDir dir;
  app::runbook::ProgressStore store(dir.path().string(), "/work/runbooks/deploy.md", "prod");
  auto progress_dir = std::filesystem::path(store.file()).parent_path();
  std::filesystem::create_directories(progress_dir);
  // A link at the predictable name a naive writer would use, to a file that must not be
  // truncated.
  testing::write_file(dir.path() / "victim", "keep me\n");
  std::filesystem::create_symlink(dir.path() / "victim", store.file() + ".tmp." + std::to_string(::getpid()));
  app::runbook::RunbookProgress p;
  p.steps[3] = {"failed", 2, 5, "2026-01-01T00:00:00Z", "h"};
  ASSERT_TRUE(store.save(p).ok());
  EXPECT_EQ(testing::read_file(dir.path() / "victim"), "keep me\n");
  struct stat st {};
  ASSERT_EQ(::lstat(store.file().c_str(), &st), 0);
  EXPECT_TRUE(S_ISREG(st.st_mode));
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  int temps = 0;
  for (const auto& e : std::filesystem::directory_iterator(progress_dir))
    if (e.path().filename().string().find(".tmp.") != std::string::npos && !e.is_symlink()) ++temps;
  EXPECT_EQ(temps, 0);  // the temp file was renamed, nothing left behind
  EXPECT_EQ(store.load()->steps.at(3).exit_code, 2);
}

// ---- config-like files ----------------------------------------------------------------

TEST(HostileConfig, BrokenConfigSaysFileLineAndColumn) {
  auto c = app::parse_config("{\n  // environments\n  \"environments\": {\n    \"prod\": { \"production\": tru }\n  }\n}\n",
                             "/x/config.json");
  ASSERT_FALSE(c.ok());
  EXPECT_EQ(c.error().kind, aws::ErrorKind::Usage);
  EXPECT_EQ(c.error().message.rfind("/x/config.json:4:32: syntax error", 0), 0u) << c.error().message;
  auto typed = app::parse_config(R"({"environments": {"prod": {"region": 5}}})", "/x/config.json");
  ASSERT_FALSE(typed.ok());
  EXPECT_EQ(typed.error().message,
            "config /x/config.json: $.environments.prod.region is the number 5, expected a string");
  auto settings = app::parse_console_settings("{\n  \"refresh\": {\"alarms_seconds\": }\n}", "/x/config.json");
  ASSERT_FALSE(settings.ok());
  EXPECT_EQ(settings.error().message.rfind("/x/config.json:2:33: syntax error", 0), 0u) << settings.error().message;
  auto catalog = app::parse_runbook_catalog("{\n\"alarm_runbooks\": {\"a\": 5}}", "/x/config.json");
  ASSERT_FALSE(catalog.ok());
  EXPECT_TRUE(contains(catalog.error().message, "$.alarm_runbooks.a is the number 5, expected a string"))
      << catalog.error().message;
  auto theme = ui::parse_theme("{\n  // dark\n  \"roles\": {\"title\": {\"fg\": }}\n}", "t.json");
  ASSERT_EQ(theme.problems.size(), 1u);
  EXPECT_EQ(theme.problems[0].rfind("t.json:3:29: syntax error", 0), 0u) << theme.problems[0];
  auto named = ui::parse_theme(R"({"name": 5, "roles": {}})", "t.json");
  EXPECT_EQ(named.theme.name, "t.json");
  EXPECT_FALSE(named.problems.empty());
}

TEST(HostileConfig, EveryConfigReaderAcceptsTheSameComments) {
  const std::string text = R"(// opsdeck config
{
  /* environments */
  "environments": {"prod": {"production": true}},  // trailing
  "refresh": {"alarms_seconds": 45},
  "services": {
    // the API
    "api": {"environment": "prod",
            "deploy": {"type": "ecs", "cluster": "c", "service": "api"},  /* ecs */
            "health_checks": [{"url": "http://127.0.0.1:1/healthz", "status": 204}]}
  }
})";
  auto cfg = app::parse_config(text, "c.json");
  ASSERT_TRUE(cfg.ok()) << cfg.error().message;
  auto settings = app::parse_console_settings(text, "c.json");
  ASSERT_TRUE(settings.ok()) << settings.error().message;
  EXPECT_EQ(settings->alarms, std::chrono::milliseconds(45'000));
  auto svc = app::parse_service("api", text, "c.json");
  ASSERT_TRUE(svc.ok()) << svc.error().message;
  EXPECT_EQ(svc->deploy.cluster, "c");
  ASSERT_EQ(svc->health_checks.size(), 1u);
  EXPECT_EQ(svc->health_checks[0].status, 204);
  TempDir d;
  testing::write_file(d.path() / "config.json", text);
  auto loaded = app::load_service((d.path() / "config.json").string(), "api");
  ASSERT_TRUE(loaded.ok()) << loaded.error().message;
  EXPECT_TRUE(app::parse_runbook_catalog(text, (d.path() / "config.json").string()).ok());
}

TEST(HostileConfig, HealthCheckStatusOfTheWrongTypeIsAnErrorNotAnAbort) {
  auto with_status = [](const std::string& status) {
    return app::parse_service("api", R"({"services": {"api": {"deploy": {"type": "ssh", "host": "h", "command": "c"},
        "health_checks": [{"url": "http://127.0.0.1:1/", "status": )" + status + "}]}}}",
                              "/x/config.json");
  };
  for (const char* status : {R"("200")", R"("healthy")", "null", "2.5", "[]"}) {
    auto r = with_status(status);
    if (std::string(status) == "null") {  // null is "not given": the default 200
      ASSERT_TRUE(r.ok()) << r.error().message;
      EXPECT_EQ(r->health_checks[0].status, 200);
      continue;
    }
    ASSERT_FALSE(r.ok()) << status;
    EXPECT_EQ(r.error().kind, aws::ErrorKind::Usage);
    EXPECT_TRUE(contains(r.error().message, "config /x/config.json: $.services.api.health_checks[0].status is "))
        << r.error().message;
    EXPECT_TRUE(contains(r.error().message, "expected an integer")) << r.error().message;
  }
  auto range = with_status("99999");
  ASSERT_FALSE(range.ok());
  EXPECT_TRUE(contains(range.error().message, "expected an HTTP status")) << range.error().message;
}

TEST(HostileConfig, HealthCheckBodiesAreMatchedAsTextWhateverTheyHold) {
  std::string body;
  testing::LoopbackHttpServer server(
      [&body](const testing::CapturedRequest&) { return testing::LoopbackHttpServer::response(200, body, {}, "application/json"); });
  app::HealthCheckSpec spec;
  spec.url = server.url() + "/healthz";
  spec.status = 200;
  spec.body_contains = "\"status\": \"healthy\"";
  body = R"({"status": "200"})";
  auto r200 = app::probe_health(spec);
  EXPECT_FALSE(r200.healthy);
  EXPECT_EQ(r200.status, 200);
  EXPECT_TRUE(contains(r200.detail, "body lacks")) << r200.detail;
  body = R"({"status": "healthy"})";
  auto healthy = app::probe_health(spec);
  EXPECT_TRUE(healthy.healthy) << healthy.detail;
  body = repeat("[", 100'000);  // never parsed: a deep body is only text that lacks the words
  EXPECT_FALSE(app::probe_health(spec).healthy);
  // The same text spaced differently: body_contains misses it and says body_json would not.
  body = R"({"status":"healthy"})";
  auto spaced = app::probe_health(spec);
  EXPECT_FALSE(spaced.healthy);
  EXPECT_TRUE(contains(spaced.detail, "\"body_json\" compares its fields")) << spaced.detail;
}

TEST(HostileConfig, HealthCheckJsonFieldsAreComparedParsedAndABadBodyIsNamed) {
  std::string body;
  testing::LoopbackHttpServer server(
      [&body](const testing::CapturedRequest&) { return testing::LoopbackHttpServer::response(200, body, {}, "application/json"); });
  app::HealthCheckSpec spec;
  spec.url = server.url() + "/status";
  spec.body_json = nlohmann::json::parse(R"({"status": "healthy", "checks": {"db": "ok"}, "version": 3})");
  for (const char* good : {R"({"status":"healthy","checks":{"db":"ok","cache":"slow"},"version":3.0})",
                           "{\n  \"version\": 3,\n  \"checks\": {\"db\" : \"ok\"},\n  \"status\" : \"healthy\"\n}"}) {
    body = good;
    auto r = app::probe_health(spec);
    EXPECT_TRUE(r.healthy) << good << ": " << r.detail;
  }
  struct Bad {
    const char* body;
    const char* says;
  };
  const Bad bad[] = {
      {R"({"status": "degraded", "checks": {"db": "ok"}, "version": 3})", R"($.status is "degraded", expected "healthy")"},
      {R"({"status": "healthy", "checks": {"db": "down"}, "version": 3})", R"($.checks.db is "down")"},
      {R"({"status": "healthy", "checks": "ok", "version": 3})", "$.checks is \"ok\", expected an object"},
      {R"({"status": "healthy", "version": 3})", "$.checks is missing"},
      {R"({"status": "healthy", "checks": {"db": "ok"}, "version": "3"})", R"($.version is "3", expected 3)"},
      {"<html>ok</html>", "the body is not JSON"},
      {R"({"status": "\u001b[2Jhealthy", "checks": {"db": "ok"}, "version": 3})", R"(\u001b[2Jhealthy)"},  // escaped, never raw
  };
  for (const auto& b : bad) {
    body = b.body;
    auto r = app::probe_health(spec);
    EXPECT_FALSE(r.healthy) << b.body;
    EXPECT_TRUE(contains(r.detail, b.says)) << b.body << " -> " << r.detail;
    EXPECT_EQ(r.detail.find('\x1b'), std::string::npos);
  }
  body = repeat("[", 100'000);  // too deep to parse: refused with a reason, not a crash
  auto deep = app::probe_health(spec);
  EXPECT_FALSE(deep.healthy);
  EXPECT_TRUE(contains(deep.detail, "the body is not JSON")) << deep.detail;
}

TEST(HostileConfig, BodyJsonMustBeAnObject) {
  auto cfg = app::parse_service("api", R"({"services": {"api": {"deploy": {"type": "ssh", "host": "h", "command": "c"},
      "health_checks": [{"url": "http://127.0.0.1:1/", "body_json": "healthy"}]}}})",
                                "/x/config.json");
  ASSERT_FALSE(cfg.ok());
  EXPECT_TRUE(contains(cfg.error().message, "health_checks[0].body_json is")) << cfg.error().message;
  EXPECT_TRUE(contains(cfg.error().message, "expected an object")) << cfg.error().message;
}

}  // namespace
}  // namespace opsdeck
