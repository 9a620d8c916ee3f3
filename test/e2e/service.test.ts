import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, symlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { CreateStateMachineCommand, ListExecutionsCommand, SFNClient } from '@aws-sdk/client-sfn';
import { CreateQueueCommand, GetQueueAttributesCommand, SQSClient } from '@aws-sdk/client-sqs';
import { CreateTopicCommand, PublishCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import { clientConfig } from '../../src/adapters/aws/clients.js';
import { twilioParams } from '../../src/local/stack/chat.js';
import webhooks from 'twilio/lib/webhooks/webhooks.js';
import { FLUXO_BIN, fluxo } from '../support/cli.js';

const endpoint = process.env.MOTO_ENDPOINT;
const settings = { region: 'us-east-1', endpoint };
const id = randomBytes(4).toString('hex');
const prefix = `arn:aws:states:us-east-1:123456789012:stateMachine:fluxo-svc${id}-`;
const sfn = new SFNClient(clientConfig(settings));
const sqs = new SQSClient(clientConfig(settings));
const sns = new SNSClient(clientConfig(settings));
/** Node 20 only: the AWS SDK's notice that it will need Node 22 is not part of the answer. */
const withoutNodeNotice = (text: string) => text.replace(/\(node:\d+\) Warning: NodeVersionSupportWarning[\s\S]*?\(Use `node --trace-warnings[^\n]*\n?/g, '').trim();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface Running {
  child: ChildProcess;
  port: number;
  output(): string;
  exited: Promise<number | null>;
}

/** `fluxo service` as the Dockerfile runs it (CMD ["fluxo", "service"]), settings in the environment. */
async function startService(env: Record<string, string>): Promise<Running> {
  const child = spawn(process.execPath, [FLUXO_BIN, 'service'], { env: { ...process.env, AWS_ENDPOINT_URL: endpoint, LOG_LEVEL: 'warn', PORT: '0', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fluxo service did not listen in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(?:health on|serving on) http:\/\/0\.0\.0\.0:(\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`fluxo service exited with ${code}:\n${output}`)));
  });
  return { child, port, output: () => output, exited };
}

async function health(port: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(`http://127.0.0.1:${port}/health`);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

async function executions(machine: string): Promise<string[]> {
  const out = await sfn.send(new ListExecutionsCommand({ stateMachineArn: `${prefix}${machine}`, maxResults: 1000 }));
  return (out.executions ?? []).map((execution) => execution.name ?? '');
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, seconds = 30): Promise<T> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

let topicArn = '';
let queueUrl = '';

beforeAll(async () => {
  if (!endpoint) throw new Error('MOTO_ENDPOINT is not set: run through jest (global setup starts moto)');
  for (const machine of ['client-registration', 'assistant-turn', 'csv-summary']) {
    await sfn.send(new CreateStateMachineCommand({ name: `fluxo-svc${id}-${machine}`, roleArn: 'arn:aws:iam::123456789012:role/fluxo', definition: JSON.stringify({ StartAt: 'Done', States: { Done: { Type: 'Succeed' } } }) }));
  }
  // NewClientNotification -> NewClientFunctionSQS, as serverless.yml wires them.
  topicArn = (await sns.send(new CreateTopicCommand({ Name: `clients-${id}` }))).TopicArn ?? '';
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: `clients-${id}`, Attributes: { VisibilityTimeout: '2' } }))).QueueUrl ?? '';
  const { Attributes } = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }));
  await sns.send(new SubscribeCommand({ TopicArn: topicArn, Protocol: 'sqs', Endpoint: Attributes?.QueueArn }));
}, 60_000);

