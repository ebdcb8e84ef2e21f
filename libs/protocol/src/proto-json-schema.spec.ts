import { protocolType } from './proto-json';
import { protoJsonSchemas, schemaName } from './proto-json-schema';

describe('JSON schemas derived from the protocol descriptors', () => {
  const schemas = protoJsonSchemas([protocolType('tangle.client.auth.Sessions')]);

  it('has one schema per reachable message, nested ones by $ref', () => {
    expect(Object.keys(schemas).sort()).toEqual([
      'tangle.client.auth.Session',
      'tangle.client.auth.Sessions',
    ]);
    expect(schemas['tangle.client.auth.Sessions'].properties).toEqual({
      sessions: {
        type: 'array',
        items: { $ref: '#/components/schemas/tangle.client.auth.Session' },
      },
      current: expect.objectContaining({ type: 'string', format: 'uint64' }),
    });
  });

  it('lists fields by JSON name, 64-bit integers as decimal strings, optional ones not required', () => {
    const session = schemas['tangle.client.auth.Session'];
    expect(session.properties?.lastActive).toEqual(
      expect.objectContaining({ type: 'string', pattern: '^(0|[1-9][0-9]{0,19})$' }),
    );
    expect(session.properties?.lastActive.description).toMatch(/also accepted as "last_active"/);
    expect(session.properties?.clientId).toEqual({
      type: 'integer',
      format: 'int64',
      minimum: 0,
      maximum: 0xffffffff,
      description: 'also accepted as "client_id"',
    });
    expect(session.required).toContain('deviceType');
    expect(session.required).not.toContain('country');
    expect(session.properties?.country).toEqual({ type: 'string' });
  });

  it('follows nested message types and names them by full name', () => {
    const reset = protocolType('tangle.client.auth.ResetPassword');
    const all = protoJsonSchemas([reset], '#/defs/');
    expect(all[schemaName(reset)].properties?.confirm).toEqual({
      $ref: '#/defs/tangle.client.auth.ResetPassword.ResetPasswordConfirm',
    });
    expect(all['tangle.client.auth.ResetPassword.ResetPasswordConfirm'].properties).toHaveProperty(
      'newPassword',
    );
  });

  it('writes enums by name', () => {
    const preview = protoJsonSchemas([protocolType('tangle.client.auth.InvitePreview')]);
    const field = Object.values(preview['tangle.client.auth.InvitePreview'].properties ?? {}).find(
      (p) => p.enum,
    );
    expect(field?.type).toBe('string');
    expect(field?.enum?.length).toBeGreaterThan(0);
  });
});
