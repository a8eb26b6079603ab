import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { HEAP_FLAGS } from '../src/cli/heapFlags.js';
import { fileURLToPath } from 'node:url';
import { viewerPageScript } from './viewerPage.js';

/**
 * `npm run bundle`: the executor as one file, dist/compose-executor.mjs, with
 * every dependency inlined, for an agent to fetch through a Mesos URI.
 * It also writes the startup snapshot: dist/compose-executor.blob (V8's
 * heap after evaluating the executor's modules, for this very Node
 * version) and dist/compose-executor.sh, which starts node from it, or from
 * the .mjs beside it when the node on the PATH is another version.
 * `npm run bundle:binary`: the same as a single executable,
 * dist/compose-executor, made with Node's SEA support and postject.
 */

const { version } = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
const SEA_FUSE = 'NODE_SEA_FUSE_fce680ab2cc467b6e072b8b5df1996b2';

// dockerode reaches Docker over a local socket; SSH (ssh2 and its native cpu-features) is never used,
// nor gRPC, which dockerode loads only for BuildKit sessions of image builds.
const withoutSsh: Plugin = {
  name: 'without-ssh',
  setup(builder) {
    builder.onResolve({ filter: /^(ssh2|cpu-features|@grpc\/grpc-js|@grpc\/proto-loader)$/ }, (args) => ({ path: args.path, namespace: 'without-ssh' }));
    builder.onLoad({ filter: /.*/, namespace: 'without-ssh' }, (args) => ({
      // docker-modem reads `require('ssh2').Client` when it loads; only using it fails.
      contents: `const missing = () => { throw new Error('${args.path} is left out of the compose-executor bundle: reach Docker through its local socket'); };
module.exports = missing;
module.exports.Client = class { constructor() { missing(); } };`,
      loader: 'js',
    }));
  },
};

/**
 * Graphviz compiled to WebAssembly is 0.8 MB of the bundle's 2.2 MB, as a base64 string in the source, which V8
 * keeps in the heap of every start (a lazily compiled function needs its source) and in the snapshot's data: 1.6 MB
 * resident in each executor that never draws. Only `diagram` and `replay`'s pages draw, and the launcher runs those
 * from the .mjs beside it, so the snapshot's bundle has a stand-in that says so if anything else ever draws.
 */
const withoutGraphviz: Plugin = {
  name: 'without-graphviz',
  setup(builder) {
    builder.onResolve({ filter: /^@hpcc-js\/wasm-graphviz$/ }, (args) => ({ path: args.path, namespace: 'without-graphviz' }));
    builder.onLoad({ filter: /.*/, namespace: 'without-graphviz' }, () => ({
      contents: `module.exports.Graphviz = { load: async () => { throw new Error('Graphviz is left out of the startup snapshot: run compose-executor.mjs to draw'); } };`,
      loader: 'js',
    }));
  },
};

/** The stand-ins for node:http and node:https (below) load the real module with the require the snapshot's builder gives. */
const SNAPSHOT_PRELUDE = 'const __builtinRequire = require;';

/**
 * Node 20 cannot put node:http or node:https in a snapshot (their HTTP parser binding holds a handle V8 cannot
 * serialize), so in the snapshot's bundle they are stand-ins that load the module the first time it is used,
 * which is after the snapshot is deserialized. Module initialisations that only keep a reference stay in the heap.
 */
const lateHttp: Plugin = {
  name: 'late-http',
  setup(builder) {
    builder.onResolve({ filter: /^(node:)?https?$/ }, (args) => ({ path: args.path.replace(/^node:/, ''), namespace: 'late-http' }));
    builder.onLoad({ filter: /.*/, namespace: 'late-http' }, async (args) => {
      const keys = Object.keys(await import(`node:${args.path}`)).filter((key) => key !== 'default');
      return {
        contents: `let loaded;
const load = () => (loaded ??= __builtinRequire('node:${args.path}'));
const keys = ${JSON.stringify(keys)};
const stand = new Proxy({}, {
  get: (_, key) => (key === '__esModule' ? undefined : load()[key]),
  // An object made with this as its prototype (docker-modem's redirecting http does) gets its own property.
  set: (_, key, value, receiver) => {
    if (receiver === stand) load()[key] = value;
    else Object.defineProperty(receiver, key, { value, writable: true, enumerable: true, configurable: true });
    return true;
  },
  has: (_, key) => key in load(),
  ownKeys: () => keys,
  getOwnPropertyDescriptor: (_, key) => (keys.includes(key) ? { configurable: true, enumerable: true, writable: true, value: undefined } : undefined),
});
module.exports = stand;`,
        loader: 'js',
      };
    });
  },
};

