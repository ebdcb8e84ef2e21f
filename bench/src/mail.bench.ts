import { randomBytes } from 'node:crypto';
import { monotonicUs } from './cpu-profile';
import { count, ms, percent, rate } from './format';
import { benchAddresses, connectClients, signUpAtRate, signUpBurst } from './email-sign-ups';
import { cpuSeconds } from './proc-cpu';
import { measured, type CaseOutput, type Measured } from './rows';
import { freePort, startAuthService, type ServerProcess } from './server-process';
import type { SetupClient } from './setup-client';
import { SmtpSink } from './smtp-sink';
import { arrivalRate, LatencyRecorder } from './stats';

export interface MailParams {
  /** Signed up and mailed first, untimed: the SMTP pool connects, the JIT warms up. */
  warmupSignUps: number;
  steadyPerSecond: number;
  steadyMs: number;
  steadyConnections: number;
  burstSignUps: number;
  burstConnections: number;
  /** How long the mails of a phase may take to arrive after its last sign-up was answered. */
  mailTimeoutMs: number;
  /** Profile mode: only the burst, with the server under --cpu-prof. */
  cpuProfileDir?: string;
}

/**
 * Mail from sign-up to SMTP in embedded mode: the built server with SMTP_URL pointing at a sink
 * in this process, passwordless sign-ups with an email (each appends an
 * email-verification-requested event, which the relay hands to the in-process mailer). A steady
 * open-loop rate gives the latency; a closed-loop burst gives the sustained mail rate.
 */
export async function mailBench(params: MailParams): Promise<CaseOutput> {
  const sink = await SmtpSink.start();
  const port = await freePort();
  let server: ServerProcess | undefined;
  let clients: SetupClient[] = [];
  let output: CaseOutput;
  try {
    server = await startAuthService({
      port,
      cpuProfileDir: params.cpuProfileDir,
      env: { SMTP_URL: sink.url(), PUBLIC_BASE_URL: `http://127.0.0.1:${port}` },
    });
    const run = randomBytes(4).toString('hex');
    clients = await connectClients(
      server.url,
      Math.max(params.steadyConnections, params.burstConnections),
    );

    const warmup = benchAddresses(run, 'warmup', params.warmupSignUps);
    await signUpBurst(clients.slice(0, params.steadyConnections), warmup);
    await sink.waitForAll(warmup, params.mailTimeoutMs);

    const rows: Measured[] = [];
    if (params.cpuProfileDir === undefined) {
      server.resetPeakRss();
      rows.push(await steadyRow(server, sink, clients, run, params));
    }
    server.resetPeakRss();
    const burst = await burstRow(server, sink, clients, run, params);
    rows.push(burst.row);
    if (sink.duplicates > 0) {
      for (const row of rows) row.notes.push(`${sink.duplicates} duplicate mails in the run`);
    }
    output = { rows, profileWindowUs: burst.windowUs };
  } finally {
    for (const client of clients) client.close();
    await server?.stop();
    await sink.close();
  }
  return { ...output, cpuProfile: server?.cpuProfile() };
}

async function steadyRow(
  server: ServerProcess,
  sink: SmtpSink,
  clients: SetupClient[],
  run: string,
  params: MailParams,
): Promise<Measured> {
  const total = Math.round((params.steadyPerSecond * params.steadyMs) / 1000);
  const emails = benchAddresses(run, 'steady', total);
  const timings = await signUpAtRate(
    clients.slice(0, params.steadyConnections),
    emails,
    params.steadyPerSecond,
  );
  await sink.waitForAll(emails, params.mailTimeoutMs);

  const fromAck = new LatencyRecorder();
  const fromSend = new LatencyRecorder();
  let beforeAck = 0;
  for (const timing of timings) {
    const arrived = sink.arrivalOf(timing.email)!;
    fromAck.record(arrived - timing.ackedAt);
    fromSend.record(arrived - timing.sentAt);
    if (arrived < timing.ackedAt) beforeAck += 1;
  }
  const latency = fromAck.summary();
  const sendToMail = fromSend.summary();
  const ackLatency = new LatencyRecorder();
  for (const timing of timings) ackLatency.record(timing.ackedAt - timing.sentAt);
  const ack = ackLatency.summary();
  return measured({
    id: 'mail-latency',
    name: `Sign-up → mail accepted by SMTP (${params.steadyPerSecond} sign-ups/s)`,
    throughput: arrivalRate(timings.map((t) => sink.arrivalOf(t.email)!)),
    unit: 'mails/s',
    p50Ms: latency.p50Ms,
    p99Ms: latency.p99Ms,
    peakRssMb: server.peakRssMb(),
    rssOf: 'server',
    concurrency: { connections: params.steadyConnections, depth: 1 },
    notes: [
      `${count(total)} passwordless sign-ups with an email, open loop at ${params.steadyPerSecond}/s for ${params.steadyMs / 1000} s over ${params.steadyConnections} connections, ${count(total)} mails; latency from each sign-up’s Authorization reply to the sink accepting its mail (max ${ms(latency.maxMs)} ms)`,
      `${beforeAck} mails accepted before their reply arrived (counted as negative latency)`,
      `sign-up sent → reply p50/p99 ${ms(ack.p50Ms)} / ${ms(ack.p99Ms)} ms; sent → mail ${ms(sendToMail.p50Ms)} / ${ms(sendToMail.p99Ms)} ms`,
      'target held to (no goal in the spec): p99 < 1 s',
    ],
  });
}

