import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { CreateQueueCommand, GetQueueAttributesCommand, SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import twilio from 'twilio';
import { clientConfig } from '../../src/adapters/aws/clients.js';
import { twilioParams } from '../../src/local/stack/chat.js';
import { FLUXO_BIN, fluxo } from '../support/cli.js';

const endpoint = process.env.MOTO_ENDPOINT ?? '';
const sqs = new SQSClient(clientConfig({ region: 'us-east-1', endpoint }));
const id = randomBytes(4).toString('hex');
/** A laptop's environment: moto for AWS, and none of the function's settings (no state machines, no database). */
const unset = undefined;
const unconfigured: Record<string, string | undefined> = { AWS_ENDPOINT_URL: endpoint, LOG_LEVEL: 'info', STATE_MACHINE_ARN_PREFIX: unset, DATABASE_URL: unset, DATABASE_SECRET_ID: unset, FLUXO_SECRET_ID: unset, TWILIO_AUTH_TOKEN: unset, WHATSAPP_WEBHOOK_URL: unset };
const message = JSON.stringify({ name_costumer: 'Ana Souza', email: 'ana@example.com', phone: '(11) 98765-4321' });
/** Settings present, but no machine behind them: every message fails at StartExecution. */
const noMachines = { ...unconfigured, STATE_MACHINE_ARN_PREFIX: `arn:aws:states:us-east-1:123456789012:stateMachine:fluxo-none${id}-` };

async function queueWith(name: string, bodies: string[]): Promise<string> {
  const url = (await sqs.send(new CreateQueueCommand({ QueueName: `${name}-${id}`, Attributes: { VisibilityTimeout: '1' } }))).QueueUrl ?? '';
  for (const body of bodies) await sqs.send(new SendMessageCommand({ QueueUrl: url, MessageBody: body }));
  return url;
}

/** Starts a long-running `fluxo <args>`; resolves with the URL it says it listens on. */
async function start(args: string[], env: Record<string, string | undefined>): Promise<{ child: ChildProcess; url: string; output(): string; stop(): Promise<number | null> }> {
  const child = spawn(process.execPath, [FLUXO_BIN, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`fluxo ${args[0]} did not listen in 30 s:\n${output}`)), 30_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = /(?:health on|serving on) (http:\/\/[\d.]+:\d+)/.exec(output);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    void exited.then((code) => reject(new Error(`fluxo ${args[0]} exited with ${code}:\n${output}`)));
  });
  return { child, url, output: () => output, stop: () => (child.kill('SIGTERM'), exited) };
}

