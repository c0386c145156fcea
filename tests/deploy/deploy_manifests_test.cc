// The deployment files checked by parsing (CI has no Docker engine and no cluster):
// deploy/docker/Dockerfile (stages, packages, non-root user, health check, ports, the runtime
// libraries latentd and latentctl load), docker-compose.yml, deploy/k8s (probes, store, GPU
// variant, ServiceMonitor) and deploy/grafana (provisioning, and a dashboard that queries only
// metrics latentd exports). YAML is read with Debian's python3-yaml; without it those tests skip.
#include <filesystem>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "gmock/gmock.h"
#include "tests/deploy/deploy_files.h"
#include "tests/testing/build_paths.h"

namespace latentspace::deploy_test {
namespace {

using ::testing::Contains;
using ::testing::HasSubstr;

// ---------------------------------------------------------------------------------------------
// Dockerfile

struct Instruction {
  std::string keyword;  // upper case
  std::string arguments;
};
struct Stage {
  std::string from;  // image
  std::string name;  // AS name
  std::vector<Instruction> instructions;
  // The text of every RUN of the stage, joined.
  std::string Runs() const {
    std::string out;
    for (const Instruction& i : instructions) {
      if (i.keyword == "RUN") out += i.arguments + "\n";
    }
    return out;
  }
  std::vector<std::string> All(const std::string& keyword) const {
    std::vector<std::string> out;
    for (const Instruction& i : instructions) {
      if (i.keyword == keyword) out.push_back(i.arguments);
    }
    return out;
  }
};

// Instructions by stage: comments dropped, continuation lines joined.
std::vector<Stage> ParseDockerfile(const std::string& text) {
  std::vector<Stage> stages;
  std::string logical;
  std::vector<std::string> lines;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (absl::StartsWith(line, "#")) continue;
    if (absl::EndsWith(line, "\\")) {
      logical += std::string(line.substr(0, line.size() - 1)) + " ";
      continue;
    }
    logical += std::string(line);
    if (!absl::StripAsciiWhitespace(logical).empty()) lines.push_back(logical);
    logical.clear();
  }
  for (const std::string& line : lines) {
    const size_t space = line.find(' ');
    Instruction instruction{line.substr(0, space),
                            space == std::string::npos ? "" : line.substr(space + 1)};
    for (char& c : instruction.keyword) c = static_cast<char>(std::toupper(c));
    instruction.arguments = std::string(absl::StripAsciiWhitespace(instruction.arguments));
    if (instruction.keyword == "FROM") {
      std::vector<std::string> words =
          absl::StrSplit(instruction.arguments, ' ', absl::SkipEmpty());
      Stage stage;
      stage.from = words.empty() ? "" : words[0];
      if (words.size() == 3) stage.name = words[2];
      stages.push_back(stage);
    } else if (!stages.empty()) {
      stages.back().instructions.push_back(instruction);
    }
  }
  return stages;
}

// The packages of every `apt-get install` in a stage's RUN text.
std::vector<std::string> AptPackages(const std::string& runs) {
  std::vector<std::string> packages;
  const std::regex install(R"(apt-get\s+install\s+([^&;|]*))");
  for (auto it = std::sregex_iterator(runs.begin(), runs.end(), install);
       it != std::sregex_iterator(); ++it) {
    for (absl::string_view word : absl::StrSplit((*it)[1].str(), ' ', absl::SkipEmpty())) {
      if (!absl::StartsWith(word, "-")) packages.emplace_back(word);
    }
  }
  return packages;
}

// BUILD_PACKAGES=( ... ) of scripts/dev.
std::vector<std::string> ScriptsDevBuildPackages() {
  const std::string text = testing::ReadFile(testing::SourcePath("scripts/dev"));
  std::smatch match;
  std::vector<std::string> packages;
  if (std::regex_search(text, match, std::regex(R"(BUILD_PACKAGES=\(([^)]*)\))"))) {
    for (absl::string_view word :
         absl::StrSplit(match[1].str(), absl::ByAnyChar(" \n\t"), absl::SkipEmpty())) {
      packages.emplace_back(word);
    }
  }
  return packages;
}

class DeployDockerfile : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string path = DeployPath("deploy/docker/Dockerfile");
    ASSERT_TRUE(std::filesystem::exists(path)) << path;
    stages_ = ParseDockerfile(testing::ReadFile(path));
    ASSERT_EQ(stages_.size(), 2u) << "a builder and a runtime stage";
  }
  const Stage& builder() const { return stages_[0]; }
  const Stage& runtime() const { return stages_[1]; }
  std::vector<Stage> stages_;
};

