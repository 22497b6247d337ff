import { createRequire as __cdgCreateRequire } from 'node:module';
import { fileURLToPath as __cdgFileURLToPath } from 'node:url';
import { dirname as __cdgDirname } from 'node:path';
const require = __cdgCreateRequire(import.meta.url);
const __filename = __cdgFileURLToPath(import.meta.url);
const __dirname = __cdgDirname(__filename);
import {
  EXIT,
  FactBudget,
  GateError,
  LayerScanner,
  PULL_POLICIES,
  PathMatcher,
  SEVERITIES,
  composeProfile,
  createBaseline,
  evaluateDockerfileText,
  evaluateHostFacts,
  evaluateImageModel,
  evaluateRuntimeModel,
  githubMatrix,
  historyKeyword,
  imageFacts,
  imageLocation,
  imagePathGlobs,
  installInterruptHandlers,
  loadCatalog,
  locatePolicyFile,
  mergeLayers,
  mergeReports,
  parseBuildArgs,
  parseDockerfile,
  parseFailOn,
  parseProfile,
  parseRuntimeCommand,
  parseRuntimeTimeout,
  readConfig,
  readHistory,
  readReport,
  renderBaseline,
  renderJson,
  renderMarkdown,
  renderSarif,
  resolvePolicy,
  runOptionsProfile,
  scan,
  scanRules,
  selectTargets,
  splitCommandLine,
  withProvenance
} from "./chunk-NM7KSJHU.js";
import {
  toolVersion
} from "./chunk-LAPE4CFZ.js";

// src/cli/main.ts
import { readFileSync, writeFileSync as writeFileSync3 } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";

