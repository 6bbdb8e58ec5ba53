#pragma once
// Whether a variable, flag or key name holds a secret: its value is never saved (runbook
// progress), never shown, and masked wherever it appears (Redactor).
//
// The name is split into segments at `_`, `-`, `.`, spaces and lower-to-upper case changes
// ("dbPassword" -> DB PASSWORD), compared in upper case. It is a secret when:
//   - it contains PASSWORD, PASSWD, PASSPHRASE, SECRET, TOKEN, CREDENTIAL or PRIVATE anywhere;
//   - a segment is or ends in PASS (DB_PASS, PGPASS), except the English words that end in
//     PASS (COMPASS, BYPASS, SURPASS, TRESPASS, OVERPASS, UNDERPASS, ENCOMPASS); PASSENGER
//     and PASSPORT do not end in PASS;
//   - a segment is or ends in PWD (DB_PWD, MYSQL_PWD, DBPWD), except the whole names PWD and
//     OLDPWD, which are the shell's working directories;
//   - a segment is or ends in KEY (KEY, API_KEY, APIKEY, SSH_KEY, SIGNING_KEY) or CERT
//     (CERT, TLS_CERT, CLIENTCERT) or is/starts CERTIFICATE, unless the next segment says
//     the name refers to the key rather than holding it: ID, IDS, NAME, NAMES, PAIR, ARN,
//     ALIAS, FILE, PATH, TYPE, SIZE, LENGTH, BITS, FINGERPRINT, PREFIX, SPEC, USAGE, REGION,
//     EXPIRY, EXPIRATION, ROTATION, DIR; and unless the previous segment is PUBLIC.
//     So AWS_ACCESS_KEY_ID, KMS_KEY_ARN, SSH_KEY_NAME, KEY_PAIR, SSH_KEY_PATH are not
//     secrets (an access key id appears in every CloudTrail event; the Redactor still masks
//     AKIA... ids in text), while AWS_ACCESS_KEY, SSH_KEY and API_KEY are. KEYPAIR, KEYNAME,
//     KEYSPACE, KEYBOARD (KEY not at the end of the segment) and the English words MONKEY,
//     DONKEY, TURKEY, HOCKEY, JOCKEY, WHISKEY, HOTKEY, TURNKEY, CONCERT are not;
//   - a segment is AUTH, AUTHN, AUTHZ, AUTHORIZATION, or ends in AUTH (OAUTH, BASICAUTH) —
//     not AUTHOR, AUTHORS, AUTHORITY;
//   - a segment is or ends in DSN (SENTRY_DSN, PGDSN);
//   - a segment is CONN, CONNSTR or CONNSTRING, or CONNECTION is followed by STRING, URI or
//     URL, or a segment is CONNECTIONSTRING (MAX_CONNECTIONS, CONNECT_TIMEOUT are not);
//   - a URL/URI segment follows a database or broker word (DATABASE_URL, DB_URI, REDIS_URL,
//     MONGODB_URI, AMQP_URL, ...), since those URLs carry user:password@;
//   - it matches one of `extra` (config `runbooks.secret_names`): an entry equal to the name,
//     or contained in it, compared in upper case with `-` and `.` read as `_`.
//
// Pure, thread-safe.

#include <string>
#include <string_view>
#include <vector>

namespace opsdeck::app {

bool is_secret_name(std::string_view name, const std::vector<std::string>& extra = {});

}  // namespace opsdeck::app