TEST_F(DeployDockerfile, BuildsOnDebian12AndRunsOnDebian12Slim) {
  EXPECT_EQ(builder().from, "debian:12");
  EXPECT_EQ(builder().name, "builder");
  EXPECT_EQ(runtime().from, "debian:12-slim");
  EXPECT_THAT(runtime().All("COPY"), Contains(HasSubstr("--from=builder /opt/latentspace")));
}

TEST_F(DeployDockerfile, BuilderInstallsScriptsDevPackagesAndTheServerAndCli) {
  const std::vector<std::string> wanted = ScriptsDevBuildPackages();
  ASSERT_FALSE(wanted.empty()) << "BUILD_PACKAGES of scripts/dev";
  const std::vector<std::string> installed = AptPackages(builder().Runs());
  for (const std::string& package : wanted) {
    EXPECT_THAT(installed, Contains(package)) << "scripts/dev builds with it";
  }
  const std::string runs = builder().Runs();
  EXPECT_THAT(runs,
              HasSubstr("cmake --install build --component server --prefix /opt/latentspace"));
  EXPECT_THAT(runs, HasSubstr("cmake --install build --component cli --prefix /opt/latentspace"));
  EXPECT_THAT(runs, HasSubstr("-DCMAKE_BUILD_TYPE=Release"));
}

TEST_F(DeployDockerfile, RuntimeRunsAsANonRootUserWithTheStoreAsAVolume) {
  const std::vector<std::string> users = runtime().All("USER");
  ASSERT_FALSE(users.empty()) << "USER in the runtime stage";
  const std::string user = users.back().substr(0, users.back().find(':'));
  EXPECT_NE(user, "root");
  EXPECT_NE(user, "0");
  EXPECT_THAT(runtime().Runs(), HasSubstr("useradd"));
  EXPECT_THAT(runtime().All("VOLUME"), Contains("/var/lib/latentd"));
}

TEST_F(DeployDockerfile, HealthCheckAsksLatentctlForGrpcHealth) {
  const std::vector<std::string> checks = runtime().All("HEALTHCHECK");
  ASSERT_EQ(checks.size(), 1u);
  EXPECT_THAT(checks[0], HasSubstr("CMD"));
  EXPECT_THAT(checks[0], HasSubstr("\"latentctl\""));
  EXPECT_THAT(checks[0], HasSubstr("\"health\""));
  EXPECT_THAT(checks[0], HasSubstr("127.0.0.1:50051"));
}

TEST_F(DeployDockerfile, LatentdListensOnEveryInterfaceAndExposesItsPorts) {
  const std::vector<std::string> exposed = runtime().All("EXPOSE");
  ASSERT_EQ(exposed.size(), 1u);
  std::set<std::string> ports = absl::StrSplit(exposed[0], ' ', absl::SkipEmpty());
  EXPECT_EQ(ports, (std::set<std::string>{"50051", "9464"}));
  ASSERT_EQ(runtime().All("ENTRYPOINT").size(), 1u);
  EXPECT_EQ(runtime().All("ENTRYPOINT")[0], "[\"latentd\"]");
  const nlohmann::json command = nlohmann::json::parse(runtime().All("CMD").at(0), nullptr, false);
  ASSERT_TRUE(command.is_array()) << "CMD in exec form";
  const std::vector<std::string> args = command.get<std::vector<std::string>>();
  EXPECT_THAT(args, ::testing::ElementsAre("--listen", "0.0.0.0:50051", "--metrics-listen",
                                           "0.0.0.0:9464", "--data-dir", "/var/lib/latentd",
                                           "--tokens", "/etc/latentd/tokens.txt"))
      << "beyond loopback latentd needs a token file";
}

