import { PolicyEvaluateRequest } from '@pave/plugin-policy-common';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { planFacts, recordOf } from '../testUtils/plans';
import { PolicyEngine } from './PolicyEngine';

const POLICIES = resolve(__dirname, '../../../../policies');

const prodDb = recordOf(planFacts('aws', 'prod'), 'db', 'database');
const unencrypted: PolicyEvaluateRequest = {
  principal: {
    userEntityRef: 'user:default/tom.becker',
    groups: ['group:default/payments'],
  },
  action: 'infra.provision',
  resources: [{ ...prodDb, encryptedAtRest: false }],
};

/** A forbid policy with Pave's annotations around `body`. */
const rule = (id: string, body: string, severity = 'deny') =>
  `@id("${id}")\n@message("${id} says no.")\n@severity("${severity}")\n${body}\n`;

let directory: string;
let engine: PolicyEngine;

beforeEach(async () => {
  // A copy of the real pack, so each test can break it its own way.
  directory = await mkdtemp(join(tmpdir(), 'pave-policies-'));
  await cp(POLICIES, directory, { recursive: true });
  engine = await PolicyEngine.create({ directory });
});

afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

/** Reload must refuse, and the previous set must keep deciding. */
async function expectRefused(): Promise<string[]> {
  const before = engine.listPolicies();
  const result = await engine.reload();
  if (result.loaded) {
    throw new Error('reload was expected to be refused');
  }
  expect(engine.listPolicies()).toEqual(before);
  expect(engine.evaluate(unencrypted).violations.map(v => v.policyId)).toEqual([
    'prod-db-encrypted-at-rest',
  ]);
  return result.errors;
}

