import { build, type Plugin } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { viewerPageScript } from './viewerPage.js';

/**
 * `npm run bundle`: the executor as one file, dist/compose-executor.mjs, with
 * every dependency inlined, for an agent to fetch through a Mesos URI.
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

async function bundleAs(format: 'esm' | 'cjs', outfile: string): Promise<void> {
  // `replay --html` inlines the page's script into each page: the bundle carries it, having no dist/ beside it.
  const viewerPage = await viewerPageScript();
  await build({
    entryPoints: ['src/cli/standalone.ts'],
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
        : "const __bundleUrl = require('node:url').pathToFileURL(__filename).href;",
    },
    define: {
      COMPOSE_EXECUTOR_VERSION: JSON.stringify(version),
      COMPOSE_EXECUTOR_BUNDLE: 'true',
      COMPOSE_EXECUTOR_VIEWER_PAGE: JSON.stringify(viewerPage),
      ...(format === 'cjs' ? { 'import.meta.url': '__bundleUrl' } : {}),
    },
    plugins: [withoutSsh],
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
  else await bundle(process.argv[2]);
}