async function bundleAs(format: 'esm' | 'cjs', outfile: string, entry = 'src/cli/standalone.ts'): Promise<void> {
  const snapshot = entry.endsWith('snapshot.ts');
  // `replay --html` inlines the page's script into each page: the bundle carries it, having no dist/ beside it.
  const viewerPage = await viewerPageScript();
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format,
    // CommonJS dependencies call require() for Node's built-in modules; CommonJS output has no import.meta.
    banner: {
      // The shebang lets an agent exec the fetched file itself, as Marathon's `exec '<executor>' <cmd>` does.
      js: format === 'esm'
        ? "#!/usr/bin/env node\nimport { createRequire as __bundleRequire } from 'node:module'; const require = __bundleRequire(import.meta.url);"
        : (snapshot ? SNAPSHOT_PRELUDE : '') + "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    define: {
      COMPOSE_EXECUTOR_VERSION: JSON.stringify(version),
      COMPOSE_EXECUTOR_BUNDLE: 'true',
      ...(snapshot ? { COMPOSE_EXECUTOR_SNAPSHOT: 'true' } : {}),
      COMPOSE_EXECUTOR_VIEWER_PAGE: JSON.stringify(viewerPage),
      ...(format === 'cjs' ? { 'import.meta.url': '__bundleUrl' } : {}),
    },
    plugins: snapshot ? [withoutSsh, withoutGraphviz, lateHttp] : [withoutSsh],
    legalComments: 'none',
    // Without comments the source is plain ASCII (some dependencies' comments are not), which V8 keeps at one byte a
    // character instead of two: 6 MB less resident. Names stay as they are, so stack traces still read.
    minifyWhitespace: true,
    minifySyntax: true,
    charset: 'ascii',
    logLevel: 'warning',
  });
}

export async function bundle(outfile = 'dist/compose-executor.mjs'): Promise<void> {
  await bundleAs('esm', outfile);
}

/**
 * The startup snapshot of the executor and its launcher. The blob only
 * starts under the Node that built it (V8 refuses another), so the
 * launcher checks `node --version` (which answers before V8 starts) and
 * otherwise runs the .mjs.
 */
export async function bundleSnapshot(output = 'dist/compose-executor', heapFlags: readonly string[] = HEAP_FLAGS): Promise<void> {
  const script = `${output}.snapshot.cjs`;
  const blob = `${output}.blob`;
  await bundleAs('cjs', script, 'src/cli/snapshot.ts');
  rmSync(blob, { force: true });
  execFileSync(process.execPath, [...heapFlags, '--snapshot-blob', blob, '--build-snapshot', script], { stdio: ['ignore', 'inherit', 'pipe'] });
  rmSync(script);
  const name = path.basename(output);
  const launcher = `${output}.sh`;
  writeFileSync(
    launcher,
    `#!/bin/sh
# compose-executor from its V8 startup snapshot (${name}.blob, built by Node ${process.version}):
# the modules are deserialized instead of parsed and run. Another Node runs ${name}.mjs instead.
here=$(dirname "$0")
# Drawing (diagram, replay's pages) needs Graphviz, which the snapshot leaves out; started by an agent, it is the executor.
if [ -z "\${MESOS_AGENT_ENDPOINT:-}" ] || [ -z "\${MESOS_EXECUTOR_ID:-}" ]; then
  case "\${1:-}" in diagram|replay) exec node ${heapFlags.join(' ')} "$here/${name}.mjs" "$@" ;; esac
fi
if [ "$(node --version 2>/dev/null)" = "${process.version}" ] && [ -r "$here/${name}.blob" ]; then
  exec node ${heapFlags.join(' ')} --snapshot-blob "$here/${name}.blob" -- "$@"
fi
exec node ${heapFlags.join(' ')} "$here/${name}.mjs" "$@"
`,
  );
  chmodSync(launcher, 0o755);
}

/** Node 20's single executables run a CommonJS script only, hence the .cjs bundle inside. */
export async function bundleBinary(output = 'dist/compose-executor'): Promise<void> {
  const script = `${output}.cjs`;
  const blob = `${output}.blob`;
  const config = `${output}.sea.json`;
  await bundleAs('cjs', script);
  writeFileSync(config, JSON.stringify({ main: script, output: blob, disableExperimentalSEAWarning: true }));
  execFileSync(process.execPath, ['--experimental-sea-config', config], { stdio: 'inherit' });
  rmSync(output, { force: true });
  copyFileSync(process.execPath, output);
  const postject = fileURLToPath(new URL('../node_modules/postject/dist/cli.js', import.meta.url));
  execFileSync(process.execPath, [postject, output, 'NODE_SEA_BLOB', blob, '--sentinel-fuse', SEA_FUSE], { stdio: ['ignore', 'ignore', 'inherit'] });
  rmSync(blob);
  rmSync(config);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  if (process.argv[2] === '--binary') await bundleBinary(process.argv[3]);
  else {
    await bundle(process.argv[2]);
    await bundleSnapshot(process.argv[2]?.replace(/\.mjs$/, ''));
  }
}
