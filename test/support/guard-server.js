/**
 * Runs a test server (`node guard-server.js <grace-ms> <command> [args…]`) and ends it when the
 * process that started it goes away, even if that one was killed: the parent holds this
 * process's stdin, and the pipe closes when it dies. SIGTERM asks the server to stop; past the
 * grace period it is killed.
 */
'use strict';
const { spawn } = require('node:child_process');

const [grace, command, ...args] = process.argv.slice(2);
const graceMs = Number(grace);
const server = spawn(command, args, { stdio: ['ignore', 'inherit', 'inherit'] });
let stopping = false;

function stop() {
  if (stopping || server.exitCode !== null || server.signalCode !== null) return;
  stopping = true;
  server.kill('SIGTERM');
  setTimeout(() => server.kill('SIGKILL'), graceMs).unref();
}

process.stdin.on('end', stop);
process.stdin.on('close', stop);
process.stdin.on('error', stop);
process.stdin.resume();
for (const signal of ['SIGTERM', 'SIGINT', 'SIGHUP']) process.on(signal, stop);

server.once('error', (error) => {
  process.stderr.write(`${command}: ${error.message}\n`);
  process.exit(127);
});
server.once('exit', (code, signal) => process.exit(code ?? (signal === 'SIGTERM' ? 0 : 1)));
