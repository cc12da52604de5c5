#!/usr/bin/env node
// Assembles the published site from what scripts/setup.sh built (pkg/, www/data/) into one
// self-contained folder that any static host serves, at its root or under a sub-path.
//   node scripts/site.mjs [--out site] [--asset NAME ...]
// scripts/build-site.sh runs setup.sh and then this. Takes seconds (it copies; `cargo tree` and
// `cargo metadata` list the crates for the notices and build nothing). Exit 1, with one line per
// problem naming its fix, when an input is missing; 2 on a bad argument.
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DEFAULT_ASSET, REPO_ROOT, assembleSite } from './site/assemble.mjs';

const USAGE = 'usage: node scripts/site.mjs [--out DIR (default site/)] [--asset NAME ...]';

/** Parse the command line: { out, assets }; throws on an unknown argument. */
export function parseSiteArgs(argv) {
  const options = { out: path.join(REPO_ROOT, 'site'), assets: [] };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].split(/=(.*)/s, 2);
    const value = () => {
      const v = inline ?? argv[++i];
      if (v === undefined || v === '') throw new Error(`${flag} needs a value`);
      return v;
    };
    if (flag === '--out') options.out = path.resolve(value());
    else if (flag === '--asset') options.assets.push(value());
    else if (flag === '--help' || flag === '-h') options.help = true;
    else throw new Error(`unknown argument: ${argv[i]}`);
  }
  return options;
}

const megabytes = (bytes) => `${(bytes / 1e6).toFixed(2)} MB`;

async function main() {
  let options;
  try {
    options = parseSiteArgs(process.argv.slice(2));
  } catch (error) {
    console.error(`site.mjs: ${error.message}\n${USAGE}`);
    process.exit(2);
  }
  if (options.help) {
    console.log(`${USAGE}\nThe default asset (www/data/${DEFAULT_ASSET}) is always included.`);
    return;
  }
  const started = performance.now();
  try {
    const { out, files } = await assembleSite({ out: options.out, assets: options.assets });
    const total = files.reduce((sum, f) => sum + f.bytes, 0);
    const relative = path.relative(process.cwd(), out);
    const shown = relative.startsWith('..') ? out : relative || '.';
    console.log(`site.mjs: ${shown}/ holds ${files.length} files, ${megabytes(total)}, assembled in ` +
      `${((performance.now() - started) / 1000).toFixed(1)} s; serve it with any static server, e.g. ` +
      `python3 -m http.server -d ${shown}`);
  } catch (error) {
    for (const line of error.message.split('\n')) console.error(`site.mjs: ${line}`);
    process.exit(1);
  }
}

const isMain = process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href;
if (isMain) await main();
