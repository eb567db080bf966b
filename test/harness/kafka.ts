/**
 * A real Apache Kafka broker for tests: one node in KRaft mode (broker and controller in one
 * JVM) on 127.0.0.1, from the Maven Central jars that test/harness/kafka/resolve.sh resolves
 * (scripts/setup.sh runs it; this harness runs it too when the classpath is missing). Storage
 * is formatted with Kafka's own storage tool in a temporary folder; stop() kills the JVM and
 * removes the folder. The broker log is kept in that folder and quoted when start-up fails.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer, connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import kafkajs from 'kafkajs';

const run = promisify(execFile);
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CLASSPATH_FILE = join(ROOT, '.cache', 'kafka', 'classpath.txt');
const RESOLVE = join(ROOT, 'test', 'harness', 'kafka', 'resolve.sh');

/** Options of startKafka. */
export interface KafkaHarnessOptions {
  /** Longest wait for the broker to accept clients (ms); the classpath resolution has its own 10 minutes. */
  timeoutMs?: number;
  /** Extra server.properties entries, e.g. `{ 'log.retention.ms': '60000' }`. */
  properties?: Record<string, string>;
  /**
   * SASL/PLAIN users (name -> password, letters and digits): the client listener then takes
   * only SASL_PLAINTEXT. With `acls`, the broker denies what no ACL allows, except to `superUser`.
   */
  sasl?: { users: Record<string, string>; acls?: boolean };
}

/** A running broker. */
export interface RunningKafka {
  /** Bootstrap servers, `127.0.0.1:<port>`. */
  brokers: string[];
  /** The broker's folder (server.properties, data, broker.log); removed by stop(). */
  dir: string;
  /** With `sasl`: a user allowed everything, to create topics and ACLs. */
  superUser?: { username: string; password: string };
  /** Kills the broker and removes its data; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts a single-node Kafka broker on free loopback ports; rejects (and cleans up) if it is not ready in time. */
export async function startKafka(opts: KafkaHarnessOptions = {}): Promise<RunningKafka> {
  const timeoutMs = opts.timeoutMs ?? 120_000;
  const classpath = await brokerClasspath();
  const dir = await mkdtemp(join(tmpdir(), 'obs-report-kafka-'));
  let child: ChildProcess | undefined;
  const killOnExit = (): void => void child?.kill('SIGKILL');
  const stop = async (): Promise<void> => {
    process.off('exit', killOnExit);
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      // The data is thrown away, so there is nothing to shut down cleanly.
      child.kill('SIGKILL');
      await exited;
    }
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const [brokerPort, controllerPort] = await freePorts(2);
    const properties = join(dir, 'server.properties');
    const superUser = opts.sasl ? { username: 'harness', password: randomBytes(12).toString('hex') } : undefined;
    const security = opts.sasl && superUser ? saslProperties(brokerPort!, controllerPort!, superUser, opts.sasl) : {};
    await writeFile(properties, serverProperties(join(dir, 'data'), brokerPort!, controllerPort!, { ...security, ...opts.properties }));
    const log4j = join(dir, 'log4j2.properties');
    await writeFile(log4j, log4jProperties(join(dir, 'broker.log')));
    const jvm = ['-Xms128m', '-Xmx512m', `-Dlog4j2.configurationFile=${log4j}`, '-cp', classpath];
    await run('java', [...jvm, 'kafka.tools.StorageTool', 'format', `--cluster-id=${clusterId()}`, '-c', properties], { timeout: timeoutMs });
    child = spawn('java', [...jvm, 'kafka.Kafka', properties], { stdio: ['ignore', 'ignore', 'pipe'] });
    process.once('exit', killOnExit);
    let stderr = '';
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    const brokers = [`127.0.0.1:${brokerPort}`];
    const exited = new Promise<never>((_, reject) =>
      child!.once('exit', (code) => reject(new Error(`Kafka exited with ${code} during start-up:\n${stderr}`))),
    );
    exited.catch(() => undefined);
    await Promise.race([waitReady(brokers, Date.now() + timeoutMs, superUser), exited]);
    return { brokers, dir, stop, ...(superUser ? { superUser } : {}) };
  } catch (error) {
    const log = await readFile(join(dir, 'broker.log'), 'utf8').catch(() => '');
    await stop();
    if (error instanceof Error && log) error.message += `\n--- broker.log (end) ---\n${log.slice(-3000)}`;
    throw error;
  }
}

/** The broker's jars, resolved by resolve.sh (which does nothing when they are current). */
async function brokerClasspath(): Promise<string> {
  const current = existsSync(CLASSPATH_FILE) && (await readFile(CLASSPATH_FILE, 'utf8')).trim().split(':').every((jar) => existsSync(jar));
  if (!current) await run('bash', [RESOLVE], { timeout: 600_000 });
  return (await readFile(CLASSPATH_FILE, 'utf8')).trim();
}

