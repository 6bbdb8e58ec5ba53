// A parameter's version history: line diffs (dtl), the history rows and what changed, the
// console's `h` / Enter / `B` over canned GetParameterHistory answers.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/console/parameter_version_capabilities.hpp"
#include "app/console/screens/params_screen.hpp"
#include "app/console/screens/secret_value_screen.hpp"
#include "app/resources/parameter_history.hpp"
#include "app/text_diff.hpp"
#include "tests/unit/screen_test_env.hpp"

using namespace opsdeck;
using nlohmann::json;

namespace {

std::string render(app::ConsoleView& v, int w = 110, int h = 30) {
  ui::CellGrid g(w, h);
  v.render(g, "06:00 UTC", 0, true);
  return g.to_text();
}

json version(const std::string& name, int n, const std::string& type, const std::string& value,
             std::vector<std::string> labels = {}) {
  return {{"Name", name}, {"Type", type}, {"Value", value}, {"Version", n},
          {"LastModifiedDate", 1763780400 + n * 60}, {"LastModifiedUser", "arn:aws:iam::1:user/ana"},
          {"Labels", labels}};
}

std::vector<aws::ParameterVersion> parse(const json& body) {
  auto r = aws::parse_get_parameter_history(body.dump(), nullptr);
  EXPECT_TRUE(r);
  return r ? *r : std::vector<aws::ParameterVersion>{};
}

}  // namespace

TEST(TextDiff, UnifiedHunksCountLinesAndCompareJsonPrettyPrinted) {
  auto d = app::diff_lines("a\nb\nc\nd\n", "a\nx\nc\nd\ne\n");
  EXPECT_EQ(d.added, 2);
  EXPECT_EQ(d.removed, 1);
  EXPECT_EQ(app::unified_text(d), "@@ -1,4 +1,5 @@\n a\n-b\n+x\n c\n d\n+e\n");
  EXPECT_TRUE(app::diff_lines("same", "same").same());
  EXPECT_TRUE(app::diff_lines("", "").lines.empty());
  auto from_nothing = app::diff_lines("", "one\ntwo");
  EXPECT_EQ(from_nothing.added, 2);
  EXPECT_EQ(from_nothing.removed, 0);
  // A one-line JSON document: the changed key is its own line once pretty-printed, and key
  // order does not count as a change.
  std::string a = app::comparable_text(R"({"db":"a","pool":5,"tls":true})");
  std::string b = app::comparable_text(R"({"tls":true,"pool":10,"db":"a"})");
  auto j = app::diff_lines(a, b);
  EXPECT_EQ(j.added, 1);
  EXPECT_EQ(j.removed, 1);
  EXPECT_NE(app::unified_text(j).find("-  \"pool\": 5,\n+  \"pool\": 10,"), std::string::npos) << app::unified_text(j);
  EXPECT_EQ(app::comparable_text("not {json"), "not {json");
  EXPECT_EQ(app::comparable_text("42"), "42");  // only objects and arrays are reformatted
}

TEST(ParameterHistory, RowsAreNewestFirstWithWhatChangedAndNoValues) {
  auto versions = parse({{"Parameters",
                          {version("/app/flags", 1, "String", "a=1"), version("/app/flags", 2, "String", "a=1\nb=2"),
                           version("/app/flags", 3, "String", "a=1\nb=2", {"prod"}),
                           version("/app/flags", 4, "StringList", "a=1\nb=2"),
                           version("/app/flags", 5, "SecureString", "AQICAH-ciphertext")}}});
  ASSERT_EQ(versions.size(), 5u);
  EXPECT_EQ(versions[2].labels, std::vector<std::string>{"prod"});
  auto rows = app::parameter_version_resources(versions);
  app::parameter_history_list().sort(rows);
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0].id, "/app/flags:5");
  EXPECT_EQ(rows[0].kind, app::ResourceType::ParameterVersion);
  EXPECT_TRUE(app::field_flag(rows[0], "current"));
  EXPECT_FALSE(app::field_flag(rows[1], "current"));
  EXPECT_EQ(app::field_text(rows[0], "change"), "encrypted");
  EXPECT_EQ(app::field_text(rows[1], "change"), "type String -> StringList");
  EXPECT_EQ(app::field_text(rows[2], "change"), "no change");
  EXPECT_EQ(app::field_text(rows[2], "labels"), "prod");
  EXPECT_EQ(app::field_text(rows[3], "change"), "+1 -0 lines");
  EXPECT_EQ(app::field_text(rows[4], "change"), "first version");
  for (const auto& r : rows) {
    EXPECT_FALSE(r.document().contains("Value")) << r.document().dump();
    EXPECT_EQ(r.document().dump().find("a=1"), std::string::npos);
    EXPECT_EQ(r.document().dump().find("ciphertext"), std::string::npos);
  }
}