async function burstRow(
  server: ServerProcess,
  sink: SmtpSink,
  clients: SetupClient[],
  run: string,
  params: MailParams,
): Promise<{ row: Measured; windowUs: [number, number] }> {
  const emails = benchAddresses(run, 'burst', params.burstSignUps);
  const serverCpu0 = cpuSeconds(server.pid);
  const benchCpu0 = cpuSeconds();
  const started = performance.now();
  const timings = await signUpBurst(clients.slice(0, params.burstConnections), emails);
  const signedUp = performance.now();
  const serverCpu1 = cpuSeconds(server.pid);
  const benchCpu1 = cpuSeconds();
  await sink.waitForAll(emails, params.mailTimeoutMs);
  const arrivals = emails.map((email) => sink.arrivalOf(email)!);
  const lastMail = Math.max(...arrivals);
  const serverCpu2 = cpuSeconds(server.pid);
  const benchCpu2 = cpuSeconds();

  const mailsPerS = arrivalRate(arrivals);
  const signUpsPerS = arrivalRate(timings.map((t) => t.ackedAt));
  const lastAck = Math.max(...timings.map((t) => t.ackedAt));
  const duringSignUps = arrivals.filter((at) => at <= lastAck).length;
  const afterSignUps = arrivals.length - duringSignUps;
  const mailOnlyPerS = afterSignUps > 0 ? afterSignUps / ((lastMail - lastAck) / 1000) : null;
  const waited = new LatencyRecorder();
  for (const [i, timing] of timings.entries()) waited.record(arrivals[i] - timing.ackedAt);
  const wait = waited.summary();

  const share = (from: number | null, to: number | null, msSpan: number) =>
    from === null || to === null ? '–' : percent((to - from) / (msSpan / 1000));
  const mailPhaseMs = lastMail - signedUp;
  return {
    row: measured({
      id: 'mail-throughput',
      name: `Mails/s sustained (burst of ${count(params.burstSignUps)} sign-ups, ${params.burstConnections} connections)`,
      throughput: mailsPerS,
      unit: 'mails/s',
      peakRssMb: server.peakRssMb(),
      rssOf: 'server',
      inlineReference: { name: 'sign-ups/s (same burst)', throughput: signUpsPerS },
      concurrency: { connections: params.burstConnections, depth: 1 },
      notes: [
        `${count(params.burstSignUps)} passwordless sign-ups with an email, ${params.burstConnections} connections one at a time each, all ${count(arrivals.length)} mails arrived; mails/s from the first to the last mail`,
        `reference: sign-ups acknowledged per second in the same burst, first to last reply (${rate(signUpsPerS)}/s): the question is whether mail keeps up with sign-ups, and both come from the same burst on the same server; raw nodemailer sends from the bench process would measure the sink and loopback SMTP, which are not what bounds the server’s mail path`,
        `${count(duringSignUps)} mails arrived while the sign-ups ran (${rate((timings.length / (signedUp - started)) * 1000)}/s), ${count(afterSignUps)} after${mailOnlyPerS === null ? '' : `, at ${rate(mailOnlyPerS)}/s with the server doing nothing else`}`,
        `reply → mail in the burst: p50 ${ms(wait.p50Ms)} ms, p99 ${ms(wait.p99Ms)} ms, max ${ms(wait.maxMs)} ms (queueing)`,
        `CPU while the sign-ups ran: server ${share(serverCpu0, serverCpu1, signedUp - started)}, bench process (client and sink) ${share(benchCpu0, benchCpu1, signedUp - started)} of one core; after them, until the last mail: server ${share(serverCpu1, serverCpu2, mailPhaseMs)}, bench process ${share(benchCpu1, benchCpu2, mailPhaseMs)}`,
        'target held to (no goal in the spec): at least the argon2id reference’s rate, the most password sign-ups per second can reach; below 1 × sign-ups/s a passwordless burst builds a mail backlog',
      ],
    }),
    windowUs: [monotonicUs(started), monotonicUs(lastMail)],
  };
}