async function healthUntil(url: string, status: number, seconds = 20): Promise<Record<string, unknown>> {
  const deadline = Date.now() + seconds * 1000;
  for (;;) {
    const response = await fetch(`${url}/health`);
    const body = (await response.json()) as Record<string, unknown>;
    if (response.status === status) return body;
    if (Date.now() > deadline) throw new Error(`/health stayed ${response.status}: ${JSON.stringify(body)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

afterAll(() => sqs.destroy());

describe('consume and serve say what fails, and stop when waiting cannot help', () => {
  it('refuses an empty or malformed --queue-url in one line, exit 2', async () => {
    for (const bad of ['', 'not a url', 'https://sqs.us-east-1.amazonaws.com/']) {
      const result = await fluxo(['consume', 'client_ingest', '--queue-url', bad], unconfigured);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n')).toEqual([`fluxo: --queue-url must be an SQS queue URL like https://sqs.us-east-1.amazonaws.com/123456789012/my-queue, got ${JSON.stringify(bad)}`]);
    }
  });

  it('--once: logs why each message failed (at info level), leaves it on the queue and exits 1', async () => {
    const queueUrl = await queueWith('once', [message]);
    const result = await fluxo(['consume', 'client_ingest', '--queue-url', queueUrl, '--once', '--wait-seconds', '1'], noMachines);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('consumed 1 messages: 0 done, 1 left for redelivery');
    const lines = result.stdout.split('\n').filter((line) => line.startsWith('{')).map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(lines).toContainEqual(expect.objectContaining({ function: 'client_ingest', error: 'StateMachineDoesNotExist', reason: expect.stringContaining('fluxo-none') }));
  }, 60_000);

  it('stops before taking a message, in one line with exit 2, when a setting its ports need is missing', async () => {
    const queueUrl = await queueWith('unset', [message]);
    const cases: Array<[string[], string]> = [
      [['consume', 'client_ingest', '--queue-url', queueUrl, '--once', '--wait-seconds', '1'], `fluxo: missing configuration: STATE_MACHINE_ARN_PREFIX (set them in the function's environment, serverless.yml's provider.environment)`],
      // The webhook's Twilio settings are checked at start too, every missing key in one line.
      [['serve', 'whatsapp_webhook', '--port', '0'], `fluxo: missing configuration: STATE_MACHINE_ARN_PREFIX, TWILIO_AUTH_TOKEN, WHATSAPP_WEBHOOK_URL (set them in the function's environment, serverless.yml's provider.environment, the secret fluxo/local/twilio)`],
    ];
    for (const [args, line] of cases) {
      const result = await fluxo(args, unconfigured);
      expect([args[0], result.code]).toEqual([args[0], 2]);
      expect(result.stderr.trim().split('\n').filter((each) => each.startsWith('fluxo:'))).toEqual([line]);
    }
    // The message is still there for a consumer that is configured.
    const attributes = await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
    expect(attributes.Attributes?.ApproximateNumberOfMessages).toBe('1');
  }, 60_000);

  it('fails fast, in one line with exit 2, when there are no AWS credentials (--once or not)', async () => {
    const queueUrl = await queueWith('nocreds', []);
    const env = { ...noMachines, AWS_ACCESS_KEY_ID: unset, AWS_SECRET_ACCESS_KEY: unset, AWS_PROFILE: unset, AWS_SHARED_CREDENTIALS_FILE: '/nonexistent', AWS_CONFIG_FILE: '/nonexistent', AWS_EC2_METADATA_DISABLED: 'true', AWS_CONTAINER_CREDENTIALS_FULL_URI: unset, AWS_CONTAINER_CREDENTIALS_RELATIVE_URI: unset, AWS_WEB_IDENTITY_TOKEN_FILE: unset };
    for (const once of [['--once'], []]) {
      const started = Date.now();
      const result = await fluxo(['consume', 'client_ingest', '--queue-url', queueUrl, '--wait-seconds', '1', ...once], env);
      expect(result.code).toBe(2);
      expect(result.stderr.trim().split('\n').filter((line) => line.startsWith('fluxo:'))).toEqual([expect.stringMatching(/^fluxo: invalid configuration: AWS credentials \(CredentialsProviderError receiving from the queue: set AWS_PROFILE/)]);
      expect(Date.now() - started).toBeLessThan(30_000);
    }
  }, 90_000);

  it('binds 127.0.0.1 by default and turns /health to 503 while every message fails', async () => {
    const queueUrl = await queueWith('health', [message]);
    const consumer = await start(['consume', 'client_ingest', '--queue-url', queueUrl, '--wait-seconds', '1', '--health-port', '0', '--unhealthy-after-seconds', '1'], noMachines);
    try {
      expect(consumer.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      const body = await healthUntil(consumer.url, 503);
      expect(body).toMatchObject({ status: 'unhealthy', function: 'client_ingest', deleted: 0 });
      expect(body.messagesFailingSince).toEqual(expect.any(String));
    } finally {
      await consumer.stop();
    }
  }, 60_000);

  it('serve: /health turns 503 once requests fail, naming the error, not a value', async () => {
    const token = `token-${id}-0123456789abcdef`;
    const publicUrl = 'https://example.execute-api.us-east-1.amazonaws.com/webhook/whatsapp';
    const server = await start(['serve', 'whatsapp_webhook', '--port', '0'], { ...noMachines, TWILIO_AUTH_TOKEN: token, WHATSAPP_WEBHOOK_URL: publicUrl });
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(await healthUntil(server.url, 200)).toEqual({ status: 'ok', function: 'whatsapp_webhook' });
      // Correctly signed, but there is no machine to start: a 5xx.
      const params = twilioParams({ messageSid: `SM${id}${'0'.repeat(24)}`, from: 'whatsapp:+5511999990000', to: 'whatsapp:+14155238886', accountSid: 'AC0123456789abcdef0123456789abcdef', text: 'oi' });
      const post = await fetch(`${server.url}/webhook/whatsapp`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-twilio-signature': twilio.getExpectedTwilioSignature(token, publicUrl, params) },
        body: new URLSearchParams(params).toString(),
      });
      expect(post.status).toBeGreaterThanOrEqual(500);
      const health = await healthUntil(server.url, 503, 5);
      expect(health).toMatchObject({ status: 'unhealthy', function: 'whatsapp_webhook', lastStatus: post.status });
      expect(health.lastError).toEqual(expect.any(String));
      expect(JSON.stringify(health)).not.toContain(token);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