TEST(ParameterHistory, VersionIdsDiffsAndRestoreChoicesFailClosed) {
  std::string name;
  long long v = 0;
  EXPECT_TRUE(app::split_version_id("/a/b:c:12", name, v));
  EXPECT_EQ(name, "/a/b:c");
  EXPECT_EQ(v, 12);
  for (const char* bad : {"/a/b", "/a/b:", ":3", "/a:0", "/a:-1", "/a:1x", "/a:99999999999999999999"})
    EXPECT_FALSE(app::split_version_id(bad, name, v)) << bad;

  auto versions = parse({{"Parameters", {version("p", 1, "String", "one"), version("p", 2, "String", "two"),
                                         version("p", 4, "String", "four")}}});
  std::string title;
  auto d = app::version_diff(versions, 4, 0, &title);
  ASSERT_TRUE(d);
  EXPECT_EQ(title, "p: version 2 -> 4");  // the version before, even with a gap
  EXPECT_EQ(app::unified_text(*d), "@@ -1,1 +1,1 @@\n-two\n+four\n");
  auto first = app::version_diff(versions, 1, 0, &title);
  ASSERT_TRUE(first);
  EXPECT_EQ(title, "p: version 1 (the first)");
  EXPECT_EQ(first->added, 1);
  auto chosen = app::version_diff(versions, 4, 1, &title);
  ASSERT_TRUE(chosen);
  EXPECT_EQ(title, "p: version 1 -> 4");
  auto missing = app::version_diff(versions, 3, 0, nullptr);
  ASSERT_FALSE(missing);
  EXPECT_EQ(missing.error().kind, aws::ErrorKind::NotFound);
  EXPECT_NE(missing.error().message.find("versions: 1, 2, 4"), std::string::npos) << missing.error().message;

  auto current = app::version_to_restore(versions, 4);
  ASSERT_FALSE(current);
  EXPECT_NE(current.error().message.find("already the current one"), std::string::npos);
  auto older = app::version_to_restore(versions, 2);
  ASSERT_TRUE(older);
  EXPECT_EQ((*older)->value, "two");
  EXPECT_FALSE(app::version_to_restore(versions, 7));
  EXPECT_FALSE(app::version_to_restore({}, 1));
}

