import { execFileSync } from 'node:child_process';

/** Process-level tests run the real built server and CLI, so build them once first. */
export default function setup(): void {
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
}