describe('fluxo service: the functions outside Lambda, configured as a container is', () => {
  it('SERVICE_NAME=client_ingest consumes the queue, starts one registration per message, reports healthy, and loses nothing to SIGTERM mid-batch', async () => {
    const env = { SERVICE_NAME: 'client_ingest', QUEUE_URL: queueUrl, STATE_MACHINE_ARN_PREFIX: prefix };
    let service = await startService(env);
    const first = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ name_costumer: 'Ana Souza', email: 'ana@example.com', phone: '11 98765-4321' }) }));
    await until('the first registration', async () => ((await executions('client-registration')).includes(`client-${first.MessageId}`) ? true : undefined));
    const healthy = await health(service.port);
    expect(healthy).toMatchObject({ status: 200, body: { status: 'ok', function: 'client_ingest', inFlight: 0 } });
    expect(typeof healthy.body.lastReceiveAt).toBe('string');

    // 40 more, then SIGTERM while batches are being handled: the batch in hand finishes, the process exits 0.
    const published: string[] = [`client-${first.MessageId}`];
    for (let index = 0; index < 40; index++) {
      const out = await sns.send(new PublishCommand({ TopicArn: topicArn, Message: JSON.stringify({ name_costumer: `Cliente ${index}`, email: `c${index}@example.com`, phone: `11 9${10_000_000 + index}` }) }));
      published.push(`client-${out.MessageId}`);
    }
    await until('a batch in hand', async () => ((await health(service.port)).body.received as number) > 1 ? true : undefined);
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
    expect(service.output()).toMatch(/SIGTERM: stopping after the current batch/);

    // What the first process did not finish is still on the queue: a new one takes it over.
    service = await startService(env);
    await until('every message registered', async () => {
      const names = new Set(await executions('client-registration'));
      return published.every((name) => names.has(name)) ? true : undefined;
    }, 60);
    expect((await executions('client-registration')).filter((name) => published.includes(name)).sort()).toEqual([...published].sort());
    service.child.kill('SIGTERM');
    expect(await service.exited).toBe(0);
  }, 120_000);

  it('turns /health to 503 when receives keep failing (SQS unreachable), so an orchestrator restarts it', async () => {
    const service = await startService({ SERVICE_NAME: 'client_ingest', QUEUE_URL: queueUrl, AWS_ENDPOINT_URL: 'http://127.0.0.1:9', UNHEALTHY_AFTER_SECONDS: '1', STATE_MACHINE_ARN_PREFIX: prefix });
    try {
      const unhealthy = await until('503', async () => {
        const answer = await health(service.port);
        return answer.status === 503 ? answer : undefined;
      }, 20);
      expect(unhealthy.body).toMatchObject({ status: 'unhealthy', function: 'client_ingest', lastReceiveAt: null });
      expect(JSON.stringify(unhealthy.body)).not.toMatch(/secret|password|token/i);
    } finally {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    }
  }, 60_000);

  it('SERVICE_NAME=whatsapp_webhook answers a signed request with 200 TwiML and a forged one with 403', async () => {
    const authToken = 'test-auth-token-0123456789';
    // Behind a load balancer: the signature is computed over the public URL from config, not the one the process sees.
    const publicUrl = 'https://fluxo.example.com/webhook/whatsapp';
    const service = await startService({ SERVICE_NAME: 'whatsapp_webhook', TWILIO_AUTH_TOKEN: authToken, WHATSAPP_WEBHOOK_URL: publicUrl, STATE_MACHINE_ARN_PREFIX: prefix });
    try {
      const sid = `SM${id.repeat(4)}`;
      const params = twilioParams({ messageSid: sid, from: 'whatsapp:+5511999990000', to: 'whatsapp:+14155238886', accountSid: 'AC0123', text: 'gastei 10 no café' });
      const post = (signature: string, form: Record<string, string>) =>
        fetch(`http://127.0.0.1:${service.port}/webhook/whatsapp`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': signature, 'x-forwarded-for': '203.0.113.7' }, body: new URLSearchParams(form).toString() });
      const signed = await post(webhooks.getExpectedTwilioSignature(authToken, publicUrl, params), params);
      expect([signed.status, signed.status === 200 ? '' : await signed.clone().text()]).toEqual([200, '']);
      expect(await signed.text()).toBe('<?xml version="1.0" encoding="UTF-8"?><Response/>');
      expect(await executions('assistant-turn')).toEqual([sid]);
      const forged = { ...params, MessageSid: `SM${'f'.repeat(32)}`, Body: 'gastei 1000 no café' };
      const refused = await post(webhooks.getExpectedTwilioSignature(authToken, publicUrl, params), forged);
      expect(refused.status).toBe(403);
      expect(await executions('assistant-turn')).toEqual([sid]);
      expect(await health(service.port)).toEqual({ status: 200, body: { status: 'ok', function: 'whatsapp_webhook' } });
    } finally {
      service.child.kill('SIGTERM');
      expect(await service.exited).toBe(0);
    }
  }, 60_000);

  it('fluxo work runs a scheduled function once and exits 0; the wrong kind is refused with the command to use', async () => {
    const run = async (args: string[]) => {
      const { code, stderr } = await fluxo(args, { AWS_ENDPOINT_URL: endpoint, STATE_MACHINE_ARN_PREFIX: prefix, LOG_LEVEL: 'warn' });
      return { code, stderr: withoutNodeNotice(stderr) };
    };
    expect(await run(['work', 'ops_transitions'])).toEqual({ code: 0, stderr: 'ops_transitions: done' });
    expect(await run(['work', 'client_ingest'])).toEqual({ code: 2, stderr: 'fluxo: client_ingest is an SQS consumer, not a scheduled function: run it with fluxo consume' });
    expect(await run(['serve', 'ops_transitions'])).toEqual({ code: 2, stderr: 'fluxo: ops_transitions is a scheduled function, not an HTTP function: run it with fluxo work' });
  }, 60_000);

  it('runs as the Dockerfile runs it: CMD fluxo service from the image\'s files only (lib/, no src/), and the HEALTHCHECK command passes', async () => {
    // lib/ as `npm install` leaves it (bin/fluxo.js rebuilds it when src/ is newer).
    expect(spawnSync(process.execPath, [FLUXO_BIN, '--help']).status).toBe(0);
    const dockerfile = readFileSync('Dockerfile', 'utf8');
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? 'null') as string[];
    const healthcheck = JSON.parse(/^HEALTHCHECK .* CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? 'null') as string[];
    expect(cmd).toEqual(['fluxo', 'service']);
    // The runtime stage's COPY lines, laid out the same way (node_modules linked: no registry here).
    const image = mkdtempSync(path.join(tmpdir(), 'fluxo-image-'));
    const copies = [...dockerfile.split('# 3.')[1]!.matchAll(/^COPY (?!--from)(\S+) (\S+)$/gm)].map((match) => [match[1] as string, match[2] as string]);
    expect(copies.map(([from]) => from)).toEqual(['package.json', 'bin', 'scripts/build-cli.mjs', 'migrations']);
    for (const [from, to] of copies) cpSync(from, path.join(image, to.endsWith('/') ? path.join(to, path.basename(from)) : to), { recursive: true });
    cpSync('lib', path.join(image, 'lib'), { recursive: true });
    symlinkSync(path.resolve('node_modules'), path.join(image, 'node_modules'));
    const binDir = mkdtempSync(path.join(tmpdir(), 'fluxo-path-'));
    symlinkSync(path.join(image, 'bin/fluxo.js'), path.join(binDir, 'fluxo'));
    const child = spawn(cmd[0] as string, cmd.slice(1), {
      cwd: image,
      env: { ...process.env, PATH: `${binDir}:${process.env.PATH}`, NODE_ENV: 'production', SERVICE_NAME: 'whatsapp_webhook', PORT: '0', AWS_ENDPOINT_URL: endpoint, TWILIO_AUTH_TOKEN: 'test-auth-token-0123456789', WHATSAPP_WEBHOOK_URL: 'https://fluxo.example.com/webhook/whatsapp', STATE_MACHINE_ARN_PREFIX: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      const port = await new Promise<number>((resolve, reject) => {
        const onData = (chunk: Buffer) => {
          output += chunk.toString();
          const match = /serving on http:\/\/0\.0\.0\.0:(\d+)/.exec(output);
          if (match?.[1]) resolve(Number(match[1]));
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        void exited.then((code) => reject(new Error(`exited ${code}: ${output}`)));
      });
      expect(existsSync(path.join(image, 'src'))).toBe(false);
      const check = spawnSync(healthcheck[0] as string, healthcheck.slice(1), { env: { ...process.env, PORT: String(port) }, encoding: 'utf8' });
      expect(check.status).toBe(0);
    } finally {
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  }, 60_000);

  it('refuses in one line: no SERVICE_NAME, an unknown name, an SQS consumer without QUEUE_URL, a state-machine task', async () => {
    const run = async (env: Record<string, string>) => {
      const { code, stderr } = await fluxo(['service'], { SERVICE_NAME: '', AWS_ENDPOINT_URL: endpoint, ...env });
      return { code, stderr: withoutNodeNotice(stderr) };
    };
    expect(await run({})).toEqual({ code: 2, stderr: 'fluxo: SERVICE_NAME is not set: the function to run (for example client_ingest or whatsapp_webhook)' });
    expect(await run({ SERVICE_NAME: 'nope' })).toMatchObject({ code: 2, stderr: expect.stringMatching(/^fluxo: SERVICE_NAME "nope" is not a function \(known: .*client_ingest.*\)$/) });
    expect(await run({ SERVICE_NAME: 'client_ingest' })).toEqual({ code: 2, stderr: 'fluxo: QUEUE_URL is not set: client_ingest is an SQS consumer and needs the queue to poll' });
    expect(await run({ SERVICE_NAME: 'csv_inspect' })).toEqual({ code: 2, stderr: 'fluxo: csv_inspect is a state-machine task: it runs inside Step Functions, not as a service' });
  }, 60_000);
});