// `h` on a parameter lists its versions; Enter shows the selected one's diff (read with
// decryption only then) in the wiped viewer, which closes by itself.
TEST(ParameterHistory, HOpensTheHistoryAndEnterShowsTheDiffInTheWipedViewer) {
  testing_env::Env e;
  e.fake.bodies["ssm:DescribeParameters"] =
      R"({"Parameters":[{"Name":"/clinic/config","Type":"SecureString","Version":2}]})";
  e.fake.bodies["ssm:GetParameterHistory"] =
      json({{"Parameters", {version("/clinic/config", 1, "SecureString", R"({"pool":5,"pw":"old-not-real"})"),
                            version("/clinic/config", 2, "SecureString", R"({"pool":10,"pw":"old-not-real"})")}}})
          .dump();
  app::open_parameters(e.env());
  e.view.on_key(ui::KeyEvent::character('h'));
  std::string text = render(e.view);
  EXPECT_NE(text.find("History of /clinic/config"), std::string::npos) << text;
  EXPECT_NE(text.find("2 *"), std::string::npos) << text;
  EXPECT_NE(text.find("encrypted"), std::string::npos) << text;
  EXPECT_EQ(text.find("old-not-real"), std::string::npos) << text;  // no value in the rows
  ASSERT_FALSE(e.fake.calls.empty());
  EXPECT_EQ(e.fake.calls.back().input["WithDecryption"], false);

  e.timers.clear();
  e.view.on_key(ui::KeyEvent::of(ui::Key::Enter));
  EXPECT_EQ(e.fake.calls.back().input["WithDecryption"], true);
  text = render(e.view);
  EXPECT_NE(text.find("/clinic/config: version 1 -> 2"), std::string::npos) << text;
  EXPECT_NE(text.find("-  \"pool\": 5,"), std::string::npos) << text;
  EXPECT_NE(text.find("+  \"pool\": 10,"), std::string::npos) << text;
  EXPECT_NE(text.find("decrypted to compare"), std::string::npos) << text;
  EXPECT_EQ(e.view.selection().key, "");  // `y` copies nothing from the viewer
  ASSERT_EQ(e.timers.size(), 1u);
  e.timers[0]();
  text = render(e.view);
  EXPECT_EQ(text.find("\"pool\""), std::string::npos) << text;
  EXPECT_NE(text.find("History of /clinic/config"), std::string::npos) << text;
}

TEST(ParameterHistory, RestoreWritesTheOldValueAsANewVersionAndRefusesTheCurrentOne) {
  const auto& caps = app::parameter_version_capabilities();
  ASSERT_EQ(caps.size(), 1u);
  const auto& restore = caps[0];
  EXPECT_EQ(restore.key, "B");
  EXPECT_TRUE(restore.destructive);
  json current = {{"Current", true}, {"Type", "String"}};
  auto refused = restore.details(app::ActionTarget{"/app/flags:3", "", "", &current});
  ASSERT_FALSE(refused);
  EXPECT_NE(refused.error().message.find("already the current one"), std::string::npos);
  EXPECT_FALSE(restore.details(app::ActionTarget{"/app/flags", "", "", nullptr}));

  testing_env::Env e;
  e.fake.bodies["ssm:GetParameterHistory"] =
      json({{"Parameters", {version("/app/flags", 1, "SecureString", "v1-not-real"),
                            version("/app/flags", 2, "SecureString", "v2-not-real")}}})
          .dump();
  e.fake.bodies["ssm:PutParameter"] = R"({"Version":3,"Tier":"Standard"})";
  std::optional<aws::Result<std::string>> finished;
  restore.run(app::ActionTarget{"/app/flags:1", "", "", nullptr},
              app::ActionRun{e.env(), [&](aws::Result<std::string> r) { finished = std::move(r); },
                             [](const std::string&) {}});
  ASSERT_TRUE(finished && *finished);
  EXPECT_EQ(**finished, "/app/flags: version 1 restored as version 3");
  ASSERT_EQ(e.fake.calls.size(), 2u);
  EXPECT_EQ(e.fake.calls[0].input["WithDecryption"], true);
  EXPECT_EQ(e.fake.calls[1].name(), "ssm:PutParameter");
  EXPECT_EQ(e.fake.calls[1].input["Type"], "SecureString");
  EXPECT_EQ(e.fake.calls[1].input["Overwrite"], true);

  // The newest version as the target (the document said nothing): refused after reading.
  finished.reset();
  e.fake.calls.clear();
  restore.run(app::ActionTarget{"/app/flags:2", "", "", nullptr},
              app::ActionRun{e.env(), [&](aws::Result<std::string> r) { finished = std::move(r); },
                             [](const std::string&) {}});
  ASSERT_TRUE(finished);
  ASSERT_FALSE(*finished);
  EXPECT_NE(finished->error().message.find("already the current one"), std::string::npos);
  EXPECT_EQ(e.fake.calls.size(), 1u);  // nothing written
}
