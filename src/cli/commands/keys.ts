import { type CliCommand, requireString } from '../command.js';

/**
 * `distmetrics keys create|list|revoke`: API keys, managed from the machine that holds the store
 * (the server need not run). The token is printed once; only its hash is stored. Key changes
 * are written to the audit trail as actor 'cli'.
 */
export const keysCommand: CliCommand = {
  name: 'keys',
  usage: 'keys create --name <label> --role reader|writer|admin | keys list | keys revoke <name>',
  summary: 'Create (prints the token once), list or revoke API keys',
  options: { name: { type: 'string' }, role: { type: 'string' } },
  positionals: 1,
  maxPositionals: 2,
  async run({ values, positionals }, ctx) {
    const [action, target] = positionals;
    if (action === 'create') {
      if (target !== undefined) throw new Error('keys create takes --name and --role, not a positional name');
      const name = requireString(values, 'name');
      const role = requireString(values, 'role');
      const { key, token } = await ctx.withServices('cli keys', async (services) => {
        const created = await services.auth.keys.create(name, role);
        await services.auth.audit.record([cliEntry('createApiKey', { name, role })]);
        return created;
      });
      ctx.out(token);
      process.stderr.write(
        `Created ${key.role} key "${key.name}". The token above is shown only now: send it as Authorization: Bearer <token>.\n`,
      );
      return;
    }
    if (action === 'list') {
      if (target !== undefined) throw new Error('keys list takes no argument');
      const keys = await ctx.withServices('cli keys', (services) => services.auth.keys.list());
      if (keys.length === 0) ctx.out('No API keys.');
      for (const k of keys)
        ctx.out(
          `${k.name.padEnd(24)} ${k.role.padEnd(7)} created ${k.createdAt.toISOString()}${k.revokedAt ? `  revoked ${k.revokedAt.toISOString()}` : '  active'}`,
        );
      return;
    }
    if (action === 'revoke') {
      if (target === undefined) throw new Error('keys revoke takes the key name: keys revoke <name>');
      const key = await ctx.withServices('cli keys', async (services) => {
        const revoked = await services.auth.keys.revoke(target);
        await services.auth.audit.record([cliEntry('revokeApiKey', { name: target })]);
        return revoked;
      });
      ctx.out(`Revoked ${key.role} key "${key.name}".`);
      return;
    }
    throw new Error(`Unknown keys action "${action}": use create, list or revoke`);
  },
};

const cliEntry = (operation: string, args: Record<string, unknown>) => ({
  actor: 'cli',
  role: null,
  operation,
  arguments: args,
  address: null,
});
