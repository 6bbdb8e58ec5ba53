#include "app/resources/messages.hpp"

#include "aws/iso8601.hpp"
#include "widgets/log_fields.hpp"

namespace opsdeck::app {

namespace {

using ui::Role;

void fetch(const aws::AsyncCaller& call, const FetchOptions& opts, SnapshotCallback done) {
  if (!opts.parent || opts.parent->kind != ResourceType::SqsQueue)
    return done(parent_required("messages are read from one SQS queue"));
  aws::peek_messages_async(call, opts.parent->id, kConsolePeek,
                           [done = std::move(done)](aws::Result<std::vector<aws::SqsMessage>> r) {
                             if (!r) return done(r.error());
                             Snapshot s{message_resources(*r), {}, {}};
                             message_list().sort(s.resources);
                             done(std::move(s));
                           });
}

ResourceList make_list() {
  ResourceList l;
  l.name = "messages";
  l.keys = {"id", "sent", "receives", "body"};
  l.needs_parent = true;
  l.pane = {
      {{"SENT", 7, 7, 1, true},
       [](const Resource& r, const CellContext& c) { return cell_of(age_since(field_text(r, "sent"), c.now), Role::Dim); }},
      {{"RECEIVES", 8, 8, 2, true},
       [](const Resource& r, const CellContext&) {
         long long n = field_number(r, "receives");
         return cell_of(std::to_string(n), n > 1 ? Role::StateWarn : Role::Default);
       }},
      {{"ID", 8, 36, 3}, [](const Resource& r, const CellContext&) { return cell_of(r.id, Role::Dim); }},
      {{"BODY", 10, 400, 0},
       [](const Resource& r, const CellContext&) { return cell_of(ui::readable_line(field_text(r, "body"), true)); }},
  };
  l.before = [](const Resource& a, const Resource& b) { return field_text(a, "sent") < field_text(b, "sent"); };
  l.fetch = fetch;
  return l;
}

}  // namespace

const ResourceList& message_list() {
  static const ResourceList list = make_list();
  return list;
}

std::vector<Resource> message_resources(const std::vector<aws::SqsMessage>& messages) {
  std::vector<Resource> out;
  for (const auto& m : messages) {
    Resource r{ResourceType::SqsMessage, m.id, {}, m.raw};
    r.fields["id"] = m.id;
    r.fields["sent"] = m.sent_ms ? nlohmann::ordered_json(aws::format_iso8601(std::chrono::system_clock::time_point(std::chrono::milliseconds(m.sent_ms)))) : nlohmann::ordered_json();
    r.fields["receives"] = m.receives;
    r.fields["body"] = m.body;
    out.push_back(std::move(r));
  }
  return out;
}

}  // namespace opsdeck::app
