import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fluxo, startDev } from '../support/cli.js';

const home = mkdtempSync(path.join(tmpdir(), 'fluxo-home-'));
const env = { FLUXO_HOME: home, FLUXO_WAIT_SCALE: '0.1', LOG_LEVEL: 'warn' };

describe('fluxo as a user runs it', () => {
  let dev: Awaited<ReturnType<typeof startDev>>;
  beforeAll(async () => {
    dev = await startDev(env);
  }, 90_000);
  afterAll(async () => dev?.stop());

  it('serves the console page and /health', async () => {
    const page = await fetch(dev.url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<h1>fluxo</h1>');
    expect(await (await fetch(`${dev.url}/health`)).json()).toEqual({ status: 'ok' });
  });

  it('fluxo run hello --history runs through the dev server and prints output and events', async () => {
    const result = await fluxo(['run', 'hello', '--input', '{"name":"Ana","loud":true}', '--name', 'e2e-hello', '--history'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ greeting: 'OLÁ, ANA!' });
    for (const line of ['ExecutionStarted', 'StateEntered            Greet (Task)', 'IsLoud (Choice)', 'CatchBreath (Wait)', 'ExecutionSucceeded']) expect(result.stderr).toContain(line);
    const listed = (await (await fetch(`${dev.url}/api/executions?machine=hello`)).json()) as { name: string; status: string }[];
    expect(listed).toContainEqual(expect.objectContaining({ name: 'e2e-hello', status: 'SUCCEEDED' }));
  });

  it('exits 2 with one line for bad usage', async () => {
    const unknown = await fluxo(['run', 'no-such-machine'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr.trim()).toBe('fluxo: unknown machine no-such-machine: no statemachines/no-such-machine.asl.json');
    const badJson = await fluxo(['run', 'hello', '--input', '{oops'], env);
    expect(badJson.code).toBe(2);
    expect(badJson.stderr.trim()).toBe('fluxo: --input: not valid JSON');
    const badFlag = await fluxo(['run', '--bogus'], env);
    expect(badFlag.code).toBe(2);
  });

  it('fluxo invoke runs one handler as Lambda would', async () => {
    const result = await fluxo(['invoke', 'hello_greet', '--event', path.resolve('fixtures/events/hello-greet.json')], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual({ greeting: 'Olá, Bruno!', loud: false });
  });
});
