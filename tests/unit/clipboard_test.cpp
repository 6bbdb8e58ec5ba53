// The terminal clipboard sequence (OSC 52) and which ARN `Y` copies.

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "app/resources/resource.hpp"
#include "ssh/base64.hpp"
#include "widgets/clipboard.hpp"

namespace opsdeck {
namespace {

TEST(Clipboard, Osc52CarriesTheTextAsBase64AndRefusesEmptyHugeOrNonBase64Texts) {
  auto copy = [](std::string_view text) { return ui::osc52_sequence(ssh::base64_encode(text)); };
  EXPECT_EQ(copy("i-0c45aa11"), "\x1b]52;c;aS0wYzQ1YWExMQ==\x07");
  EXPECT_EQ(copy("ab"), "\x1b]52;c;YWI=\x07");
  // A hostile log line cannot end the sequence early: BEL and ESC are inside the base64.
  const std::string seq = copy("x\x07\x1b]0;pwned\x07");
  EXPECT_EQ(seq.find('\x07'), seq.size() - 1);
  EXPECT_EQ(seq.find('\x1b', 1), std::string::npos);
  // Only base64 is framed: raw text handed over by mistake is refused.
  EXPECT_EQ(ui::osc52_sequence("x\x07y"), "");
  EXPECT_EQ(copy(""), "");
  EXPECT_EQ(copy(std::string(ui::kClipboardMaxBytes + 3, 'a')), "");
  EXPECT_FALSE(copy(std::string(ui::kClipboardMaxBytes, 'a')).empty());
}

TEST(Clipboard, TheArnIsTheResourcesOwnNeverARelatedOne) {
  using nlohmann::json;
  EXPECT_EQ(app::resource_arn(json::parse(R"({"clusterArn": "arn:aws:ecs:r:1:cluster/c",
                                               "serviceArn": "arn:aws:ecs:r:1:service/c/s"})")),
            "arn:aws:ecs:r:1:service/c/s");
  EXPECT_EQ(app::resource_arn(json::parse(R"({"DBInstanceArn": "arn:aws:rds:r:1:db:d"})")), "arn:aws:rds:r:1:db:d");
  EXPECT_EQ(app::resource_arn(json::parse(R"({"ARN": "arn:aws:secretsmanager:r:1:secret:s"})")),
            "arn:aws:secretsmanager:r:1:secret:s");
  // No ARN (EC2), a value that is not one, or not an object: nothing.
  EXPECT_EQ(app::resource_arn(json::parse(R"({"InstanceId": "i-1", "IamInstanceProfile": {"Arn": "arn:x"}})")), "");
  EXPECT_EQ(app::resource_arn(json::parse(R"({"arn": "not-an-arn", "ARN": 5})")), "");
  EXPECT_EQ(app::resource_arn(json::array()), "");
}

}  // namespace
}  // namespace opsdeck