function serverProperties(data: string, brokerPort: number, controllerPort: number, extra: Record<string, string>): string {
  const settings: Record<string, string> = {
    'process.roles': 'broker,controller',
    'node.id': '1',
    'controller.quorum.voters': `1@127.0.0.1:${controllerPort}`,
    listeners: `PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `PLAINTEXT://127.0.0.1:${brokerPort}`,
    'controller.listener.names': 'CONTROLLER',
    'inter.broker.listener.name': 'PLAINTEXT',
    'listener.security.protocol.map': 'PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
    'log.dirs': data,
    'num.partitions': '1',
    'offsets.topic.replication.factor': '1',
    'offsets.topic.num.partitions': '1',
    'transaction.state.log.replication.factor': '1',
    'transaction.state.log.min.isr': '1',
    'share.coordinator.state.topic.replication.factor': '1',
    'share.coordinator.state.topic.min.isr': '1',
    // Tests read consumer groups at once; production brokers wait 3 s for more members.
    'group.initial.rebalance.delay.ms': '0',
    // A missing topic must stay missing (the source's error for it is tested).
    'auto.create.topics.enable': 'false',
    // Tests publish events with historical timestamps: time-based retention would delete them.
    'log.retention.ms': '-1',
    ...extra,
  };
  return Object.entries(settings).map(([k, v]) => `${k}=${v}\n`).join('');
}

/** A SASL_PLAINTEXT client listener with PLAIN users; the controller listener stays plaintext (its principal is ANONYMOUS). */
function saslProperties(brokerPort: number, controllerPort: number, superUser: { username: string; password: string }, sasl: NonNullable<KafkaHarnessOptions['sasl']>): Record<string, string> {
  const users = { ...sasl.users, [superUser.username]: superUser.password };
  const jaas = [
    'org.apache.kafka.common.security.plain.PlainLoginModule required',
    `username="${superUser.username}" password="${superUser.password}"`,
    ...Object.entries(users).map(([user, password]) => `user_${user}="${password}"`),
  ].join(' ');
  return {
    listeners: `SASL_PLAINTEXT://127.0.0.1:${brokerPort},CONTROLLER://127.0.0.1:${controllerPort}`,
    'advertised.listeners': `SASL_PLAINTEXT://127.0.0.1:${brokerPort}`,
    'listener.security.protocol.map': 'SASL_PLAINTEXT:SASL_PLAINTEXT,CONTROLLER:PLAINTEXT',
    'inter.broker.listener.name': 'SASL_PLAINTEXT',
    'sasl.enabled.mechanisms': 'PLAIN',
    'sasl.mechanism.inter.broker.protocol': 'PLAIN',
    'listener.name.sasl_plaintext.plain.sasl.jaas.config': `${jaas};`,
    ...(sasl.acls
      ? { 'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer', 'super.users': `User:${superUser.username};User:ANONYMOUS` }
      : {}),
  };
}

function log4jProperties(file: string): string {
  return [
    'status = warn',
    'appender.file.type = File',
    'appender.file.name = file',
    `appender.file.fileName = ${file}`,
    'appender.file.layout.type = PatternLayout',
    'appender.file.layout.pattern = [%d] %p %m (%c)%n',
    'rootLogger.level = info',
    'rootLogger.appenderRef.file.ref = file',
    '',
  ].join('\n');
}

/**
 * A random cluster id as Kafka writes them: 16 bytes, URL-safe base64 without padding. It may
 * start with '-', so it is passed as `--cluster-id=<id>`, never as a separate argument.
 */
function clusterId(): string {
  return randomBytes(16).toString('base64url');
}

/** Ports the OS reports free on 127.0.0.1 (released at once, so another process could take one first: rare). */
async function freePorts(n: number): Promise<number[]> {
  const servers = await Promise.all(
    Array.from({ length: n }, () => new Promise<ReturnType<typeof createServer>>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve(server));
    })),
  );
  const ports = servers.map((s) => {
    const address = s.address();
    if (address === null || typeof address === 'string') throw new Error('no TCP port assigned');
    return address.port;
  });
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
  return ports;
}

/** Waits until the port accepts connections and the broker answers a metadata request. */
async function waitReady(brokers: string[], deadline: number, superUser?: { username: string; password: string }): Promise<void> {
  const [host, port] = brokers[0]!.split(':');
  for (;;) {
    if (await accepts(host!, Number(port))) break;
    if (Date.now() > deadline) throw new Error(`Kafka did not accept connections on ${brokers[0]} in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  const sasl = superUser ? { sasl: { mechanism: 'plain' as const, ...superUser } } : {};
  const admin = new kafkajs.Kafka({ brokers, clientId: 'harness', logLevel: kafkajs.logLevel.NOTHING, retry: { retries: 0 }, ...sasl }).admin();
  for (;;) {
    try {
      await admin.connect();
      const cluster = await admin.describeCluster();
      if (cluster.brokers.length > 0) break;
    } catch {
      // Listening, but not serving metadata yet.
    } finally {
      await admin.disconnect().catch(() => undefined);
    }
    if (Date.now() > deadline) throw new Error(`Kafka on ${brokers[0]} did not answer metadata requests in time`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

function accepts(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
