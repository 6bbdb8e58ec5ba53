#include "aws/credential_env.hpp"

#include "aws/iso8601.hpp"

namespace opsdeck::aws {

Result<Credentials> EnvCredentialsProvider::get() {
  auto id = env_("AWS_ACCESS_KEY_ID");
  auto secret = env_("AWS_SECRET_ACCESS_KEY");
  if ((!id || id->empty()) && (!secret || secret->empty()))
    return not_configured("AWS_ACCESS_KEY_ID is not set");
  if (!id || id->empty() || !secret || secret->empty())
    return make_error(ErrorKind::Credentials,
                      std::string(id && !id->empty() ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID") +
                          " is missing while the other one is set",
                      "set both AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or neither");
  Credentials c;
  c.access_key_id = *id;
  c.secret_access_key = *secret;
  if (auto t = env_("AWS_SESSION_TOKEN"); t && !t->empty()) c.session_token = *t;
  else if (auto l = env_("AWS_SECURITY_TOKEN"); l && !l->empty()) c.session_token = *l;
  if (auto exp = env_("AWS_CREDENTIAL_EXPIRATION"); exp && !exp->empty()) c.expiration = parse_iso8601(*exp);
  c.source = "environment";
  return c;
}

}  // namespace opsdeck::aws