bool HaveAptLists() {
  if (testing::RunCommand("command -v apt-cache >/dev/null 2>&1").exit_code != 0) return false;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator("/var/lib/apt/lists", ec)) {
    if (entry.path().filename().string().find("_Packages") != std::string::npos) return true;
  }
  return false;
}

TEST_F(DeployDockerfile, EveryPackageIsADebianPackage) {
  if (!HaveAptLists()) GTEST_SKIP() << "no apt lists here (apt-get update): cannot look names up";
  for (const Stage* stage : {&builder(), &runtime()}) {
    const std::vector<std::string> packages = AptPackages(stage->Runs());
    ASSERT_FALSE(packages.empty()) << stage->name;
    // One apt-cache call for the stage; the names it knows.
    std::string command = "apt-cache show --no-all-versions";
    for (const std::string& package : packages) command += " '" + package + "'";
    const testing::CommandResult show = testing::RunCommand(command + " 2>&1");
    std::set<std::string> known;
    for (absl::string_view line : absl::StrSplit(show.output, '\n')) {
      if (absl::ConsumePrefix(&line, "Package: ")) known.emplace(line);
    }
    for (const std::string& package : packages) {
      EXPECT_TRUE(known.count(package))
          << stage->name << ": Debian 12 has no package " << package << "\n"
          << show.output.substr(0, 2000);
    }
  }
}

// The Debian packages holding the shared libraries a program loads directly (its NEEDED
// entries); a library of no package is reported as "UNKNOWN(name)". One ldd and one dpkg -S.
std::set<std::string> PackagesOfNeededLibraries(const std::string& program, std::string* log) {
  std::set<std::string> packages;
  const testing::CommandResult objdump = testing::RunCommand("objdump -p '" + program + "'");
  const testing::CommandResult ldd = testing::RunCommand("ldd '" + program + "'");
  *log = objdump.output.substr(0, 2000) + ldd.output;
  if (objdump.exit_code != 0 || ldd.exit_code != 0) return packages;
  std::vector<std::string> needed;
  for (absl::string_view line : absl::StrSplit(objdump.output, '\n')) {
    std::vector<std::string> words = absl::StrSplit(line, ' ', absl::SkipEmpty());
    if (words.size() == 2 && words[0] == "NEEDED") needed.push_back(words[1]);
  }
  // "libfoo.so.1 => /lib/x86_64-linux-gnu/libfoo.so.1 (0x...)": name -> path, and its real path
  // (dpkg knows a file by the path its package installed, /lib or /usr/lib).
  std::map<std::string, std::vector<std::string>> paths;
  std::string dpkg = "dpkg -S";
  for (absl::string_view line : absl::StrSplit(ldd.output, '\n')) {
    std::vector<std::string> words =
        absl::StrSplit(line, absl::ByAnyChar(" \t"), absl::SkipEmpty());
    if (words.size() < 3 || words[1] != "=>") continue;
    std::error_code ec;
    const std::string real = std::filesystem::canonical(words[2], ec).string();
    paths[words[0]] = {words[2], real};
    dpkg += " '" + words[2] + "'";
    if (!real.empty()) dpkg += " '" + real + "'";
  }
  // "package[:arch]: /path", a file of several packages as "a, b: /path".
  std::map<std::string, std::string> owner;
  for (absl::string_view line :
       absl::StrSplit(testing::RunCommand(dpkg + " 2>/dev/null").output, '\n')) {
    const size_t colon_space = line.find(": /");
    if (colon_space == absl::string_view::npos) continue;
    std::string package(line.substr(0, line.find_first_of(":,")));
    owner[std::string(line.substr(colon_space + 2))] = package;
  }
  for (const std::string& library : needed) {
    std::string package = "UNKNOWN(" + library + ")";
    for (const std::string& path : paths[library]) {
      if (owner.count(path)) package = owner[path];
    }
    packages.insert(package);
  }
  return packages;
}

// AddressSanitizer in this build: gcc says so with __SANITIZE_ADDRESS__, clang with __has_feature.
#if defined(__SANITIZE_ADDRESS__)
#define LATENT_TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define LATENT_TEST_ASAN 1
#endif
#endif

