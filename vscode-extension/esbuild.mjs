// Bundles the extension (dist/extension.js), the unit tests (out/unit/*.test.js, run with
// `node --test`) and the in-VS Code integration suite (out/integration/index.js).
import * as esbuild from 'esbuild';
import { readdirSync } from 'node:fs';

const args = new Set(process.argv.slice(2));
const production = args.has('--production');
const common = { bundle: true, platform: 'node', target: 'node18', format: 'cjs', sourcemap: !production, logLevel: 'warning' };

const builds = [];
if (args.has('--unit')) {
  const tests = readdirSync('test/unit').filter((f) => f.endsWith('.test.ts')).map((f) => `test/unit/${f}`);
  builds.push({ ...common, entryPoints: tests, outdir: 'out/unit', external: ['vscode', 'vscode-textmate', 'vscode-oniguruma'] });
} else if (args.has('--integration')) {
  builds.push({ ...common, entryPoints: ['test/integration/suite.ts'], outfile: 'out/integration/index.js', external: ['vscode'] });
} else {
  builds.push({ ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], minify: production });
}

if (args.has('--watch')) {
  const ctx = await esbuild.context(builds[0]);
  await ctx.watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
