import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { FsObjectStore } from '../../../src/adapters/local/fs-object-store.js';
import { ExecutionStore } from '../../../src/local/engine/execution-store.js';
import { incomingKey } from '../../../src/local/stack/topology.js';
import { ValidationError } from '../../../src/shared/errors.js';

describe('names that become paths', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'fluxo-segments-'));
  const objects = new FsObjectStore(path.join(root, 'objects'));
  const executions = new ExecutionStore(path.join(root, 'executions'));

  it('refuses a bucket or key that would leave the object store', async () => {
    for (const [bucket, key] of [['..', 'dev.json'], ['.', 'x'], ['a..b', 'x'], ['Uploads', 'x'], ['-x', 'y'], ['fluxo-uploads', '../dev.json'], ['fluxo-uploads', 'a//b'], ['fluxo-uploads', 'a/./b'], ['fluxo-uploads', 'a\u0000b'], ['fluxo-uploads', `${'é'.repeat(130)}.csv`]]) {
      await expect(objects.put(bucket, key, 'x')).rejects.toThrow(ValidationError);
      await expect(objects.get(bucket, key)).rejects.toThrow(ValidationError);
    }
    await expect(objects.list('..')).rejects.toThrow(ValidationError);
    await expect(objects.put('fluxo-uploads', 'incoming/vendas/jan 2024.csv', 'a\n1\n')).resolves.toMatchObject({ key: 'incoming/vendas/jan 2024.csv' });
  });

  it('refuses a machine or execution name that is not one path segment', async () => {
    for (const [machine, name] of [['..', 'dev'], ['hello', '../../dev'], ['hello', '.hidden'], ['', 'x'], ['hello', 'a/b'], ['hello', 'a\u0000']]) {
      await expect(executions.get(machine, name)).rejects.toThrow(ValidationError);
    }
    await expect(executions.list('..')).rejects.toThrow(ValidationError);
    await expect(executions.get('hello', 'console-bad-redrive-1')).rejects.toThrow('not found');
  });

  it('puts uploads under incoming/<dataset>/ and refuses names that are not a .csv, .tsv or .txt file name', () => {
    expect(incomingKey('sales.csv')).toBe('incoming/sales.csv');
    expect(incomingKey('sales.csv', '/vendas/2024/')).toBe('incoming/vendas/2024/sales.csv');
    for (const [name, dataset] of [['sales.xlsx', ''], ['.csv', ''], ['a/b.csv', ''], ['a\\b.csv', ''], ['ok.csv', '..'], ['ok.csv', 'a/../..'], ['a\u0000.csv', ''], [`${'a'.repeat(256)}.csv`, '']]) {
      expect(() => incomingKey(name ?? '', dataset)).toThrow(ValidationError);
    }
  });

  it('refuses bidi, C1 and other control characters and hidden names in one line that shows them as ?', () => {
    const refusals = ['report\u202evsc.csv', 'a\u200fb.csv', 'a\u2067.csv', 'a\u061c.csv', 'a\u0085.csv', 'a\u007f.csv', 'tab\t.csv', '.hidden.csv', '..csv'].map((name) => {
      try {
        return incomingKey(name);
      } catch (error) {
        return (error as Error).message;
      }
    });
    expect(refusals).toEqual([
      'name "report?vsc.csv" has a control or bidirectional formatting character',
      'name "a?b.csv" has a control or bidirectional formatting character',
      'name "a?.csv" has a control or bidirectional formatting character',
      'name "a?.csv" has a control or bidirectional formatting character',
      'name "a?.csv" has a control or bidirectional formatting character',
      'name "a?.csv" has a control or bidirectional formatting character',
      'name "tab\\t.csv" has a control or bidirectional formatting character',
      'name ".hidden.csv" starts with a dot',
      'name "..csv" starts with a dot',
    ]);
    expect(() => incomingKey('ok.csv', 'vendas/.git')).toThrow('object key "incoming/vendas/.git/ok.csv" is not valid: a part starts with a dot');
    expect(() => incomingKey('ok.csv', 'vendas\u202e')).toThrow('object key "incoming/vendas?/ok.csv" is not valid: a part has a control or bidirectional formatting character');
    // Letters of any script, spaces and emoji stay allowed.
    expect(incomingKey('vendas de março 📈 مبيعات.csv', 'São Paulo')).toBe('incoming/São Paulo/vendas de março 📈 مبيعات.csv');
  });
});