TEST_F(DeployDockerfile, RuntimeInstallsTheLibrariesLatentdAndLatentctlLoad) {
#ifdef LATENT_TEST_ASAN
  GTEST_SKIP() << "a sanitized build (scripts/dev sanitize) loads the sanitizers' runtimes (and, "
                  "linked by clang without --as-needed, more libraries); the image ships release "
                  "binaries";
#endif
  ASSERT_EQ(
      testing::RunCommand("command -v objdump && command -v dpkg && command -v ldd").exit_code, 0)
      << "needs objdump (binutils, part of build-essential), ldd and dpkg";
  std::vector<std::string> installed = AptPackages(runtime().Runs());
  // What debian:12-slim already has.
  for (const char* base : {"libc6", "libgcc-s1", "libstdc++6", "zlib1g"}) {
    installed.emplace_back(base);
  }
  for (const std::string& program :
       {std::string(testing::LatentdPath()), std::string(testing::LatentctlPath())}) {
    ASSERT_TRUE(std::filesystem::exists(program)) << program << " is built before this test";
    std::string log;
    const std::set<std::string> needed = PackagesOfNeededLibraries(program, &log);
    ASSERT_FALSE(needed.empty()) << program << ": " << log;
    for (const std::string& package : needed) {
      EXPECT_THAT(installed, Contains(package)) << program << " loads a library of " << package
                                                << ", which the runtime stage does not install";
    }
  }
}

// ---------------------------------------------------------------------------------------------
// docker-compose.yml

class DeployCompose : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_YAML();
    std::string error;
    const nlohmann::json docs = LoadYaml(DeployPath("docker-compose.yml"), &error);
    ASSERT_FALSE(docs.is_discarded()) << "docker-compose.yml does not parse: " << error;
    ASSERT_EQ(docs.size(), 1u);
    compose_ = docs[0];
    ASSERT_TRUE(compose_.contains("services"));
  }
  const nlohmann::json& service(const std::string& name) { return compose_["services"][name]; }
  // "source:target[:mode]" volume entries of a service, as target -> source.
  std::map<std::string, std::string> Mounts(const std::string& name) {
    std::map<std::string, std::string> out;
    for (const nlohmann::json& entry : service(name).value("volumes", nlohmann::json::array())) {
      std::vector<std::string> parts = absl::StrSplit(entry.get<std::string>(), ':');
      if (parts.size() >= 2) out[parts[1]] = parts[0];
    }
    return out;
  }
  nlohmann::json compose_;
};

TEST_F(DeployCompose, RunsLatentdPrometheusAndGrafana) {
  for (const char* name : {"latentd", "prometheus", "grafana"}) {
    ASSERT_TRUE(compose_["services"].contains(name)) << name;
  }
  const nlohmann::json& latentd = service("latentd");
  EXPECT_EQ(latentd["build"]["context"], ".");
  EXPECT_EQ(latentd["build"]["dockerfile"], "deploy/docker/Dockerfile");
  const std::vector<std::string> command = latentd["command"].get<std::vector<std::string>>();
  EXPECT_THAT(command, Contains("--listen=0.0.0.0:50051"));
  EXPECT_THAT(command, Contains("--metrics-listen=0.0.0.0:9464"));
  EXPECT_THAT(command, Contains("--data-dir=/var/lib/latentd"));
  // It listens on every interface of its container; without a token file it would not start.
  EXPECT_THAT(command, Contains("--anonymous-role=admin"));
  EXPECT_THAT(latentd["ports"].get<std::vector<std::string>>(),
              Contains(HasSubstr(":50051:50051")));
  EXPECT_TRUE(
      absl::StartsWith(service("prometheus")["image"].get<std::string>(), "prom/prometheus:"));
  EXPECT_TRUE(absl::StartsWith(service("grafana")["image"].get<std::string>(), "grafana/grafana"));
}

TEST_F(DeployCompose, StateLivesInNamedVolumes) {
  ASSERT_TRUE(compose_.contains("volumes"));
  const nlohmann::json& declared = compose_["volumes"];
  EXPECT_EQ(Mounts("latentd")["/var/lib/latentd"], "latentd-data");
  EXPECT_EQ(Mounts("prometheus")["/prometheus"], "prometheus-data");
  EXPECT_EQ(Mounts("grafana")["/var/lib/grafana"], "grafana-data");
  for (const char* name : {"latentd", "prometheus", "grafana"}) {
    for (const auto& [target, source] : Mounts(name)) {
      if (absl::StartsWith(source, ".") || absl::StartsWith(source, "/")) {
        EXPECT_TRUE(std::filesystem::exists(DeployPath(source)))
            << name << " mounts " << source << ", which is not in the repository";
      } else {
        EXPECT_TRUE(declared.contains(source)) << name << ": volume " << source << " not declared";
      }
    }
  }
}

