import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { EXIT } from './exitCodes';
import { readWorkloadInput } from './workloadInput';

const SCORE = `apiVersion: score.dev/v1b1
metadata:
  name: orders
containers:
  main:
    image: .
    variables:
      DB_HOST: \${resources.db.host}
resources:
  db:
    type: postgres
`;

// As the golden templates render it: a Component, then a Resource per
// resource and environment.
const CATALOG = `apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: orders
  annotations:
    pave.dev/template: node-http-service
    pave.dev/cost-center: CC-2100
spec:
  type: service
  owner: group:default/payments
  system: payments
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: orders-db-dev
  annotations:
    pave.dev/environment: dev
spec: { type: database, owner: group:default/payments }
---
apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: orders-db-prod
  annotations:
    pave.dev/environment: prod
spec: { type: database, owner: group:default/payments }
`;

describe('readWorkloadInput', () => {
  let dir: string;
  let score: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pave-workload-'));
    score = path.join(dir, 'score.yaml');
    fs.writeFileSync(score, SCORE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('takes ownership, template and environments from catalog-info.yaml', () => {
    fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), CATALOG);
    const input = readWorkloadInput(score, {});
    expect(input).toMatchObject({
      name: 'orders',
      owner: 'group:default/payments',
      system: 'payments',
      costCenter: 'CC-2100',
      template: 'node-http-service',
      environments: ['dev', 'prod'],
      // Its own repository: a change to the service, not a new one.
      existing: true,
    });
    expect(readWorkloadInput(score, { new: true }).existing).toBe(false);
    expect(readWorkloadInput(score, { name: 'other' }).existing).toBe(false);
    // The workload is sent as written, placeholders and all.
    expect((input.workload as any).containers.main.variables.DB_HOST).toBe(
      '${resources.db.host}',
    );
  });

  it('lets flags win over the catalog file', () => {
    fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), CATALOG);
    const input = readWorkloadInput(score, {
      env: 'staging, prod',
      owner: 'platform',
      costCenter: 'CC-9000',
    });
    expect(input.environments).toEqual(['staging', 'prod']);
    expect(input.owner).toBe('platform');
    expect(input.costCenter).toBe('CC-9000');
  });

  it('asks for the owner and environments it cannot find', () => {
    expect(() => readWorkloadInput(score, { env: 'dev' })).toThrow(
      /^--owner: required/,
    );
    expect(() => readWorkloadInput(score, { owner: 'payments' })).toThrow(
      /^--env: required/,
    );
  });

  it('names the file that is not YAML or missing, as bad usage', () => {
    fs.writeFileSync(score, 'metadata: [unclosed\n');
    expect(() => readWorkloadInput(score, {})).toThrow(/not valid YAML/);
    let error: any;
    try {
      readWorkloadInput(path.join(dir, 'nope.yaml'), {});
    } catch (e) {
      error = e;
    }
    expect(error.exitCode).toBe(EXIT.usage);
    expect(error.message).toMatch(/nope\.yaml: cannot read it \(ENOENT\)/);
  });
});
