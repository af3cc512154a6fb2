// Interoperability with the reference Python implementations at run time: keygate's pbkdf2_sha512
// hashes are checked by passlib and passlib's by keygate, and TOTP codes are compared with pyotp.
// /usr/bin/python3 with passlib and pyotp is a build requirement, so their absence fails the tests.
#include <gtest/gtest.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <string>
#include <vector>

#include "crypto/digest.h"
#include "crypto/passlib_pbkdf2.h"
#include "crypto/totp.h"

extern char** environ;

namespace keygate::crypto {
namespace {

constexpr char kPython[] = "/usr/bin/python3";

struct RunResult {
  bool spawned = false;
  int exit_code = -1;
  std::string out;
};

// Runs `python3 -c script args...` directly (no shell), so arguments need no quoting; returns
// its exit code and standard output.
RunResult RunPython(const std::string& script, const std::vector<std::string>& args) {
  RunResult result;
  int fds[2];
  if (pipe(fds) != 0) return result;
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, fds[1], STDOUT_FILENO);
  posix_spawn_file_actions_addclose(&actions, fds[0]);
  posix_spawn_file_actions_addclose(&actions, fds[1]);

  std::vector<std::string> argv_storage = {kPython, "-c", script};
  argv_storage.insert(argv_storage.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_storage) argv.push_back(a.data());
  argv.push_back(nullptr);

  pid_t pid = 0;
  int rc = posix_spawn(&pid, kPython, &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(fds[1]);
  if (rc != 0) {
    close(fds[0]);
    return result;
  }
  result.spawned = true;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof(buf))) > 0 || (n < 0 && errno == EINTR)) {
    if (n > 0) result.out.append(buf, static_cast<size_t>(n));
  }
  close(fds[0]);
  int status = 0;
  while (waitpid(pid, &status, 0) < 0 && errno == EINTR) {
  }
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  return result;
}

// Prints "True" or "False" for passlib's verdict on argv[1] against hash argv[2].
constexpr char kPasslibVerify[] =
    "import sys\n"
    "from passlib.hash import pbkdf2_sha512\n"
    "print(pbkdf2_sha512.verify(sys.argv[1], sys.argv[2]))\n";

// Prints passlib's hash of argv[1] with int(argv[2]) rounds.
constexpr char kPasslibHash[] =
    "import sys\n"
    "from passlib.hash import pbkdf2_sha512\n"
    "print(pbkdf2_sha512.using(rounds=int(sys.argv[2])).hash(sys.argv[1]))\n";

// Prints pyotp's code for base32 secret argv[1] at each following unix time, one per line.
constexpr char kPyotpCodes[] =
    "import sys\n"
    "import pyotp\n"
    "totp = pyotp.TOTP(sys.argv[1])\n"
    "for t in sys.argv[2:]:\n"
    "    print(totp.at(int(t)))\n";

std::string PasslibVerify(const std::string& secret, const std::string& hash) {
  RunResult r = RunPython(kPasslibVerify, {secret, hash});
  EXPECT_TRUE(r.spawned) << "cannot run " << kPython;
  EXPECT_EQ(r.exit_code, 0) << "passlib missing or failed";
  return r.out;
}

std::string PasslibHash(const std::string& secret, int rounds) {
  RunResult r = RunPython(kPasslibHash, {secret, std::to_string(rounds)});
  EXPECT_TRUE(r.spawned) << "cannot run " << kPython;
  EXPECT_EQ(r.exit_code, 0) << "passlib missing or failed";
  if (!r.out.empty() && r.out.back() == '\n') r.out.pop_back();
  return r.out;
}

TEST(PasslibInteropTest, PasslibVerifiesKeygateHashes) {
  const std::string key = "eb6e7c3ff6d524d448f9844f55ae9cbc552d6c1f";
  std::string hash = HashPbkdf2Sha512(key, kApiKeyRounds);
  EXPECT_EQ(PasslibVerify(key, hash), "True\n");
  EXPECT_EQ(PasslibVerify(key.substr(0, 39) + "0", hash), "False\n");

  // Characters a shell would mangle and non-ASCII text survive the trip unchanged.
  const std::string password = "p@ss $(word) 'q' \"d\" \\ ünï";
  std::string password_hash = HashPbkdf2Sha512(password, kApiKeyRounds);
  EXPECT_EQ(PasslibVerify(password, password_hash), "True\n");
  EXPECT_EQ(PasslibVerify("p@ss", password_hash), "False\n");
}

TEST(PasslibInteropTest, KeygateVerifiesPasslibHashes) {
  const std::string secret = "9627d659f3519c2629f4896239dc3763372fcc38";
  for (int rounds : {6000, 25000}) {
    std::string hash = PasslibHash(secret, rounds);
    ASSERT_TRUE(IsPbkdf2Sha512Hash(hash)) << hash;
    EXPECT_EQ(RoundsOf(hash), rounds);
    EXPECT_TRUE(VerifyPbkdf2Sha512(secret, hash)) << hash;
    EXPECT_FALSE(VerifyPbkdf2Sha512(secret + "0", hash)) << hash;
    EXPECT_FALSE(VerifyPbkdf2Sha512("", hash)) << hash;
  }
  const std::string password = "ünïcødé $pass";
  std::string hash = PasslibHash(password, 6000);
  EXPECT_TRUE(VerifyPbkdf2Sha512(password, hash)) << hash;
  EXPECT_FALSE(VerifyPbkdf2Sha512("unicode $pass", hash)) << hash;
}

TEST(PasslibInteropTest, TotpMatchesPyotp) {
  const std::string secret_b32 = "4KUAVXKKZ6S2WY55YVSRG4WUQLN5ONAF";
  auto secret = Base32Decode(secret_b32);
  ASSERT_TRUE(secret.ok());
  const std::vector<int64_t> times = {0,          29,         30,         59,        1111111111,
                                      1700000000, 1800000015, 2000000000, 4102444800};
  std::vector<std::string> args = {secret_b32};
  std::string expected;
  for (int64_t t : times) {
    args.push_back(std::to_string(t));
    expected += TotpCode(*secret, t) + "\n";
  }
  RunResult r = RunPython(kPyotpCodes, args);
  ASSERT_TRUE(r.spawned) << "cannot run " << kPython;
  ASSERT_EQ(r.exit_code, 0) << "pyotp missing or failed";
  EXPECT_EQ(r.out, expected);

  // Negative: a different secret gives pyotp codes keygate does not accept.
  RunResult other = RunPython(kPyotpCodes, {"JBSWY3DPEHPK3PXP", "1700000000"});
  ASSERT_EQ(other.exit_code, 0);
  ASSERT_EQ(other.out.size(), 7u);
  EXPECT_FALSE(TotpMatch(*secret, other.out.substr(0, 6), 1700000000).has_value());
}

TEST(PasslibInteropTest, MissingModuleIsAFailureNotASkip) {
  // Guards the helper itself: a failing import must surface as a non-zero exit code.
  RunResult r = RunPython("import keygate_no_such_module_x", {});
  ASSERT_TRUE(r.spawned);
  EXPECT_NE(r.exit_code, 0);
}

}  // namespace
}  // namespace keygate::crypto