TEST_F(DeployCompose, PrometheusAndGrafanaGetTheDeployConfiguration) {
  EXPECT_EQ(Mounts("prometheus")["/etc/prometheus"], "./deploy/prometheus");
  EXPECT_THAT(service("prometheus")["command"].get<std::vector<std::string>>(),
              Contains("--config.file=/etc/prometheus/prometheus.yml"));
  EXPECT_EQ(Mounts("grafana")["/etc/grafana/provisioning"], "./deploy/grafana/provisioning");
  EXPECT_EQ(Mounts("grafana")["/etc/grafana/dashboards"], "./deploy/grafana/dashboards");
  // prometheus.yml scrapes the compose service by name on latentd's metrics port.
  EXPECT_THAT(testing::ReadFile(DeployPath("deploy/prometheus/prometheus.yml")),
              HasSubstr("'latentd:9464'"));
}

TEST_F(DeployCompose, DockerComposeAcceptsTheFile) {
  if (testing::RunCommand("docker compose version >/dev/null 2>&1").exit_code != 0) {
    GTEST_SKIP() << "no docker compose here";
  }
  const testing::CommandResult result = testing::RunCommand(
      "docker compose -f '" + DeployPath("docker-compose.yml") + "' config -q 2>&1");
  EXPECT_EQ(result.exit_code, 0) << result.output;
}

// ---------------------------------------------------------------------------------------------
// deploy/k8s

class DeployKubernetes : public ::testing::Test {
 protected:
  void SetUp() override {
    REQUIRE_YAML();
    for (const auto& entry :
         std::filesystem::recursive_directory_iterator(DeployPath("deploy/k8s"))) {
      if (entry.path().extension() != ".yaml" && entry.path().extension() != ".yml") continue;
      std::string error;
      const nlohmann::json docs = LoadYaml(entry.path().string(), &error);
      ASSERT_FALSE(docs.is_discarded()) << entry.path() << ": " << error;
      const std::string relative =
          std::filesystem::relative(entry.path(), DeployPath("deploy/k8s")).string();
      for (const nlohmann::json& doc : docs) documents_.emplace_back(relative, doc);
    }
    ASSERT_FALSE(documents_.empty());
  }
  // The one document of this kind in this file.
  const nlohmann::json& Find(const std::string& file, const std::string& kind) {
    for (const auto& [name, doc] : documents_) {
      if (name == file && doc.value("kind", "") == kind) return doc;
    }
    ADD_FAILURE() << "no " << kind << " in " << file;
    static const nlohmann::json empty = nlohmann::json::object();
    return empty;
  }
  std::vector<std::pair<std::string, nlohmann::json>> documents_;
};

TEST_F(DeployKubernetes, EveryDocumentHasApiVersionKindAndName) {
  for (const auto& [file, doc] : documents_) {
    EXPECT_TRUE(doc.contains("apiVersion")) << file;
    EXPECT_TRUE(doc.contains("kind")) << file;
    if (doc.value("kind", "") == "Kustomization") continue;  // kustomize's, not the cluster's
    EXPECT_TRUE(doc.contains("metadata") && doc["metadata"].contains("name")) << file;
    EXPECT_FALSE(doc.value("metadata", nlohmann::json::object()).contains("namespace"))
        << file << ": namespace-agnostic manifests (kubectl -n)";
  }
}

TEST_F(DeployKubernetes, KustomizationsListExistingFiles) {
  for (const auto& [file, doc] : documents_) {
    if (doc.value("kind", "") != "Kustomization") continue;
    const std::filesystem::path dir =
        std::filesystem::path(DeployPath("deploy/k8s")) / std::filesystem::path(file).parent_path();
    for (const nlohmann::json& resource : doc.value("resources", nlohmann::json::array())) {
      EXPECT_TRUE(std::filesystem::exists(dir / resource.get<std::string>()))
          << file << ": " << resource;
    }
    for (const nlohmann::json& patch : doc.value("patches", nlohmann::json::array())) {
      EXPECT_TRUE(std::filesystem::exists(dir / patch["path"].get<std::string>())) << file;
    }
  }
}

