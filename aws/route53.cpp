#include "aws/route53.hpp"

#include <sstream>

#include "aws/xml_reader.hpp"

namespace opsdeck::aws {

namespace {

constexpr std::string_view kXmlns = "https://route53.amazonaws.com/doc/2013-04-01/";

std::string strip_prefix(std::string_view id, std::string_view prefix) {
  if (id.starts_with(prefix)) id.remove_prefix(prefix.size());
  return std::string(id);
}

AwsRequest route53(const char* op, std::string method, std::string path) {
  AwsRequest r;
  r.service = &services::route53;
  r.operation = op;
  r.method = std::move(method);
  r.path = std::move(path);
  return r;
}

void set_query(HeaderList& q, const std::string& name, const std::string& value) {
  for (auto& [k, v] : q)
    if (k == name) {
      v = value;
      return;
    }
  q.emplace_back(name, value);
}

void erase_query(HeaderList& q, const std::string& name) {
  std::erase_if(q, [&](const auto& kv) { return kv.first == name; });
}

Result<RecordSet> parse_record(pugi::xml_node n) {
  RecordSet x;
  x.name = text_at(n, "Name");
  x.type = text_at(n, "Type");
  x.set_identifier = text_at(n, "SetIdentifier");
  x.ttl = int_at(n, "TTL");
  for (auto rr : n.child("ResourceRecords").children("ResourceRecord")) x.values.push_back(text_at(rr, "Value"));
  x.alias_target = text_at(n, "AliasTarget.DNSName");
  x.alias_zone = text_at(n, "AliasTarget.HostedZoneId");
  x.weight = int_at(n, "Weight", -1);
  x.failover = text_at(n, "Failover");
  auto raw = xml_to_json(n, "route53:ListResourceRecordSets");
  if (!raw) return raw.error();
  x.raw = std::move(*raw);
  return x;
}

int octal_digit(char c) { return c >= '0' && c <= '7' ? c - '0' : -1; }

}  // namespace

std::string route53_short_id(std::string_view id) {
  for (std::string_view p : {"/hostedzone/", "/change/", "/delegationset/"})
    if (id.starts_with(p)) return strip_prefix(id, p);
  return std::string(id);
}

std::string route53_unescape(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    if (name[i] == '\\' && i + 3 < name.size()) {
      int a = octal_digit(name[i + 1]), b = octal_digit(name[i + 2]), c = octal_digit(name[i + 3]);
      if (a >= 0 && a <= 3 && b >= 0 && c >= 0) {
        out.push_back(static_cast<char>(a * 64 + b * 8 + c));
        i += 3;
        continue;
      }
    }
    out.push_back(name[i]);
  }
  return out;
}

AwsRequest list_hosted_zones_request() {
  auto r = route53("ListHostedZones", "GET", "/2013-04-01/hostedzone");
  r.query.emplace_back("maxitems", "100");
  return r;
}

Result<std::vector<HostedZone>> parse_list_hosted_zones(std::string_view body, std::string* next_marker) {
  auto doc = parse_xml(body, "route53:ListHostedZones");
  if (!doc) return doc.error();
  auto root = doc->root();
  if (std::string_view(root.name()) != "ListHostedZonesResponse")
    return make_error(ErrorKind::Parse, "route53:ListHostedZones: unexpected document <" + std::string(root.name()) + ">");
  std::vector<HostedZone> out;
  for (auto z : root.child("HostedZones").children("HostedZone")) {
    HostedZone x;
    x.id = route53_short_id(text_at(z, "Id"));
    x.name = text_at(z, "Name");
    x.caller_reference = text_at(z, "CallerReference");
    x.comment = text_at(z, "Config.Comment");
    x.private_zone = bool_at(z, "Config.PrivateZone");
    x.record_count = int_at(z, "ResourceRecordSetCount");
    auto raw = xml_to_json(z, "route53:ListHostedZones");
    if (!raw) return raw.error();
    x.raw = std::move(*raw);
    out.push_back(std::move(x));
  }
  if (next_marker) *next_marker = bool_at(root, "IsTruncated") ? text_at(root, "NextMarker") : std::string();
  return out;
}

Result<std::vector<HostedZone>> list_hosted_zones(const SyncCaller& call) {
  return paginate_sync<std::vector<HostedZone>>(
      call, list_hosted_zones_request(),
      [](const std::string& body, std::vector<HostedZone>& out) -> Result<std::string> {
        std::string marker;
        auto page = parse_list_hosted_zones(body, &marker);
        if (!page) return page.error();
        for (auto& z : *page) out.push_back(std::move(z));
        return marker;
      },
      [](AwsRequest& r, const std::string& m) { set_query(r.query, "marker", m); });
}

AwsRequest list_resource_record_sets_request(const std::string& zone_id, const std::string& start_name,
                                             const std::string& start_type) {
  auto r = route53("ListResourceRecordSets", "GET",
                   "/2013-04-01/hostedzone/" + uri_encode(route53_short_id(zone_id)) + "/rrset");
  if (!start_name.empty()) r.query.emplace_back("name", start_name);
  if (!start_type.empty()) r.query.emplace_back("type", start_type);
  r.query.emplace_back("maxitems", "300");
  return r;
}

