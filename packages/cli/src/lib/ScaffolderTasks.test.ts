import { describeRefusal } from './ScaffolderTasks';

describe('describeRefusal', () => {
  it('names each parameter the template schema refuses, and why', () => {
    // As the scaffolder answers POST /v2/tasks (jsonschema's errors).
    const answer = {
      errors: [
        {
          path: [],
          property: 'instance',
          message: 'requires property "owner"',
          schema: {
            title: 'About the service',
            required: ['name', 'owner'],
            properties: {
              owner: {
                title: 'Owner',
                description:
                  'The team that runs it; its cost centre is charged.',
              },
            },
          },
          instance: { name: 'x' },
          name: 'required',
          argument: 'owner',
        },
        {
          path: ['name'],
          property: 'instance.name',
          message: 'does not match pattern "^[a-z][a-z0-9]*(-[a-z0-9]+)*$"',
          schema: {
            title: 'Name',
            pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
          },
          name: 'pattern',
          argument: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$',
        },
      ],
    };
    expect(describeRefusal(answer)).toBe(
      'values.owner: required (Owner: The team that runs it; its cost centre is charged.); ' +
        'values.name: does not match pattern "^[a-z][a-z0-9]*(-[a-z0-9]+)*$" (Name)',
    );
  });

  it('keeps any other refusal in the server’s words', () => {
    expect(
      describeRefusal({ error: { name: 'InputError', message: 'bad ref' } }),
    ).toBe('bad ref');
  });
});
