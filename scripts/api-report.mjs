// API report: lists every declaration the published .d.ts files expose (exported symbols of the entry points of
// both packages, plus every SDK declaration their types reach, such as a base class or an option interface) with
// their members, and compares the list with the committed api/honeyhive.api.md. Fails when they differ
// (run with --update to accept a change on purpose) and, whatever the snapshot says, when an internal member
// (engine methods, logger, settings...) is reachable from the public types.
//
// Why not @microsoft/api-extractor: it brings its own TypeScript and ~20 MB of dependencies, needs one config
// per entry point, and reports full signatures (noise on every doc edit). This script uses the project's
// TypeScript checker over the entry sources, which declare exactly what tsup's d.ts bundles emit.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import ts from "typescript";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const ENTRIES = {
  honeyhive: "packages/honeyhive/src/index.ts",
  "honeyhive/testing": "packages/honeyhive/src/testing.ts",
  "honeyhive/evaluators": "packages/honeyhive/src/evaluators.ts",
  "honeyhive/vitest": "packages/honeyhive/src/runners/vitest.ts",
  "honeyhive/jest": "packages/honeyhive/src/runners/jest.ts",
  "@honeyhive/dev-server": "packages/dev-server/src/index.ts",
};
const DIST_DIRS = ["packages/honeyhive/dist", "packages/dev-server/dist"];
const SNAPSHOT = join(root, "api", "honeyhive.api.md");
/** Internal members of the tracer and internal declarations: none may be reachable from the public types. */
const INTERNAL_MEMBER = /^(HoneyHiveTracer\w*)\.(startOwnSpan|onSpanStart|updateSession|settings|otelTracer|logger|config|enabled|sessions|engine|facade|setSessionId)\b/;
const INTERNAL_DECLARATION = /^(HoneyHiveTracerCore|TracerHandle|TracerHandleSettings|SpanSink|SessionClient|TracerResourceSource|TracerResources|ResolvedTracerConfig|SpanPipeline)$/;
const PUBLIC_CONSTRUCTOR = /^HoneyHiveTracer(Base)?\.constructor\(options\)$/;