Result<std::vector<RecordSet>> parse_list_resource_record_sets(std::string_view body, std::string* next) {
  auto doc = parse_xml(body, "route53:ListResourceRecordSets");
  if (!doc) return doc.error();
  auto root = doc->root();
  if (std::string_view(root.name()) != "ListResourceRecordSetsResponse")
    return make_error(ErrorKind::Parse,
                      "route53:ListResourceRecordSets: unexpected document <" + std::string(root.name()) + ">");
  std::vector<RecordSet> out;
  for (auto n : root.child("ResourceRecordSets").children("ResourceRecordSet")) {
    auto record = parse_record(n);
    if (!record) return record.error();
    out.push_back(std::move(*record));
  }
  if (next) {
    next->clear();
    if (bool_at(root, "IsTruncated"))
      *next = text_at(root, "NextRecordName") + "\n" + text_at(root, "NextRecordType") + "\n" +
              text_at(root, "NextRecordIdentifier");
  }
  return out;
}

Result<std::vector<RecordSet>> list_resource_record_sets(const SyncCaller& call, const std::string& zone_id) {
  return paginate_sync<std::vector<RecordSet>>(
      call, list_resource_record_sets_request(zone_id),
      [](const std::string& body, std::vector<RecordSet>& out) -> Result<std::string> {
        std::string next;
        auto page = parse_list_resource_record_sets(body, &next);
        if (!page) return page.error();
        for (auto& s : *page) out.push_back(std::move(s));
        return next;
      },
      [](AwsRequest& r, const std::string& token) {
        auto a = token.find('\n');
        auto b = token.find('\n', a + 1);
        set_query(r.query, "name", token.substr(0, a));
        set_query(r.query, "type", token.substr(a + 1, b - a - 1));
        std::string ident = token.substr(b + 1);
        if (ident.empty()) erase_query(r.query, "identifier");
        else set_query(r.query, "identifier", ident);
      });
}

AwsRequest change_resource_record_sets_request(const std::string& zone_id, const std::vector<RecordChange>& changes,
                                               const std::string& comment) {
  auto r = route53("ChangeResourceRecordSets", "POST",
                   "/2013-04-01/hostedzone/" + uri_encode(route53_short_id(zone_id)) + "/rrset/");
  pugi::xml_document doc;
  auto decl = doc.append_child(pugi::node_declaration);
  decl.append_attribute("version") = "1.0";
  decl.append_attribute("encoding") = "UTF-8";
  auto root = doc.append_child("ChangeResourceRecordSetsRequest");
  root.append_attribute("xmlns") = std::string(kXmlns).c_str();
  auto batch = root.append_child("ChangeBatch");
  auto text = [](pugi::xml_node parent, const char* name, const std::string& value) {
    parent.append_child(name).text().set(value.c_str());
  };
  if (!comment.empty()) text(batch, "Comment", comment);
  auto list = batch.append_child("Changes");
  for (const auto& c : changes) {
    auto ch = list.append_child("Change");
    text(ch, "Action", c.action);
    auto rs = ch.append_child("ResourceRecordSet");
    const auto& rec = c.record;
    text(rs, "Name", rec.name);
    text(rs, "Type", rec.type);
    if (!rec.set_identifier.empty()) text(rs, "SetIdentifier", rec.set_identifier);
    if (rec.weight >= 0) text(rs, "Weight", std::to_string(rec.weight));
    if (!rec.failover.empty()) text(rs, "Failover", rec.failover);
    if (!rec.alias_target.empty()) {
      auto at = rs.append_child("AliasTarget");
      text(at, "HostedZoneId", rec.alias_zone);
      text(at, "DNSName", rec.alias_target);
      text(at, "EvaluateTargetHealth", "false");
    } else {
      text(rs, "TTL", std::to_string(rec.ttl));
      auto rrs = rs.append_child("ResourceRecords");
      for (const auto& v : rec.values) text(rrs.append_child("ResourceRecord"), "Value", v);
    }
  }
  std::ostringstream os;
  doc.save(os, "", pugi::format_raw, pugi::encoding_utf8);
  r.body = os.str();
  return r;
}

Result<ChangeInfo> parse_change_info(std::string_view body) {
  auto doc = parse_xml(body, "route53:ChangeResourceRecordSets");
  if (!doc) return doc.error();
  auto info = doc->root().child("ChangeInfo");
  if (!info) return make_error(ErrorKind::Parse, "route53:ChangeResourceRecordSets: no ChangeInfo in the answer");
  return ChangeInfo{route53_short_id(text_at(info, "Id")), text_at(info, "Status"), text_at(info, "SubmittedAt")};
}

Result<ChangeInfo> change_resource_record_sets(const SyncCaller& call, const std::string& zone_id,
                                               const std::vector<RecordChange>& changes, const std::string& comment) {
  auto resp = call(change_resource_record_sets_request(zone_id, changes, comment));
  if (!resp) return resp.error();
  return parse_change_info(resp->body);
}

}  // namespace opsdeck::aws
