#include "app/console/screens/params_screen.hpp"

#include "app/console/screens/list_screen.hpp"
#include "app/console/screens/secret_value_screen.hpp"
#include "app/resources/parameter_history.hpp"
#include "app/resources/parameters.hpp"
#include "aws/secret_wipe.hpp"
#include "aws/ssm_parameters.hpp"
#include "widgets/text_sanitizer.hpp"

namespace opsdeck::app {

namespace {

void wipe_values(std::vector<aws::ParameterVersion>& versions) {
  for (auto& v : versions) aws::wipe(v.value);
}

// Enter on a version: its diff against the version before it, read with decryption now.
ui::Outcome show_version_diff(const ScreenEnv& env, const std::weak_ptr<TableScreen>& w, const std::string& key) {
  std::string name;
  long long version = 0;
  if (!split_version_id(key, name, version)) return ui::Outcome::Ignored;
  std::string shown = ui::sanitize_plain(key);
  env.view->status().show(ui::Severity::Info, "comparing " + shown + " with the version before it ...");
  aws::parameter_history_async(env.call, name, true,
                               [env, w, key, shown, version](aws::Result<std::vector<aws::ParameterVersion>> r) {
    auto versions = std::make_shared<aws::Result<std::vector<aws::ParameterVersion>>>(std::move(r));
    env.post([env, w, key, shown, version, versions] {
      auto s = w.lock();
      if (!*versions) {
        show_message(env.view->status(), from_error(versions->error()).about(shown));
        return;
      }
      if (!s || s->selected_key() != key || env.view->top_screen() != s.get()) {  // the operator moved on
        wipe_values(**versions);
        return;
      }
      std::string title;
      auto diff = version_diff(**versions, version, 0, &title);
      bool secure = false;
      for (const auto& v : **versions) secure = secure || v.type == "SecureString";
      wipe_values(**versions);
      if (!diff) {
        show_message(env.view->status(), from_error(diff.error()).about(shown));
        return;
      }
      int added = diff->added, removed = diff->removed;
      push_secret_viewer(env, std::make_shared<SecretValueScreen>(title, *diff));
      for (auto& l : diff->lines) aws::wipe(l.text);
      env.view->status().show(secure ? ui::Severity::Warn : ui::Severity::Info,
                              shown + ": +" + std::to_string(added) + " -" + std::to_string(removed) + " lines" +
                                  (secure ? " (decrypted to compare; closes in " +
                                                std::to_string(kSecretViewSeconds) + " s)"
                                          : ""));
    });
  });
  return ui::Outcome::Redraw;
}

}  // namespace

std::shared_ptr<RevealScreen> open_parameters(const ScreenEnv& env) {
  const auto& list = parameter_list();
  auto s = std::make_shared<RevealScreen>("SSM parameters", list.pane_columns(), ResourceType::Parameter);
  aws::AsyncCaller call = env.call;
  install_reveal_key(env, s, [call](const std::string& name, auto done) {
    aws::get_parameter_async(call, name, [done](aws::Result<aws::ParameterValue> v) {
      if (!v) return done(v.error());
      done(std::move(v->value));
    });
  });
  std::weak_ptr<RevealScreen> w = s;
  s->on_extra_key = [env, w, reveal = s->on_extra_key](const ui::KeyEvent& e, const std::string& key) {
    if (!e.is_char('h') || key.empty()) return reveal(e, key);
    auto self = w.lock();
    const Resource* parameter = self ? self->selected_resource() : nullptr;
    if (!parameter) return ui::Outcome::Ignored;
    open_parameter_history(env, *parameter);
    return ui::Outcome::Redraw;
  };
  s->add_hint({"e", "edit"});
  s->add_hint({"h", "history"});
  show_list(env, s, list, std::nullopt, Refresh::Once);
  return s;
}

void open_parameter_history(const ScreenEnv& env, const Resource& parameter) {
  const auto& list = parameter_history_list();
  auto s = std::make_shared<TableScreen>("History of " + ui::sanitize_plain(parameter.id) + " (* = current)",
                                         list.pane_columns(), ResourceType::ParameterVersion);
  std::weak_ptr<TableScreen> w = s;
  s->on_open = [env, w](const std::string& key) { return show_version_diff(env, w, key); };
  s->add_hint({"enter", "diff with previous"});
  s->add_hint({"B", "restore this version"});
  show_list(env, s, list, parameter, Refresh::Once);
}

}  // namespace opsdeck::app
