import { validateClient } from '../../src/domain/clients/client.js';

describe('validateClient', () => {
  it('normalizes the existing message shape (name_costumer)', () => {
    expect(validateClient({ name_costumer: '  Maria   da Silva ', email: ' Maria.Silva@Example.COM ', phone: '(11) 98765-4321' }, 'BR')).toEqual({
      valid: true,
      client: { name: 'Maria da Silva', email: 'maria.silva@example.com', phone: '+5511987654321' },
    });
  });

  it('accepts name, international numbers, external_id and source', () => {
    expect(validateClient({ name: 'John', email: 'john@example.org', phone: '+1 415 555 2671', external_id: 'crm-9', source: 'site' }, 'BR')).toEqual({
      valid: true,
      client: { name: 'John', email: 'john@example.org', phone: '+14155552671', externalId: 'crm-9', source: 'site' },
    });
  });

  it('uses the configured default region for national numbers', () => {
    expect(validateClient({ name: 'Ana', email: 'ana@example.pt', phone: '912 345 678' }, 'PT')).toMatchObject({ valid: true, client: { phone: '+351912345678' } });
  });

  it('reports every problem', () => {
    expect(validateClient({ email: 'not-an-email', phone: '123' }, 'BR')).toEqual({
      valid: false,
      reasons: ['name is required (name_costumer or name)', 'email is not a valid address', 'phone is not a valid number'],
    });
    expect(validateClient({ name: 'x'.repeat(257), email: 'a@b.co', phone: '11987654321' }, 'BR')).toEqual({ valid: false, reasons: ['name is longer than 256 characters'] });
  });

  it('rejects what is not an object', () => {
    for (const input of ['just text', null, 42, ['a']]) expect(validateClient(input, 'BR')).toEqual({ valid: false, reasons: ['message is not a JSON object'] });
  });
});