TEST_F(DeployKubernetes, DeploymentProbesGrpcHealthAndMountsTheStore) {
  const nlohmann::json& deployment = Find("base/deployment.yaml", "Deployment");
  const nlohmann::json& pod = deployment["spec"]["template"]["spec"];
  ASSERT_EQ(pod["containers"].size(), 1u);
  const nlohmann::json& container = pod["containers"][0];
  for (const char* probe : {"livenessProbe", "readinessProbe", "startupProbe"}) {
    ASSERT_TRUE(container.contains(probe)) << probe;
    EXPECT_EQ(container[probe]["grpc"]["port"], 50051) << probe << " through grpc.health.v1";
  }
  std::set<int> ports;
  for (const nlohmann::json& port : container["ports"])
    ports.insert(port["containerPort"].get<int>());
  EXPECT_EQ(ports, (std::set<int>{50051, 9464}));
  const std::vector<std::string> args = container["args"].get<std::vector<std::string>>();
  EXPECT_THAT(args, Contains("--listen=0.0.0.0:50051"));
  EXPECT_THAT(args, Contains("--metrics-listen=0.0.0.0:9464"));
  EXPECT_THAT(args, Contains("--data-dir=/var/lib/latentd"));
  EXPECT_THAT(args, Contains("--tokens=/etc/latentd/tokens.txt"));
  // The token file: the Secret latentd-tokens mounted read-only where --tokens looks.
  std::string tokens_volume;
  for (const nlohmann::json& v : pod["volumes"]) {
    if (v.contains("secret") && v["secret"]["secretName"] == "latentd-tokens") {
      tokens_volume = v["name"];
    }
  }
  ASSERT_FALSE(tokens_volume.empty()) << "no volume from the Secret latentd-tokens";
  bool tokens_mounted = false;
  for (const nlohmann::json& m : container["volumeMounts"]) {
    tokens_mounted |= m["name"] == tokens_volume && m["mountPath"] == "/etc/latentd" &&
                      m.value("readOnly", false);
  }
  EXPECT_TRUE(tokens_mounted) << "the token Secret is mounted read-only at /etc/latentd";
  EXPECT_TRUE(container["resources"]["requests"].contains("cpu"));
  EXPECT_TRUE(container["resources"]["requests"].contains("memory"));
  EXPECT_EQ(pod["securityContext"]["runAsNonRoot"], true);
  EXPECT_EQ(deployment["spec"]["strategy"]["type"], "Recreate") << "one writer of the store";

  // The store: a volume from the PVC, mounted at the data directory.
  const std::string claim = Find("base/pvc.yaml", "PersistentVolumeClaim")["metadata"]["name"];
  std::string volume;
  for (const nlohmann::json& v : pod["volumes"]) {
    if (v.contains("persistentVolumeClaim") && v["persistentVolumeClaim"]["claimName"] == claim) {
      volume = v["name"];
    }
  }
  ASSERT_FALSE(volume.empty()) << "no volume from the claim " << claim;
  bool mounted = false;
  for (const nlohmann::json& m : container["volumeMounts"]) {
    mounted |= m["name"] == volume && m["mountPath"] == "/var/lib/latentd";
  }
  EXPECT_TRUE(mounted) << "the claim is mounted at /var/lib/latentd";
}

