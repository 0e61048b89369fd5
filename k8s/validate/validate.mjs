// Renders kustomizations and validates every object they produce against the Kubernetes API's JSON schemas
// (kubernetes-models; prometheus-operator models for ServiceMonitor and PrometheusRule), plus the name and label
// syntax the API server enforces beyond its schemas. An object of a kind with no schema is an error.
//
//   node k8s/validate/validate.mjs                    the dev and prod overlays
//   node k8s/validate/validate.mjs DIR...             those kustomizations
//   kubectl kustomize DIR | node validate.mjs -       already rendered YAML on standard input
//
// Exit codes: 0 valid, 1 invalid, 3 no kustomize (kubectl kustomize or kustomize build) to render with.
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import * as kubernetes from "kubernetes-models";
import * as prometheusOperator from "@kubernetes-models/prometheus-operator";

const here = dirname(fileURLToPath(import.meta.url));
const defaults = ["overlays/dev", "overlays/prod"].map((dir) => join(here, "..", dir));

const dns1123Subdomain = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const qualifiedName = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const labelValue = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const portName = /^(?=.*[a-z])[a-z0-9]([a-z0-9-]*[a-z0-9])?$/;

function render(dir) {
  const attempts = [["kubectl", ["kustomize", dir]], ["kustomize", ["build", dir]]];
  for (const [command, args] of attempts) {
    try {
      return execFileSync(command, args, { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    } catch (error) {
      if (error.code === "ENOENT") continue;
      throw new Error(`${command} ${args.join(" ")} failed:\n${error.stderr || error.message}`);
    }
  }
  console.error("Neither `kubectl kustomize` nor `kustomize build` is available to render the manifests.");
  process.exit(3);
}

function modelFor(apiVersion, kind) {
  const [group, version] = apiVersion.includes("/") ? apiVersion.split("/") : ["", apiVersion];
  // "networking.k8s.io" -> "networkingK8sIo", the way both packages name their group modules.
  const key = group === "" ? version : group.split(".").map((part, i) => (i === 0 ? part : part[0].toUpperCase() + part.slice(1))).join("");
  for (const models of [kubernetes, prometheusOperator]) {
    const module = group === "" ? models[version] : models[key]?.[version];
    if (module?.[kind]) return module[kind];
  }
  return undefined;
}

function checkQualifiedKey(key, what, errors) {
  const slash = key.lastIndexOf("/");
  const [prefix, name] = slash < 0 ? [undefined, key] : [key.slice(0, slash), key.slice(slash + 1)];
  if (prefix !== undefined && (prefix.length > 253 || !dns1123Subdomain.test(prefix))) errors.push(`${what} key "${key}": bad prefix`);
  if (name.length > 63 || !qualifiedName.test(name)) errors.push(`${what} key "${key}": bad name`);
}

// What the API server checks that the OpenAPI schemas do not.
function checkSyntax(object, errors) {
  const metadata = object.metadata ?? {};
  if (!metadata.name || metadata.name.length > 253 || !dns1123Subdomain.test(metadata.name)) errors.push(`metadata.name "${metadata.name}" is not a DNS-1123 subdomain`);
  const walk = (node, path) => {
    if (Array.isArray(node)) return node.forEach((item, i) => walk(item, `${path}[${i}]`));
    if (node === null || typeof node !== "object") return;
    for (const [key, value] of Object.entries(node)) {
      const at = path ? `${path}.${key}` : key;
      if ((key === "labels" || key === "matchLabels") && value && typeof value === "object") {
        for (const [label, text] of Object.entries(value)) {
          checkQualifiedKey(label, `${at}`, errors);
          if (typeof text !== "string" || text.length > 63 || !labelValue.test(text)) errors.push(`${at}["${label}"]: bad label value "${text}"`);
        }
      } else if (key === "annotations" && value && typeof value === "object") {
        for (const [annotation, text] of Object.entries(value)) {
          checkQualifiedKey(annotation, at, errors);
          if (typeof text !== "string") errors.push(`${at}["${annotation}"]: annotation values are strings`);
        }
      } else if (key === "ports" && Array.isArray(value)) {
        value.forEach((port, i) => {
          if (port?.name !== undefined && (port.name.length > 15 || !portName.test(port.name))) errors.push(`${at}[${i}].name "${port.name}" is not an IANA service name`);
        });
      }
      walk(value, at);
    }
  };
  walk(object, "");
}

function validate(text, source) {
  const problems = [];
  let count = 0;
  for (const document of parseAllDocuments(text)) {
    if (document.errors.length > 0) {
      problems.push(`${source}: YAML: ${document.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const object = document.toJS();
    if (object === null) continue;
    count++;
    const name = `${object.kind}/${object.metadata?.name}`;
    const Model = object.apiVersion && object.kind ? modelFor(object.apiVersion, object.kind) : undefined;
    if (!Model) {
      problems.push(`${source}: ${name}: no schema for apiVersion "${object.apiVersion}" kind "${object.kind}"`);
      continue;
    }
    const errors = [];
    try {
      new Model(object).validate();
    } catch (error) {
      for (const e of error.errors ?? [{ instancePath: "", message: error.message }]) {
        errors.push(`${e.instancePath || "/"} ${e.message}${e.params?.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : ""}`);
      }
    }
    checkSyntax(object, errors);
    for (const error of errors) problems.push(`${source}: ${name}: ${error}`);
  }
  return { count, problems };
}

const args = process.argv.slice(2);
const inputs = args.length === 0 ? defaults : args;
let failed = false;
for (const input of inputs) {
  const source = input === "-" ? "stdin" : relative(process.cwd(), input) || ".";
  const text = input === "-" ? readFileSync(0, "utf8") : render(input);
  const { count, problems } = validate(text, source);
  if (count === 0) problems.push(`${source}: no objects`);
  for (const problem of problems) console.error(problem);
  failed ||= problems.length > 0;
  console.log(`${source}: ${count} objects, ${problems.length === 0 ? "valid" : `${problems.length} problems`}`);
}
process.exit(failed ? 1 : 0);
