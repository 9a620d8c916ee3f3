import { mkdirSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { workflowFolder } from '../../../src/cli/generate/names.js';
import { UsageError } from '../../../src/shared/errors.js';

const project = (...folders: string[]) => {
  const root = mkdtempSync(path.join(tmpdir(), 'fluxo-names-'));
  for (const folder of folders) mkdirSync(path.join(root, 'src/workflows', folder), { recursive: true });
  return root;
};

describe('the folder a generated use case goes in', () => {
  it("is the flow's existing folder, singular or plural: client_notify goes to clients/, as client_ingest's", () => {
    expect(workflowFolder(project('clients', 'csv'), 'client')).toBe('clients');
    expect(workflowFolder(project('client'), 'clients')).toBe('client');
    expect(workflowFolder(project('csv'), 'csv')).toBe('csv');
    expect(workflowFolder(project('ops'), 'ops')).toBe('ops');
  });

  it('is a new folder named after the flow when there is none', () => {
    expect(workflowFolder(project('clients'), 'billing')).toBe('billing');
  });

  it('refuses, in one line, a flow with both a singular and a plural folder', () => {
    expect(() => workflowFolder(project('client', 'clients'), 'client')).toThrow(new UsageError('flow client matches both src/workflows/client and src/workflows/clients: merge them, or name the function after one'));
  });
});