TEST_F(DeployKubernetes, ServiceAndServiceMonitorReachThePods) {
  const nlohmann::json& deployment = Find("base/deployment.yaml", "Deployment");
  const nlohmann::json& service = Find("base/service.yaml", "Service");
  const nlohmann::json& monitor = Find("base/servicemonitor.yaml", "ServiceMonitor");
  EXPECT_EQ(monitor["apiVersion"], "monitoring.coreos.com/v1");
  // The Service selects the pods.
  const nlohmann::json& pod_labels = deployment["spec"]["template"]["metadata"]["labels"];
  for (const auto& [key, value] : service["spec"]["selector"].items()) {
    EXPECT_EQ(pod_labels.value(key, ""), value) << key;
  }
  std::map<std::string, int> ports;
  for (const nlohmann::json& port : service["spec"]["ports"]) ports[port["name"]] = port["port"];
  EXPECT_EQ(ports["grpc"], 50051);
  EXPECT_EQ(ports["metrics"], 9464);
  // The ServiceMonitor selects the Service and scrapes its metrics port.
  for (const auto& [key, value] : monitor["spec"]["selector"]["matchLabels"].items()) {
    EXPECT_EQ(service["metadata"]["labels"].value(key, ""), value) << key;
  }
  ASSERT_EQ(monitor["spec"]["endpoints"].size(), 1u);
  EXPECT_EQ(monitor["spec"]["endpoints"][0]["port"], "metrics");
  // Its scrape job is named after the Service: the alerts expect job="latentd".
  EXPECT_EQ(service["metadata"]["name"], "latentd");
}

TEST_F(DeployKubernetes, GpuVariantRequestsAGpuAndRunsOnCuda) {
  const nlohmann::json& kustomization = Find("gpu/kustomization.yaml", "Kustomization");
  EXPECT_THAT(kustomization["resources"].get<std::vector<std::string>>(), Contains("../base"));
  const nlohmann::json& patch = Find("gpu/deployment-gpu.yaml", "Deployment");
  EXPECT_EQ(patch["metadata"]["name"],
            Find("base/deployment.yaml", "Deployment")["metadata"]["name"]);
  const nlohmann::json& container = patch["spec"]["template"]["spec"]["containers"][0];
  EXPECT_EQ(container["resources"]["limits"]["nvidia.com/gpu"], "1");
  EXPECT_EQ(container["resources"]["requests"]["nvidia.com/gpu"], "1");
  const std::vector<std::string> args = container["args"].get<std::vector<std::string>>();
  EXPECT_THAT(args, Contains("--device=cuda"));
  EXPECT_THAT(args, Contains("--data-dir=/var/lib/latentd"));
  EXPECT_THAT(args, Contains("--tokens=/etc/latentd/tokens.txt")) << "the patch replaces the args";
}

TEST_F(DeployKubernetes, KustomizeRendersBothVariants) {
  if (testing::RunCommand("command -v kubectl >/dev/null 2>&1").exit_code != 0) {
    GTEST_SKIP() << "no kubectl here (kustomize is built into it)";
  }
  const testing::CommandResult base =
      testing::RunCommand("kubectl kustomize '" + DeployPath("deploy/k8s/base") + "' 2>&1");
  ASSERT_EQ(base.exit_code, 0) << base.output;
  EXPECT_THAT(base.output, HasSubstr("--device=cpu"));
  const testing::CommandResult gpu =
      testing::RunCommand("kubectl kustomize '" + DeployPath("deploy/k8s/gpu") + "' 2>&1");
  ASSERT_EQ(gpu.exit_code, 0) << gpu.output;
  EXPECT_THAT(gpu.output, HasSubstr("--device=cuda"));
  EXPECT_THAT(gpu.output, ::testing::Not(HasSubstr("--device=cpu"))) << "args replaced, not merged";
  EXPECT_THAT(gpu.output, HasSubstr("nvidia.com/gpu: \"1\""));
  EXPECT_THAT(gpu.output, HasSubstr("claimName: latentd-data"));
  EXPECT_THAT(gpu.output, HasSubstr("kind: ServiceMonitor"));
}

// ---------------------------------------------------------------------------------------------
// deploy/grafana and the metric names

nlohmann::json LoadDashboard() {
  return nlohmann::json::parse(
      testing::ReadFile(DeployPath("deploy/grafana/dashboards/latentd.json")), nullptr, false);
}

