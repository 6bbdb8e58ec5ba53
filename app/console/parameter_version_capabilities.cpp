#include "app/console/parameter_version_capabilities.hpp"

#include <memory>

#include "app/resources/parameter_history.hpp"
#include "aws/json_fields.hpp"
#include "aws/secret_wipe.hpp"
#include "aws/ssm_parameters.hpp"

namespace opsdeck::app {

namespace {

using Lines = aws::Result<std::vector<std::string>>;
using Versions = std::vector<aws::ParameterVersion>;

Capability restore() {
  Capability c = simple_capability(
      "action.rollback", "B", "restore this version", "ssm.restore-parameter-version",
      "writes this version's value back as a new version; services read it on their next fetch", nullptr);
  c.details = [](const ActionTarget& t) -> Lines {
    std::string name;
    long long version = 0;
    if (!split_version_id(t.id, name, version)) return capability_refusal("not a parameter version: " + t.id);
    if (t.document && aws::jbool(*t.document, "Current"))
      return capability_refusal(name + ": version " + std::to_string(version) + " is already the current one");
    std::string change = t.document ? aws::jstr(*t.document, "Type") : "";
    return std::vector<std::string>{name + ": the value of version " + std::to_string(version) +
                                    " becomes the newest version" + (change.empty() ? "" : " (" + change + ")")};
  };
  c.run = [](const ActionTarget& t, ActionRun run) {
    std::string name;
    long long version = 0;
    if (!split_version_id(t.id, name, version)) return run.finish(capability_refusal("not a parameter version: " + t.id));
    run.progress("reading " + name + "'s history ...");
    aws::AsyncCaller call = run.env.call;
    aws::parameter_history_async(call, name, true, [run, call, name, version](aws::Result<Versions> r) {
      auto fail = [run](aws::Error e) { run.env.post([run, e] { run.finish(e); }); };
      if (!r) return fail(r.error());
      auto chosen = version_to_restore(*r, version);
      if (!chosen) {
        for (auto& v : *r) aws::wipe(v.value);
        return fail(capability_refusal(chosen.error().message));
      }
      aws::AwsRequest put = aws::put_parameter_request(name, (*chosen)->value, (*chosen)->type);
      for (auto& v : *r) aws::wipe(v.value);
      call(put, [run, name, version](aws::Result<aws::HttpResponse> p) {
        aws::Result<std::string> out = aws::Result<std::string>(std::string());
        if (!p) {
          out = p.error();
        } else {
          auto j = aws::parse_json_body(p->body, "ssm:PutParameter");
          out = j ? aws::Result<std::string>(name + ": version " + std::to_string(version) + " restored as version " +
                                             std::to_string(aws::jint(*j, "Version")))
                  : aws::Result<std::string>(j.error());
        }
        run.env.post([run, out] { run.finish(out); });
      });
      aws::wipe(put.input["Value"].get_ref<std::string&>());
    });
  };
  return c;
}

}  // namespace

const std::vector<Capability>& parameter_version_capabilities() {
  static const std::vector<Capability> kCaps = {restore()};
  return kCaps;
}

}  // namespace opsdeck::app
