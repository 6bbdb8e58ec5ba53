#include "app/runbook/placeholder_sites.hpp"

#include "app/runbook/site_walker.hpp"

namespace opsdeck::app::runbook {

aws::Result<SiteScan> find_sites(const nlohmann::json& tree, std::string_view script,
                                 const SiteQuery& query) {
  if (!tree.is_object() || site_walk::type_of(tree) != "File")
    return aws::make_error(aws::ErrorKind::Internal, "the shell syntax tree has no File node");
  auto scan = site_walk::Walker(script, query).run(tree);
  if (!scan) return scan;
  // A tree that does not match the script (offsets past its end) is not one shfmt made for
  // it: refuse rather than edit outside the text.
  for (const auto& site : scan->sites)
    if (site.offset > script.size() || site.length > script.size() - site.offset)
      return aws::make_error(
          aws::ErrorKind::Internal,
          "the shell syntax tree does not match the script (a position past its end)");
  return scan;
}

}  // namespace opsdeck::app::runbook