const parsed = ts.getParsedCommandLineOfConfigFile(join(root, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
const program = ts.createProgram(Object.values(ENTRIES).map((f) => join(root, f)), { ...parsed.options, noEmit: true });
const checker = program.getTypeChecker();
const isOurs = (decl) => !relative(root, decl.getSourceFile().fileName).startsWith("node_modules") && !decl.getSourceFile().isDeclarationFile;

const reached = new Map(); // symbol -> lines
const queue = [];
const visitedTypes = new Set();

function enqueue(symbol) {
  if (!symbol || reached.has(symbol)) return;
  const decl = symbol.declarations?.[0];
  if (!decl || !isOurs(decl)) return;
  if (!(ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl) || ts.isTypeAliasDeclaration(decl) || ts.isEnumDeclaration(decl))) return;
  reached.set(symbol, undefined);
  queue.push(symbol);
}

function walkType(type, depth = 0) {
  if (!type || depth > 12 || visitedTypes.has(type)) return;
  visitedTypes.add(type);
  enqueue(type.aliasSymbol);
  (type.aliasTypeArguments ?? []).forEach((t) => walkType(t, depth + 1));
  if (type.isUnionOrIntersection()) return type.types.forEach((t) => walkType(t, depth + 1));
  const symbol = type.getSymbol();
  if (symbol) enqueue(symbol);
  if (type.flags & ts.TypeFlags.Object) {
    if (type.objectFlags & ts.ObjectFlags.Reference) checker.getTypeArguments(type).forEach((t) => walkType(t, depth + 1));
    const anonymous = symbol && !symbol.declarations?.some((d) => ts.isClassDeclaration(d) || ts.isInterfaceDeclaration(d));
    if (anonymous || !symbol) {
      for (const prop of type.getProperties()) {
        const decl = prop.valueDeclaration ?? prop.declarations?.[0];
        if (decl && isOurs(decl)) walkType(checker.getTypeOfSymbolAtLocation(prop, decl), depth + 1);
      }
    }
    for (const sig of [...type.getCallSignatures(), ...type.getConstructSignatures()]) walkSignature(sig, depth + 1);
  }
}

function walkSignature(sig, depth) {
  for (const p of sig.getParameters()) walkType(checker.getTypeOfSymbol(p), depth);
  walkType(sig.getReturnType(), depth);
}

function modifiers(node) {
  const flags = ts.getCombinedModifierFlags(node);
  const out = [];
  if (flags & ts.ModifierFlags.Private) out.push("private");
  if (flags & ts.ModifierFlags.Protected) out.push("protected");
  if (flags & ts.ModifierFlags.Static) out.push("static");
  if (flags & ts.ModifierFlags.Readonly) out.push("readonly");
  return out.length ? `${out.join(" ")} ` : "";
}

function memberName(node) {
  if (!node.name) return "";
  if (ts.isComputedPropertyName(node.name)) return `[${node.name.expression.getText()}]`;
  return node.name.getText();
}

function params(node) {
  return (node.parameters ?? []).map((p) => (p.dotDotDotToken ? "..." : "") + p.name.getText()).join(", ");
}

function describeMember(owner, node) {
  if (node.name && node.name.kind === ts.SyntaxKind.PrivateIdentifier) return "#private";
  const name = memberName(node);
  const mod = modifiers(node);
  if (ts.isConstructorDeclaration(node)) return `${owner}.constructor(${params(node)})`;
  if (ts.isMethodDeclaration(node) || ts.isMethodSignature(node)) return `${owner}.${name}(${params(node)}) ${mod}method`.trimEnd();
  if (ts.isGetAccessor(node)) return `${owner}.${name} ${mod}get`.trimEnd();
  if (ts.isSetAccessor(node)) return `${owner}.${name} ${mod}set`.trimEnd();
  if (ts.isPropertyDeclaration(node) || ts.isPropertySignature(node)) return `${owner}.${name} ${mod}property`.trimEnd();
  if (ts.isIndexSignatureDeclaration(node)) return `${owner}[index]`;
  if (ts.isCallSignatureDeclaration(node)) return `${owner}(${params(node)}) call`;
  return undefined;
}

function describeDeclaration(symbol) {
  const decl = symbol.declarations[0];
  const name = symbol.getName();
  const lines = [];
  if (ts.isClassDeclaration(decl) || ts.isInterfaceDeclaration(decl)) {
    const kind = ts.isClassDeclaration(decl) ? "class" : "interface";
    const heritage = (decl.heritageClauses ?? []).map((h) => h.getText()).join(" ");
    lines.push(`${kind} ${name}${heritage ? ` ${heritage}` : ""}`);
    for (const h of decl.heritageClauses ?? []) for (const t of h.types) walkType(checker.getTypeAtLocation(t));
    for (const member of decl.members) {
      const flags = ts.getCombinedModifierFlags(member);
      const line = describeMember(name, member);
      if (line && !lines.includes(`  ${line}`)) lines.push(`  ${line}`);
      if (member.name?.kind === ts.SyntaxKind.PrivateIdentifier || flags & ts.ModifierFlags.Private) continue;
      const sym = member.symbol;
      if (ts.isConstructorDeclaration(member) || ts.isMethodDeclaration(member) || ts.isMethodSignature(member)) {
        const sig = checker.getSignatureFromDeclaration(member);
        if (sig) walkSignature(sig, 0);
      } else if (sym) walkType(checker.getTypeOfSymbolAtLocation(sym, member));
    }
  } else if (ts.isTypeAliasDeclaration(decl)) {
    lines.push(`type ${name}`);
    walkType(checker.getTypeAtLocation(decl.type));
  } else if (ts.isEnumDeclaration(decl)) {
    lines.push(`enum ${name}`);
  }
  return lines;
}

const sections = [];
for (const [entry, file] of Object.entries(ENTRIES)) {
  const source = program.getSourceFile(join(root, file));
  const moduleSymbol = checker.getSymbolAtLocation(source);
  const exports = checker.getExportsOfModule(moduleSymbol).sort((a, b) => a.getName().localeCompare(b.getName()));
  const lines = [];
  for (const exported of exports) {
    const symbol = exported.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(exported) : exported;
    const decl = symbol.declarations?.[0];
    if (!decl) continue;
    if (ts.isFunctionDeclaration(decl)) {
      lines.push(`function ${exported.getName()}(${params(decl)})`);
      const sig = checker.getSignatureFromDeclaration(decl);
      if (sig) walkSignature(sig, 0);
    } else if (ts.isVariableDeclaration(decl)) {
      lines.push(`const ${exported.getName()}`);
      walkType(checker.getTypeOfSymbolAtLocation(symbol, decl));
    } else {
      enqueue(symbol);
      lines.push(`export ${exported.getName()}`);
    }
  }
  sections.push(`## entry "${entry}"\n\n${lines.map((l) => `- ${l}`).join("\n")}\n`);
}
while (queue.length > 0) {
  const symbol = queue.shift();
  reached.set(symbol, describeDeclaration(symbol));
}
const declarations = [...reached.entries()]
  .map(([symbol, lines]) => ({ name: symbol.getName(), file: relative(root, symbol.declarations[0].getSourceFile().fileName), lines }))
  .sort((a, b) => a.name.localeCompare(b.name) || a.file.localeCompare(b.file));
const body = declarations.map((d) => `### ${d.name} (${d.file})\n\n\`\`\`\n${d.lines.join("\n")}\n\`\`\`\n`).join("\n");
const report = `# API report of honeyhive\n\nGenerated by \`node scripts/api-report.mjs --update\`; checked by \`npm run lint\`. Every declaration the\npublished \`.d.ts\` files expose: the entry points' exports, then every SDK declaration reachable from them.\n\n${sections.join("\n")}\n## Declarations\n\n${body}`;

const violations = [];
for (const d of declarations) {
  if (INTERNAL_DECLARATION.test(d.name)) violations.push(`${d.name} (${d.file})`);
  for (const line of d.lines.map((l) => l.trim())) {
    if (INTERNAL_MEMBER.test(line)) violations.push(line);
    if (/^HoneyHiveTracer\w*\.constructor/.test(line) && !PUBLIC_CONSTRUCTOR.test(line)) violations.push(`${line} (hidden constructor parameter)`);
  }
}
// The built bundles too, when present: no internal name may appear in any published .d.ts.
const DIST_INTERNAL = /\b(startOwnSpan|onSpanStart|updateSession|otelTracer|HoneyHiveTracerCore|TracerHandle|TracerResourceSource)\b/;
for (const dist of DIST_DIRS) {
  for (const file of existsSync(join(root, dist)) ? readdirSync(join(root, dist)).filter((f) => /\.d\.c?ts$/.test(f)) : []) {
    const code = readFileSync(join(root, dist, file), "utf8").replace(/\/\*[\s\S]*?\*\//g, "");
    const match = code.match(DIST_INTERNAL);
    if (match) violations.push(`${dist}/${file} mentions ${match[0]}`);
  }
}
if (violations.length > 0) {
  console.error(`api-report: internal members are reachable from the public types:\n  ${[...new Set(violations)].join("\n  ")}`);
  process.exit(1);
}
if (process.argv.includes("--update")) {
  mkdirSync(dirname(SNAPSHOT), { recursive: true });
  writeFileSync(SNAPSHOT, report);
  console.log(`api-report: wrote ${relative(root, SNAPSHOT)}`);
} else {
  let committed = "";
  try {
    committed = readFileSync(SNAPSHOT, "utf8");
  } catch {
    // no snapshot yet: reported below
  }
  if (committed !== report) {
    const a = new Set(committed.split("\n"));
    const b = new Set(report.split("\n"));
    const removed = [...a].filter((l) => !b.has(l)).slice(0, 40);
    const added = [...b].filter((l) => !a.has(l)).slice(0, 40);
    console.error(`api-report: the public API differs from api/honeyhive.api.md (run \`node scripts/api-report.mjs --update\` if intended)\n${removed.map((l) => `- ${l}`).join("\n")}\n${added.map((l) => `+ ${l}`).join("\n")}`);
    process.exit(1);
  }
  console.log(`api-report: ${declarations.length} public declarations match api/honeyhive.api.md`);
}
