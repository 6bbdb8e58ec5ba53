// Which names hold secrets: values never saved, never shown, always masked.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "app/secret_names.hpp"

using opsdeck::app::is_secret_name;

namespace {

struct Case {
  const char* name;
  bool secret;
};

}  // namespace

TEST(SecretNames, Table) {
  const Case cases[] = {
      // Always secret, anywhere in the name, any case, any separator.
      {"PASSWORD", true}, {"db_password", true}, {"DB-PASSWORD", true}, {"db.password", true},
      {"dbPassword", true}, {"MYSQL_ROOT_PASSWD", true}, {"GPG_PASSPHRASE", true},
      {"CLIENT_SECRET", true}, {"AWS_SECRET_ACCESS_KEY", true}, {"SECRET_NAME", true},
      {"GITHUB_TOKEN", true}, {"AWS_SESSION_TOKEN", true}, {"authToken", true}, {"CREDENTIALS", true},
      {"GOOGLE_APPLICATION_CREDENTIALS", true}, {"PRIVATE_KEY_FILE", true}, {"privateKey", true},
      // PASS as a segment or a suffix, not inside English words.
      {"DB_PASS", true}, {"PGPASS", true}, {"dbPass", true}, {"ADMIN_PASS_2", true}, {"REDIS_PASS2", true},
      {"PASS", true}, {"PASSENGER", false}, {"PASSENGER_COUNT", false}, {"COMPASS", false},
      {"BYPASS", false}, {"BYPASS_CACHE", false}, {"SURPASS", false}, {"PASSPORT_URL", false},
      {"PGPASSFILE", false},  // a path, not the password
      // PWD: a password, except the shell's working directories.
      {"DB_PWD", true}, {"MYSQL_PWD", true}, {"DBPWD", true}, {"admin-pwd", true},
      {"PWD", false}, {"pwd", false}, {"OLDPWD", false},
      // KEY: the key itself, not a reference to one.
      {"KEY", true}, {"API_KEY", true}, {"APIKEY", true}, {"apiKey", true}, {"X-API-KEY", true},
      {"SSH_KEY", true}, {"SIGNING_KEY", true}, {"AWS_ACCESS_KEY", true}, {"ENCRYPTION_KEY_2", true},
      {"STRIPE_KEY", true}, {"MASTER_KEY", true},
      {"AWS_ACCESS_KEY_ID", false}, {"awsAccessKeyId", false}, {"KMS_KEY_ID", false}, {"KMS_KEY_ARN", false},
      {"KEY_NAME", false}, {"SSH_KEY_NAME", false}, {"sshKeyName", false}, {"KEY_PAIR", false},
      {"KEYPAIR", false}, {"EC2_KEY_PAIR", false}, {"SSH_KEY_PATH", false}, {"SSH_KEY_FILE", false},
      {"KEY_ALIAS", false}, {"PUBLIC_KEY", false}, {"publicKey", false}, {"SSH_PUBLIC_KEY", false},
      {"KEYSPACE", false}, {"KEYBOARD_LAYOUT", false}, {"MONKEY", false}, {"TURKEY_REGION", false},
      {"S3_KEY_PREFIX", false}, {"KEY_ROTATION", false},
      // AUTH, CERT, DSN, CONN.
      {"AUTH", true}, {"BASIC_AUTH", true}, {"HTTP_AUTH", true}, {"OAUTH", true}, {"AUTHORIZATION", true},
      {"AUTH_TYPE", false}, {"AUTH_URL", false}, {"AUTHOR", false}, {"AUTHOR_EMAIL", false},
      {"CERT_AUTHORITY", true}, {"TLS_CERT", true}, {"CLIENT_CERT", true}, {"CERTIFICATE", true},
      {"CERTIFICATE_ARN", false}, {"ACM_CERT_ARN", false}, {"CERT_PATH", false}, {"CONCERT", false},
      {"SENTRY_DSN", true}, {"DSN", true}, {"PGDSN", true},
      {"CONN", true}, {"DB_CONN", true}, {"CONNECTION_STRING", true}, {"connectionString", true},
      {"CONN_STR", true}, {"CONNECTION_URI", true},
      {"MAX_CONNECTIONS", false}, {"CONNECT_TIMEOUT", false}, {"CONNECTION_TIMEOUT", false},
      // URLs that carry user:password@.
      {"DATABASE_URL", true}, {"DB_URI", true}, {"REDIS_URL", true}, {"MONGODB_URI", true},
      {"CELERY_BROKER_URL", true}, {"SQLALCHEMY_DATABASE_URI", true},
      {"SERVICE_URL", false}, {"HEALTH_URL", false},
      // Ordinary names.
      {"HOST", false}, {"INSTANCE_ID", false}, {"REGION", false}, {"SERVICE", false}, {"USER", false},
      {"USERNAME", false}, {"DB_USER", false}, {"PORT", false}, {"PATH", false}, {"HOME", false},
      {"CLUSTER", false}, {"", false},
  };
  for (const auto& c : cases) EXPECT_EQ(is_secret_name(c.name), c.secret) << c.name;
}

TEST(SecretNames, ExtraNamesFromTheConfig) {
  const std::vector<std::string> extra = {"stripe", "SIGNUP-PIN", "", "otp.seed"};
  EXPECT_FALSE(is_secret_name("STRIPE_ACCOUNT"));
  EXPECT_TRUE(is_secret_name("STRIPE_ACCOUNT", extra));   // contained, any case
  EXPECT_TRUE(is_secret_name("signup_pin", extra));       // `-` read as `_`
  EXPECT_TRUE(is_secret_name("APP_OTP_SEED", extra));     // `.` read as `_`
  EXPECT_FALSE(is_secret_name("HOST", extra));             // an empty entry matches nothing
  EXPECT_FALSE(is_secret_name("SIGNUP", extra));
}