TEST(DeployGrafana, DashboardParsesAndQueriesOnlyLatentdsMetrics) {
  const nlohmann::json dashboard = LoadDashboard();
  ASSERT_FALSE(dashboard.is_discarded()) << "latentd.json is not JSON";
  EXPECT_EQ(dashboard.value("uid", ""), "latentd");
  const std::vector<std::string> expressions = DashboardExpressions(dashboard);
  ASSERT_GE(expressions.size(), 10u);
  std::set<std::string> used;
  for (const std::string& expr : expressions) {
    const std::set<std::string> names = MetricNamesIn(expr);
    EXPECT_FALSE(names.empty()) << expr;
    for (const std::string& name : names) {
      used.insert(name);
      EXPECT_TRUE(ExportedMetrics().count(name) || PrometheusSeries().count(name))
          << expr << ": latentd exports no " << name;
    }
  }
  // The issue's panels: jobs by state, progress, loss, RPC rate and latency, embedded events,
  // encoders loaded, memory.
  for (const char* name :
       {"latent_jobs", "latent_job_progress_ratio", "latent_job_loss", "latent_rpc_requests_total",
        "latent_rpc_duration_seconds_bucket", "latent_embedded_events_total",
        "latent_encoders_loaded", "process_resident_memory_bytes"}) {
    EXPECT_TRUE(used.count(name)) << "no panel shows " << name;
  }
  EXPECT_THAT(expressions, Contains(HasSubstr("histogram_quantile(0.5,")));
  EXPECT_THAT(expressions, Contains(HasSubstr("histogram_quantile(0.99,")));
}

TEST(DeployGrafana, PanelsUseTheProvisionedDatasource) {
  REQUIRE_YAML();
  std::string error;
  const nlohmann::json sources =
      LoadYaml(DeployPath("deploy/grafana/provisioning/datasources/prometheus.yml"), &error);
  ASSERT_FALSE(sources.is_discarded()) << error;
  const nlohmann::json& source = sources[0]["datasources"][0];
  EXPECT_EQ(source["type"], "prometheus");
  EXPECT_EQ(source["url"], "http://prometheus:9090") << "the compose service";
  const std::string uid = source["uid"];
  const nlohmann::json dashboard = LoadDashboard();
  ASSERT_FALSE(dashboard.is_discarded());
  for (const nlohmann::json& panel : dashboard["panels"]) {
    if (panel["type"] == "row") continue;
    EXPECT_EQ(panel["datasource"]["uid"], uid) << panel["title"];
  }
  const nlohmann::json providers =
      LoadYaml(DeployPath("deploy/grafana/provisioning/dashboards/latentspace.yml"), &error);
  ASSERT_FALSE(providers.is_discarded()) << error;
  EXPECT_EQ(providers[0]["providers"][0]["options"]["path"], "/etc/grafana/dashboards")
      << "where docker-compose.yml mounts deploy/grafana/dashboards";
}

TEST(DeployMetricNames, TheListMatchesTheFamiliesLatentdRegisters) {
  // Every .Name("...") registered by the server's metrics and the standard families.
  std::set<std::string> registered;
  for (const char* file : {"server/server_metrics.cc", "server/metrics/process_metrics.cc",
                           "server/metrics/build_info.cc"}) {
    const std::string text = testing::ReadFile(testing::SourcePath(file));
    ASSERT_FALSE(text.empty()) << file;
    const std::regex name(R"re(\.Name\("([a-z_:][a-z0-9_:]*)"\))re");
    for (auto it = std::sregex_iterator(text.begin(), text.end(), name);
         it != std::sregex_iterator(); ++it) {
      registered.insert((*it)[1].str());
    }
  }
  std::set<std::string> listed;
  for (const std::string& series : ExportedMetrics()) listed.insert(FamilyOf(series));
  EXPECT_EQ(listed, registered);
}

TEST(DeployMetricNames, ScannerFindsNamesNotFunctionsOrLabels) {
  EXPECT_EQ(MetricNamesIn("histogram_quantile(0.99, sum by (method, le) "
                          "(rate(latent_rpc_duration_seconds_bucket{job=\"latentd\", "
                          "method!~\"a|b\"}[$__rate_interval])))"),
            (std::set<std::string>{"latent_rpc_duration_seconds_bucket"}));
  EXPECT_EQ(MetricNamesIn("process_open_fds / process_max_fds > 0.5e1"),
            (std::set<std::string>{"process_open_fds", "process_max_fds"}));
  EXPECT_EQ(MetricNamesIn("up == 0 and on (instance) latent_jobs offset 5m"),
            (std::set<std::string>{"up", "latent_jobs"}));
}

}  // namespace
}  // namespace latentspace::deploy_test
