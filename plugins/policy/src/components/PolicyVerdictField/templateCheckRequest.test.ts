import { templateCheckRequest } from './templateCheckRequest';

describe('templateCheckRequest', () => {
  const wizard = {
    name: ' orders ',
    description: 'Takes orders',
    owner: 'group:default/payments',
    system: 'system:default/payments-platform',
    repoUrl: 'github.com?owner=meridian&repo=orders',
    resources: [
      { name: 'db', type: 'postgres', size: 'medium' },
      { name: 'jobs', type: 'queue' },
    ],
    environments: ['dev', 'prod'],
    guardrails: 'pending',
  };

  it('maps the wizard keys and nothing else', () => {
    expect(templateCheckRequest('node-http-service', wizard)).toEqual({
      body: {
        template: 'node-http-service',
        name: 'orders',
        owner: 'group:default/payments',
        system: 'system:default/payments-platform',
        resources: [
          { name: 'db', type: 'postgres', size: 'medium' },
          { name: 'jobs', type: 'queue' },
        ],
        environments: ['dev', 'prod'],
      },
    });
  });

  it("passes the wizard's data classification on", () => {
    const { body } = templateCheckRequest('node-http-service', {
      ...wizard,
      dataClassification: 'restricted',
    });
    expect(body).toMatchObject({ dataClassification: 'restricted' });
  });

  it('leaves out blank values and untouched resource rows', () => {
    const { body } = templateCheckRequest('node-http-service', {
      ...wizard,
      system: '  ',
      resources: [
        {},
        { size: 'small' },
        { name: 'db', type: 'redis', size: '' },
      ],
      environments: ['', 'dev', null],
    });
    expect(body).toEqual({
      template: 'node-http-service',
      name: 'orders',
      owner: 'group:default/payments',
      resources: [{ name: 'db', type: 'redis' }],
      environments: ['dev'],
    });
  });

  it('always sends a resource list, so the server plans the service alone', () => {
    const { resources: _, ...withoutResources } = wizard;
    expect(
      templateCheckRequest('node-http-service', withoutResources).body
        ?.resources,
    ).toEqual([]);
  });

  it('names what is missing', () => {
    expect(templateCheckRequest('node-http-service', {})).toEqual({
      incomplete: 'Fill in name, owner and environments to see the verdict.',
    });
    expect(
      templateCheckRequest('node-http-service', {
        ...wizard,
        environments: [],
      }),
    ).toEqual({ incomplete: 'Fill in environments to see the verdict.' });
  });

  it('waits for half-filled resource rows', () => {
    expect(
      templateCheckRequest('node-http-service', {
        ...wizard,
        resources: [{ name: 'db', type: 'postgres' }, { name: 'cache' }],
      }),
    ).toEqual({
      incomplete: 'Fill in the name and type of resource 2 to see the verdict.',
    });
  });

  it('says when the template is not configured', () => {
    expect(templateCheckRequest(undefined, wizard).incomplete).toMatch(
      /ui:options\.template is not set/,
    );
  });
});