// src/cli/commands/baseline.ts
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
var DEFAULT_BASELINE = ".cis-docker-gate-baseline.json";
async function baselineCommand(config, output, err) {
  const report = await scan(config);
  const configured = config.policy?.baselineFile;
  const file = output ?? configured ?? DEFAULT_BASELINE;
  const baseline = createBaseline(report, (config.now ?? (() => /* @__PURE__ */ new Date()))());
  try {
    writeFileSync(resolve(file), renderBaseline(baseline));
  } catch (e) {
    throw new GateError(`--output: cannot write ${file} (${e.code ?? e.message})`, 2);
  }
  const waived = report.findings.filter((f) => f.status === "waived" || f.status === "suppressed").length;
  err.write(
    `cis-docker-gate: recorded ${baseline.findings.length} open finding${baseline.findings.length === 1 ? "" : "s"} in ${file}${waived ? ` (${waived} suppressed or waived left out: they stay exceptions with reasons)` : ""}${configured ? "" : `; add \`baseline: ${file}\` to the policy file to apply it`}
`
  );
  return EXIT.passed;
}

// src/cli/commands/common.ts
function withPolicy(config, options = {}) {
  const cwd = options.cwd ?? process.cwd();
  return resolvePolicy(config, locatePolicyFile(config, { cwd, root: cwd }), { cwd, ignoreBaseline: options.ignoreBaseline });
}
function policyWarnings(report) {
  const lines = [];
  for (const w of report.config?.waivers ?? []) {
    const who = w.owner ? `, owner ${w.owner}` : "";
    if (w.status === "expired") {
      lines.push(`warning: ${w.where}: the waiver for ${w.rule} in ${w.scope} expired on ${w.expires}${who}; ${w.matched === 0 ? "it matches no finding either: remove it" : w.matched === 1 ? "its finding counts again" : `its ${w.matched} findings count again`}`);
    } else if (w.status === "stale") {
      const partial = report.config?.only ? ` in the targets scanned here (${report.config.only.join(", ")})` : "";
      lines.push(`warning: ${w.where}: the waiver for ${w.rule} in ${w.scope} matches no finding${partial} (stale${who}); remove it or fix its scope`);
    }
  }
  return lines;
}

// src/cli/commands/merge.ts
import { writeFileSync as writeFileSync2 } from "node:fs";

// src/report/text.ts
function renderText(report) {
  const lines = [];
  for (const f of report.findings) {
    const loc = `${f.location.file}:${f.location.startLine}:${f.location.startColumn}`;
    const cis = f.cis.length ? `CIS ${f.cis.join(",")}` : "hygiene";
    const status = f.status === "open" ? "" : `  [${f.status}: ${f.statusReason ?? ""}]`;
    lines.push(`${loc}  ${f.severity}  ${f.ruleId}  ${cis}  ${f.message}${status}`);
  }
  const open = report.findings.filter((f) => f.status === "open").length;
  const notOpen = report.findings.length - open;
  const counts = SEVERITIES.filter((s) => report.counts[s]).map((s) => `${report.counts[s]} ${s}`);
  const verdicts = { pass: 0, fail: 0, skip: 0 };
  for (const r of report.rules) verdicts[r.status]++;
  const gate = report.failOn === "never" ? "report only (fail-on never)" : report.passed ? `passed (fail-on ${report.failOn})` : `FAILED (fail-on ${report.failOn})`;
  lines.push(
    `${open} open finding${open === 1 ? "" : "s"}${counts.length ? ` (${counts.join(", ")})` : ""}${notOpen ? `, ${notOpen} suppressed/waived` : ""}; rules: ${verdicts.pass} pass, ${verdicts.fail} fail, ${verdicts.skip} skip; gate ${gate}`
  );
  return lines.join("\n") + "\n";
}

// src/cli/commands/merge.ts
function write(flag, path, text) {
  try {
    writeFileSync2(path, text);
  } catch (e) {
    throw new GateError(`--${flag}: cannot write ${path} (${e.code ?? e.message})`, 2);
  }
}
function mergeCommand(files, options, out, err) {
  if (!files.length) throw new GateError("merge: give the JSON reports to merge (cis-docker-gate merge a.json b.json \u2026)", 2);
  const format = options.format ?? "text";
  if (format !== "text" && format !== "json") throw new GateError(`--format: "${format}" is not one of text, json`, 2);
  const report = mergeReports(files.map(readReport), options.failOn);
  if (options.sarif) write("sarif", options.sarif, renderSarif(report, { catalog: loadCatalog() }));
  if (options.json) write("json", options.json, renderJson(report));
  if (options.summary) write("summary", options.summary, renderMarkdown(report, { files: { ...options.sarif ? { sarif: options.sarif } : {}, ...options.json ? { json: options.json } : {} } }));
  const rendered = format === "json" ? renderJson(report) : renderText(report);
  if (options.output) write("output", options.output, rendered);
  else out.write(rendered);
  for (const w of policyWarnings(report)) err.write(`${w}
`);
  err.write(`cis-docker-gate: merged ${files.length} report${files.length === 1 ? "" : "s"} (${report.targets.length} target${report.targets.length === 1 ? "" : "s"})
`);
  return report.passed ? EXIT.passed : EXIT.failed;
}

// src/cli/commands/plan.ts
var PLAN_FORMATS = ["text", "json", "github-matrix"];
function planCommand(config, format, out) {
  if (!PLAN_FORMATS.includes(format)) throw new GateError(`--format: "${format}" is not one of ${PLAN_FORMATS.join(", ")}`, 2);
  const all = config.policy?.targets ?? [];
  if (!all.length) {
    const why = config.policy?.file ? `${config.policy.file} lists no targets` : "no policy file (.cis-docker-gate.yml or --config) lists targets";
    throw new GateError(`nothing to plan: ${why}`, 2);
  }
  const targets = selectTargets(all, config.only);
  if (format === "github-matrix") out.write(`${JSON.stringify(githubMatrix(targets))}
`);
  else if (format === "json") out.write(`${JSON.stringify({ targets }, null, 2)}
`);
  else {
    for (const t of targets) {
      const what = [t.dockerfile, t.image && `image ${t.image}`, t.imageArchive && `archive ${t.imageArchive}`, t.build && "build", t.composeFile && `compose ${t.composeFile}${t.service ? `#${t.service}` : ""}`].filter(Boolean);
      out.write(`${t.name}  ${t.kind}  ${what.join(", ")}  (${t.where})
`);
    }
  }
  return EXIT.passed;
}

// src/host/example.ts
function idFrom(table, name) {
  for (const line of (table ?? "").split("\n")) {
    const p = line.split(":");
    if (p[0] === name && p.length > 2) return Number(p[2]);
  }
  return void 0;
}
function fileFact(path, raw, etcPasswd, etcGroup) {
  if (raw.exists === false) return { path, exists: false };
  const mode = typeof raw.mode === "number" ? raw.mode : parseInt(String(raw.mode ?? "0644"), 8);
  const user = raw.user !== void 0 ? String(raw.user) : raw.uid === void 0 || raw.uid === 0 ? "root" : void 0;
  const group = raw.group !== void 0 ? String(raw.group) : raw.gid === void 0 || raw.gid === 0 ? "root" : void 0;
  const uid = typeof raw.uid === "number" ? raw.uid : user === "root" ? 0 : idFrom(etcPasswd, user ?? "") ?? 1e3;
  const gid = typeof raw.gid === "number" ? raw.gid : group === "root" ? 0 : idFrom(etcGroup, group ?? "") ?? 999;
  const type = raw.type ?? (path.endsWith(".sock") ? "socket" : "file");
  return { path, exists: true, type, uid, gid, mode, user, group };
}
function hostFactsFromExample(example) {
  const facts = { endpoint: typeof example.endpoint === "string" ? example.endpoint : "unix:///var/run/docker.sock" };
  if (example.tls !== void 0) facts.tls = Boolean(example.tls);
  if (example.info !== void 0 || example.version !== void 0 || example.bridge !== void 0) {
    facts.engine = {
      info: example.info ?? {},
      version: example.version ?? {},
      bridge: example.bridge
    };
  } else {
    facts.engineError = typeof example.engineError === "string" ? example.engineError : "the example has no engine";
  }
  const cl = example.commandLine;
  if (typeof cl === "string") facts.daemon = { commandLine: splitCommandLine(cl) };
  else if (Array.isArray(cl)) facts.daemon = { commandLine: cl.map(String) };
  else if (cl !== void 0) throw new GateError("host example: commandLine must be a string or a list", 3);
  else facts.daemonUnknown = "the example gives no command line";
  if (typeof example.daemonJson === "string") facts.daemonJson = { text: example.daemonJson };
  else if (typeof example.daemonJsonError === "string") facts.daemonJson = { error: example.daemonJsonError };
  else if (facts.daemon) facts.daemonJson = {};
  if (typeof example.etcGroup === "string") facts.etcGroup = example.etcGroup;
  if (typeof example.etcPasswd === "string") facts.etcPasswd = example.etcPasswd;
  if (example.files && typeof example.files === "object") {
    facts.files = Object.entries(example.files).map(
      ([path, raw]) => fileFact(path, raw ?? {}, facts.etcPasswd, facts.etcGroup)
    );
  } else {
    facts.filesUnavailable = "the example gives no files of the engine's machine";
  }
  return facts;
}

// src/image/example.ts
var EMPTY_LAYER_KEYWORDS = /* @__PURE__ */ new Set(["ENV", "ARG", "USER", "LABEL", "EXPOSE", "HEALTHCHECK", "CMD", "ENTRYPOINT", "VOLUME", "STOPSIGNAL", "SHELL", "ONBUILD", "MAINTAINER", "WORKDIR"]);
function exampleError(message) {
  throw new Error(`image example: ${message}`);
}
function imageFromExample(example, name = "example", pathGlobs) {
  const rawHistory = example.history ?? [];
  if (!Array.isArray(rawHistory)) exampleError("history must be a list");
  const history = rawHistory.map((h) => {
    if (typeof h === "string") return { created_by: h, empty_layer: EMPTY_LAYER_KEYWORDS.has(historyKeyword(h)) };
    if (h && typeof h === "object") return h;
    return exampleError(`history entry ${JSON.stringify(h)} is neither a string nor an object`);
  });
  const files = example.files ?? [];
  if (!Array.isArray(files)) exampleError("files must be a list");
  let layerCount = history.filter((h) => !h.empty_layer).length;
  const maxLayer = Math.max(0, ...files.map((f) => f.layer ?? 1));
  if (!history.length) layerCount = maxLayer;
  if (maxLayer > layerCount) exampleError(`a file is in layer ${maxLayer}, but the history makes ${layerCount} layers`);
  const budget = new FactBudget();
  const walked = "files" in example;
  const matcher = walked && pathGlobs?.length ? new PathMatcher(pathGlobs) : void 0;
  const scanners = Array.from({ length: layerCount }, () => new LayerScanner(budget, matcher));
  for (const f of files) {
    const scanner = scanners[(f.layer ?? 1) - 1];
    if (!f.path && !f.name) exampleError(`a file needs a path: ${JSON.stringify(f)}`);
    const rel = (f.path ?? "").replace(/^\/+/, "");
    if (f.delete || f.opaque) {
      const dir = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/") + 1) : "";
      const base = rel.slice(rel.lastIndexOf("/") + 1);
      scanner.entry({ name: f.opaque ? `${rel}/.wh..wh..opq` : `${dir}.wh.${base}`, type: "file", mode: 420, uid: 0, gid: 0, size: 0 });
      continue;
    }
    const content = Buffer.from(f.content ?? "", "utf8");
    const type = f.type ?? "file";
    const mode = typeof f.mode === "string" ? Number.parseInt(f.mode, 8) : f.mode ?? (type === "dir" ? 493 : 420);
    const header = { name: f.name ?? rel, type, mode, uid: f.uid ?? 0, gid: f.gid ?? 0, size: f.size ?? content.length };
    const want = scanner.entry(header);
    if (want > 0) scanner.content(header, content.subarray(0, want), content.length <= want);
  }
  const merged = mergeLayers(scanners.map((s) => s.summary), matcher);
  const { history: entries, aligned } = readHistory(history, layerCount);
  const layers = scanners.map((_, i) => ({
    index: i + 1,
    digest: `sha256:${String(i + 1).padStart(64, "0")}`,
    size: 0,
    origin: "unknown",
    ...aligned ? { history: entries.findIndex((h) => h.layer === i + 1) } : {}
  }));
  const image = {
    name,
    id: "sha256:" + "0".repeat(64),
    os: "linux",
    architecture: "amd64",
    config: readConfig(example.config ?? {}),
    history: entries,
    layers,
    files: merged.files,
    dropped: budget.dropped,
    accounts: merged.accounts,
    ...merged.paths ? { paths: merged.paths } : {},
    walked,
    provenance: {},
    fallback: imageLocation(name)
  };
  const dockerfile = typeof example.dockerfile === "string" ? parseDockerfile(example.dockerfile, "Dockerfile") : void 0;
  return withProvenance(image, dockerfile);
}

// src/runtime/example.ts
function fail(message) {
  throw new Error(`runtime example: ${message}`);
}
function probed(raw, read) {
  if (raw && typeof raw === "object" && !Array.isArray(raw) && "skipped" in raw) return { skipped: String(raw.skipped) };
  return { value: read(raw) };
}
function processes(raw) {
  if (!Array.isArray(raw)) fail("probe.processes must be a list");
  return raw.map((p, i) => {
    const o = p;
    const args = String(o.args ?? o.comm ?? "");
    return {
      pid: typeof o.pid === "number" ? o.pid : i + 1,
      uid: typeof o.uid === "number" ? o.uid : fail(`probe.processes[${i}] needs a numeric uid`),
      comm: String(o.comm ?? (args.split(/\s+/)[0] ?? "").split("/").pop()),
      args
    };
  });
}
function sockets(raw) {
  if (!Array.isArray(raw)) fail("probe.listening must be a list");
  return raw.map((s) => {
    const m = /^(tcp|udp)6?\s+(.+):(\d+)$/.exec(String(s).trim());
    if (!m) fail(`probe.listening: "${s}" is not "tcp ADDRESS:PORT"`);
    return { protocol: m[1], address: m[2], port: Number(m[3]) };
  });
}
function runtimeFromExample(example) {
  let profile;
  const env = example.env ?? {};
  if (typeof example.compose === "string") profile = composeProfile(example.compose, "compose.yml", example.service, env);
  else if (Array.isArray(example.runOptions)) profile = runOptionsProfile(example.runOptions.map(String));
  const image = example.image && typeof example.image === "object" ? imageFacts(imageFromExample(example.image)) : void 0;
  const raw = example.probe;
  let probe;
  if (!raw) {
    probe = { skipped: typeof example.probeSkipped === "string" ? example.probeSkipped : "the runtime check did not run (the example has no probe)" };
  } else {
    const facts = {
      command: Array.isArray(raw.command) ? raw.command.map(String) : [],
      processes: raw.processes === void 0 ? { value: [] } : probed(raw.processes, processes),
      listening: raw.listening === void 0 ? { value: [] } : probed(raw.listening, sockets),
      timeoutMs: typeof raw.timeoutMs === "number" ? raw.timeoutMs : 3e4
    };
    if (typeof raw.startError === "string") facts.startError = raw.startError;
    if (typeof raw.hostUids === "string") facts.hostUids = raw.hostUids;
    if (raw.exit && typeof raw.exit === "object") {
      const e = raw.exit;
      facts.exit = { code: Number(e.code ?? 0), oomKilled: e.oomKilled === true, afterMs: Number(e.afterMs ?? 100), logs: Array.isArray(e.logs) ? e.logs.map(String) : [] };
    }
    if (raw.health !== void 0) {
      facts.health = probed(raw.health, (h) => {
        if (typeof h === "string") return { status: h, waitedMs: 5e3, log: [] };
        const o = h;
        return { status: String(o.status), waitedMs: Number(o.waitedMs ?? 5e3), log: Array.isArray(o.log) ? o.log.map(String) : [] };
      });
    }
    probe = { value: facts };
  }
  const name = image ? `runtime:${image.name}` : profile ? `runtime:${profile.file}${profile.service ? `#${profile.service}` : ""}` : "runtime:example";
  return { name, ...profile ? { profile } : {}, ...image ? { image } : {}, probe };
}

// src/catalog/examples.ts
function runExample(rule, example, rules, checks) {
  const options = { profile: "all", ruleOptions: { [rule.id]: example.options ?? {} } };
  switch (rule.target) {
    case "dockerfile":
      if (example.dockerfile === void 0) throw new Error(`${rule.file}: a dockerfile example needs a dockerfile`);
      return evaluateDockerfileText(example.dockerfile, "Dockerfile", rules, checks, { ...options, target: example.target, buildArgs: example.buildArgs });
    case "host":
      if (example.host === void 0) throw new Error(`${rule.file}: a host example needs a host`);
      return evaluateHostFacts(hostFactsFromExample(example.host), rules, checks, options);
    case "image":
      if (example.image === void 0) throw new Error(`${rule.file}: an image example needs an image`);
      return evaluateImageModel(imageFromExample(example.image, "example", imagePathGlobs(rules, checks, options)), rules, checks, options);
    case "runtime":
      if (example.runtime === void 0) throw new Error(`${rule.file}: a runtime example needs a runtime`);
      return evaluateRuntimeModel(runtimeFromExample(example.runtime), rules, checks, options);
    default:
      return { skip: `no example runner for ${rule.target} rules` };
  }
}
function checkExample(rule, kind, example, index, rules, checks) {
  let result;
  try {
    result = runExample(rule, example, rules, checks);
  } catch (e) {
    return { ...resultBase(rule, kind, example, index), status: "fail", detail: `the example could not run: ${e.message}` };
  }
  return judgeExample(rule, kind, example, index, result);
}
function resultBase(rule, kind, example, index) {
  return { rule: rule.id, kind, index, ...example.note ? { note: example.note } : {} };
}
function judgeExample(rule, kind, example, index, result) {
  const base = resultBase(rule, kind, example, index);
  if ("skip" in result) return { ...base, status: "skip", detail: result.skip };
  const findings = result.findings.filter((f) => f.ruleId === rule.id);
  const verdict = result.verdicts.find((v) => v.id === rule.id);
  if (kind === "bad") {
    const got = findings.map((f) => f.location.startLine).sort((a, b) => a - b);
    const want = [...example.lines ?? []].sort((a, b) => a - b);
    if (verdict?.status === "skip") return { ...base, status: "fail", detail: `expected findings on line ${want.join(", ")}, but the rule skipped: ${verdict.reason}` };
    if (got.join(",") !== want.join(",")) {
      return { ...base, status: "fail", detail: `expected findings on line ${want.join(", ")}, got ${got.length ? `line ${got.join(", ")}` : "none"}` };
    }
    if (verdict?.status !== "fail") return { ...base, status: "fail", detail: `expected the verdict fail, got ${verdict ? verdict.status : "no verdict"}` };
    return { ...base, status: "pass" };
  }
  if (findings.length) return { ...base, status: "fail", detail: `expected no finding, got ${findings.map((f) => `line ${f.location.startLine}: ${f.message}`).join("; ")}` };
  if (verdict?.status !== "pass") return { ...base, status: "fail", detail: `expected the verdict pass, got ${verdict ? `${verdict.status}${verdict.reason ? ` (${verdict.reason})` : ""}` : "no verdict"}` };
  return { ...base, status: "pass" };
}
function checkRuleExamples(selected, rules, checks) {
  return selected.flatMap((rule) => [
    ...rule.examples.bad.map((e, i) => checkExample(rule, "bad", e, i + 1, rules, checks)),
    ...rule.examples.good.map((e, i) => checkExample(rule, "good", e, i + 1, rules, checks))
  ]);
}

// src/cli/commands/rules.ts
function rulesCommand(sub, config, all, out) {
  if (sub[0] !== "test" || sub.length > 1) throw new GateError(`rules: the subcommand is test (cis-docker-gate rules test [--config FILE] [--all])`, 2);
  const custom = config.policy?.customRules ?? [];
  const { rules, checks } = scanRules(config);
  const selected = all ? rules : custom.map((c) => c.meta);
  if (!selected.length) {
    out.write(`no custom rules${config.policy?.file ? ` in ${config.policy.file}` : " (no policy file)"}; --all tests the built-in rules too
`);
    return EXIT.passed;
  }
  const results = checkRuleExamples(selected, rules, checks);
  for (const r of results) {
    if (r.status === "pass" && all) continue;
    const label = `${r.kind} example ${r.index}${r.note ? ` (${r.note})` : ""}`;
    out.write(`${r.status === "pass" ? "ok  " : r.status === "skip" ? "skip" : "FAIL"}  ${r.rule}  ${label}${r.detail ? `: ${r.detail}` : ""}
`);
  }
  const without = selected.filter((r) => !r.examples.bad.length && !r.examples.good.length);
  for (const r of without) out.write(`note  ${r.id}  has no examples (${r.file}): add bad and good ones so this command can test it
`);
  const n = { pass: 0, fail: 0, skip: 0 };
  for (const r of results) n[r.status]++;
  out.write(`${selected.length} rule${selected.length === 1 ? "" : "s"}, ${results.length} example${results.length === 1 ? "" : "s"}: ${n.pass} passed, ${n.fail} failed, ${n.skip} skipped
`);
  return n.fail ? EXIT.failed : EXIT.passed;
}

// src/cli/main.ts
var USAGE = `Usage: cis-docker-gate scan --dockerfile PATH [options]
       cis-docker-gate scan [--only NAME]           the targets of the policy file
       cis-docker-gate baseline [--output FILE]     record today's open findings
       cis-docker-gate plan [--format github-matrix] the policy's targets, for a matrix
       cis-docker-gate merge REPORT.json... [--json F] [--sarif F] [--summary F]
       cis-docker-gate rules test [--all]           run the custom rules' examples

Checks Dockerfiles against the CIS Docker Benchmark (v1.8.0).

Options:
  --dockerfile PATH      Dockerfile to check (repeatable)
  --host-audit           also audit the Docker engine the gate talks to (CIS sections 1-3),
                         and its files when it runs on this machine
  --target STAGE         the stage that is built (default: the last)
  --image NAME[:TAG|@DIGEST]
                         also check this image (from the engine; pulled when absent)
  --image-archive FILE   check an image from a \`docker save\` tarball or an OCI layout (file or directory),
                         without an engine
  --build                build the image from --dockerfile (or <context>/Dockerfile) and check it
  --context DIR          the build context (default: the Dockerfile's directory); .dockerignore applies
  --platform OS/ARCH     platform to build, or to pick from a multi-platform archive
  --build-network NAME   network for RUN steps of --build (default: the engine's)
  --pull P               missing (default), always or never
  --registry-server HOST registry the credentials are for (default: the image's)
  --registry-username U  registry user; the password or token comes from standard input with
  --registry-password-stdin, or from CIS_DOCKER_GATE_REGISTRY_PASSWORD (a token alone: no username)
  --keep-image           leave the images the gate built or pulled in the engine
  --build-arg K=V        build argument (repeatable)
  --compose FILE         the runtime profile: a compose file (CIS section 5 judged on its lines) ...
  --service NAME         ... and its service (default: the only one)
  --run-option OPT       ... or a docker run option (repeatable: --run-option=--read-only
                         --run-option=--cap-drop=ALL); parsed as docker run does, never by a shell
  --runtime, --no-runtime
                         run (default) or do not run the checked image (--image or --build) once in a
                         sandboxed, throw-away container, probing its processes, ports, health and exit
  --runtime-network NAME the sandbox's network (default none; never host)
  --runtime-timeout S    the sandbox's hard timeout in seconds (default 30)
  --runtime-command CMD  replaces the image's CMD in the sandbox ("sleep 60" or '["sleep","60"]')
  --hardening-trial      start the image again under the CIS-hardened profile and report the settings
                         proven to work
  --trial-user USER      the user of the hardening trial (default: the image's non-root user)
  --profile P            cis-level-1 (default), cis-level-2 or all
  --fail-on S            critical, high (default), medium, low, info or never
  --config FILE          the policy file (default: .cis-docker-gate.yml here, if there is one)
  --only NAME            scan (or plan) only this target of the policy file
  --concurrency N        how many policy targets are scanned at once (default 4)
  --format F             text (default) or json
  --output FILE          write the report to FILE instead of standard output
  --version              print the version
  --help                 print this help

Exit codes: 0 passed, 1 gate failed, 2 usage or input error, 3 engine or internal error.
`;
async function main(argv, out, err) {
  const uninstall = installInterruptHandlers((code) => process.exit(code), (line) => err.write(`${line}
`));
  try {
    return await run(argv, out, err);
  } catch (e) {
    if (e instanceof GateError) {
      err.write(`cis-docker-gate: ${e.message}
`);
      return e.exitCode;
    }
    err.write(`cis-docker-gate: internal error: ${e?.message ?? String(e)}
`);
    return EXIT.internal;
  } finally {
    uninstall();
  }
}
async function run(argv, out, err) {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        dockerfile: { type: "string", multiple: true },
        "host-audit": { type: "boolean" },
        target: { type: "string" },
        image: { type: "string" },
        "image-archive": { type: "string" },
        build: { type: "boolean" },
        context: { type: "string" },
        platform: { type: "string" },
        "build-network": { type: "string" },
        pull: { type: "string" },
        "registry-server": { type: "string" },
        "registry-username": { type: "string" },
        "registry-password-stdin": { type: "boolean" },
        "keep-image": { type: "boolean" },
        "build-arg": { type: "string", multiple: true },
        compose: { type: "string" },
        service: { type: "string" },
        "run-option": { type: "string", multiple: true },
        runtime: { type: "boolean" },
        "no-runtime": { type: "boolean" },
        "runtime-network": { type: "string" },
        "runtime-timeout": { type: "string" },
        "runtime-command": { type: "string" },
        "hardening-trial": { type: "boolean" },
        "trial-user": { type: "string" },
        profile: { type: "string" },
        "fail-on": { type: "string" },
        format: { type: "string" },
        output: { type: "string" },
        config: { type: "string" },
        only: { type: "string" },
        concurrency: { type: "string" },
        json: { type: "string" },
        sarif: { type: "string" },
        summary: { type: "string" },
        all: { type: "boolean" },
        version: { type: "boolean" },
        help: { type: "boolean", short: "h" }
      }
    });
  } catch (e) {
    throw new GateError(`${e.message}

${USAGE}`, 2);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(USAGE);
    return EXIT.passed;
  }
  if (values.version) {
    out.write(`${toolVersion()}
`);
    return EXIT.passed;
  }
  const command = positionals[0];
  if (command === "merge") {
    return mergeCommand(positionals.slice(1), { json: values.json, sarif: values.sarif, summary: values.summary, format: values.format, output: values.output, ...values["fail-on"] ? { failOn: parseFailOn(values["fail-on"], "--fail-on") } : {} }, out, err);
  }
  if (command === "rules") {
    return rulesCommand(positionals.slice(1), withPolicy(policyOnly(values.config), { ignoreBaseline: true }), values.all ?? false, out);
  }
  if (command !== "scan" && command !== "baseline" && command !== "plan") {
    throw new GateError(command ? `unknown command "${command}"

${USAGE}` : `a command is needed

${USAGE}`, 2);
  }
  if (positionals.length > 1) throw new GateError(`unexpected argument "${positionals[1]}"

${USAGE}`, 2);
  const dockerfiles = values.dockerfile ?? [];
  const wantsImage = Boolean(values.image || values["image-archive"] || values.build);
  if (values.build && !dockerfiles.length) dockerfiles.push(join(values.context ?? ".", "Dockerfile"));
  const declaresRuntime = Boolean(values.compose || values["run-option"]?.length);
  const named = dockerfiles.length || wantsImage || declaresRuntime;
  if (values.build && values["image-archive"]) throw new GateError("--build and --image-archive cannot be used together", 2);
  const pull = values.pull ?? "missing";
  if (!PULL_POLICIES.includes(pull)) throw new GateError(`--pull: "${pull}" is not one of ${PULL_POLICIES.join(", ")}`, 2);
  const password = values["registry-password-stdin"] ? readFileSync(0, "utf8").replace(/\r?\n$/, "") : process.env.CIS_DOCKER_GATE_REGISTRY_PASSWORD;
  const format = values.format ?? "text";
  if (command !== "plan" && format !== "text" && format !== "json") throw new GateError(`--format: "${format}" is not one of text, json`, 2);
  const concurrency = values.concurrency === void 0 ? void 0 : Number(values.concurrency);
  if (concurrency !== void 0 && !(Number.isInteger(concurrency) && concurrency >= 1 && concurrency <= 64)) throw new GateError(`--concurrency: "${values.concurrency}" is not a whole number from 1 to 64`, 2);
  const config = {
    dockerfiles,
    hostAudit: values["host-audit"] ?? false,
    ...values.image ? { image: values.image } : {},
    ...values["image-archive"] ? { imageArchive: values["image-archive"] } : {},
    ...values.build ? { build: true } : {},
    ...values.context ? { context: values.context } : {},
    ...values.platform ? { platform: values.platform } : {},
    ...values["build-network"] ? { buildNetwork: values["build-network"] } : {},
    pull,
    ...values["registry-username"] || password ? { registry: { ...values["registry-server"] ? { server: values["registry-server"] } : {}, ...values["registry-username"] ? { username: values["registry-username"] } : {}, ...password ? { password } : {} } } : {},
    ...values["keep-image"] ? { keepImage: true } : {},
    ...values.compose ? { composeFile: values.compose } : {},
    ...values.service ? { service: values.service } : {},
    ...values["run-option"]?.length ? { runOptions: values["run-option"] } : {},
    // The sandbox runs by default when an image is checked.
    runtime: !values["no-runtime"],
    ...values["runtime-network"] ? { runtimeNetwork: values["runtime-network"] } : {},
    ...values["runtime-timeout"] ? { runtimeTimeout: parseRuntimeTimeout(values["runtime-timeout"], "--runtime-timeout") } : {},
    ...values["runtime-command"] ? { runtimeCommand: parseRuntimeCommand(values["runtime-command"], "--runtime-command") } : {},
    ...values["hardening-trial"] ? { hardeningTrial: true } : {},
    ...values["trial-user"] ? { trialUser: values["trial-user"] } : {},
    target: values.target,
    buildArgs: parseBuildArgs(values["build-arg"] ?? [], "--build-arg"),
    failOn: parseFailOn(values["fail-on"] ?? "high", "--fail-on"),
    profile: parseProfile(values.profile ?? "cis-level-1", "--profile"),
    ruleOptions: {},
    disabled: [],
    ...values.config ? { configFile: values.config } : {},
    ...values.only ? { only: values.only } : {},
    ...concurrency ? { concurrency } : {},
    given: {
      ...values["fail-on"] ? { failOn: "--fail-on" } : {},
      ...values.profile ? { profile: "--profile" } : {},
      ...concurrency ? { concurrency: "--concurrency" } : {},
      ...named ? { targets: dockerfiles.length ? "--dockerfile" : values.image ? "--image" : values["image-archive"] ? "--image-archive" : values.build ? "--build" : values.compose ? "--compose" : "--run-option" } : {}
    }
  };
  const resolved = withPolicy(config, { ignoreBaseline: command === "baseline" });
  if (command === "plan") return planCommand(resolved, format, out);
  if (values.only && !resolved.policy?.targets.length) throw new GateError("--only: names a target of the policy file, which lists none here", 2);
  if (!resolved.dockerfiles.length && !resolved.hostAudit && !wantsImage && !declaresRuntime && !resolved.policy?.targets.length) {
    throw new GateError(`--dockerfile (or --image, --image-archive, --host-audit, or targets in the policy file) is required

${USAGE}`, 2);
  }
  if (command === "baseline") return baselineCommand(resolved, values.output, err);
  const report = await scan(resolved);
  for (const w of policyWarnings(report)) err.write(`${w}
`);
  const rendered = format === "json" ? renderJson(report) : renderText(report);
  if (values.output) {
    try {
      writeFileSync3(values.output, rendered);
    } catch (e) {
      throw new GateError(`--output: cannot write ${values.output} (${e.code ?? e.message})`, 2);
    }
    err.write(renderText(report).split("\n").slice(-2).join("\n"));
  } else {
    out.write(rendered);
  }
  return report.passed ? EXIT.passed : EXIT.failed;
}
function policyOnly(configFile) {
  return { dockerfiles: [], buildArgs: {}, failOn: "high", profile: "cis-level-1", ruleOptions: {}, disabled: [], given: { targets: "rules test" }, ...configFile ? { configFile } : {} };
}
export {
  USAGE,
  main
};