describe('the policy set version', () => {
  const hex = /^sha256:[0-9a-f]{64}$/;

  it('is the content hash of the files: equal for equal files, on any engine', async () => {
    const first = engine.policySet;
    expect(first).toMatch(hex);
    expect(engine.evaluate(unencrypted).policySet).toBe(first);
    // Another replica reading a copy of the same files agrees.
    const copy = await mkdtemp(join(tmpdir(), 'pave-policies-'));
    try {
      await cp(directory, copy, { recursive: true });
      const other = await PolicyEngine.create({ directory: copy });
      expect(other.policySet).toBe(first);
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
    // A reload of unchanged files keeps it.
    expect(await engine.reload()).toMatchObject({ policySet: first });
  });

  it.each([
    ['a policy file', 'regions.cedar'],
    ['the group facts', 'groups.json'],
    ['the schema', 'schema.cedarschema'],
  ])('changes when %s changes, and says so on reload', async (_, file) => {
    const before = engine.policySet;
    const path = join(directory, file);
    // Whitespace only: the rules are the same, the files are not.
    await writeFile(path, `${await readFile(path, 'utf8')}\n`);
    const result = await engine.reload();
    expect(result).toMatchObject({ loaded: true });
    const after = engine.policySet;
    expect(after).toMatch(hex);
    expect(after).not.toBe(before);
    expect(result).toMatchObject({ policySet: after });
    expect(engine.evaluate(unencrypted).policySet).toBe(after);
  });

  it('stays with the set in force when a reload is refused', async () => {
    const before = engine.policySet;
    await writeFile(join(directory, 'broken.cedar'), 'forbid (principal');
    await expectRefused();
    expect(engine.policySet).toBe(before);
  });
});

describe('PolicyEngine reload', () => {
  it('refuses a syntax error with file:line and keeps the previous set', async () => {
    await writeFile(
      join(directory, 'broken.cedar'),
      `// Missing the semicolon after the first rule.\n${rule(
        'first',
        'forbid (principal, action, resource)\nwhen { false }',
      )}${rule('second', 'forbid (principal, action, resource);')}`,
    );
    const errors = await expectRefused();
    expect(errors).toEqual([
      expect.stringMatching(
        /^broken\.cedar:7:1: failed to parse policies from string: unexpected token `@`/,
      ),
    ]);
  });

  it('refuses a policy that does not type-check against the schema', async () => {
    await writeFile(
      join(directory, 'sizes.cedar'),
      `\n\n${rule(
        'no-huge-storage',
        'forbid (principal, action, resource is Pave::InfraResource)\nwhen { resource.sizeClass > 100 };',
      )}`,
    );
    const errors = await expectRefused();
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/^sizes\.cedar:7:8: .*type/);
  });

  it('refuses an attribute the schema does not declare', async () => {
    await writeFile(
      join(directory, 'typo.cedar'),
      rule(
        'typo',
        'forbid (principal, action, resource is Pave::InfraResource)\nwhen { resource.encrypted == false };',
      ),
    );
    expect(await expectRefused()).toEqual([
      expect.stringMatching(/^typo\.cedar:5:8: .*encrypted/),
    ]);
  });

  it.each([
    ['@message', '@id("quiet")\n@severity("deny")\n'],
    [
      '@enforcement ("advisory", "soft-mandatory" or "hard-mandatory") or @severity ("deny" or "warn")',
      '@id("mild")\n@message("No.")\n',
    ],
    [
      '@severity ("deny" or "warn")',
      '@id("mild")\n@message("No.")\n@severity("block")\n',
    ],
    [
      '@enforcement ("advisory", "soft-mandatory" or "hard-mandatory")',
      '@id("mild")\n@message("No.")\n@enforcement("mandatory")\n',
    ],
    [
      '@severity("warn") to agree with @enforcement("soft-mandatory"), or no @severity',
      '@id("mild")\n@message("No.")\n@severity("warn")\n@enforcement("soft-mandatory")\n',
    ],
    [
      '@id (lower-case letters, digits, dots and dashes)',
      '@message("No.")\n@severity("deny")\n',
    ],
    [
      '@id (lower-case letters, digits, dots and dashes)',
      '@id("No Spaces")\n@message("No.")\n@severity("deny")\n',
    ],
  ])('refuses a forbid policy without %s (%#)', async (missing, head) => {
    await writeFile(
      join(directory, 'unannotated.cedar'),
      `// one rule\n\n${head}forbid (principal, action, resource);\n`,
    );
    expect(await expectRefused()).toEqual([
      `unannotated.cedar:3: forbid policy needs ${missing}`,
    ]);
  });

  it('takes @enforcement, alone or with an agreeing @severity, into every violation', async () => {
    await writeFile(
      join(directory, 'levels.cedar'),
      [
        '@id("lvl-advisory")\n@message("A.")\n@enforcement("advisory")\nforbid (principal, action, resource is Pave::InfraResource) when { resource.environmentType == "prod" };',
        '@id("lvl-soft")\n@message("S.")\n@enforcement("soft-mandatory")\n@severity("deny")\nforbid (principal, action, resource is Pave::InfraResource) when { resource.environmentType == "prod" };',
        '@id("lvl-hard")\n@message("H.")\n@enforcement("hard-mandatory")\n@remediation("Turn it on.")\nforbid (principal, action, resource is Pave::InfraResource) when { resource.environmentType == "prod" };',
      ].join('\n'),
    );
    expect(await engine.reload()).toMatchObject({ loaded: true });
    const levels = Object.fromEntries(
      engine
        .listPolicies()
        .filter(p => p.id.startsWith('lvl-'))
        .map(p => [p.id, [p.enforcement, p.severity]]),
    );
    expect(levels).toEqual({
      'lvl-advisory': ['advisory', 'warn'],
      'lvl-soft': ['soft-mandatory', 'deny'],
      'lvl-hard': ['hard-mandatory', 'deny'],
    });
    const verdict = engine.evaluate(unencrypted);
    expect(verdict.decision).toBe('deny');
    const fired = (list: { policyId: string; enforcement: string }[]) =>
      list
        .filter(v => v.policyId.startsWith('lvl-'))
        .map(v => [v.policyId, v.enforcement])
        .sort(([a], [b]) => a.localeCompare(b));
    expect(fired(verdict.violations)).toEqual([
      ['lvl-hard', 'hard-mandatory'],
      ['lvl-soft', 'soft-mandatory'],
    ]);
    expect(fired(verdict.warnings)).toEqual([['lvl-advisory', 'advisory']]);
    // @remediation travels with the violation; a rule without one has none.
    const hard = verdict.violations.find(v => v.policyId === 'lvl-hard');
    expect(hard?.remediation).toBe('Turn it on.');
    const soft = verdict.violations.find(v => v.policyId === 'lvl-soft');
    expect(soft).not.toHaveProperty('remediation');
    // A pack written with @severity only reads as before.
    const encryption = verdict.violations.find(
      v => v.policyId === 'prod-db-encrypted-at-rest',
    );
    expect(encryption?.enforcement).toBe('hard-mandatory');
  });

  it('judges each action and resource type with exactly the rules whose scope admits them', async () => {
    await writeFile(
      join(directory, 'scoped.cedar'),
      [
        rule(
          'scoped-two-actions',
          'forbid (principal, action in [Pave::Action::"infra.provision", Pave::Action::"template.run"], resource is Pave::InfraResource) when { resource.environmentType == "prod" };',
        ),
        rule(
          'scoped-services',
          'forbid (principal, action, resource is Pave::Service) when { resource.name == "orders" };',
        ),
      ].join('\n'),
    );
    expect(await engine.reload()).toMatchObject({ loaded: true });
    const fired = (request: PolicyEvaluateRequest) =>
      engine
        .evaluate(request)
        .violations.map(v => v.policyId)
        .filter(id => id.startsWith('scoped-'));
    const encrypted = {
      ...unencrypted,
      resources: [{ ...prodDb, encryptedAtRest: true }],
    };
    expect(fired(encrypted)).toEqual(['scoped-two-actions']);
    expect(fired({ ...encrypted, action: 'template.run' })).toEqual([
      'scoped-two-actions',
    ]);
    // A service in the same template.run meets the service rule only.
    expect(
      fired({
        ...encrypted,
        action: 'template.run',
        resources: [
          { type: 'service', name: 'orders', owner: 'group:default/payments' },
          ...encrypted.resources,
        ],
      }),
    ).toEqual(['scoped-services', 'scoped-two-actions']);
    expect(
      fired({
        ...encrypted,
        action: 'service.register',
        resources: [
          { type: 'service', name: 'orders', owner: 'group:default/payments' },
        ],
      }),
    ).toEqual(['scoped-services']);
  });

  it('refuses an @id used twice', async () => {
    await writeFile(
      join(directory, 'again.cedar'),
      rule(
        'prod-db-encrypted-at-rest',
        'forbid (principal, action, resource);',
      ),
    );
    expect(await expectRefused()).toEqual([
      expect.stringMatching(
        /^production-databases\.cedar:\d+: @id\("prod-db-encrypted-at-rest"\) is already used at again\.cedar:1$/,
      ),
    ]);
  });

  it('refuses a set without the baseline permit', async () => {
    await rm(join(directory, 'baseline.cedar'));
    expect(await expectRefused()).toEqual([
      expect.stringMatching(/^no `permit \(principal, action, resource\);`/),
    ]);
  });

  it('refuses a schema the engine cannot send its facts to', async () => {
    const file = join(directory, 'schema.cedarschema');
    const schema = await readFile(file, 'utf8');
    await writeFile(file, schema.replace('nameLength: Long,', ''));
    const errors = await expectRefused();
    expect(errors).toContainEqual(
      expect.stringMatching(
        /^schema\.cedarschema: does not accept the facts the engine sends: .*nameLength/,
      ),
    );
  });

  it('refuses a schema with a syntax error, naming its line', async () => {
    const file = join(directory, 'schema.cedarschema');
    const schema = await readFile(file, 'utf8');
    await writeFile(file, schema.replace('entity Group {', 'entity Group {{'));
    const errors = await expectRefused();
    expect(errors[0]).toMatch(/^schema\.cedarschema:\d+:\d+: /);
  });

  it('refuses malformed group facts', async () => {
    await writeFile(
      join(directory, 'groups.json'),
      JSON.stringify({
        groups: { payments: { tier: 'critical', largeInProd: true } },
      }),
    );
    expect(await expectRefused()).toEqual([
      expect.stringMatching(
        /^groups\.json: groups\.payments: must be a group entity ref/,
      ),
    ]);
  });

  it('takes a valid change in whole, from subdirectories too', async () => {
    await mkdir(join(directory, 'teams'));
    await writeFile(
      join(directory, 'teams', 'storage.cedar'),
      rule(
        'prod-db-min-storage',
        'forbid (principal, action, resource is Pave::InfraResource)\nwhen { resource.role == "database" && resource has storageGb && resource.storageGb < 100 };',
      ),
    );
    await expect(engine.reload()).resolves.toEqual({
      loaded: true,
      policies: engine.listPolicies().length + 1,
      policySet: expect.stringMatching(/^sha256:/),
    });
    expect(engine.listPolicies()).toContainEqual({
      id: 'prod-db-min-storage',
      effect: 'forbid',
      message: 'prod-db-min-storage says no.',
      severity: 'deny',
      enforcement: 'hard-mandatory',
      file: 'teams/storage.cedar',
      line: 1,
    });
    expect(
      engine.evaluate({ ...unencrypted, resources: [prodDb] }).violations,
    ).toEqual([expect.objectContaining({ policyId: 'prod-db-min-storage' })]);
  });

  it('fails closed when a deny policy errors, but not for a warn policy', async () => {
    // Overflow is a runtime error the validator cannot see.
    const overflow =
      'forbid (principal, action, resource is Pave::InfraResource)\nwhen { resource has storageGb && resource.storageGb * 9223372036854775807 < 0 };';
    await writeFile(
      join(directory, 'overflow.cedar'),
      rule('overflow', overflow, 'warn'),
    );
    await engine.reload();
    const warned = engine.evaluate({ ...unencrypted, resources: [prodDb] });
    expect(warned.decision).toBe('allow');
    expect(warned.errors).toEqual([
      expect.objectContaining({ policyId: 'overflow', resourceIndex: 0 }),
    ]);

    await writeFile(
      join(directory, 'overflow.cedar'),
      rule('overflow', overflow),
    );
    await engine.reload();
    const denied = engine.evaluate({ ...unencrypted, resources: [prodDb] });
    expect(denied).toMatchObject({ decision: 'deny', violations: [] });
    expect(denied.errors[0].message).toMatch(/overflow/);
  });

  it('does not start without a loadable set', async () => {
    await expect(
      PolicyEngine.create({ directory: join(directory, 'missing') }),
    ).rejects.toThrow(
      /schema\.cedarschema: not found[\s\S]*no \.cedar policy files/,
    );
  });
});
